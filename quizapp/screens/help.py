"""Help: every key of every screen, and where progress is kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

import quizapp.drill.text  # noqa: F401  (adds the drill's words, e.g. "help.drill", to the string table)
from quizapp.i18n import t
from quizapp.screens.base import BaseModal
from quizapp.widgets.key_footer import KeyFooter

# (section, [(keys, zh, en)]) — kept next to the BINDINGS they describe by tests/ui/test_help.py.
KEYS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("help.everywhere", [
        ("q / Ctrl+Q", "退出（进度随时保存）", "quit (progress is saved as you go)"),
        ("? / F1", "帮助", "this help"),
        ("F2 / Ctrl+T", "切换语言 中文/English", "switch language 中文/English"),
        ("Ctrl+P", "命令面板", "command palette"),
        ("Esc", "返回", "back"),
    ]),
    ("help.home", [
        ("↑ ↓", "选择主题", "pick a topic"),
        ("Enter", "对所选主题开始测验", "quiz on the highlighted topic"),
        ("m", "混合测验（全部主题）", "mixed quiz (all topics)"),
        ("r", "复习到期的题目（FSRS），然后是到期的练习", "review what is due (FSRS): the questions, then the drills"),
        ("d", "反向传播手算练习（先做到期的）", "backprop drill (a drill due for review first)"),
        ("f", "公式推导练习（笔记中的推导）", "derivation drill (the notes' derivations as formulas)"),
        ("i", "模拟面试（选择方向）", "mock interview (choose a focus)"),
        ("s", "统计", "statistics"),
    ]),
    ("help.setup", [
        ("Tab / Shift+Tab", "在列表和选项间切换", "move between lists and options"),
        ("Space / Enter", "勾选主题或题型、选择数量和模式", "tick topics or types, choose number and mode"),
        ("s", "开始", "start"),
    ]),
    ("help.question", [
        ("1-6 / A-F, ↑ ↓, Enter", "单选：选择并提交", "single choice: choose, then submit"),
        ("1-6 / A-F, Space, Enter", "多选：勾选/取消，Enter 提交", "multiple choice: tick or untick, Enter submits"),
        ("T / F, 1 / 2, Enter", "判断题", "true / false"),
        ("Enter, Tab, ↑ ↓", "数值/矩阵：下一格，最后一格提交", "numbers and matrices: next cell; the last one submits"),
        ("Enter", "公式：提交（下方实时显示理解结果）", "formula: submit (the line below shows how it is read)"),
        ("Space, 1-4", "问答：显示参考答案，然后自评 忘了/困难/良好/简单", "open: reveal the model answer, then rate Again/Hard/Good/Easy"),
    ]),
    ("help.feedback", [
        ("Enter / n", "下一题", "next question"),
        ("v", "换一组数（计算题）", "a new variant (generated exercises)"),
        ("w", "详细解答（计算题）", "worked solution (generated exercises)"),
        ("Esc", "结束测验并查看结果", "end the quiz and see the results"),
    ]),
    ("help.results", [
        ("r", "重做答错或未答的题", "retry the missed questions"),
        ("d", "复习之后：做到期的练习", "after a review: do a drill that is due"),
        ("Enter / Esc", "回到主页", "back home"),
    ]),
    ("help.interview", [
        ("a, + / -, Enter", "开始前：口述/打字、调整时长、开始", "before it starts: aloud or typed, the length, start"),
        ("Ctrl+S", "开放题：提交写好的回答（Enter 是换行）", "open question: submit what you typed (Enter is a new line)"),
        ("Ctrl+O", "开放题：改为口述 / 打字", "open question: answer aloud instead / type again"),
        ("↑ ↓, Space", "要点：移动、勾选/取消", "key points: move, tick or untick"),
        ("Enter / 1-4", "确认建议评分 / 选择其他评分", "accept the suggested rating / pick another"),
        ("Esc Esc", "结束面试并查看报告", "end the interview and see the report"),
    ]),
    ("help.drill", [
        ("Enter, Tab, ↑ ↓", "下一格，最后一格提交", "next cell; the last one submits"),
        ("Ctrl+G / F3", "提示：公式 → 代入本题的数 → 答案", "hint: the formula → with this net's numbers → the value"),
        ("Ctrl+O", "答错后用你的值继续（后面按它评分）", "after a wrong answer: go on with your value (later steps use it)"),
        ("Ctrl+N / Ctrl+R", "换个网络 / 同一网络重做", "new network / same network again"),
        ("n / a", "做完后：换个网络 / 同一网络再做", "when done: new network / same network again"),
        ("Esc", "离开练习（已完成的步骤已保存）", "leave the drill (finished steps are saved)"),
    ]),
]


class HelpScreen(BaseModal):
    CSS_PATH = "dialog.tcss"
    BINDINGS = [Binding("escape,question_mark,f1", "close", "key.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static("", id="help-body", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def relabel(self) -> None:
        if not self.ready:
            return
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text as RichText

        lang = self.lang
        parts: list = [RichText(t("help.title", lang) + "\n", style="bold")]
        for section, keys in KEYS:
            parts.append(RichText(t(section, lang), style="bold"))
            # two columns: a wrapped description stays in its column (a hanging indent)
            grid = Table.grid(padding=(0, 1, 0, 0))
            grid.add_column(width=28, no_wrap=True)
            grid.add_column(ratio=1)
            for key, zh, en in keys:
                grid.add_row(f"  {key}", zh if lang == "zh" else en)
            parts += [grid, RichText("")]
        parts.append(RichText(t("help.data", lang, path=self.app.settings.db_path)))
        self.query_one("#help-body", Static).update(Group(*parts))

    def action_close(self) -> None:
        self.dismiss(None)
