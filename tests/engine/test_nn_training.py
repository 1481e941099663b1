"""engine.nn trains: two spirals, the vanishing-gradient measurement, SGD, clipping, float32."""

from __future__ import annotations

import numpy as np
import pytest

from engine.nn import MLP, SGD, clip_by_global_norm, global_norm, one_hot, two_spirals


def test_two_spirals_are_learned_to_97_percent():
    x, labels = two_spirals(200, np.random.default_rng(0))
    net = MLP([2, 64, 64, 2], ["tanh", "tanh", "softmax"], "cross_entropy", rng=np.random.default_rng(1),
              init="xavier")
    # Not linearly separable: the untrained net is near chance.
    assert net.accuracy(x, labels) < 0.8
    opt = SGD(net.params, lr=0.3, momentum=0.9)
    for _ in range(800):
        _, grads = net.loss_and_grads(x, labels)
        opt.step(grads)
    assert net.accuracy(x, labels) >= 0.97


def test_two_spirals_is_deterministic_and_balanced():
    x1, y1 = two_spirals(50, np.random.default_rng(7))
    x2, y2 = two_spirals(50, np.random.default_rng(7))
    np.testing.assert_array_equal(x1, x2)
    assert x1.shape == (100, 2) and np.bincount(y1).tolist() == [50, 50]
    # the two arms are point reflections of each other (before noise): class means sit near the origin
    assert np.abs(x1[y1 == 0].mean(axis=0) + x1[y1 == 1].mean(axis=0)).max() < 0.1


def _deep_net(activation: str, init: str) -> list[float]:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 16))
    labels = rng.integers(0, 4, 64)
    net = MLP([16] + [32] * 9 + [4], [activation] * 9 + ["softmax"], "cross_entropy",
              rng=np.random.default_rng(1), init=init)
    return net.gradient_norms(x, labels)


def test_deep_sigmoid_net_gradients_vanish_toward_the_input():
    norms = _deep_net("sigmoid", "xavier")
    assert len(norms) >= 8
    # σ' <= 0.25 at every layer: the first layer's gradient is orders of magnitude below the last's
    assert norms[0] / norms[-1] < 1e-3
    assert all(a < b for a, b in zip(norms[:5], norms[1:6]))   # and it shrinks layer by layer


def test_deep_relu_net_with_he_init_keeps_its_gradients():
    norms = _deep_net("relu", "he")
    assert norms[0] / norms[-1] > 0.1


def test_sgd_plain_and_with_momentum_follow_their_update_rules():
    p = {"w": np.array([1.0, -2.0])}
    g1, g2 = np.array([0.5, 0.5]), np.array([1.0, -1.0])
    SGD(p, lr=0.1).step({"w": g1.copy()})
    np.testing.assert_allclose(p["w"], [0.95, -2.05])            # ω ← ω − η g
    q = {"w": np.array([1.0, -2.0])}
    opt = SGD(q, lr=0.1, momentum=0.9)
    opt.step({"w": g1.copy()})
    opt.step({"w": g2.copy()})
    v = 0.9 * g1 + g2                                            # v ← μ v + g
    np.testing.assert_allclose(q["w"], np.array([1.0, -2.0]) - 0.1 * g1 - 0.1 * v)


def test_clipping_by_global_norm_keeps_direction_and_caps_the_norm():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[0.0, 4.0]])}   # global norm 5
    before = clip_by_global_norm(grads, 1.0)
    assert before == pytest.approx(5.0)
    assert global_norm(grads) == pytest.approx(1.0)
    np.testing.assert_allclose(grads["a"], [0.6, 0.0])
    np.testing.assert_allclose(grads["b"], [[0.0, 0.8]])
    small = {"a": np.array([0.3, 0.4])}
    clip_by_global_norm(small, 1.0)
    np.testing.assert_allclose(small["a"], [0.3, 0.4])           # under the cap: untouched


def test_sgd_clips_before_stepping():
    p = {"w": np.zeros(2)}
    opt = SGD(p, lr=1.0, clip_norm=1.0)
    opt.step({"w": np.array([30.0, 40.0])})
    np.testing.assert_allclose(p["w"], [-0.6, -0.8])
    assert opt.last_norm == pytest.approx(50.0)


@pytest.mark.parametrize(("lr", "momentum"), [(0.0, 0.0), (0.1, 1.0), (-1.0, 0.0)])
def test_sgd_refuses_bad_hyperparameters(lr, momentum):
    with pytest.raises(ValueError):
        SGD({}, lr=lr, momentum=momentum)


def test_float32_training_stays_float32():
    rng = np.random.default_rng(0)
    net = MLP([20, 16, 3], ["relu", "softmax"], "cross_entropy", rng=rng, dtype=np.float32)
    x = rng.standard_normal((8, 20)).astype(np.float32)
    labels = rng.integers(0, 3, 8)
    opt = SGD(net.params, lr=0.1, momentum=0.9)
    loss0 = None
    for _ in range(30):
        loss, grads = net.loss_and_grads(x, labels)
        loss0 = loss if loss0 is None else loss0
        assert {g.dtype for g in grads.values()} == {np.dtype(np.float32)}
        opt.step(grads)
    assert {p.dtype for p in net.params.values()} == {np.dtype(np.float32)}
    assert loss < loss0 / 2


def test_one_hot():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
