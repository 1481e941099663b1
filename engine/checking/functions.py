"""The whitelisted functions: what learners may call, and by which names.

Every function here has a definition (numpy in evaluate.py, sympy in build.py); none is an opaque
symbol, so σ(x)(1−σ(x)) and e^−x/(1+e^−x)² really are compared as the same function.
"""

from __future__ import annotations

# canonical name -> (fewest arguments, most arguments, how it is printed)
FUNCTIONS: dict[str, tuple[int, int, str]] = {
    "sigma": (1, 1, "σ"),
    "tanh": (1, 1, "tanh"),
    "sinh": (1, 1, "sinh"),
    "cosh": (1, 1, "cosh"),
    "sech": (1, 1, "sech"),
    "sin": (1, 1, "sin"),
    "cos": (1, 1, "cos"),
    "tan": (1, 1, "tan"),
    "sec": (1, 1, "sec"),
    "csc": (1, 1, "csc"),
    "cot": (1, 1, "cot"),
    "asin": (1, 1, "arcsin"),             # inverse functions print as arcsin ... (as in most texts)
    "acos": (1, 1, "arccos"),
    "atan": (1, 1, "arctan"),
    "atan2": (2, 2, "atan2"),             # atan2(y, x): the angle of the point (x, y), as in RoPE
    "asinh": (1, 1, "arsinh"),
    "acosh": (1, 1, "arcosh"),
    "atanh": (1, 1, "artanh"),
    "erf": (1, 1, "erf"),                 # Gauss error function: exact GELU is x·Φ(x) = x/2·(1 + erf(x/√2))
    "erfc": (1, 1, "erfc"),
    "exp": (1, 1, "exp"),
    "log": (1, 1, "ln"),
    "sqrt": (1, 1, "√"),
    "abs": (1, 1, "abs"),
    "relu": (1, 1, "relu"),
    "leaky_relu": (1, 2, "leaky_relu"),   # leaky_relu(x) has slope 0.01; leaky_relu(x, α) slope α
    "elu": (1, 2, "elu"),                 # elu(x) has α = 1
    "softplus": (1, 1, "softplus"),
    "step": (1, 1, "step"),               # Heaviside; its value at 0 never matters (compared a.e.)
    "sign": (1, 1, "sign"),
    "max": (2, 8, "max"),
    "min": (2, 8, "min"),
}

# What a learner may type (matched case-insensitively) -> canonical name.
SPELLINGS: dict[str, str] = {name: name for name in FUNCTIONS}
SPELLINGS.update({
    "sigmoid": "sigma", "logistic": "sigma", "ln": "log", "heaviside": "step", "sgn": "sign",
    "leakyrelu": "leaky_relu", "lrelu": "leaky_relu",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arctan2": "atan2",
    "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh",
    "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh",
    "cosec": "csc",
})

CONSTANTS = frozenset({"e", "pi"})

# Learner-facing spellings of names (a variable called eta prints as η).
GREEK_PRETTY = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
    "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}


_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def pretty_name(name: str) -> str:
    """How a name is shown: eta -> η, beta1 -> β₁ (a Greek name with an index), x1 stays x1."""
    if name in GREEK_PRETTY:
        return GREEK_PRETTY[name]
    stem = name.rstrip("0123456789")
    if stem != name and stem in GREEK_PRETTY:
        return GREEK_PRETTY[stem] + name[len(stem):].translate(_SUBSCRIPT_DIGITS)
    return name


def canonical_function(name: str) -> str | None:
    """The canonical function for a typed name, or None if it is not a function."""
    return SPELLINGS.get(name.lower())


def canonical_name(name: str) -> str:
    """For forbid/require lists: 'ln' -> 'log', 'σ' -> 'sigma', a variable stays itself."""
    from engine.checking.lexer import GREEK

    name = GREEK.get(name, name)
    if name in ("√",):
        return "sqrt"
    if name in ("π",):
        return "pi"
    return canonical_function(name) or name
