"""How good are word vectors?  Human similarity judgements and analogies.

Uses the test sets that ship inside gensim's wheel (reached with
``gensim.test.utils.datapath``): WordSim-353 and SimLex-999 (word pairs with a
human similarity score) and Mikolov's ``questions-words.txt`` (19 544 analogies
*a : b :: c : d*).  Scores are computed by gensim's ``evaluate_word_pairs`` and
``evaluate_word_analogies``:

* similarity: Spearman ρ between the human scores and cos(v_a, v_b) over the
  pairs whose two words are in the vocabulary (chance level: ρ = 0);
* analogy: accuracy of 3CosAdd, d̂ = argmax_x cos(x, b̂ − â + ĉ) over the
  vocabulary minus {a, b, c} (unit vectors), over the questions whose four
  words are in the vocabulary (chance level ≈ 1/(V − 3)).

Questions with an out-of-vocabulary word are skipped, as gensim does, and
their share is reported (``oov_share``) — on a small corpus it is large.
Words are matched case-insensitively (gensim's default).

Every score depends on the vectors only through cosines between words, so it
is invariant to an orthogonal map Q and to an isotropic scaling of all vectors.
"""

from __future__ import annotations

import numpy as np

from ._validate import keyed_vectors, positive_int

#: Word-similarity test sets bundled with gensim: name → file name.
SIMILARITY_SETS = {"wordsim353": "wordsim353.tsv", "simlex999": "simlex999.txt"}
#: Mikolov et al.'s analogy questions bundled with gensim.
ANALOGY_SET = "questions-words.txt"


def _datapath(filename):
    from gensim.test.utils import datapath

    return datapath(filename)


def _check_kv(kv):
    keyed_vectors(kv, "kv", needs=("index_to_key", "evaluate_word_pairs", "evaluate_word_analogies", "similarity"))
    if len(kv) == 0:
        raise ValueError("kv has an empty vocabulary")
    return kv


def _restrict(kv, restrict_vocab):
    """Number of most frequent words to use (all of them when ``None``)."""
    if restrict_vocab is None:
        return len(kv)
    n = positive_int(restrict_vocab, "restrict_vocab")
    if n > len(kv):
        raise ValueError(f"restrict_vocab={n} is larger than the vocabulary ({len(kv)} words); use None for all words")
    return n


def _similarity_file(name):
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, one of {', '.join(SIMILARITY_SETS)}; got {type(name).__name__}")
    if name not in SIMILARITY_SETS:
        raise ValueError(f"unknown similarity test set {name!r}; choose one of {', '.join(SIMILARITY_SETS)}")
    return _datapath(SIMILARITY_SETS[name])


def _read_pairs(path):
    """(word_a, word_b, score) of every valid line, as gensim reads them (tab-separated, '#' = comment)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                continue
            try:
                rows.append((parts[0], parts[1], float(parts[2])))
            except ValueError:
                continue
    return rows


def n_analogy_questions() -> int:
    """Number of questions in gensim's ``questions-words.txt`` (lines of four words).

    Returns
    -------
    int
        19 544 for the file shipped with gensim 4.

    Examples
    --------
    >>> n_analogy_questions()
    19544
    """
    with open(_datapath(ANALOGY_SET), encoding="utf-8") as fh:
        return sum(1 for line in fh if not line.startswith(":") and len(line.split()) == 4)


def similarity_pairs(kv, name="wordsim353", *, restrict_vocab=None):
    """The pairs of a similarity test set that ``kv`` knows, with human scores and cosines.

    Returns ``(pairs, human, cosine)``: a list of ``(word_a, word_b)`` as spelt
    in ``kv``, and two float arrays of shape (n,).  A pair is kept when both
    words are among the ``restrict_vocab`` most frequent words (all words when
    ``None``), matched case-insensitively.  ``spearmanr(human, cosine)`` is
    gensim's ``evaluate_word_pairs`` score; comparing the ``cosine`` arrays of
    two runs measures how much the runs agree on the benchmark.

    Parameters
    ----------
    kv : gensim.models.KeyedVectors
    name : {"wordsim353", "simlex999"}
    restrict_vocab : int, optional
        Use only the ``restrict_vocab`` most frequent words (≤ ``len(kv)``).

    Returns
    -------
    pairs : list of (str, str)
    human, cosine : ndarray, shape (n,)

    Raises
    ------
    TypeError
        ``kv`` is not a ``KeyedVectors``; ``name`` is not a string.
    ValueError
        Unknown ``name``, empty vocabulary, bad ``restrict_vocab``, no pair in the vocabulary.

    Examples
    --------
    >>> pairs, human, cosine = similarity_pairs(kv, "simlex999")   # doctest: +SKIP
    """
    kv = _check_kv(kv)
    n = _restrict(kv, restrict_vocab)
    vocab = {w.upper(): w for w in reversed(kv.index_to_key[:n])}  # the most frequent spelling wins
    pairs, human = [], []
    for a, b, score in _read_pairs(_similarity_file(name)):
        if a.upper() in vocab and b.upper() in vocab:
            pairs.append((vocab[a.upper()], vocab[b.upper()]))
            human.append(score)
    if not pairs:
        raise ValueError(f"no pair of {name!r} has both words in the vocabulary of kv")
    cosine = np.array([kv.similarity(a, b) for a, b in pairs], dtype=np.float64)
    return pairs, np.array(human, dtype=np.float64), cosine


def similarity_score(kv, name="wordsim353", *, restrict_vocab=None) -> dict:
    """Correlation of ``kv``'s cosines with human judgements (gensim's ``evaluate_word_pairs``).

    Returns a dict: ``spearman``, ``pearson`` (over the pairs in the
    vocabulary), ``n_pairs`` (pairs in the test set), ``n_used`` and
    ``oov_share`` = 1 − n_used / n_pairs.

    Parameters
    ----------
    kv : gensim.models.KeyedVectors
    name : {"wordsim353", "simlex999"}
    restrict_vocab : int, optional
        Use only the ``restrict_vocab`` most frequent words (≤ ``len(kv)``).

    Returns
    -------
    dict
        ``spearman`` and ``pearson`` in [−1, 1] (chance level 0), ``n_pairs``, ``n_used``, ``oov_share`` in [0, 1].

    Raises
    ------
    TypeError, ValueError
        As :func:`similarity_pairs`.

    Examples
    --------
    >>> similarity_score(kv)["spearman"]   # doctest: +SKIP
    """
    kv = _check_kv(kv)
    n = _restrict(kv, restrict_vocab)
    path = _similarity_file(name)
    n_pairs = len(_read_pairs(path))
    try:
        pearson, spearman, oov_percent = kv.evaluate_word_pairs(path, restrict_vocab=n)
    except ValueError:
        raise ValueError(f"no pair of {name!r} has both words in the vocabulary of kv") from None
    oov_share = oov_percent / 100
    return {
        "spearman": float(spearman.statistic),
        "pearson": float(pearson.statistic),
        "n_pairs": n_pairs,
        "n_used": int(round(n_pairs * (1 - oov_share))),
        "oov_share": float(oov_share),
    }


def analogy_score(kv, *, restrict_vocab=None) -> dict:
    """3CosAdd accuracy on the analogy questions (gensim's ``evaluate_word_analogies``).

    Only questions whose four words are among the ``restrict_vocab`` most
    frequent words are asked (all words when ``None``; a smaller value is
    faster).  Returns a dict: ``accuracy`` (share of asked questions answered
    right), ``correct``, ``n_used``, ``n_questions``, ``oov_share`` =
    1 − n_used / n_questions, and ``chance`` = 1 / (n − 3), the accuracy of a
    uniform guess among the n candidate words.

    Parameters
    ----------
    kv : gensim.models.KeyedVectors
    restrict_vocab : int, optional
        At least 5 and at most ``len(kv)``.

    Returns
    -------
    dict
        ``accuracy`` in [0, 1], ``correct``, ``n_used``, ``n_questions``, ``oov_share``, ``chance``.

    Raises
    ------
    TypeError
        ``kv`` is not a ``KeyedVectors``.
    ValueError
        Empty vocabulary, bad ``restrict_vocab`` (fewer than 5 candidates), no question in the vocabulary.

    Examples
    --------
    >>> analogy_score(kv, restrict_vocab=30_000)["accuracy"]   # doctest: +SKIP
    """
    kv = _check_kv(kv)
    n = _restrict(kv, restrict_vocab)
    if n < 5:
        raise ValueError(f"an analogy needs at least 5 candidate words, got restrict_vocab={n}")
    n_questions = n_analogy_questions()
    _, sections = kv.evaluate_word_analogies(_datapath(ANALOGY_SET), restrict_vocab=n)
    total = sections[-1]
    correct, n_used = len(total["correct"]), len(total["correct"]) + len(total["incorrect"])
    if n_used == 0:
        raise ValueError(f"none of the {n_questions} analogy questions has its four words in the vocabulary of kv")
    return {
        "accuracy": correct / n_used,
        "correct": correct,
        "n_used": n_used,
        "n_questions": n_questions,
        "oov_share": 1 - n_used / n_questions,
        "chance": 1 / (n - 3),
    }


def word_quality(kv, *, restrict_vocab=None) -> dict:
    """Every quality score of the course for one model, in one flat dict.

    Keys: ``wordsim353_spearman``, ``wordsim353_oov``, ``simlex999_spearman``,
    ``simlex999_oov``, ``analogy_accuracy``, ``analogy_oov``, ``analogy_chance``
    (OOV values are shares in [0, 1]).  Each value equals the standalone call
    (:func:`similarity_score`'s ``spearman`` and ``oov_share``, :func:`analogy_score`'s ``accuracy``,
    ``oov_share`` and ``chance``).

    Parameters
    ----------
    kv : gensim.models.KeyedVectors
    restrict_vocab : int, optional
        As in :func:`analogy_score`.

    Returns
    -------
    dict of str to float

    Raises
    ------
    TypeError, ValueError
        As :func:`similarity_score` and :func:`analogy_score`.

    Examples
    --------
    >>> q = word_quality(kv)          # doctest: +SKIP
    >>> round(q["wordsim353_spearman"], 2)   # doctest: +SKIP
    """
    out = {}
    for name in SIMILARITY_SETS:
        s = similarity_score(kv, name, restrict_vocab=restrict_vocab)
        out[f"{name}_spearman"], out[f"{name}_oov"] = s["spearman"], s["oov_share"]
    a = analogy_score(kv, restrict_vocab=restrict_vocab)
    out["analogy_accuracy"], out["analogy_oov"], out["analogy_chance"] = a["accuracy"], a["oov_share"], a["chance"]
    return out
