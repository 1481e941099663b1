"""The mock interview, driven with Pilot: typed answers whose key points the matcher pre-ticks (zh and
en), a follow-up asked after a wrong parent, a clock that runs out (the text so far is kept), the
report on screen and in Markdown, and what is stored (answers with each key point's result, FSRS
cards)."""

from __future__ import annotations

import json

import pytest

from engine.bank.loader import Bank
from engine.bank.model import ChoiceAnswer, OpenAnswer, Question
from engine.interview.plan import Profile
from engine.mathtext import render as math
from engine.text import Text as T
from quizapp.screens.interview import InterviewScreen
from quizapp.screens.interview_report import InterviewReportScreen
from quizapp.widgets.key_points import KeyPointCheck

from ui_helpers import SMALL, build, settle, text_of


def _q(qid, type_, prompt, answer, follow_ups=(), tags=("attention",)):
    return Question(id=qid, topic="attention", type=type_, difficulty=2, tags=tags, prompt=prompt,
                    explanation=T("因为方差。", "Because of the variance."), source="Vaswani et al. 2017",
                    answer=answer, origin="fixture", follow_ups=tuple(follow_ups))


# The opening question: why scale by √d_k (three key points with their match phrases).
SCALE = _q("attention/why-scale", "open", T("为什么要除以 √d_k？", "Why divide the scores by √d_k?"),
           OpenAnswer(T("点积的方差随 d_k 增长……", "The dot product's variance grows with d_k ..."),
                      (T("点积方差随 d_k 增长", "q·k's variance grows with d_k"),
                       T("softmax 饱和、梯度变小", "softmax saturates and gradients vanish"),
                       T("除以 √d_k 使方差为 1", "dividing by √d_k makes the variance 1")),
                      (("方差", "variance"), ("饱和", "saturat", "梯度消失", "vanishing gradient", "one-hot"),
                       ("√d_k", "sqrt(d_k)", "单位方差"))),
           follow_ups=("attention/var-of-dot", "attention/fp16-mask"), tags=("attention", "scaling"))
# Its first follow-up, a choice (answered wrong in the tests): Var(q·k) for unit-variance entries.
VAR = _q("attention/var-of-dot", "choice", T("q、k 各分量独立、方差为 1，q·k 的方差是？",
                                             "q and k have independent unit-variance entries. Var(q·k) = ?"),
         ChoiceAnswer((T("d_k", "d_k"), T("1", "1"), T("√d_k", "√d_k")), 0), tags=("attention", "variance"))
# The second follow-up, open: the −1e9 mask in fp16.
FP16 = _q("attention/fp16-mask", "open", T("fp16 下用 −1e9 做掩码会怎样？", "What goes wrong with a −1e9 mask in fp16?"),
          OpenAnswer(T("fp16 最大约 65504，−1e9 溢出为 −inf……", "fp16 tops out near 65504, so −1e9 overflows to −inf ..."),
                     (T("−1e9 超出 fp16 范围", "−1e9 is outside fp16's range"),
                      T("整行被掩码时得到 NaN", "a fully masked row gives NaN")),
                     (("65504", "溢出", "overflow"), ("nan",))),
          tags=("attention", "fp16"))
PROFILE = Profile("test", T("测试方向", "Test focus"), {"attention": 1.0})


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _bank() -> Bank:
    return Bank((SCALE, VAR, FP16))


def _app(settings, storage, pool, lang="en", clock=None, report=None, saved=None, **kwargs):
    clock = clock or Clock()
    return build(settings, storage, pool, bank=_bank(), lang=lang, start=lambda: InterviewScreen(
        PROFILE, 20, seed=1, clock=clock, report_path=report, on_saved=saved, **kwargs))


def _ticks(screen) -> tuple[bool, ...]:
    return screen.query_one(KeyPointCheck).made


def _choose_wrong(screen) -> str:
    """The key of a wrong option of VAR as shown (options are shuffled)."""
    item = screen.step.item
    return "abc"[item.order.index(1)]


@pytest.mark.parametrize("lang, first, second", [
    ("en", "The dot product's Variance grows with d_k, so softmax becomes nearly one-hot.",
     "The score −1e9 does not fit: fp16 only goes to 65504"),
    ("zh", "点积的方差和维度成正比，除以 √ d_k 之后方差回到 1。",
     "−1e9 在 fp16 里会溢出，"),
])
async def test_a_whole_interview(settings, storage, pool, tmp_path, lang, first, second):
    clock = Clock()
    report = tmp_path / "report.md"
    saved = []
    app = _app(settings, storage, pool, lang, clock, report, lambda path, err: saved.append((path, err)))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.phase == "intro"
        assert [s.question.id for s in screen.session.steps] == [SCALE.id, VAR.id, FP16.id]
        await pilot.press("enter")
        await pilot.pause()

        # 1. The opening question, typed: the matcher pre-ticks exactly the points the text makes.
        assert screen.step.question.id == SCALE.id and app.focused is screen.box
        await pilot.press("x", "q", "backspace", "backspace")        # letters go into the box, q does not quit
        screen.box.insert(first)
        clock.t += 95
        await pilot.press("ctrl+s")
        await pilot.pause()
        expected = (True, True, False) if lang == "en" else (True, False, True)
        assert screen.phase == "check" and _ticks(screen) == expected
        assert first in text_of(screen, "#iv-typed")
        assert "2/3" in text_of(screen, "#iv-rating")
        await pilot.press("enter")                                    # accept: 2 of 3 points → Good
        await pilot.pause()

        # 2. The first follow-up, a choice, answered wrong.
        assert screen.step.question.id == VAR.id
        assert ("Follow-up" if lang == "en" else "追问") in text_of(screen, "#iv-meta")
        await pilot.press(_choose_wrong(screen), "enter")
        await settle(pilot)
        assert screen.phase == "graded"
        assert ("Incorrect" if lang == "en" else "不正确") in str(screen.query_one("#feedback").render())
        await pilot.press("enter")
        await pilot.pause()

        # 3. After the wrong parent, its sibling follow-up still comes; the clock runs out while typing.
        assert screen.step.question.id == FP16.id
        screen.box.insert(second)
        clock.t += 241
        await screen._tick()
        await pilot.pause()
        assert screen.phase == "check"
        assert screen.query_one(KeyPointCheck).typed == second            # the answer so far is kept
        assert second.strip() in text_of(screen, "#iv-typed")
        assert _ticks(screen) == (True, False)
        await pilot.press("n", "space", "enter")                          # still typing: nothing happens
        assert screen.phase == "check" and _ticks(screen) == (True, False)
        screen._end_guard()                                               # a moment later
        await pilot.pause()
        assert app.focused is screen.query_one(KeyPointCheck).points
        await pilot.press("down", "space")                               # the learner ticks the second too
        assert _ticks(screen) == (True, True)
        await pilot.press("2")                                           # and overrides the rating: Hard
        await pilot.pause()
        await pilot.pause()

        # The report.
        assert isinstance(app.screen, InterviewReportScreen)
        body = app.screen.shown_text
        missed_point = math(SCALE.answer.key_points[2 if lang == "en" else 1](lang))    # as shown: √dₖ
        assert missed_point in body
        took = ("took 1:35 of 4:00", "took 4:01 of 4:00") if lang == "en" else ("用时 1:35（建议 4:00）", "用时 4:01（建议 4:00）")
        assert all(x in body for x in took)
        assert ("Weak tags" if lang == "en" else "薄弱标签") in body and "variance" in body
        assert VAR.id in body and FP16.id in body and SCALE.id not in body.split("\n\n")[-1]
        assert "quizapp drill attention" in body
        assert saved == [(str(report), None)]
        md = report.read_text(encoding="utf-8")
        assert md.startswith("# ") and "| 1 |" in md and f"`{VAR.id}`" in md
        assert missed_point in md and "- `quizapp drill attention` (" in md

    rows = storage.answers()
    assert [r["question_id"] for r in rows] == [SCALE.id, VAR.id, FP16.id]
    assert {r["context"] for r in rows} == {"interview"}
    assert [r["rating"] for r in rows] == [3, 1, 2]
    opening, choice, last = (json.loads(r["response"]) for r in rows)
    assert opening["points"] == list(expected) and opening["suggested"] == list(expected)
    assert opening["typed"] == first and not opening["timed_out"]
    assert last == {"typed": second, "points": [True, True], "suggested": [True, False], "aloud": False,
                    "timed_out": True}
    assert choice["answer"] == "B"                                        # by its bank letter
    assert all(storage.card_json(q.id) for q in (SCALE, VAR, FP16))      # all three entered FSRS review


async def test_answering_aloud_ticks_nothing_and_esc_twice_ends(settings, storage, pool):
    clock = Clock()
    app = _app(settings, storage, pool, clock=clock)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("a", "enter")                                   # aloud, then start
        await pilot.pause()
        assert screen.aloud and not screen.box.display
        clock.t += 30
        await pilot.press("enter")                                        # done talking
        await pilot.pause()
        assert screen.phase == "check" and _ticks(screen) == (False, False, False)
        assert "aloud" in text_of(screen, "#iv-typed")
        await pilot.press("space", "down", "space", "enter")
        await pilot.pause()
        assert screen.step.question.id == VAR.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen                                       # one Esc only warns
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewReportScreen)
        body = app.screen.shown_text
        assert "Questions not reached: 2" in body
    (row,) = storage.answers()
    response = json.loads(row["response"])
    assert response["aloud"] and response["points"] == [True, True, False] and row["rating"] == 3


async def test_an_unwritable_report_is_said_in_one_line(settings, storage, pool, tmp_path):
    saved = []
    target = tmp_path / "gone" / "r.md"                                   # its folder does not exist
    app = _app(settings, storage, pool, report=target, saved=lambda p, e: saved.append((p, e)))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause()
        screen.box.insert("variance")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewReportScreen)
        ((path, error),) = saved
        assert path is None and str(target) in error and "\n" not in error
        assert "Could not save the report" in text_of(app.screen, "#iv-report-saved")


async def test_home_key_and_palette_open_the_interview(settings, storage, pool):
    (settings.data_dir / "focus.toml").write_text(
        '[[focus]]\nname = "mine"\ntitle = { zh = "我的", en = "Mine" }\ntopics = { attention = 1 }\n',
        encoding="utf-8")
    app = build(settings, storage, pool, bank=_bank())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "i mock interview" in text_of(app.screen, "#home-hint")
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Mock interview" in names
        await pilot.press("i")
        await pilot.pause()
        options = app.screen.query_one("#iv-focus-list")
        assert [options.get_option_at_index(i).id for i in range(options.option_count)][-1] == "mine"
        await pilot.press("end", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and app.screen.profile.name == "mine"
        assert "Mine" in text_of(app.screen, "#iv-meta")
        await pilot.press("plus")
        assert app.screen.minutes == 25
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HomeScreen"


def test_the_command_line_says_what_is_wrong_in_one_line(tmp_path, capsys, monkeypatch):
    from quizapp.__main__ import main

    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path))
    assert main(["interview", "--focus", "nope"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "quizapp: error: unknown focus 'nope'; known: general, llm, map"
    assert main(["interview", "--report", str(tmp_path / "no" / "r.md")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "focus.toml").write_text("[[focus]]\nname = 'x'\n", encoding="utf-8")
    assert main(["interview"]) == 2
    err = capsys.readouterr().err.strip()
    assert "focus.toml" in err and "title" in err and len(err.splitlines()) == 1


async def test_when_the_interview_time_is_up_the_report_follows_the_question_on_screen(settings, storage, pool):
    clock = Clock()
    app = _app(settings, storage, pool, clock=clock)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause()
        screen.box.insert("the variance grows")
        clock.t += 20 * 60 + 1                                            # past the 20 minutes in all
        await screen._tick()
        await pilot.pause()
        assert screen.phase == "check"                                    # its own clock ran out too
        assert screen.query_one(KeyPointCheck).typed == "the variance grows"
        screen._end_guard()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewReportScreen)
        assert "Questions not reached: 2" in app.screen.shown_text
        assert "Take another interview" in app.screen.shown_text


@pytest.mark.parametrize("size, stacked", [(SMALL, True), ((120, 40), False)])
async def test_the_two_answers_stand_side_by_side_where_there_is_room(settings, storage, pool, size, stacked):
    app = _app(settings, storage, pool)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause()
        screen.box.insert("variance")
        await pilot.press("ctrl+s")
        await pilot.pause()
        compare = screen.query_one("#iv-compare")
        assert compare.has_class("-stacked") == stacked
        typed, model = screen.query_one("#iv-typed"), screen.query_one("#iv-model")
        assert (typed.region.y < model.region.y) == stacked and (typed.region.x < model.region.x) != stacked


async def test_quitting_mid_interview_still_saves_the_report(settings, storage, pool, tmp_path):
    saved = []
    report = tmp_path / "r.md"
    app = _app(settings, storage, pool, report=report, saved=lambda p, e: saved.append((p, e)))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause()
        screen.box.insert("variance")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter", "ctrl+q")
        await pilot.pause()
    assert saved == [(str(report), None)]
    assert "Questions not reached: 2" in report.read_text(encoding="utf-8")


async def test_statistics_show_the_key_points_usually_missed(settings, storage, pool):
    from quizapp.screens.stats import StatsScreen

    for _ in range(2):                                                    # two interviews
        app = _app(settings, storage, pool)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            screen = app.screen
            await pilot.press("enter")
            await pilot.pause()
            screen.box.insert("the variance grows")                       # point 1 of 3 only
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
    app = build(settings, storage, pool, bank=_bank())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(StatsScreen())
        await pilot.pause()
        body = text_of(app.screen, "#stats-body")
        assert "Key points you usually miss" in body
        assert f"missed 2 of 2  {math(SCALE.answer.key_points[1]('en'))}" in body
        assert math(SCALE.answer.key_points[0]("en")) not in body           # made both times


async def test_an_answer_the_database_refuses_is_kept_and_said(settings, storage, pool):
    from test_storage_faults import fill_up

    app = _app(settings, storage, pool)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause()
        fill_up(storage)                                                  # the disk is full from now on
        screen.box.insert("variance " + "x" * 50_000)                     # a long answer needs new pages
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert any(n.startswith("Not saved: the disk is full") for n in notes), notes
        assert screen.step.question.id == VAR.id                          # the interview goes on
    (row,) = storage.answers()                                            # kept in memory, not lost
    assert json.loads(row["response"])["points"] == [True, False, False]
