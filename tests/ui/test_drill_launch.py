"""`quizapp drill KIND` builds the same app as `quizapp`: user bank folder from --data-dir, the drill
opened over home (so Esc lands there)."""

from __future__ import annotations

import shutil
from pathlib import Path

from quizapp.__main__ import main
from quizapp.app import QuizApp

VALID = Path(__file__).parents[1] / "bank" / "fixtures" / "valid"


def test_drill_loads_the_user_bank_of_data_dir_and_opens_over_home(tmp_path, monkeypatch):
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    source = sorted(VALID.glob("*.toml"))[0]
    shutil.copy(source, bank_dir / source.name)
    import tomllib

    user_ids = {q["id"] for q in tomllib.loads(source.read_text(encoding="utf-8"))["question"]}
    seen = {}

    def fake_run(self, *args, **kwargs):
        seen["app"] = self
        seen["start"] = self._start() if self._start else None

    monkeypatch.setattr(QuizApp, "run", fake_run)
    monkeypatch.delenv("QUIZAPP_DATA_DIR", raising=False)
    assert main(["drill", "backprop", "--seed", "3", "--data-dir", str(tmp_path)]) == 0
    app = seen["app"]
    assert user_ids and user_ids <= {q.id for q in app.bank.questions}
    assert type(seen["start"]).__name__ == "DrillScreen"
