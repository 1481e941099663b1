"""Regenerate the README screenshots (SVG) from the shipped bank in a throw-away data folder.

    python docs/make_screenshots.py      ->  docs/screenshots/home.svg, quiz.svg, feedback.svg
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from engine.bank.loader import load_bank
from quizapp.app import make_app
from quizapp.session import Item, QuizSession
from quizapp.settings import Settings
from quizapp.storage import Storage

OUT = Path(__file__).resolve().parent / "screenshots"
QUESTION = "nn-basics/sigmoid-derivative-max"   # a single-choice question with math in it
SIZE = (100, 30)


async def main() -> int:
    bank = load_bank(include_user=False)
    if QUESTION not in bank:
        print(f"{QUESTION} is not in the shipped bank; pick another id in docs/make_screenshots.py", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        storage = Storage(Path(tmp) / "progress.db")
        app = make_app(bank, Settings("en", Path(tmp)), storage)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.save_screenshot("home.svg", str(OUT))
            app.start_session(QuizSession([Item(bank.by_id(QUESTION))]))
            await pilot.pause()
            await pilot.press("b")
            app.save_screenshot("quiz.svg", str(OUT))
            await pilot.press("enter")
            for _ in range(20):
                await pilot.pause(0.1)
                if app.screen.feedback is not None:
                    break
            app.screen.query_one("#question-body").scroll_home(animate=False)
            await pilot.pause()
            app.save_screenshot("feedback.svg", str(OUT))
        storage.close()
    for name in ("home.svg", "quiz.svg", "feedback.svg"):
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
