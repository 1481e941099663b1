"""Question sets the export tests share: the bank fixture (every hand-written type), a question full
of characters that each format must escape, and one generated exercise of every kind."""

from __future__ import annotations

import pytest
from export_samples import FIXTURE, nasty_question

from engine.bank.loader import load_file
from engine.bank.model import Question


@pytest.fixture(scope="session")
def sample_questions() -> list[Question]:
    questions, problems = load_file(FIXTURE)
    assert problems == []
    return questions + [nasty_question()]


@pytest.fixture(scope="session")
def generated_questions() -> list[Question]:
    from engine.export.select import generated_questions as make
    from engine.generators import KINDS

    assert KINDS, "no generator kinds installed"
    return list(make([(kind, "easy", 7) for kind in sorted(KINDS)], processes=1))
