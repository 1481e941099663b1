"""What a new user tripped over at 80×24 (issue 14), each checked as the user sees it."""

from __future__ import annotations

from engine.bank.model import MultiAnswer
from quizapp.screens.question import QuestionScreen
from quizapp.session import Item, QuizSession
from quizapp.widgets.feedback_panel import FeedbackPanel
from quizapp.widgets.multi_list import MultiList

from ui_bank import SYMBOLIC, T, _q, small_bank
from ui_helpers import Typed, act, build, feedback_text, settle

SMALL = (80, 24)

TAIL = "which is why it is wrong"
LONG_MULTI = _q("attention/long-options", "attention", "multi", T("哪些说法正确？", "Which statements are right?"),
                MultiAnswer((T("变换注意力层以未来时间步的时空嵌入为查询、以历史时间步的时空嵌入为键，对编码器输出做注意力",
                               "A transform attention layer uses future steps' spatio-temporal embeddings as queries "
                               "and historical steps' embeddings as keys over the encoder output, " + TAIL),
                             T("短", "short"), T("另一个", "another")), frozenset({1})))


def lines_of(widget) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


async def test_long_multi_options_wrap_and_show_their_tail(settings, storage, pool) -> None:
    app = build(settings, storage, pool, bank=small_bank())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.start_session(QuizSession([Item(LONG_MULTI)]))
        await settle(pilot)
        widget = app.screen.query_one(MultiList)
        text = " ".join(lines_of(widget))
        assert "…" not in text
        assert " ".join(TAIL.split()) in " ".join(text.split())            # the words that make it wrong
        assert text.count("[ ]") == 3                                       # unticked, without colour
        await pilot.press("2")
        assert " ".join(lines_of(widget)).count("[x]") == 1                 # ticked reads differently


async def test_feedback_after_a_corrected_unreadable_answer_is_whole(settings, storage, pool) -> None:
    app = build(settings, storage, pool, bank=small_bank())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.start_session(QuizSession([Item(SYMBOLIC)]))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await act(pilot, [Typed("2*sigma(2x - 1"), "enter"])
        await settle(pilot)
        panel = screen.query_one("#feedback", FeedbackPanel)
        small_height = panel.size.height
        formula = screen.query_one("#formula")
        formula.value = ""
        await act(pilot, [Typed("sigma(x)*(1 - sigma(x))"), "enter"])
        await settle(pilot)
        assert screen.feedback is not None and screen.feedback.status == "correct"
        rendered = feedback_text(screen).rstrip("\n").split("\n")
        assert panel.size.height > small_height
        assert panel.size.height >= len(rendered)                           # every line of it
        shown = "\n".join(lines_of(panel))
        assert "notes 1.3" in shown and "next" in shown.lower()             # source and the keys line


async def test_exam_shows_no_score_until_the_end_then_reviews_every_question(settings, storage, pool) -> None:
    from quizapp.screens.results import ResultsScreen
    from ui_bank import CHOICE, NUMERIC, TRUEFALSE
    from ui_helpers import keys_for, text_of

    app = build(settings, storage, pool, bank=small_bank())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        items = [Item(CHOICE), Item(TRUEFALSE), Item(NUMERIC)]
        app.start_session(QuizSession(items, mode="exam"))
        await settle(pilot)
        quiz = app.screen
        for right in (True, False):
            await act(pilot, keys_for(quiz.item, right=right))
            await settle(pilot)
            header = str(quiz.query_one("#progress").render())
            assert "score" not in header.lower() and "answered" in header     # no right/wrong leak
        await pilot.press("escape")                                            # leave with one unanswered
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        body = text_of(app.screen, "#results-body")
        assert "1 of 2 answered right (50%)" in body and "1 not answered (not counted as wrong)" in body
        assert "Review of every question" in body
        assert body.count("Explanation:") == 2                                 # the right one too
        assert "✓" in body and "✗" in body


async def test_a_quiz_left_early_counts_only_what_was_answered(settings, storage, pool) -> None:
    from quizapp.screens.results import ResultsScreen
    from ui_bank import CHOICE, NUMERIC, OPEN, TRUEFALSE
    from ui_helpers import keys_for, text_of

    app = build(settings, storage, pool, bank=small_bank())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.start_session(QuizSession([Item(OPEN), Item(CHOICE), Item(TRUEFALSE), Item(NUMERIC)]))
        await settle(pilot)
        quiz = app.screen
        await pilot.press("space")                     # reveal the model answer of the open question
        await pilot.pause()
        await pilot.press("2")                         # rate it Hard: recalled, as the scheduler says
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await act(pilot, keys_for(quiz.item, right=True))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        body = text_of(app.screen, "#results-body")
        assert "2 of 2 answered right (100%)" in body and "2 not answered" in body
        assert "Nothing missed" not in body            # the unanswered ones are still listed


async def test_grid_enter_moves_in_order_shift_tab_stays_ctrl_u_clears(settings, storage, pool) -> None:
    from engine.bank.model import NumericAnswer
    from quizapp.widgets.numeric_grid import NumericGrid

    matrix = _q("nn-basics/identity-2", "nn-basics", "numeric", T("写出 2×2 单位矩阵。", "Write the 2×2 identity matrix."),
                NumericAnswer([[1.0, 0.0], [0.0, 1.0]]))
    app = build(settings, storage, pool, bank=small_bank())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.start_session(QuizSession([Item(matrix)]))
        await settle(pilot)
        grid = app.screen.query_one(NumericGrid)
        assert app.focused is grid.cell(0, 0)
        await pilot.press("1")
        await pilot.press("shift+tab")                        # stays in the grid, the text stays
        assert app.focused in grid.cells and grid.cell(0, 0).value == "1"
        grid.cell(0, 0).focus()
        await pilot.press("enter", "0", "enter", "0", "enter")
        assert app.focused is grid.cell(1, 1)                 # Enter walks the cells in order
        await pilot.press("9", "9", "left", "ctrl+u")
        assert grid.cell(1, 1).value == ""                    # cleared whatever the cursor position
        await pilot.press("1", "enter")
        await settle(pilot)
        assert app.screen.feedback is not None and app.screen.feedback.status == "correct"


async def test_a_single_number_box_is_wide_and_says_where_to_type(settings, storage, pool) -> None:
    from quizapp.widgets.numeric_grid import NumericGrid
    from ui_bank import NUMERIC

    app = build(settings, storage, pool, bank=small_bank())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.start_session(QuizSession([Item(NUMERIC)]))
        await settle(pilot)
        cell = app.screen.query_one(NumericGrid).cell(0, 0)
        assert cell.size.width >= len("4096^2*2/2^20") + 4 and cell.placeholder == "type here"


async def test_bank_markdown_is_styled_not_shown_raw(settings, storage, pool) -> None:
    from engine.bank.model import ChoiceAnswer
    from quizapp.widgets.choice_list import ChoiceList

    marked = _q("training/markdown-marks", "training", "choice",
                T("对**单个样本**计算 `loss.backward()`，会怎样？", "What does `loss.backward()` do for a **single example**?"),
                ChoiceAnswer((T("累加 `grad`", "It accumulates into `grad`"), T("清零", "It zeroes it")), 0))
    app = build(settings, storage, pool, bank=small_bank())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.start_session(QuizSession([Item(marked)]))
        await settle(pilot)
        screen = app.screen
        prompt = screen.query_one("#question-prompt")
        text = prompt.render()
        assert "**" not in str(text) and "`" not in str(text) and "single example" in str(text)
        bold = [span for span in text.spans if "bold" in str(span.style)]
        assert any(str(text)[s.start:s.end] == "single example" for s in bold)
        options = " ".join(lines_of(screen.query_one(ChoiceList)))
        assert "`" not in options and "grad" in options
        await pilot.press("1")
        await pilot.press("enter")
        await settle(pilot)
        assert "**" not in feedback_text(screen) and "`" not in feedback_text(screen)


async def test_statistics_add_up_and_draw_honest_bars(settings, storage, pool) -> None:
    from datetime import timedelta

    from quizapp.screens.stats import StatsScreen
    from quizapp.storage import AnswerRecord
    from ui_bank import CHOICE, NUMERIC
    from ui_helpers import NOW, text_of

    yesterday, today = NOW - timedelta(days=1), NOW - timedelta(hours=1)
    storage.record_answer(AnswerRecord(CHOICE.id, "nn-basics", "incorrect", answered_at=yesterday))   # a 0 % day
    storage.record_answer(AnswerRecord(NUMERIC.id, "attention", "correct", answered_at=today))
    storage.record_answer(AnswerRecord("drill/mlp-backprop", "nn-basics", "correct", answered_at=today))
    from fsrs import Card

    for qid, topic, due in [(CHOICE.id, "nn-basics", NOW - timedelta(minutes=1)),        # due now
                            (NUMERIC.id, "attention", NOW + timedelta(minutes=10))]:     # a learning step
        storage.save_card(qid, topic, Card(due=due).to_json(), due, None)
    app = build(settings, storage, pool, bank=small_bank(), now=lambda: NOW)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.push_screen(StatsScreen())
        await settle(pilot)
        stats = app.screen
        title = text_of(stats, "#stats-title")
        assert "2 answers to bank questions, 50% right" in title and "1 drill besides" in title
        body = text_of(stats, "#stats-body")
        per_topic = body.split("Accuracy per topic")[1].split("Weakest")[0]
        import re

        counted = sum(int(n) for n in re.findall(r"\(\d+/(\d+) right\)", per_topic))
        assert counted == 2                                           # the rows add up to the title
        bars = text_of(stats, "#accuracy-day")
        zero_day = next(line for line in bars.splitlines() if f"{yesterday:%m-%d}" in line)
        assert "█" not in zero_day and "0%" in zero_day               # 0 % is an empty bar
        assert "due now: 1 · later today: 1" in body and "learning steps" in body


async def test_a_new_right_answer_says_it_is_a_learning_step(settings, storage, pool) -> None:
    from ui_bank import CHOICE
    from ui_helpers import NOW, keys_for

    app = build(settings, storage, pool, bank=small_bank(), now=lambda: NOW)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.start_session(QuizSession([Item(CHOICE)]))
        await settle(pilot)
        await act(pilot, keys_for(app.screen.item, right=True))
        await settle(pilot)
        shown = feedback_text(app.screen)
        assert "Next review: in 10 min (a learning step; then days)" in shown


async def test_the_zh_footer_is_chinese(settings, storage, pool) -> None:
    app = build(settings, storage, pool, bank=small_bank(), lang="zh")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        footer = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
        assert "palette" not in footer and footer.strip()          # no English left in the zh footer


async def test_help_lines_wrap_under_their_description(settings, storage, pool) -> None:
    from quizapp.screens.help import HelpScreen

    app = build(settings, storage, pool, bank=small_bank())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.push_screen(HelpScreen())
        await settle(pilot)
        body = app.screen.query_one("#help-body")
        lines = [body.render_line(y).text.rstrip() for y in range(body.size.height)]
        rows = [line for line in lines if line.startswith("  ") and line.strip()]
        continuation = [line for line in rows if len(line) - len(line.lstrip()) > 2]
        assert continuation, "no description wrapped at 80 columns"
        assert all(len(line) - len(line.lstrip()) >= 28 for line in continuation)     # under its column
