"""``python -m embstab_lib.grade SUBMISSIONS... --out grades.csv`` (see :mod:`embstab_lib.grade`)."""

from .cli import main

raise SystemExit(main())
