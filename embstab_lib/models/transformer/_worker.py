"""One worker process of :func:`embstab_lib.models.transformer.train.train_lms`:
``python -m embstab_lib.models.transformer._worker SPEC.json`` (environment: ``_pool.WORKER_ENV``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv) -> int:
    import numpy as np

    from embstab_lib.models.transformer.train import _train

    data = {}
    for run in json.loads(Path(argv[0]).read_text(encoding="utf-8")):
        if run["data"] not in data:
            with np.load(run["data"], allow_pickle=False) as z:
                words, counts, ids, lengths = [str(w) for w in z["words"]], z["counts"], z["ids"], z["lengths"]
            data[run["data"]] = (words, counts, np.split(ids, np.cumsum(lengths)[:-1]))
        arrays = _train(*data[run["data"]], run["settings"], run["init_seed"], run["data_seed"])
        with open(run["out"], "wb") as fh:
            np.savez(fh, **arrays)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
