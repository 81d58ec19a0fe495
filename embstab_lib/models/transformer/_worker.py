"""One worker process of :func:`embstab_lib.models.transformer.train.train_lms`:
``python -m embstab_lib.models.transformer._worker SPEC.json`` (environment: ``train.WORKER_ENV``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv) -> int:
    import numpy as np

    from embstab_lib.models.transformer.train import _train

    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    with np.load(spec["data"], allow_pickle=False) as z:
        words, counts, ids, lengths = [str(w) for w in z["words"]], z["counts"], z["ids"], z["lengths"]
    docs = np.split(ids, np.cumsum(lengths)[:-1])
    for init_seed, data_seed, out in spec["runs"]:
        arrays = _train(words, counts, docs, spec["settings"], init_seed, data_seed)
        with open(out, "wb") as fh:
            np.savez(fh, **arrays)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
