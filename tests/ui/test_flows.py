"""End-to-end flows driven with Pilot: home → setup → quiz → results → retry; exam; review due;
language switch; stats; help; restart keeps progress; broken inputs; small terminal; quit."""

from __future__ import annotations

from datetime import timedelta

from engine.bank.loader import load_bank
from quizapp.scheduling import AGAIN, Reviewer
from quizapp.screens.help import HelpScreen
from quizapp.screens.home import HomeScreen
from quizapp.screens.question import QuestionScreen
from quizapp.screens.quiz_setup import QuizSetupScreen
from quizapp.screens.results import ResultsScreen
from quizapp.screens.stats import StatsScreen
from quizapp.screens.too_small import TooSmallScreen
from quizapp.session import Item, QuizSession
from quizapp.storage import AnswerRecord, Storage

from ui_helpers import NOW, SIZE, act, build, keys_for, settle, sigmoid_seed, text_of
from ui_bank import CHOICE, MULTI, NUMERIC, OPEN, TRUEFALSE, VECTOR, small_bank

QUICK = (CHOICE, MULTI, TRUEFALSE, NUMERIC, OPEN)   # the fast-to-answer types


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def answer_all(pilot, right) -> None:
    """Answer every remaining item; ``right(item)`` says whether to answer it right."""
    app = pilot.app
    while isinstance(app.screen, QuestionScreen) and app.screen.item is not None:
        screen = app.screen
        item = screen.item
        await act(pilot, keys_for(item, right(item)))
        await settle(pilot)
        if screen.session.mode == "practice":
            assert screen.feedback is not None
            await pilot.press("n")
            await pilot.pause()


async def test_home_lists_topics_with_counts(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#topics")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        titles = [r[1] for r in rows]
        assert titles[:6] == ["Neural-network basics", "Recurrent networks (RNN, LSTM, GRU)",
                              "Graph convolutional networks", "Attention and Transformers",
                              "Training techniques", "Large models (BERT, GPT, ...)"]
        counts = {r[1]: int(r[2]) for r in rows}
        assert counts["Neural-network basics"] == 5 and counts["Attention and Transformers"] == 2
        assert counts["All topics (mixed)"] == 8
        assert "8 questions · 0 answers so far · 0 due for review" in text_of(app.screen, "#home-summary")


async def test_quiz_from_home_to_results_and_retry(settings, storage, pool) -> None:
    app = build(settings, storage, pool, bank=small_bank(*QUICK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")                       # quiz on the highlighted topic: nn-basics
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, QuizSetupScreen)
        assert setup.config.topics == ("nn-basics",) and setup.config.mode == "practice"
        assert "3 questions match" in text_of(setup, "#setup-matching")
        await pilot.press("s")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuestionScreen) and quiz.session.total == 3
        assert {i.question.topic for i in quiz.session.items} == {"nn-basics"}
        await answer_all(pilot, right=lambda item: item.bank_question is not MULTI)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        body = text_of(results, "#results-body")
        assert "2 of 3 answered right (67%)" in body and "2/3  Neural-network basics" in body
        assert "Which activation functions saturate?" in body          # the missed one
        shown = next(i for i in quiz.session.items if i.bank_question is MULTI).question
        keys = "; ".join(f"{'ABCDEF'[k]}. {shown.answer.options[k].en}" for k in sorted(shown.answer.correct))
        assert f"The right answer: {keys}" in body                     # letters as the learner saw them
        assert {shown.answer.options[k].en for k in shown.answer.correct} == {"sigmoid", "tanh"}
        await pilot.press("r")                              # retry the missed one
        await pilot.pause()
        retry = app.screen
        assert isinstance(retry, QuestionScreen)
        assert [i.question.id for i in retry.session.items] == [MULTI.id]
        await answer_all(pilot, right=lambda item: True)
        assert "1 of 1 answered right (100%)" in text_of(app.screen, "#results-body")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "4 answers so far" in text_of(app.screen, "#home-summary")
    assert len(storage.answers()) == 4


async def test_exam_mode_gives_feedback_at_the_end(settings, storage, pool) -> None:
    app = build(settings, storage, pool, bank=small_bank(*QUICK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        setup = app.screen
        setup.query_one("#mode-exam").value = True
        setup.query_one("#count-5").value = True
        await pilot.press("s")
        await pilot.pause()
        quiz = app.screen
        assert quiz.session.mode == "exam" and quiz.session.time_limit == 5 * 90
        assert "⏱" in str(quiz.query_one("#progress").render())
        first = quiz.item
        await act(pilot, keys_for(first, right=False))
        await settle(pilot)
        assert quiz.feedback is None and quiz.item is not first       # no feedback, straight on
        quiz.session.time_limit = 0                                   # the clock runs out
        await pilot.pause(1.2)
        assert isinstance(app.screen, ResultsScreen)
        await settle(pilot)                                           # the review list is filled once shown
        results = app.screen.results
        assert results.correct == 0 and len(results.missed) == 1 and len(results.unanswered) == 4
        assert "(not answered)" in text_of(app.screen, "#results-body")
    assert [r["context"] for r in storage.answers()] == ["exam"]


async def test_review_due_runs_the_due_questions(settings, storage, pool) -> None:
    app = build(settings, storage, pool, now=lambda: NOW)
    app.reviewer.review(CHOICE.id, CHOICE.topic, AGAIN, now=NOW - timedelta(days=2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 due for review" in text_of(app.screen, "#home-summary")
        table = app.screen.query_one("#topics")
        assert str(table.get_row_at(0)[4]) == "1"                     # nn-basics has one due
        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, QuestionScreen) and review.session.context == "review"
        assert [i.question.id for i in review.session.items] == [CHOICE.id]
        assert "review" in str(review.query_one("#progress").render())
        await answer_all(pilot, right=lambda item: True)
        await pilot.press("escape")
        await pilot.pause()
        assert "0 due for review" in text_of(app.screen, "#home-summary")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("Nothing is due" in m for m in notifications(app))
    assert app.reviewer.card(CHOICE.id).due > NOW
    assert [r["context"] for r in storage.answers()] == ["review"]


async def test_generated_review_uses_a_fresh_variant(settings, storage, pool) -> None:
    from ui_bank import GENERATED

    app = build(settings, storage, pool, now=lambda: NOW)
    app.reviewer.review(GENERATED.id, GENERATED.topic, AGAIN, seed=12345, now=NOW - timedelta(days=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        item = app.screen.session.items[0]
        assert item.question is GENERATED and item.seed not in (None, 12345)


async def test_language_switch_keeps_what_was_typed(settings, storage, pool) -> None:
    from ui_bank import SYMBOLIC

    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        home = app.screen
        assert "深度学习面试练习" in text_of(home, "#home-title")
        assert str(home.query_one("#topics").get_row_at(0)[1]) == "神经网络基本概念"
        footer_keys = {b.binding.description for b in home.active_bindings.values()}
        assert "混合测验" in footer_keys and "统计" in footer_keys
        app.start_session(QuizSession([Item(SYMBOLIC)]))
        await pilot.pause()
        quiz = app.screen
        assert "用 σ(x) 表示 σ'(x)" in text_of(quiz, "#question-prompt")
        await pilot.press(*"sigma(x)")
        await pilot.press("ctrl+t")                       # the second key for the same switch
        await pilot.pause()
        assert "Write σ'(x) in terms of σ(x)." in text_of(quiz, "#question-prompt")
        assert quiz.answer_widget.value == "sigma(x)"
        await pilot.press("f2")
        await pilot.pause()
        assert "题" in str(quiz.query_one("#progress").render())


async def test_stats_after_some_answers(settings, storage, pool) -> None:
    app = build(settings, storage, pool, now=lambda: NOW)
    for qid, topic, status in [(CHOICE.id, "nn-basics", "correct"), (MULTI.id, "nn-basics", "incorrect"),
                               (NUMERIC.id, "attention", "correct"), (VECTOR.id, "attention", "incorrect")]:
        storage.record_answer(AnswerRecord(qid, topic, status, answered_at=NOW - timedelta(hours=1)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert "4 answers to bank questions, 50% right" in text_of(stats, "#stats-title")
        assert stats.query_one("#per-day").data[-1] == 4
        body = text_of(stats, "#stats-body")
        assert "50%  (1/2 right)" in body
        weakest = body.split("Weakest tags")[1].split("Reviews")[0]
        assert "50%  softmax  (1/2 right)" in weakest and "activation" in weakest
        assert "saturation" not in weakest                  # one answer is too few to call a tag weak
        assert "Reviews in the next 7 days" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_every_key(settings, storage, pool) -> None:
    from quizapp.app import QuizApp
    from quizapp.screens import home, question, quiz_setup, results

    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = text_of(app.screen, "#help-body")
        for cls in (QuizApp, home.HomeScreen, quiz_setup.QuizSetupScreen, question.QuestionScreen, results.ResultsScreen):
            for binding in cls.BINDINGS:
                for key in binding.key.split(","):
                    shown = {"question_mark": "?", "escape": "Esc", "enter": "Enter", "ctrl+q": "Ctrl+Q",
                             "ctrl+t": "Ctrl+T", "f1": "F1", "f2": "F2"}.get(key, key)
                    assert shown in body, f"{cls.__name__}: key {key} is not in the help"
        assert str(settings.db_path) in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_restart_finds_progress_kept(settings, pool) -> None:
    first = Storage(settings.db_path)
    app = build(settings, first, pool)
    async with app.run_test(size=SIZE) as pilot:
        app.start_session(QuizSession([Item(CHOICE), Item(NUMERIC)]))
        await pilot.pause()
        await answer_all(pilot, right=lambda item: item.bank_question is CHOICE)
        await pilot.press("q")
    first.close()
    again = Storage(settings.db_path)
    app2 = build(settings, again, pool)
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "2 answers so far" in text_of(app2.screen, "#home-summary")
        assert app2.reviewer.card(CHOICE.id) is not None
        await pilot.press("s")
        await pilot.pause()
        assert "2 answers to bank questions, 50% right" in text_of(app2.screen, "#stats-title")
    again.close()


async def test_corrupt_database_is_reported_and_replaced(settings, pool) -> None:
    settings.db_path.write_bytes(b"garbage" * 500)
    storage = Storage(settings.db_path)
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("could not be read" in m and "moved" in m for m in notifications(app))
        assert isinstance(app.screen, HomeScreen)
    storage.close()


async def test_broken_bank_file_is_listed_not_fatal(settings, storage, pool, tmp_path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text('topic = "nn-basics"\n[[question]]\nid = "nn-basics/oops"\ntype = "choice"\n', encoding="utf-8")
    bank = load_bank([bad], include_builtin=False, include_user=False)
    assert bank.problems
    app = build(settings, storage, pool, bank=bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = notifications(app)
        assert any("mine.toml" in m and "nn-basics/oops" in m for m in messages)
        assert any("empty" in m for m in messages)                   # and says there is nothing to ask
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("s")                                       # nothing matches: stays on setup
        await pilot.pause()
        assert isinstance(app.screen, QuizSetupScreen)


async def test_too_small_terminal_says_so(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "80×24" in text_of(app.screen, "#too-small") and "60×20" in text_of(app.screen, "#too-small")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_works_at_80_by_24(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#topics")
        assert table.region.bottom <= 24 and table.row_count == 7
        assert app.screen.query_one("#home-summary").region.height >= 1   # visible, not pushed off
        app.start_session(QuizSession([Item(VECTOR)]))
        await pilot.pause()
        assert app.screen.answer_widget.region.bottom < 24


async def test_q_quits_and_drill_key_is_handled(settings, storage, pool) -> None:
    from quizapp.screens import load_optional

    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        if load_optional("drill") is None:
            assert any("drill" in m for m in notifications(app))
        else:
            assert type(app.screen).__name__ == "DrillScreen"
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_opens_stats(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Statistics")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_bank_read_after_first_paint(settings, storage, pool) -> None:
    """The CLI hands the app a loader: home appears at once, the counts follow when the bank is read."""
    import threading

    release = threading.Event()

    def slow_loader():
        release.wait(10)
        return small_bank()

    app = build(settings, storage, pool, bank=slow_loader)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        home = app.screen
        assert "Loading the question bank" in text_of(home, "#home-summary")
        assert str(home.query_one("#topics").get_row_at(0)[2]) == "…"
        await pilot.press("m")                                  # not yet: says so instead of failing
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        release.set()
        await pilot.pause(0.5)
        await settle(pilot)
        assert "8 questions" in text_of(home, "#home-summary")
        assert str(home.query_one("#topics").get_row_at(0)[2]) == "5"
