"""PDF worksheets (quizapp export --format pdf), read back with pypdf: the given values on the sheet,
the drill's answer values only in the key, bank ids, Chinese text and its font, paper sizes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest

typst = pytest.importorskip("typst", reason="the pdf extra is not installed: pip install -e '.[pdf]'")
pypdf = pytest.importorskip("pypdf")

from engine.bank.loader import load_bank  # noqa: E402
from engine.generators import KINDS, generate  # noqa: E402
from engine.numbers import number  # noqa: E402
from engine.pdf import SheetOptions, render_pdf  # noqa: E402
from engine.pdf import fonts as pdf_fonts  # noqa: E402
from engine.pdf.source import given_items  # noqa: E402
from quizapp.__main__ import main  # noqa: E402
from quizapp.drill import DrillSession, shown_digits  # noqa: E402

KEY_HEADING = "Answer key with worked solutions"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]\d+)?")


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))


def pages_text(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [p.extract_text().replace("\u2212", "-") for p in reader.pages]


def split_key(pages: list[str]) -> tuple[str, str]:
    """(the sheet's text, the answer key's text): the key starts on its own page."""
    start = next(i for i, t in enumerate(pages) if KEY_HEADING in t)
    return "\n".join(pages[:start]), "\n".join(pages[start:])


def numbers_in(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def flat(v) -> list[float]:
    return [float(x) for x in np.ravel(np.asarray(v, dtype=float))]


def drill_values(exercise) -> list[list[str]]:
    """Per step, the numbers the drill's worked solution shows after every step was answered right."""
    session = DrillSession(exercise.kind, exercise.seed, exercise.difficulty)
    while not session.finished:
        expected = session.expected()
        typed = np.vectorize(repr)(np.asarray(expected, dtype=float)).tolist()
        feedback = session.submit(typed if np.ndim(expected) else repr(float(expected)))
        assert feedback.status == "correct", (exercise.kind, session.current.name)
    values, current = [], None
    for line in session.worked_solution("en"):
        if re.match(r"^\S+ \d+\. ", line):        # "✓ 3. z₂ — ..." starts a step
            current = []
            values.append(current)
            formula_seen = False
        elif not formula_seen:
            formula_seen = True                     # the formula line
        else:
            current += _NUMBER.findall(line.split("=", 1)[-1].replace("\u2212", "-"))
    return values


def given_numbers(exercise) -> list[str]:
    out = []
    for _name, v in given_items(exercise.given):
        if isinstance(v, str) or (isinstance(v, list) and v and isinstance(v[0], str)):
            continue
        out += [number(x) for x in flat(v)]
    return out


@pytest.mark.parametrize("difficulty", ["easy", "hard"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_worksheet_of_every_kind_has_the_givens_and_the_key_has_the_drill_values(kind, difficulty):
    exercise = generate(kind, 3, difficulty)
    options = SheetOptions(lang="en", header=f"{kind} seed 3", digits=shown_digits)
    sheet, key = split_key(pages_text(render_pdf([exercise], (), options)))
    sheet_numbers, key_numbers = numbers_in(sheet), numbers_in(key)
    for shown in given_numbers(exercise):
        assert shown in sheet_numbers, f"given value {shown} missing from the {kind} sheet"
    values = drill_values(exercise)
    assert len(values) == len(exercise.steps)
    for step, shown in zip(exercise.steps, values):
        assert shown, step.name
        for s in shown:
            assert s in key_numbers, f"{kind} step {step.name}: the drill shows {s}, the key does not"
    # the answers are in the key only: the final answer's distinctive numbers are not on the sheet
    givens = set(given_numbers(exercise))
    last = [s for s in values[-1] if len(s.strip("-0.")) >= 3 and s not in givens]
    assert not [s for s in last if s in sheet_numbers], f"{kind}: the sheet gives away {last}"
    assert "Worked solution" not in sheet


def test_a_six_exercise_mlp_worksheet_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "ws.pdf"
    assert main(["export", "--format", "pdf", "--output", str(out), "--generate", "mlp-backprop=6",
                 "--seed", "1", "--difficulty", "easy", "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert f"wrote 6 exercises to {out} (pdf," in err
    pages = pages_text(out.read_bytes())
    sheet, key = split_key(pages)
    for i in range(1, 7):
        assert f"Exercise {i}. Backpropagation by hand" in sheet and f"Exercise {i}." in key
    assert "mlp-backprop ×6 (easy) · lang en · seed 1" in pages[0]          # the header
    assert f"1 / {len(pages)}" in pages[0] and f"{len(pages)} / {len(pages)}" in pages[-1]   # page numbers
    # every step's label in the drill's order, z before a before the loss ... before the update
    first = sheet.split("Exercise 2.")[0]
    order = [first.index(w) for w in ("pre-activation of layer 1", "output of layer 1", "loss (",
                                      "output error", "gradient of", "error of layer 1", "updated")]
    assert order == sorted(order)
    # the same command writes the same bytes
    again = tmp_path / "again.pdf"
    main(["export", "--format", "pdf", "--output", str(again), "--generate", "mlp-backprop=6",
          "--seed", "1", "--difficulty", "easy", "--lang", "en"])
    assert again.read_bytes() == out.read_bytes()


def test_no_answers_leaves_out_the_key(tmp_path):
    out = tmp_path / "ws.pdf"
    assert main(["export", "-f", "pdf", "-o", str(out), "--generate", "softmax-cross-entropy=2",
                 "--lang", "en", "--no-answers"]) == 0
    text = "\n".join(pages_text(out.read_bytes()))
    assert "Exercise 2." in text and KEY_HEADING not in text


def test_bank_export_in_english_holds_every_selected_question(tmp_path):
    out = tmp_path / "bank.pdf"
    assert main(["export", "-f", "pdf", "-o", str(out), "--topic", "rnn", "--topic", "attention",
                 "--lang", "en", "--seed", "2"]) == 0
    ids = [q.id for q in load_bank(include_user=False).select(["rnn", "attention"], [], [])]
    assert len(ids) > 20
    sheet, key = split_key(pages_text(out.read_bytes()))
    squeeze = lambda t: re.sub(r"\s+", "", t)   # noqa: E731  (a long id may wrap)
    sheet, key = squeeze(sheet), squeeze(key)
    missing = [i for i in ids if squeeze(i) not in sheet or squeeze(i) not in key]
    assert not missing
    # answers and explanations are in the key only
    assert "Answer:" not in sheet and key.count("Answer:") == len(ids)
    questions = load_bank(include_user=False).select(["rnn", "attention"], [], [])
    words = [squeeze(m) for q in questions for m in re.findall(r"[A-Za-z ,]{25,}", q.explanation.en)[:1]]
    assert words and sum(w in key for w in words) > 0.9 * len(words)
    assert sum(w in sheet for w in words) < 0.1 * len(words)


def test_bank_selection_options_are_those_of_export(tmp_path):
    out = tmp_path / "x.pdf"
    assert main(["export", "-f", "pdf", "-o", str(out), "--topic", "nn-basics", "--type", "choice",
                 "--difficulty", "1", "--lang", "en"]) == 0
    expected = load_bank(include_user=False).select(["nn-basics"], ["choice"], [1])
    text = re.sub(r"\s+", "", "\n".join(pages_text(out.read_bytes())))
    assert all(re.sub(r"\s+", "", q.id) in text for q in expected)
    other = [q for q in load_bank(include_user=False).select(["nn-basics"], ["open"], [])]
    assert not [q.id for q in other if re.sub(r"\s+", "", q.id) + "·" in text]


@pytest.mark.parametrize("paper,size", [("a4", (595, 842)), ("us-letter", (612, 792))])
def test_paper_sizes(tmp_path, paper, size):
    out = tmp_path / "p.pdf"
    assert main(["export", "-f", "pdf", "-o", str(out), "--generate", "activation=1", "--lang", "en",
                 "--paper", paper]) == 0
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_bank_text_cannot_inject_typst_code():
    from engine.bank.model import OpenAnswer, Question
    from engine.text import Text

    nasty = '#read("/etc/passwd") ] ) } #set page(fill: red) \\ " $#eval("1+1")$ $x \\#y$ `#raw` @label <lab> *b* _i_'
    q = Question(id="nn-basics/nasty", topic="nn-basics", type="open", difficulty=1, tags=(),
                 prompt=Text(nasty, nasty), explanation=Text(nasty, nasty), source="#source",
                 answer=OpenAnswer(Text("#model", "#model"), ()))
    text = "\n".join(pages_text(render_pdf((), [q], SheetOptions(lang="en"))))
    assert '#read("/etc/passwd") ] ) } #set page(fill: red)' in text
    assert "root:" not in text and "#eval(" in text and "#source" in text and "#model" in text


def _refused_for_want_of_a_font(code: int, capsys, out: Path) -> bool:
    """On a machine without any CJK font the Chinese tests check the other promised behaviour instead of
    skipping: one clear line naming the package and --font, exit 2, no file."""
    if pdf_fonts.find_cjk_font(set("梯度")) is not None:
        return False
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "fonts-noto-cjk" in err and not out.exists()
    return True


def test_chinese_worksheet_contains_the_chinese_prompt(tmp_path, capsys):
    out = tmp_path / "zh.pdf"
    code = main(["export", "-f", "pdf", "-o", str(out), "--generate", "mlp-backprop=1", "--lang", "zh"])
    if _refused_for_want_of_a_font(code, capsys, out):
        return
    assert code == 0
    text = re.sub(r"\s+", "", "\n".join(pages_text(out.read_bytes())))
    prompt = generate("mlp-backprop", 0, "easy").prompt.zh
    for phrase in ("的全连接网络", "请先做前向传播", "再做反向传播", "最后给出一步梯度下降后的"):
        assert phrase in prompt and phrase in text
    assert "答案与详细解答" in text and "\x00" not in text


def test_chinese_bank_questions_with_an_explicit_font(tmp_path, capsys):
    font = pdf_fonts.find_cjk_font(set("梯度"))
    out = tmp_path / "zh.pdf"
    args = ["export", "-f", "pdf", "-o", str(out), "--topic", "gcn", "--type", "choice", "--lang", "zh"]
    code = main(args + (["--font", str(font)] if font else []))
    if _refused_for_want_of_a_font(code, capsys, out):
        return
    assert code == 0
    q = load_bank(include_user=False).select(["gcn"], ["choice"], [])[0]
    text = re.sub(r"\s+", "", "\n".join(pages_text(out.read_bytes())))
    han = re.findall(r"[\u4e00-\u9fff]{4,}", q.prompt.zh)
    assert han and all(h in text for h in han)


def test_chinese_without_a_cjk_font_stops_with_one_clear_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pdf_fonts, "find_cjk_font", lambda chars: None)
    out = tmp_path / "zh.pdf"
    assert main(["export", "-f", "pdf", "-o", str(out), "--generate", "mlp-backprop=1", "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "CJK font" in err and "fonts-noto-cjk" in err and "--font" in err
    assert not out.exists()
    # English needs no CJK font
    assert main(["export", "-f", "pdf", "-o", str(out), "--generate", "mlp-backprop=1", "--lang", "en"]) == 0


def test_a_font_without_chinese_glyphs_is_refused(tmp_path, capsys):
    latin = next((p for d in pdf_fonts.font_dirs() for p in d.rglob("DejaVuSans.ttf")), None)
    if latin is None:                      # no Latin-only system font here: a file that is no font at all
        latin = tmp_path / "NotAFont.ttf"
        latin.write_bytes(b"not a font")
    out = tmp_path / "zh.pdf"
    assert main(["export", "-f", "pdf", "-o", str(out), "--generate", "activation=1", "--lang", "zh",
                 "--font", str(latin)]) == 2
    err = capsys.readouterr().err
    refused = "has no glyphs for" if latin.name == "DejaVuSans.ttf" else "cannot read it as a TrueType/OpenType font"
    assert refused in err and err.count("\n") == 1 and not out.exists()


def test_a_formula_typst_rejects_falls_back_to_unicode(monkeypatch):
    import engine.pdf.source as source

    monkeypatch.setattr(source, "to_typst", lambda latex: "frac(")     # what a converter bug would give
    exercise = generate("softmax-cross-entropy", 1, "easy")
    text = "\n".join(pages_text(render_pdf([exercise], (), SheetOptions(lang="en"))))
    assert "Exercise 1." in text and "∂L/∂z = p - y" in text            # engine.mathtext's rendering


def test_every_kind_in_both_languages_compiles():
    exercises = [generate(kind, 5, "medium") for kind in sorted(KINDS)]
    if pdf_fonts.find_cjk_font(set("梯度")) is None:      # no CJK font on this machine: English only
        pages = pages_text(render_pdf(exercises, (), SheetOptions(lang="en", digits=shown_digits)))
        assert "Exercise14." in re.sub(r"\s+", "", "\n".join(pages))
        return
    pages = pages_text(render_pdf(exercises, (), SheetOptions(lang="both", digits=shown_digits)))
    text = re.sub(r"\s+", "", "\n".join(pages))
    assert "练习/Exercise14." in text and "\x00" not in text
