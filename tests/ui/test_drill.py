"""The backprop drill driven with Pilot: a full easy drill with right answers, each diagnosed mistake,
hints, going on with a wrong value, the worked solution, the stored results, new / same network,
the layout at 80×24 and the language switch. Expected values come from the independent reference
in tests/drill/drill_reference.py (scalar loops and finite differences)."""

from __future__ import annotations


import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "drill"))

from drill_reference import as_shown, reference, typed  # noqa: E402
from engine.generators import get_kind  # noqa: E402
from test_diagnosis import candidates, differs  # noqa: E402
from quizapp.drill.session import label_text, symbol  # noqa: E402
from quizapp.screens.drill import DrillScreen  # noqa: E402
from quizapp.scheduling import Reviewer  # noqa: E402

from ui_helpers import build, settle, text_of  # noqa: E402

SIZE = (80, 24)


async def open_drill(pilot, seed: int, difficulty: str = "easy", kind: str = "mlp-backprop") -> DrillScreen:
    screen = DrillScreen(kind, seed, difficulty)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def enter(pilot, screen: DrillScreen, value) -> None:
    """Fill the grid cell by cell as a learner would and press Enter on the last cell."""
    grid = screen.grid
    cells = value if isinstance(value, list) else [value]
    rows = cells if cells and isinstance(cells[0], list) else [cells]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            grid.cell(r, c).value = text
    grid.cell(grid.rows - 1, grid.cols - 1).focus()
    await pilot.press("enter")
    await settle(pilot)


def shown(screen, selector: str) -> str:
    return text_of(screen, selector)


def easy_seed(wanted) -> int:
    """The first seed whose easy mlp-backprop given satisfies ``wanted`` (tests pick networks by
    what they need, never by what a seed happens to draw)."""
    kind = get_kind("mlp-backprop")
    return next(s for s in range(1000) if wanted(kind.generate(s, "easy").given))


def short(v: float) -> str:
    """A number as the drill shows it (at most 4 decimals, no trailing zeros)."""
    return f"{v:.4f}".rstrip("0").rstrip(".")


def row_pattern(name: str, values) -> str:
    """A regex for ``name = [ v1  v2 … ]`` as an aligned row of the drill's text."""
    return re.escape(name) + r" = \[\s*" + r"\s+".join(re.escape(short(v)) for v in values) + r"\s*\]"


HAND_FRIENDLY = (-1.0, -0.5, 0.0, 0.5, 1.0)     # easy's "simple" weights and biases: z shows exactly


async def test_full_easy_drill_with_right_answers_is_stored(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill(pilot, 3)
        ref = reference(screen.session.exercise.given)
        x = screen.session.exercise.given["x"]
        assert "x = [" + ", ".join(short(v) for v in x) + "]" in shown(screen, "#drill-givens")
        for i, step in enumerate(list(screen.session.steps)):
            assert f"Step {i + 1} of 15" in shown(screen, "#drill-step")
            await enter(pilot, screen, typed(ref[step.name]))
            assert "✓ Correct." in shown(screen, "#drill-feedback"), step.name
        assert screen.session.finished
        assert "Score 15/15" in shown(screen, "#drill-step")
        end = shown(screen, "#drill-end")
        assert "Worked solution" in end and "Next review of this drill" in end
        for step in screen.session.steps:                   # every step: formula and right numbers
            assert symbol(step) in end
            for v in np.ravel(ref[step.name]):
                assert as_shown(v) in end, (step.name, v)
        # the hidden layer's own derivative (this easy network's hidden layer is a ReLU), never σ'
        hidden = screen.session.exercise.given["activations"][0]
        if hidden == "identity":                                # f' = 1: no factor at all
            assert "δ₁ = W₂ᵀ δ₂" in end and "σ'(z₁)" not in end and "σ′(z₁)" not in end
        else:
            prime = {"relu": "ReLU", "sigmoid": "σ", "tanh": "tanh"}[hidden]
            assert f"δ₁ = (W₂ᵀ δ₂) ⊙ {prime}'(z₁)" in end or f"δ₁ = (W₂ᵀ δ₂) ⊙ {prime}′(z₁)" in end
        given = screen.session.exercise.given
        await pilot.press("a")                               # same network again
        await settle(pilot)
        assert screen.session.exercise.given == given and screen.session.index == 0
        assert "Step 1 of 15" in shown(screen, "#drill-step") and shown(screen, "#drill-end") == ""
    rows = storage.answers("drill/mlp-backprop")
    steps = [r for r in rows if r["step"] is not None]
    assert [r["step"] for r in steps] == [s.name for s in screen.session.steps]
    assert all(r["status"] == "correct" and r["context"] == "drill" and r["seed"] == 3 and r["hints"] == 0
               for r in steps)
    whole = [r for r in rows if r["step"] is None]
    assert len(whole) == 1 and whole[0]["status"] == "correct"
    assert Reviewer(storage).card("drill/mlp-backprop") is not None   # feeds spaced review


async def test_each_diagnosed_mistake_is_named_with_its_fix(settings, storage, pool):
    app = build(settings, storage, pool)
    seen: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        # together: all eight that apply (the medium net only for the fused softmax + CE output); a
        # 2-2-1 net has a square W_1 and a_1 shaped like a_0, sigmoid layers a σ' that is not 1
        seed = easy_seed(lambda g: g["layer_sizes"] == [2, 2, 1] and g["activations"] == ["sigmoid", "sigmoid"])
        for seed, difficulty, last in ((seed, "easy", None), (1, "medium", "delta_2")):
            screen = await open_drill(pilot, seed, difficulty)
            given = screen.session.exercise.given
            ref = reference(given)
            while not screen.session.finished:
                step = screen.session.current.name
                if step == last:
                    last = "stop"
                for mid, wrong in candidates(given, ref, step):
                    if not differs(wrong, ref[step]):
                        continue
                    await enter(pilot, screen, typed(wrong, 8))
                    text = shown(screen, "#drill-feedback")
                    mistake = screen.feedback.mistake
                    assert mistake is not None, (seed, step, mid)
                    assert "Diagnosis: " + label_text(mistake.title.en) in text.replace("\n", " ")
                    assert "Fix: " in text
                    seen.add(mistake.id)
                await enter(pilot, screen, typed(ref[step], 8))
                if last == "stop":
                    break
            await pilot.press("escape")
            await settle(pilot)
    assert seen >= {"dropped-half", "forgot-activation-derivative", "derivative-at-activation",
                    "doubled-loss-gradient", "extra-output-derivative", "wrong-layer-activation",
                    "outer-product-transposed", "update-sign"}


async def test_hints_come_one_level_at_a_time_and_are_recorded(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        # hand-friendly weights and biases: z₁ has at most 4 decimals, shown exactly
        seed = easy_seed(lambda g: all(v in HAND_FRIENDLY for row in g["W"][0] for v in row)
                         and all(v in HAND_FRIENDLY for v in g["b"][0]))
        screen = await open_drill(pilot, seed)
        given = screen.session.exercise.given
        ref = reference(given)
        await pilot.press("ctrl+g")
        assert "Hint 1/3: Formula: z₁ = W₁ a₀ + b₁" in shown(screen, "#drill-hints")
        assert "Hint 2/3" not in shown(screen, "#drill-hints")
        await pilot.press("ctrl+g")
        hints = shown(screen, "#drill-hints")
        assert "Hint 2/3" in hints
        assert re.search(row_pattern("W₁", given["W"][0][0]), hints), hints
        assert re.search(row_pattern("a₀ (x)", given["x"]), hints), hints
        await pilot.press("ctrl+g")
        assert re.search(row_pattern("z₁", ref["z_1"]), shown(screen, "#drill-hints"))
        await enter(pilot, screen, typed(ref["z_1"]))
        assert screen.session.results[0].hints == 3 and not screen.session.results[0].scored
        assert shown(screen, "#drill-hints") == ""          # the next step starts without hints
    row = storage.answers("drill/mlp-backprop")[0]
    assert row["step"] == "z_1" and row["hints"] == 3 and row["status"] == "correct"


async def test_going_on_with_a_wrong_value_grades_later_steps_with_it(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        seed = easy_seed(lambda g: g["layer_sizes"][1] == 2 and g["activations"][0] == "sigmoid")
        screen = await open_drill(pilot, seed)
        given = screen.session.exercise.given
        wrong_z1 = np.round(reference(given)["z_1"], 4) + [0.0, 1.0]   # slip in the second entry
        await enter(pilot, screen, typed(wrong_z1))
        assert "1 of 2 entries are wrong" in shown(screen, "#drill-feedback")
        grid = screen.grid
        assert grid.cell(0, 0).has_class("-right") and grid.cell(0, 1).has_class("-wrong")
        assert screen.focused is grid.cell(0, 1)             # the cell to fix
        await pilot.press("ctrl+o")                          # go on with my value
        await settle(pilot)
        assert screen.session.current.name == "a_1"
        assert f"kept your value [{short(wrong_z1[0])}, {short(wrong_z1[1])}]" in shown(screen, "#drill-feedback")
        assert "z₁✗" in shown(screen, "#drill-progress")
        own_a1 = 1 / (1 + np.exp(-wrong_z1))                 # the learner's a₁ from their own z₁
        await enter(pilot, screen, typed(own_a1))
        text = shown(screen, "#drill-feedback")
        assert "✓ Correct." in text and "your own earlier z₁" in text.replace("\n", " ")
        assert given["activations"][0] == "sigmoid"
    assert [r["status"] for r in storage.answers("drill/mlp-backprop")] == ["incorrect", "correct"]


async def test_new_network_and_same_again_at_any_time(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill(pilot, 4)
        ref = reference(screen.session.exercise.given)
        given = screen.session.exercise.given
        await enter(pilot, screen, typed(ref["z_1"]))
        assert screen.session.index == 1
        await pilot.press("ctrl+r")                          # same network again, from the start
        await settle(pilot)
        assert screen.session.exercise.given == given and screen.session.index == 0
        assert "z₁✓" not in shown(screen, "#drill-progress")
        await pilot.press("ctrl+n")                          # a new network
        await settle(pilot)
        assert screen.session.seed != 4 and screen.session.exercise.given != given
        assert "Step 1 of 15" in shown(screen, "#drill-step")


async def test_easy_drill_fits_on_one_80x24_screen(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        for seed in (easy_seed(lambda g: g["layer_sizes"] == [2, 2, 1]), easy_seed(lambda g: g["layer_sizes"] == [2, 3, 1])):
            screen = await open_drill(pilot, seed)
            for selector in ("#drill-title", "#drill-givens", "#drill-progress"):
                region = screen.query_one(selector).region
                assert region.bottom <= 23 and region.right <= 80, (seed, selector, region)
            grid = screen.grid.region
            assert grid.bottom <= 23 and grid.right <= 80
            text = shown(screen, "#drill-givens")
            for l in (1, 2):
                assert f"W{'₁₂'[l - 1]} =" in text and f"b{'₁₂'[l - 1]} =" in text
            assert "η = " in text and "L = ½Σ(a−y)²" in text
            await pilot.press("escape")
            await settle(pilot)


async def test_language_switch_and_other_kinds(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_drill(pilot, 2, kind="attention")
        assert "Step 1 of" in shown(screen, "#drill-step")
        await pilot.press("f2")
        await settle(pilot)
        assert "第 1/" in shown(screen, "#drill-step")
        step = screen.session.current
        await enter(pilot, screen, typed(step.value, 8))
        assert "正确" in shown(screen, "#drill-feedback")


async def test_home_key_opens_the_drill(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.session.kind.name == "mlp-backprop"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DrillScreen)


async def test_a_drill_due_for_review_comes_first_from_home(settings, storage, pool):
    from datetime import timedelta

    from quizapp.scheduling import AGAIN
    from quizapp.storage import utcnow

    Reviewer(storage).review("drill/attention", "attention", AGAIN, now=utcnow() - timedelta(days=3))
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen) and app.screen.session.kind.name == "attention"


async def test_an_update_step_close_to_the_old_value_asks_for_more_decimals(settings, storage, pool):
    """At easy η·∂L/∂W is often below the default tolerance: typing W unchanged must not pass, and
    the prompt says how many decimals the step needs."""
    from quizapp.drill import DrillSession

    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        for seed in range(1, 40):
            session = DrillSession("mlp-backprop", seed, "easy")
            ref = reference(session.exercise.given)
            while not session.finished and session.decimals is None:
                session.submit(typed(ref[session.current.name]))
            if not session.finished:
                break
        name = session.current.name
        assert name.startswith(("W_new", "b_new"))
        screen = DrillScreen(session=session)
        await pilot.app.push_screen(screen)
        await settle(pilot)
        prompt = shown(screen, "#drill-formula-hint").replace("\n", " ")
        assert f"give at least {session.decimals} decimals" in prompt
        param, _, layer = name.partition("_new_")
        await enter(pilot, screen, typed(session.exercise.given[param][int(layer) - 1], 8))
        text = shown(screen, "#drill-feedback").replace("\n", " ")
        assert text.startswith("✗") and "That is the value before this step" in text
        await enter(pilot, screen, typed(ref[name], 4))
        assert "✓ Correct." in shown(screen, "#drill-feedback")


async def test_lstm_drill_shows_values_as_the_prompt_names_them(settings, storage, pool):
    """Issue 14 (drill text): no Python dicts, the names the prompt uses, counts in words."""
    app = build(settings, storage, pool)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_drill(pilot, 3, kind="lstm-step")
        givens = shown(screen, "#drill-givens")
        assert "{'" not in givens and "':" not in givens            # no Python dict reprs
        assert "W_i = " in givens and "U_g = " in givens and "b_f = " in givens
        assert "h_(t−1) = " in givens and "c_(t−1) = " in givens and "h_prev" not in givens
        prompt = screen.session.exercise.prompt("en")
        assert "1 input," in prompt and "1 hidden unit)" in prompt and "1 inputs" not in prompt
