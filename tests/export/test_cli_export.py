"""`quizapp export` through the real entry point: selection, generation, errors, atomic writes."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from engine.bank.loader import load_bank
from quizapp.__main__ import main
from quizapp.cli.export import ProgressBar

FIXTURE_DIR = Path(__file__).parent.parent / "bank" / "fixtures" / "valid"


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))


def _ids(path: Path) -> list[str]:
    return [q["id"] for q in json.loads(path.read_text(encoding="utf-8"))["questions"]]


def test_selection_by_topic_type_and_difficulty(tmp_path, capsys):
    out = tmp_path / "x.json"
    assert main(["--bank", str(FIXTURE_DIR), "export", "-f", "json", "-o", str(out),
                 "--topic", "nn-basics", "--type", "numeric", "--type", "choice", "--difficulty", "1"]) == 0
    expected = [q.id for q in load_bank([FIXTURE_DIR]).select(["nn-basics"], ["numeric", "choice"], [1])]
    assert _ids(out) == expected and "nn-basics/fixture-sigmoid-at-zero" in expected
    assert all(i.startswith("nn-basics/") for i in expected)
    assert f"wrote {len(expected)} questions to {out} (json)" in capsys.readouterr().err


def test_generate_is_reproducible_and_seeds_never_repeat(tmp_path):
    args = ["export", "-f", "json", "--topic", "llm", "--type", "open",
            "--generate", "mlp-forward=3", "--generate", "mlp-forward=2", "--generate", "attention/hard=1",
            "--seed", "40"]
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main([*args, "-o", str(a)]) == 0 and main([*args, "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    generated = [i for i in _ids(a) if i.startswith("generated/")]
    assert generated == [f"generated/mlp-forward/easy/seed-{s}" for s in range(40, 45)] + \
        ["generated/attention/hard/seed-40"]
    # the export is itself a bank: it loads back with --bank without a problem
    bank = load_bank([a], include_builtin=False, include_user=False)
    assert bank.problems == () and len(bank.questions) == len(_ids(a))


@pytest.mark.parametrize("argv,words", [
    (["--format", "xls"], "invalid choice: 'xls'"),
    (["--format", "json", "--topic", "cnn"], "invalid choice: 'cnn'"),
    (["--format", "json", "--generate", "mlp-backprob=3"], "unknown generator kind 'mlp-backprob'"),
    (["--format", "json", "--generate", "mlp-backprop=0"], "COUNT must be a whole number"),
    (["--format", "json", "--generate", "mlp-backprop"], "write KIND=COUNT"),
    (["--format", "json", "--generate", "mlp-backprop/extreme=3"], "unknown difficulty 'extreme'"),
    (["--format", "anki", "--no-answers"], "anki needs the answers"),
])
def test_usage_errors_are_one_line_and_exit_2(tmp_path, capsys, argv, words):
    out = tmp_path / "x.out"
    try:
        code = main(["export", "-o", str(out), *argv])
    except SystemExit as exc:   # argparse's own errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and words in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_missing_output_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["export", "-f", "csv", "-o", str(tmp_path / "no" / "x.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_failed_export_leaves_the_old_file_untouched(tmp_path, monkeypatch, capsys):
    out = tmp_path / "keep.md"
    out.write_text("my old sheet", encoding="utf-8")

    import engine.export.markdown as markdown

    real = markdown.answer_block

    def explode(number, q, lang):      # half the sheet is written when it fails
        if number == 5:
            raise RuntimeError("disk on fire")
        return real(number, q, lang)

    monkeypatch.setattr(markdown, "answer_block", explode)
    code = main(["export", "-f", "markdown", "-o", str(out)])
    assert code == 70 and "disk on fire" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "my old sheet"
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["keep.md"]   # no temporary file left


def test_atomic_write_interrupted_midway(tmp_path):
    from engine.export.atomic import atomic_open

    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with atomic_open(target) as f:
            f.write("half a file")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    target.chmod(0o640)
    with atomic_open(target) as f:
        f.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640            # a replaced file keeps its permissions
    fresh = tmp_path / "fresh.csv"
    umask = os.umask(0o022)
    try:
        with atomic_open(fresh) as f:
            f.write("x")
    finally:
        os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o644              # like open(): 0o666 minus the umask


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal():
    pipe = io.StringIO()
    bar = ProgressBar("export json", pipe)
    bar(5, 10)
    bar(10, 10)
    bar.close()
    assert pipe.getvalue() == ""
    tty = FakeTTY()
    bar = ProgressBar("export json", tty)
    bar(10, 10)
    bar.close()
    assert "\rexport json [" in tty.getvalue() and "10/10" in tty.getvalue()


def test_generated_export_goes_through_worker_processes(tmp_path):
    """Above the parallel threshold the output is the same as generating in one process."""
    from engine.export.select import generated_questions

    items = [("grad-clip", "easy", s) for s in range(300)]
    serial = list(generated_questions(items, processes=1))
    parallel = list(generated_questions(items, processes=2))
    assert parallel == serial


def test_importing_the_exporters_stays_light():
    """engine.export and the loader import neither textual, nor sympy, nor genanki (only the Anki
    exporter needs it, when it runs)."""
    import subprocess
    import sys

    code = ("import sys, engine.export, engine.export.select, engine.bank.loader, engine.bank.from_exercise; "
            "print(sorted(m for m in ('textual', 'sympy', 'genanki') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_folder_that_cannot_be_written_is_one_line_exit_2(tmp_path, monkeypatch, capsys):
    import engine.export.atomic as atomic

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    assert main(["export", "-f", "csv", "-o", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert err == f"quizapp: error: cannot write {tmp_path / 'x.csv'}: Permission denied\n"


@pytest.mark.parametrize("fmt", ["markdown", "anki", "csv", "json"])
def test_a_symlink_to_a_full_device_is_a_failed_write_and_stays_a_link(tmp_path, capsys, fmt):
    link = tmp_path / "out"
    link.symlink_to("/dev/full")
    assert main(["export", "-f", fmt, "-o", str(link), "--topic", "rnn"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert link.is_symlink() and os.readlink(link) == "/dev/full"
    assert not list(tmp_path.glob(".*tmp")) and not list(Path("/dev").glob(".out.*"))


def test_exports_respect_the_umask_and_write_through_a_link(tmp_path):
    old = os.umask(0o077)
    try:
        real = tmp_path / "real.csv"
        real.write_text("old", encoding="utf-8")
        os.chmod(real, 0o640)
        link = tmp_path / "link.csv"
        link.symlink_to(real)
        fresh = tmp_path / "fresh.md"
        assert main(["export", "-f", "csv", "-o", str(link), "--topic", "rnn"]) == 0
        assert main(["export", "-f", "markdown", "-o", str(fresh), "--topic", "rnn"]) == 0
    finally:
        os.umask(old)
    assert link.is_symlink() and real.read_text(encoding="utf-8-sig").startswith("id,")
    assert real.stat().st_mode & 0o777 == 0o640          # an existing file keeps its permissions
    assert fresh.stat().st_mode & 0o777 == 0o600          # a new one follows the umask, never 0666


def test_export_refuses_a_negative_seed_and_an_unbounded_generate(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["export", "-f", "csv", "-o", str(tmp_path / "x.csv"), "--seed", "-1"])
    assert exit_.value.code == 2 and "must be 0 or more" in capsys.readouterr().err
    assert main(["export", "-f", "csv", "-o", str(tmp_path / "x.csv"), "--generate", "mlp-backprop=100000000"]) == 2
    err = capsys.readouterr().err
    assert "at most 50,000" in err and err.count("\n") == 1
    assert not (tmp_path / "x.csv").exists()
