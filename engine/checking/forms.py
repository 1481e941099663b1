"""Form constraints, separate from equivalence: "express σ' in terms of σ only" forbids exp.

Names are compared canonically: ln = log, σ = sigmoid = sigma, √ = sqrt, |x| = abs; ``e^x`` counts
as exp. Aliases count as what they stand for as well as by their own name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.checking.functions import canonical_name
from engine.checking.tree import Expr


@dataclass(frozen=True, slots=True)
class FormReport:
    forbidden_used: tuple[str, ...]      # forbidden names the answer uses (as the question spelled them)
    required_missing: tuple[str, ...]    # required names it does not use

    @property
    def ok(self) -> bool:
        return not self.forbidden_used and not self.required_missing

    def message(self) -> tuple[str, str]:
        """(English, Chinese) description of what is wrong with the form; ("", "") if nothing."""
        en, zh = [], []
        if self.forbidden_used:
            names = ", ".join(self.forbidden_used)
            en.append(f"it uses {names}, which this question does not allow")
            zh.append(f"用到了本题不允许的 {names}")
        if self.required_missing:
            names = ", ".join(self.required_missing)
            en.append(f"it must be written with {names}")
            zh.append(f"必须用 {names} 来表示")
        return "; ".join(en), "；".join(zh)


def check_form(tree: Expr, forbid: Iterable[str] = (), require: Iterable[str] = ()) -> FormReport:
    used = tree.uses()
    bad = tuple(name for name in forbid if canonical_name(name) in used)
    missing = tuple(name for name in require if canonical_name(name) not in used)
    return FormReport(bad, missing)
