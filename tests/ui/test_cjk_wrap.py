"""Chinese text wraps between characters (quizapp.cjk_wrap), as the learner sees it at 80 columns."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text as RichText
from textual.content import Content

import textual._wrap
import rich._wrap
from engine.bank.loader import load_bank
from engine.bank.model import ChoiceAnswer
from quizapp import cjk_wrap
from quizapp.session import Item, QuizSession

from ui_bank import T, _q, small_bank
from ui_helpers import build, settle

CLOSING = "，。、；：！？）》」』】”’"
OPENING = "（《「『【“‘"
ZH = ("GQA（Ainslie 等，2023）介于 MHA 和 MQA 之间：h 个查询头分成 g 组，每组对应一个 KV 头，KV 缓存是 MHA 的 "
      "g/h。论文显示它的质量接近 MHA、速度接近 MQA；LLaMA-2 70B 就是 64 个查询头、8 个 KV 头。“共享查询头”"
      "把方向弄反了，缓存大小取决于 KV 头数。")


@pytest.fixture(scope="module")
def shipped_zh() -> list[str]:
    bank = load_bank(include_user=False)
    return [q.explanation.zh for q in bank.questions if len(q.explanation.zh) > 120][:200]


def textual_lines(text: str, width: int) -> list[str]:
    return [line.plain for line in Content(text).wrap(width)]


def rich_lines(text: str, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    return [line.plain for line in RichText(text).wrap(console, width)]


def test_both_libraries_use_the_cjk_rule():
    assert cjk_wrap.install()
    assert textual._wrap.chunks is cjk_wrap.chunks
    assert rich._wrap.words is cjk_wrap._rich_words


@pytest.mark.parametrize("wrap", [textual_lines, rich_lines], ids=["textual", "rich"])
@pytest.mark.parametrize("width", [30, 41, 76])
def test_chinese_lines_are_filled_and_follow_the_punctuation_rules(shipped_zh, wrap, width):
    cjk_wrap.install()
    paragraphs = [p for text in [ZH] + shipped_zh for p in text.split("\n") if p.strip()]
    for text in paragraphs:
        lines = wrap(text, width)
        assert "".join("".join(lines).split()) == "".join(text.split()), "nothing lost or added"
        if any(cell_len(c.rstrip()) > width for _, _, c in cjk_wrap.chunks(text)):
            continue     # a piece wider than a line (a long raw formula) is folded, as before
        for line, following in zip(lines, lines[1:]):
            assert cell_len(line.rstrip()) <= width
            # A line ends early only when the next piece (a character with its punctuation, or a
            # Latin word) would not fit on it.
            first = next(iter(cjk_wrap.chunks(following.lstrip())))[2].rstrip()
            assert cell_len(line.rstrip()) + cell_len(first) + 1 > width, (line, following)
            assert following.lstrip()[:1] not in CLOSING, (line, following)
            assert line.rstrip()[-1:] not in OPENING, (line, following)


@pytest.mark.parametrize("width", [20, 33, 60])
def test_text_without_chinese_wraps_exactly_as_before(width):
    cjk_wrap.install()
    bank = load_bank(include_user=False)
    english = [q.explanation.en for q in bank.questions[:150]] + ["  leading spaces stay", "a\tb  c", ""]
    for text in english:
        new = Content(text).wrap(width)
        textual._wrap.chunks = cjk_wrap.ORIGINAL["textual"]
        rich._wrap.words = cjk_wrap.ORIGINAL["rich"]
        try:
            old = Content(text).wrap(width)
            old_rich = rich_lines(text, width)
        finally:
            textual._wrap.chunks = cjk_wrap.chunks
            rich._wrap.words = cjk_wrap._rich_words
        assert [x.plain for x in new] == [x.plain for x in old]
        assert rich_lines(text, width) == old_rich


async def test_a_chinese_prompt_fills_the_question_screen(settings, storage, pool):
    question = _q("attention/gqa-wrap", "attention", "choice", T(ZH, "GQA?"),
                  ChoiceAnswer((T("对", "yes"), T("错", "no")), 0))
    app = build(settings, storage, pool, bank=small_bank(), lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.start_session(QuizSession([Item(question)]))
        await settle(pilot)
        widget = app.screen.query_one("#question-prompt")
        lines = [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]
        lines = [line for line in lines if line.strip()]
        width = widget.content_region.width
        assert "".join(lines).replace(" ", "") == ZH.replace(" ", "")
        # every line but the last reaches to within a word of the edge
        for line, following in zip(lines, lines[1:]):
            first = next(iter(cjk_wrap.chunks(following.lstrip())))[2].rstrip()
            assert cell_len(line) + 1 + cell_len(first) > width, (width, lines)
