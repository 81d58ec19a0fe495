"""One worker process of :func:`embstab_lib.runs.train_seeds`: ``python -m embstab_lib.runs._worker SPEC.json``."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv) -> int:
    from embstab_lib.corpora import load_corpus
    from embstab_lib.corpora.bundled import sentences_fingerprint
    from embstab_lib.models.params import resolve_params
    from embstab_lib.models.word2vec import _train
    from embstab_lib.store import save_vectors

    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    source = spec["source"]
    if "file" in source:
        with open(source["file"], encoding="utf-8") as fh:
            sentences = [json.loads(line) for line in fh]
    else:
        sentences = load_corpus(source["corpus"], max_tokens=source["max_tokens"]).sentences
    if sentences_fingerprint(sentences) != spec["fingerprint"]:
        raise RuntimeError("the corpus read by the worker is not the caller's corpus (its fingerprint differs)")
    params = resolve_params(spec["params"], for_cache=True)
    for seed, out in spec["runs"]:
        kv, C = _train(sentences, seed, params, spec["sampling_seed"], with_context=params["negative"] > 0)
        save_vectors(out, kv, C)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
