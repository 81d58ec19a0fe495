"""Skip-gram in plain NumPy: the objective (full softmax and negative sampling), its gradient, a small trainer
and measures of symmetry.

:mod:`.objective` — ``skipgram_loss``, ``skipgram_grad``, ``sgns_loss``;
:mod:`.pairs` — ``skipgram_pairs``, ``sample_negatives``;
:mod:`.train` — ``train_skipgram`` (sgd, momentum, rmsprop, adam, adamw; update rules written out), ``init_skipgram``;
:mod:`.symmetry` — ``trajectory_deviation``, ``imbalance``, ``axis_alignment``.
"""

from .objective import sgns_loss, skipgram_grad, skipgram_loss
from .pairs import sample_negatives, skipgram_pairs
from .symmetry import axis_alignment, imbalance, trajectory_deviation
from .train import OPTIMIZERS, SkipgramRun, init_skipgram, train_skipgram

__all__ = [
    "skipgram_loss",
    "skipgram_grad",
    "sgns_loss",
    "sample_negatives",
    "skipgram_pairs",
    "init_skipgram",
    "train_skipgram",
    "SkipgramRun",
    "OPTIMIZERS",
    "trajectory_deviation",
    "imbalance",
    "axis_alignment",
]
