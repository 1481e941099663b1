"""The home screen's light widgets (drawn in its first frame) and the command line's fast path:
the topic table moves and opens like a table, the footer redraws when its keys change and only then,
and ``quizapp`` with only app options builds no subcommands."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from quizapp.__main__ import build_parser, opens_the_app
from quizapp.screens.quiz_setup import QuizSetupScreen

from ui_helpers import SMALL, build


def _footer_labels(screen) -> list[str]:
    return [str(key.description) for key in screen.query(FooterKey)]


async def test_topic_table_keys_and_click(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#topics")
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("down", "down", "down")                 # 4. Attention and Transformers
        assert table.cursor_row == 3
        await pilot.press("end")
        assert table.get_row_at(table.cursor_row)[1] == "All topics (mixed)"
        await pilot.press("home", "up")                             # stays on the first row
        assert table.cursor_row == 0
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizSetupScreen) and app.screen.initial_topics == ("attention",)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#topics", offset=(5, 5))                # line 5 = row 5: Training techniques
        await pilot.pause()
        assert isinstance(app.screen, QuizSetupScreen) and app.screen.initial_topics == ("training",)


async def test_footer_redraws_only_when_its_keys_change(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        home = app.screen
        footer = home.query_one(Footer)
        assert _footer_labels(home)[:6] == ["mixed", "review", "backprop", "derive", "interview", "stats"]
        rebuilt = []
        original = footer.recompose

        async def counting_recompose():
            rebuilt.append(1)
            await original()

        footer.recompose = counting_recompose
        for _ in range(3):                                           # nothing the footer shows changes
            home.refresh_bindings()
            await pilot.pause()
        assert rebuilt == []
        await pilot.press("f2")                                      # the labels change language
        await pilot.pause()
        await pilot.pause()
        assert rebuilt and _footer_labels(home)[:2] == ["混合测验", "复习"]


def test_only_app_options_skip_the_subcommands():
    assert opens_the_app([]) and opens_the_app(["--lang", "zh", "--data-dir", "/tmp/x", "--bank=a.toml"])
    assert not opens_the_app(["topics"]) and not opens_the_app(["--lang", "en", "drill", "derive"])
    assert not opens_the_app(["--help"]) and not opens_the_app(["--version"])
    lite = build_parser(commands=False)
    args = lite.parse_args(["--lang", "zh", "--bank", "a.toml", "--bank", "b"])
    assert args.lang == "zh" and args.bank == ["a.toml", "b"] and not hasattr(args, "func")
    full = build_parser()
    assert full.parse_args(["topics"]).command == "topics"


async def test_every_home_key_fits_the_footer_at_80_columns(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SMALL) as pilot:
        for lang in ("en", "zh"):
            await pilot.pause()
            keys = list(app.screen.query(FooterKey))
            shown = {str(k.key_display) for k in keys}
            assert {"m", "r", "d", "f", "i", "s", "q", "?", "F2"} <= shown
            footer = app.screen.query_one(Footer)
            assert footer.virtual_size.width <= footer.size.width, lang     # nothing cut off on the right
            await pilot.press("f2")
