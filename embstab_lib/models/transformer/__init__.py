"""A tiny decoder-only Transformer language model (chapter 09), in JAX + optax.

Importing this package does not import JAX: every function that needs JAX imports it when it is called, so the
rest of the library works without it (``pip install "embstab_lib[transformer]"`` adds JAX and optax; Colab has
them).  Modules: :mod:`.layers` (sinusoidal positions, causal attention, RMSNorm/LayerNorm), :mod:`.model` (the
model, its loss, the rotation of its residual stream), :mod:`.fit` (optax training on given batches),
:mod:`.data` (vocabulary, token ids, batches), :mod:`.settings` (the defaults and their validation),
:mod:`.train` (training on a corpus: reproducible, cached, in worker processes started by :mod:`._pool`),
:mod:`.analysis` (outlier dimensions, the stream of a trained model; NumPy only).
"""

from ._pool import WORKER_ENV
from .analysis import (
    SIMILARITIES,
    rotation_null,
    similarity_measures,
    standardize,
    standardized_overlap,
    variance_ratio,
    word_states,
)
from .data import UNK, lm_batches, lm_vocabulary
from .fit import OPTIMIZERS, lm_fit, make_optimizer
from .layers import NORMS, causal_attention, layer_norm, require_jax, rms_norm, sinusoidal_positions
from .model import init_lm, lm_forward, lm_logits, lm_loss, params_to_numpy, rotate_residual
from .train import LM_DEFAULTS, LMRun, train_lm, train_lms
