"""The NumPy MLP: activations, layers (forward/backward with caches), losses, the MLP class,
SGD, a finite-difference gradient checker and toy data. Batch-major: x has shape (N, D)."""

from engine.nn import activations, layers, losses
from engine.nn.data import one_hot, two_spirals
from engine.nn.gradcheck import numerical_gradient, relative_error
from engine.nn.mlp import MLP, init_weights
from engine.nn.optim import SGD, clip_by_global_norm, global_norm

__all__ = ["activations", "layers", "losses", "MLP", "init_weights", "SGD", "clip_by_global_norm",
           "global_norm", "numerical_gradient", "relative_error", "two_spirals", "one_hot"]
