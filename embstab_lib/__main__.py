"""``python -m embstab_lib assess RUN...`` / ``compare --a RUN... --b RUN...``: see :mod:`embstab_lib.cli`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
