"""mlp_solve's plain-float arithmetic against engine.nn (the vectorised NumPy implementation the
app trains with), and what the one-buffer answers and the carried values must not break."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.generators import DIFFICULTIES, get_kind
from engine.generators import mlp_solve
from engine.nn import activations as act
from engine.nn import losses

POINTS = [-40.0, -3.7, -1.0, -0.3, -1e-3, 1e-3, 0.05, 0.4, 1.0, 2.5, 40.0]
ELEMENTWISE = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu"]


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("slope", [0.01, 0.2])
def test_scalar_activations_and_derivatives_match_engine_nn(name, slope):
    z = np.array(POINTS)
    a = mlp_solve.activate(name, POINTS, slope)
    np.testing.assert_allclose(a, act.value(name, z, slope=slope), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(mlp_solve.derivative(name, POINTS, a, slope), act.derivative(name, z, slope=slope),
                               rtol=1e-12, atol=1e-300)


def test_scalar_softmax_matches_engine_nn_and_does_not_overflow():
    for z in ([0.3, -1.2, 2.0], [800.0, 799.0, -5.0], [-1000.0, -1001.0]):
        np.testing.assert_allclose(mlp_solve.activate("softmax", z, 0.01), act.softmax(np.array(z)), rtol=1e-13)


@pytest.mark.parametrize("loss", ["half_sse", "mse", "bce", "cross_entropy"])
def test_loss_matches_engine_nn_on_one_example(loss):
    a, y = [0.2, 0.7, 0.1], ([0.0, 1.0, 0.0] if loss in ("bce", "cross_entropy") else [0.5, -0.3, 0.1])
    want = losses.loss_on_output(loss, np.array([a]), np.array([y]))
    assert mlp_solve.loss_value(loss, a, y) == pytest.approx(want, rel=1e-14)


@pytest.mark.parametrize("loss", ["half_sse", "mse"])
def test_softmax_output_with_a_squared_loss_goes_through_the_jacobian(loss):
    """Not fused: δ_L = Jᵀ ∂L/∂a with J the softmax Jacobian (engine.nn builds J itself)."""
    z = [0.4, -0.9, 1.3]
    a = mlp_solve.activate("softmax", z, 0.01)
    y = [0.0, 1.0, 0.0]
    dL_da = np.subtract(a, y) * (1.0 if loss == "half_sse" else 2.0 / 3)
    want = act.softmax_jacobian(np.array(a)).T @ dL_da
    got = mlp_solve.output_delta(loss, "softmax", a, z, a, y, 0.01)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_are_separate_float64_arrays_and_no_negative_zero_is_shown(difficulty):
    kind = get_kind("mlp-backprop")
    for seed in range(100):
        ex = kind.generate(seed, difficulty)
        sizes = ex.given["layer_sizes"]
        arrays = [v for key in ("z", "a", "delta", "dW", "db", "W_new", "b_new") for v in ex.answers[key]]
        for l, n in enumerate(sizes[1:]):
            assert ex.answers["dW"][l].shape == ex.answers["W_new"][l].shape == (n, sizes[l])
            assert ex.answers["z"][l].shape == ex.answers["delta"][l].shape == (n,)
        assert all(isinstance(v, np.ndarray) and v.dtype == np.float64 for v in arrays)
        # one buffer underneath, but no two answers overlap: changing one never changes another
        assert not any(np.shares_memory(u, v) for i, u in enumerate(arrays) for v in arrays[i + 1:])
        assert not re.search(r"-0\.0(?![0-9])", ex.dumps()), (seed, difficulty)
        assert not any(np.signbit(v[v == 0]).any() for v in arrays)


def test_carried_values_may_be_lists_arrays_or_nested_lists():
    kind = get_kind("mlp-backprop")
    ex = kind.generate(8, "hard")
    dW2 = np.asarray(ex.answers["dW"][1]) + 0.25
    for form in (dW2, dW2.tolist()):
        _, steps = kind.resolve(ex.given, {"dW_2": form})
        W_new_2 = {s.name: s.value for s in steps}["W_new_2"]
        np.testing.assert_allclose(W_new_2, np.asarray(ex.given["W"][1]) - ex.given["learning_rate"] * dW2,
                                   rtol=1e-12, atol=1e-15)


def test_a_learners_output_of_exactly_0_or_1_gives_an_infinite_loss_not_an_error():
    """The drill carries whatever the learner typed: log 0 is -inf there, as in NumPy."""
    kind = get_kind("mlp-backprop")
    ex = kind.generate(2, "medium")
    y = ex.given["y"]
    wrong = [1.0 - t for t in y]                    # all the probability on a wrong class
    answers, steps = kind.resolve(ex.given, {"a_2": wrong})
    assert answers["loss"] == np.inf                # -log 0: the loss of the learner's own a_2
    later = {s.name: s.value for s in steps}
    np.testing.assert_allclose(later["delta_2"], np.subtract(wrong, y))   # later steps use the slip
    assert np.isfinite(later["W_new_1"]).all()
