"""Syntax tree -> sympy expression, and an optional symbolic confirmation ("proved equal").

sympy is imported here, lazily, and only for the confirmation: grading never depends on it (its
simplify is slow and gives false negatives, e.g. tanh(x/2) vs (1 − e^−x)/(1 + e^−x)). Huge constant
powers were already refused by the parser, so nothing here can be asked to build 9^9^9^9. Run it
under CheckerPool for a time limit.
"""

from __future__ import annotations

from engine.checking.tree import Expr


def to_sympy(node: Expr, symbols: dict | None = None):
    """The sympy expression for ``node``; functions by their definitions (σ(x) = 1/(1 + e^−x) ...)."""
    import sympy as sp

    symbols = {} if symbols is None else symbols

    def sym(name: str):
        if name not in symbols:
            symbols[name] = sp.Symbol(name, real=True)
        return symbols[name]

    def b(n: Expr):
        kind = n.kind
        if kind == "num":
            return sp.Rational(n.value[0].numerator, n.value[0].denominator)
        if kind == "var":
            return sym(n.value)
        if kind == "const":
            return sp.E if n.value == "e" else sp.pi
        if kind == "alias":
            return b(n.args[0])
        if kind == "neg":
            return -b(n.args[0])
        if kind == "add":
            return sp.Add(*(b(t) if s > 0 else -b(t) for s, t in zip(n.value, n.args)))
        if kind == "mul":
            return sp.Mul(*(b(f) if op > 0 else 1 / b(f) for op, f in zip(n.value, n.args)))
        if kind == "pow":
            return sp.Pow(b(n.args[0]), b(n.args[1]))
        if kind == "call":
            args = [b(a) for a in n.args]
            return _call(sp, n.value, args)
        if kind == "if":
            cond, then, other = (b(a) for a in n.args)
            return sp.Piecewise((then, cond), (other, True))
        if kind == "cmp":
            rel = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "==": sp.Eq, "!=": sp.Ne}
            vals = [b(a) for a in n.args]
            return sp.And(*(rel[op](l, r) for op, l, r in zip(n.value, vals, vals[1:])))
        if kind == "and":
            return sp.And(*(b(a) for a in n.args))
        if kind == "or":
            return sp.Or(*(b(a) for a in n.args))
        if kind == "not":
            return sp.Not(b(n.args[0]))
        raise AssertionError(f"unknown node kind {kind!r}")

    return b(node)


def _call(sp, name: str, args: list):
    a = args[0]
    if name == "sigma":
        return 1 / (1 + sp.exp(-a))
    if name == "relu":
        return sp.Piecewise((a, a > 0), (0, True))
    if name == "leaky_relu":
        slope = args[1] if len(args) > 1 else sp.Rational(1, 100)
        return sp.Piecewise((a, a > 0), (slope * a, True))
    if name == "elu":
        alpha = args[1] if len(args) > 1 else sp.Integer(1)
        return sp.Piecewise((a, a > 0), (alpha * (sp.exp(a) - 1), True))
    if name == "softplus":
        return sp.log(1 + sp.exp(a))
    if name == "step":
        return sp.Heaviside(a, sp.Rational(1, 2))
    simple = {"tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh, "sech": sp.sech, "exp": sp.exp,
              "log": sp.log, "sqrt": sp.sqrt, "abs": sp.Abs, "sign": sp.sign,
              "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec, "csc": sp.csc, "cot": sp.cot,
              "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "asinh": sp.asinh, "acosh": sp.acosh,
              "atanh": sp.atanh, "erf": sp.erf, "erfc": sp.erfc}
    if name in simple:
        return simple[name](a)
    if name == "atan2":
        return sp.atan2(args[0], args[1])
    if name == "max":
        return sp.Max(*args)
    if name == "min":
        return sp.Min(*args)
    raise AssertionError(f"unknown function {name!r}")


def prove_equal(expected: Expr, answer: Expr) -> bool:
    """True if sympy can show expected − answer simplifies to 0. False means "not shown", never
    "different": the sampled comparison decides the grade."""
    try:
        import sympy as sp

        symbols: dict = {}
        diff = to_sympy(expected, symbols) - to_sympy(answer, symbols)
        if diff == 0:
            return True
        candidates = [diff, diff.rewrite(sp.exp)]
        if diff.has(sp.erfc):                       # simplify does not relate erfc to erf by itself
            candidates.append(diff.rewrite(sp.erf))
        for candidate in candidates:
            if sp.simplify(candidate) == 0:
                return True
        return False
    except Exception:  # a proof attempt that fails proves nothing
        return False
