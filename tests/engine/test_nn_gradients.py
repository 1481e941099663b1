"""Analytic gradients of engine.nn against centred finite differences (float64)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from engine.nn import MLP, activations, layers, losses, numerical_gradient, relative_error

HIDDEN = [n for n in activations.NAMES if n != "softmax"]
# (output activation, loss): the unfused losses on every output activation, the fused ones on theirs.
OUTPUTS = [(o, loss) for loss in ("half_sse", "mse") for o in activations.NAMES if o != "prelu"] + [
    ("sigmoid", "bce"), ("softmax", "cross_entropy")]
KINK_MARGIN = 1e-2   # finite differences with h = 1e-5 never cross a kink this far away


def _targets(rng, loss, n, k):
    if loss == "cross_entropy":
        return np.eye(k)[rng.integers(0, k, n)]
    if loss == "bce":
        return rng.integers(0, 2, (n, k)).astype(float)
    return rng.uniform(-1, 1, (n, k))


def _pre_activations(net: MLP, x: np.ndarray) -> list[np.ndarray]:
    """z_l of every layer, computed directly (to keep the check away from kinks)."""
    zs, a = [], x
    for l in range(1, net.depth + 1):
        z = a @ net.params[f"W{l}"].T + net.params[f"b{l}"]
        zs.append(z)
        a = np.where(z > 0, z, net.params[f"alpha{l}"] * z) if net.activations[l - 1] == "prelu" else \
            activations.value(net.activations[l - 1], z, slope=net.leaky_slope)
    return zs


def _net_away_from_kinks(hidden: str, out: str, loss: str) -> tuple[MLP, np.ndarray, np.ndarray]:
    for seed in range(100):
        rng = np.random.default_rng(seed)
        net = MLP([3, 4, 3, 2], [hidden, hidden, out], loss, rng=rng, init="xavier", leaky_slope=0.05)
        for name in net.params:  # non-zero biases and prelu slopes other than the default
            if name.startswith("b"):
                net.params[name] = rng.uniform(-0.5, 0.5, net.params[name].shape)
            if name.startswith("alpha"):
                net.params[name] = rng.uniform(0.05, 0.4, net.params[name].shape)
        x = rng.standard_normal((4, 3))
        y = _targets(rng, loss, 4, 2)
        if not all(np.abs(z).min() > KINK_MARGIN for z in _pre_activations(net, x)):
            continue
        if all(np.linalg.norm(g) > 1e-4 for g in net.loss_and_grads(x, y)[1].values()):
            return net, x, y  # every gradient is alive (a dead ReLU layer would check nothing)
    raise AssertionError("no kink-free draw")  # pragma: no cover


@pytest.mark.parametrize(("hidden", "output"), list(itertools.product(HIDDEN, OUTPUTS)),
                         ids=lambda v: v if isinstance(v, str) else "-".join(v))
def test_every_parameter_of_a_three_layer_net_matches_finite_differences(hidden, output):
    out, loss = output
    net, x, y = _net_away_from_kinks(hidden, out, loss)
    _, grads = net.loss_and_grads(x, y)
    assert set(grads) == set(net.params)
    for name, param in net.params.items():
        numeric = numerical_gradient(lambda: net.loss_and_grads(x, y)[0], param)
        assert relative_error(grads[name], numeric) < 1e-7, name
        assert np.linalg.norm(numeric) > 1e-6, f"{name}: a zero gradient checks nothing"


def _loss_from_scratch(name: str, a: np.ndarray, y: np.ndarray) -> float:
    """Second implementation on the activated output, per the documented reduction (mean over N)."""
    n = a.shape[0]
    if name == "half_sse":
        return 0.5 * float(((a - y) ** 2).sum()) / n
    if name == "mse":
        return float(((a - y) ** 2).mean())
    if name == "bce":
        return -float((y * np.log(a) + (1 - y) * np.log(1 - a)).sum()) / n
    return -float((y * np.log(a)).sum()) / n


@pytest.mark.parametrize("loss", losses.NAMES)
def test_loss_values_follow_the_documented_batch_reduction(loss):
    rng = np.random.default_rng(3)
    z = rng.standard_normal((5, 3))
    y = _targets(rng, loss, 5, 3)
    if loss == "bce":
        value, grad = losses.bce_with_logits(z, y)
        a = 1 / (1 + np.exp(-z))
    elif loss == "cross_entropy":
        value, grad = losses.softmax_cross_entropy(z, y)
        a = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    else:
        a = z
        value, grad = losses.half_sse(z, y) if loss == "half_sse" else losses.mse(z, y)
    assert value == pytest.approx(_loss_from_scratch(loss, a, y), rel=1e-12)
    numeric = numerical_gradient(lambda: _loss_from_scratch(loss, a if loss in ("half_sse", "mse") else
                                                            (1 / (1 + np.exp(-z)) if loss == "bce" else
                                                             np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)), y), z)
    assert relative_error(grad, numeric) < 1e-7


def test_cross_entropy_accepts_labels_or_one_hot_alike():
    rng = np.random.default_rng(0)
    z = rng.standard_normal((6, 4))
    labels = rng.integers(0, 4, 6)
    v1, g1 = losses.softmax_cross_entropy(z, labels)
    v2, g2 = losses.softmax_cross_entropy(z, np.eye(4)[labels])
    assert v1 == pytest.approx(v2, rel=1e-12)
    np.testing.assert_allclose(g1, g2, rtol=1e-12)


def test_fused_losses_stay_finite_for_huge_logits():
    z = np.array([[1000.0, -1000.0]])
    for value, grad in (losses.softmax_cross_entropy(z, np.array([[0.0, 1.0]])),
                        losses.bce_with_logits(z, np.array([[0.0, 1.0]]))):
        assert np.isfinite(value) and value > 100
        assert np.isfinite(grad).all()


@pytest.mark.parametrize("name", HIDDEN)
def test_activation_derivatives_match_finite_differences(name):
    z = np.concatenate([np.linspace(-4, -0.05, 40), np.linspace(0.05, 4, 40)])
    numeric = (activations.value(name, z + 1e-6) - activations.value(name, z - 1e-6)) / 2e-6
    np.testing.assert_allclose(activations.derivative(name, z), numeric, rtol=1e-6, atol=1e-9)


def test_activation_values_are_the_textbook_ones():
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    np.testing.assert_allclose(activations.value("sigmoid", z), [1 / (1 + np.exp(2)), 1 / (1 + np.exp(0.5)),
                                                                 1 / (1 + np.exp(-0.5)), 1 / (1 + np.exp(-2))])
    np.testing.assert_allclose(activations.value("leaky_relu", z), [-0.02, -0.005, 0.5, 2.0])  # the notes' 0.01
    np.testing.assert_allclose(activations.value("elu", z), [np.exp(-2) - 1, np.exp(-0.5) - 1, 0.5, 2.0])
    lam, alpha = 1.0507009873554805, 1.6732632423543772
    np.testing.assert_allclose(activations.value("selu", z), [lam * alpha * (np.exp(-2) - 1),
                                                              lam * alpha * (np.exp(-0.5) - 1), lam * 0.5, lam * 2])
    np.testing.assert_allclose(activations.value("tanh", z), 2 / (1 + np.exp(-2 * z)) - 1)  # tanh = 2σ(2x) − 1
    assert activations.derivative("sigmoid", np.linspace(-5, 5, 101)).max() == pytest.approx(0.25)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise"):
        s = activations.value("sigmoid", np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(s, [0.0, 1.0])


def test_softmax_jacobian_matches_finite_differences():
    z = np.array([0.3, -1.2, 2.0, 0.1])
    numeric = np.stack([(activations.softmax(z + e) - activations.softmax(z - e)) / 2e-6
                        for e in np.eye(4) * 1e-6], axis=1)   # column j: ∂p/∂z_j
    np.testing.assert_allclose(activations.softmax_jacobian(activations.softmax(z)), numeric, atol=1e-9)


def test_softmax_backward_is_the_jacobian_vector_product():
    rng = np.random.default_rng(1)
    z, da = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    a, cache = layers.activation_forward(z, "softmax")
    dz = layers.activation_backward(da, cache)
    expected = np.stack([activations.softmax_jacobian(a[i]).T @ da[i] for i in range(3)])
    np.testing.assert_allclose(dz, expected, atol=1e-12)


def test_prelu_slope_gradient_matches_finite_differences():
    rng = np.random.default_rng(2)
    z = rng.choice([-1, 1], (6, 3)) * rng.uniform(0.1, 2, (6, 3))
    alpha = np.array([0.1, 0.25, 0.3])
    da = rng.standard_normal((6, 3))
    _, cache = layers.prelu_forward(z, alpha)
    dz, dalpha = layers.prelu_backward(da, cache)
    f = lambda: float((layers.prelu_forward(z, alpha)[0] * da).sum())  # noqa: E731 - L = Σ a ⊙ da
    assert relative_error(dalpha, numerical_gradient(f, alpha)) < 1e-7
    assert relative_error(dz, numerical_gradient(f, z)) < 1e-7


def test_affine_layer_uses_the_notes_weight_shape():
    x = np.array([[1.0, 2.0]])                  # one example, n_0 = 2
    W = np.array([[1.0, 0.0], [0.5, -1.0], [0.0, 2.0]])   # W_1: (n_1, n_0) = (3, 2)
    z, cache = layers.affine_forward(x, W, np.array([0.1, 0.2, 0.3]))
    np.testing.assert_allclose(z, [[1.1, -1.3, 4.3]])    # z_1 = W_1 a_0 + b_1
    dx, dW, db = layers.affine_backward(np.array([[1.0, 0.0, -1.0]]), cache)
    np.testing.assert_allclose(dW, [[1.0, 2.0], [0.0, 0.0], [-1.0, -2.0]])   # δ a_0ᵀ
    np.testing.assert_allclose(dx, [[1.0, -2.0]])                            # W_1ᵀ δ


def test_numerical_gradient_refuses_float32():
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda: 0.0, np.zeros(3, dtype=np.float32))


def test_mismatched_network_description_is_refused_with_a_clear_message():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="softmax output"):
        MLP([2, 3, 2], ["relu", "sigmoid"], "cross_entropy", rng=rng)
    with pytest.raises(ValueError, match="2 activations"):
        MLP([2, 3, 2], ["relu"], "mse", rng=rng)
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        MLP([2, 3, 2], ["swish", "identity"], "mse", rng=rng)
