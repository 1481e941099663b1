"""Questions the export tests share: a question full of characters every format must escape."""

from __future__ import annotations

from pathlib import Path

from engine.bank.model import ChoiceAnswer, Question
from engine.text import Text

FIXTURE = Path(__file__).parent.parent / "bank" / "fixtures" / "valid" / "nn-basics-sample.toml"

NASTY = Text(
    zh=r"特殊字符 ~ = # { } : \ 与 <b>不是标签</b> & \$5，公式 $\frac{a}{b} < 1$。" "\n第二行 **加粗**",
    en=r"Specials ~ = # { } : \ and <b>not a tag</b> & \$5, math $\frac{a}{b} < 1$." "\nSecond line **bold**",
)


def nasty_question() -> Question:
    return Question(
        id="attention/escape-me:{1}",
        topic="attention",
        type="choice",
        difficulty=2,
        tags=("escaping", "two words"),
        prompt=NASTY,
        explanation=Text(zh="解析 ~=#{}:\\", en="Explanation ~=#{}:\\"),
        source="test: a = b",
        answer=ChoiceAnswer(options=(Text("甲 = {1}", "first = {1}"), Text("乙 ~ #2", "second ~ #2")), correct=1),
    )


