"""Regenerate the README's worksheet pictures (PNG) from the same worksheet the README's command prints.

    python docs/make_worksheet_picture.py   ->  docs/screenshots/worksheet.png (page 1),
                                                docs/screenshots/worksheet-key.png (first key page)

Needs the pdf extra (pip install -e '.[pdf]'). Typst rasterises the pages itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"
KIND, COUNT, SEED, LANG = "mlp-backprop", 6, 1, "en"   # quizapp export --format pdf ... in the README
PPI = 100


def main() -> int:
    from dataclasses import replace

    from engine.export.select import GenerateRequest, generated_seeds
    from engine.generators import generate
    from engine.pdf import SheetOptions, render_png
    from quizapp.drill import shown_digits

    exercises = [generate(k, s, d) for k, d, s in generated_seeds([GenerateRequest(KIND, COUNT)], SEED)]
    header = f"{KIND} ×{COUNT} (easy) · lang {LANG} · seed {SEED}"    # as quizapp/cli/export.py writes it
    options = SheetOptions(lang=LANG, header=header, digits=shown_digits)
    pages = render_png(exercises, (), options, ppi=PPI)
    key = len(render_png(exercises, (), replace(options, answers=False), ppi=10))   # the key's first page
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "worksheet.png").write_bytes(pages[0])
    (OUT / "worksheet-key.png").write_bytes(pages[key])
    print(f"wrote {OUT / 'worksheet.png'} and {OUT / 'worksheet-key.png'} ({len(pages)} pages in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
