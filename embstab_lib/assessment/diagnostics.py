"""Warnings on degenerate or anisotropic embeddings, and on measures that disagree.

A run whose variance lies mostly in one direction, or whose vectors all point the same way, makes several
measures look stable for reasons that have nothing to do with the words' neighbourhoods.  These diagnostics
measure both and say which numbers of the assessment they inflate.

Every warning is an :class:`AssessmentWarning`: a ``str`` (its English text, as reports and the command line print
it) that also carries a stable ``code`` and the ``values`` it quotes, so that a caller can render it in another
language (chapter 10 of the course does, in Vietnamese) or act on one kind of warning without parsing the text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from ..compare import mean_pairwise_cosine

__all__ = ["AssessmentWarning", "RunDiagnostics", "diagnose", "warnings_for", "TOP_SHARE_WARN", "MEAN_COSINE_WARN"]

#: A run is called degenerate when its top principal direction holds more than this share of the variance.
TOP_SHARE_WARN = 0.5
#: A run is called highly anisotropic when the mean cosine over pairs of words exceeds this.
MEAN_COSINE_WARN = 0.5


#: The codes of :class:`AssessmentWarning`, and the keys of the ``values`` each one carries.
WARNING_CODES = {
    "two_runs": (),
    "single_run_group": ("group",),
    "degenerate": ("run", "top_share", "effective_dim", "dim"),
    "anisotropic": ("run", "mean_cosine", "mean_share"),
    "measures_disagree": ("measures", "knn", "knn_chance"),
    "at_chance": ("measure", "label", "mean", "chance", "chance_low", "chance_high"),
    "few_shared_words": ("n_words", "smallest_vocabulary"),
}


class AssessmentWarning(str):
    """One warning of an assessment: its English text (it *is* that ``str``), plus ``code`` and ``values``.

    ``code`` is one of :data:`WARNING_CODES`; ``values`` maps that code's keys to the numbers and names the text
    quotes (shares as fractions in [0, 1]; ``measures`` of ``measures_disagree`` is a list of (measure name,
    mean), a name being a key of the summary).
    Equal to its text, so ``"anisotropic" in w`` and JSON output are unchanged.
    """

    code: str
    values: dict

    def __new__(cls, text, code="", **values):
        if code and code not in WARNING_CODES:
            raise ValueError(f"unknown warning code {code!r}; expected one of {sorted(WARNING_CODES)}")
        if code and set(values) != set(WARNING_CODES[code]):
            raise ValueError(f"warning {code!r} needs the values {WARNING_CODES[code]}, got {sorted(values)}")
        self = super().__new__(cls, text)
        self.code, self.values = code, dict(values)
        return self


@dataclass(frozen=True)
class RunDiagnostics:
    """Geometry of one run.

    top_share : share of the (centred) variance along the top principal direction, λ₁ / Σλ
    effective_dim : participation ratio (Σλ)² / Σλ², between 1 (one direction) and d (isotropic)
    mean_share : share of the second moment carried by the mean vector, ‖x̄‖² / mean ‖x_w‖²
    mean_pairwise_cosine : mean raw cosine over pairs of distinct words (≈ 0 isotropic, → 1 all aligned)
    """

    name: str
    dim: int
    top_share: float
    effective_dim: float
    mean_share: float
    mean_pairwise_cosine: float

    def to_dict(self):
        return asdict(self)


def diagnose(X, name) -> RunDiagnostics:
    """The :class:`RunDiagnostics` of one run ``X`` (V × d, validated)."""
    mean = X.mean(axis=0)
    C = X - mean
    lam = np.clip(np.linalg.eigvalsh(C.T @ C)[::-1], 0, None)  # squared singular values of C
    total = float(lam.sum())
    second = float(np.mean(np.sum(X * X, axis=1)))
    return RunDiagnostics(
        name=name,
        dim=int(X.shape[1]),
        top_share=float(lam[0] / total) if total > 0 else 1.0,
        effective_dim=float(total**2 / np.sum(lam**2)) if total > 0 else 1.0,
        mean_share=float(mean @ mean / second) if second > 0 else 0.0,
        mean_pairwise_cosine=mean_pairwise_cosine(X),
    )


def _pct(x):
    return f"{100 * x:.1f} %"


def warnings_for(diags, summary=None, *, n_words=None, vocab_sizes=None) -> list:
    """Plain-language warnings: degenerate or anisotropic runs, measures that disagree, measures at chance.

    Parameters
    ----------
    diags : list of RunDiagnostics
    summary : dict of name → MeasureSummary, optional
    n_words : int, optional
        Shared vocabulary size.
    vocab_sizes : list of int, optional
        Every run's vocabulary before the restriction.

    Returns
    -------
    list of AssessmentWarning
    """
    out = []
    worst = max(diags, key=lambda g: g.top_share)
    if worst.top_share > TOP_SHARE_WARN:
        out.append(
            AssessmentWarning(
                f"Degenerate embeddings: in run {worst.name}, {_pct(worst.top_share)} of the variance lies in one "
                f"direction (effective dimension {worst.effective_dim:.1f} of {worst.dim}).  Linear CKA, the aligned "
                "cosine and the Procrustes residuals are dominated by that one direction: they read as stable whenever "
                "the runs agree on it, even if the words' neighbourhoods do not.  Trust the k-NN overlaps, and compare "
                "every measure with its chance baseline.",
                "degenerate",
                run=worst.name,
                top_share=worst.top_share,
                effective_dim=worst.effective_dim,
                dim=worst.dim,
            )
        )
    aniso = max(diags, key=lambda g: g.mean_pairwise_cosine)
    if aniso.mean_pairwise_cosine > MEAN_COSINE_WARN:
        out.append(
            AssessmentWarning(
                f"Highly anisotropic embeddings: in run {aniso.name} the mean cosine between two words is "
                f"{aniso.mean_pairwise_cosine:.2f} (the mean vector carries {_pct(aniso.mean_share)} of the squared "
                "norms).  Raw cosines are all high, so an unaligned cosine or an uncentred Procrustes fit looks good "
                "without any shared structure; this assessment centres the vectors before Procrustes and the aligned "
                "cosine, but neighbour lists and distance correlation use raw cosines (crowded neighbourhoods).",
                "anisotropic",
                run=aniso.name,
                mean_cosine=aniso.mean_pairwise_cosine,
                mean_share=aniso.mean_share,
            )
        )
    if summary:
        knn = summary.get("knn_overlap")
        inflated = {n: s for n, s in summary.items() if n in ("linear_cka", "aligned_cosine") and s.mean > 0.9}
        if knn is not None and knn.mean < 0.2 and inflated:
            names = " and ".join(f"{s.label} {s.mean:.3f}" for s in inflated.values())
            out.append(
                AssessmentWarning(
                    f"The measures disagree: {names} look very stable while the k-NN overlap is only {knn.mean:.3f} "
                    f"(chance {knn.chance:.3f}).  Global measures average over all directions; the neighbours of "
                    "individual words are what changes between runs here.",
                    "measures_disagree",
                    measures=[(n, s.mean) for n, s in inflated.items()],
                    knn=knn.mean,
                    knn_chance=knn.chance,
                )
            )
        for s in summary.values():
            if not s.above_chance:
                out.append(
                    AssessmentWarning(
                        f"{s.label}: {s.mean:.3f} is not distinguishable from its chance baseline "
                        f"({s.chance:.3f}, shuffled words, range {s.chance_low:.3f}–{s.chance_high:.3f}).",
                        "at_chance",
                        measure=s.name,
                        label=s.label,
                        mean=s.mean,
                        chance=s.chance,
                        chance_low=s.chance_low,
                        chance_high=s.chance_high,
                    )
                )
    if n_words is not None and vocab_sizes:
        small = min(vocab_sizes)
        if n_words < 0.5 * small:
            out.append(
                AssessmentWarning(
                    f"The runs share only {n_words} words, less than half of the smallest vocabulary ({small}): were "
                    "they trained on the same corpus with the same min_count?",
                    "few_shared_words",
                    n_words=n_words,
                    smallest_vocabulary=small,
                )
            )
    return out
