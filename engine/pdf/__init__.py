"""Printable PDF worksheets, typeset by Typst (the optional extra ``quizapp[pdf]``).

    write_pdf(path, exercises=..., questions=..., options=SheetOptions(...), font=None) -> pages
    render_pdf(exercises, questions, options, font=None) -> bytes

Exercises (engine.generators) become worksheets: the prompt, the network (MLP kinds), the given
values as matrices, a box per entry of every step in the drill's order; bank questions print with
their options and room to answer. The answer key starts on a new page: each exercise's worked
solution (formula, then numbers) and each question's answer, explanation and source.

The source is built from the domain objects (engine.pdf.source: bank text can never become Typst
code) and compiled in memory with the ``typst`` package, whose compiler and fonts ship inside its
wheel: no system Typst, no network. Only system fonts are never searched (deterministic, fast):
Chinese text needs a CJK font, found by engine.pdf.fonts or given as ``font``; without one the
export stops with ``PdfError`` rather than print empty boxes.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.pdf.source import PAPERS, SheetOptions, document

__all__ = ["INSTALL", "PAPERS", "PdfError", "SheetOptions", "available", "render_pdf", "render_png", "write_pdf", "typst_source"]

INSTALL = "pip install 'quizapp[pdf]'"
# a fixed creation date: the same command writes the same bytes
TIMESTAMP = 946684800   # 2000-01-01T00:00:00Z


class PdfError(Exception):
    """Why no PDF can be made, in one line for the user (the extra is missing, no CJK font ...)."""


def available() -> bool:
    return importlib.util.find_spec("typst") is not None


def require() -> None:
    if not available():
        raise PdfError(f"PDF export needs the optional typst package; install it with: {INSTALL}")


def typst_source(exercises: Sequence[Any] = (), questions: Sequence[Any] = (),
                 options: SheetOptions = SheetOptions()) -> str:
    from engine.generators import KINDS

    titles = {name: kind.title for name, kind in KINDS.items()}
    return document(exercises, questions, options, titles)


def _cjk_font(source: str, font: Path | None) -> Path | None:
    """The CJK font file the document needs (None when it has no Chinese text); PdfError if none fits."""
    from engine.pdf.fonts import INSTALL_HINT, cjk_chars, find_cjk_font, missing

    chars = cjk_chars(source)
    if font is not None:
        path = Path(font).expanduser()
        if not path.is_file():
            raise PdfError(f"--font {font}: no such font file")
        if not chars:
            return path
        try:
            lacking = missing(path, chars)
        except (OSError, ValueError) as exc:
            raise PdfError(f"--font {font}: cannot read it as a TrueType/OpenType font ({exc})") from None
        if lacking:
            sample = "".join(sorted(lacking)[:8])
            raise PdfError(f"--font {font} has no glyphs for {len(lacking)} of the Chinese characters needed "
                           f"(e.g. {sample}); {INSTALL_HINT}")
        return path
    if not chars:
        return None
    found = find_cjk_font(chars)
    if found is None:
        raise PdfError(f"the Chinese text needs a CJK font and none with every character was found; {INSTALL_HINT}")
    return found


def _font_folder(font: Path, folder: Path) -> None:
    """Link the font (and its Bold sibling, for headings) into ``folder``, the only fonts Typst sees
    besides its own."""
    files = [font]
    for regular in ("Regular", "regular"):
        if regular in font.name:
            bold = font.with_name(font.name.replace(regular, "Bold" if regular == "Regular" else "bold"))
            if bold.is_file():
                files.append(bold)
    for i, f in enumerate(files):
        target = folder / f"{i}-{f.name}"
        try:
            os.symlink(f.resolve(), target)
        except OSError:
            shutil.copyfile(f, target)


def _family(folder: Path, font: Path) -> str:
    import typst

    infos = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(folder)]).fonts()
    families = [i.family for i in infos if i.path and Path(i.path).name.startswith("0-")] or [i.family for i in infos]
    if not families:
        raise PdfError(f"--font {font}: Typst cannot read this font")
    for hint in (" SC", " CN", "GB", "Hans", "Simplified"):
        for fam in families:
            if hint in fam:
                return fam
    return families[0]


def render_pdf(exercises: Sequence[Any] = (), questions: Sequence[Any] = (),
               options: SheetOptions = SheetOptions(), font: str | os.PathLike[str] | None = None) -> bytes:
    """The PDF bytes of the worksheet. Raises PdfError (typst missing, no usable CJK font)."""
    return _compile(exercises, questions, options, font)


def render_png(exercises: Sequence[Any] = (), questions: Sequence[Any] = (),
               options: SheetOptions = SheetOptions(), font: str | os.PathLike[str] | None = None,
               ppi: float = 110) -> list[bytes]:
    """Each page of the worksheet as a PNG image (the README's picture)."""
    pages = _compile(exercises, questions, options, font, format="png", ppi=ppi)
    return pages if isinstance(pages, list) else [pages]


def _compile(exercises, questions, options: SheetOptions, font, **output) -> Any:
    from dataclasses import replace

    require()
    import typst

    source = typst_source(exercises, questions, options)
    cjk = _cjk_font(source, Path(font) if font is not None else None)
    with tempfile.TemporaryDirectory(prefix="quizapp-pdf-") as tmp:
        folder = Path(tmp)
        if cjk is not None:
            _font_folder(cjk, folder)
            options = replace(options, cjk_family=_family(folder, cjk))
            source = typst_source(exercises, questions, options)
        compile_kw = dict(root=str(folder), font_paths=[str(folder)], ignore_system_fonts=True, timestamp=TIMESTAMP,
                          **output)
        try:
            return typst.compile(source.encode("utf-8"), **compile_kw)
        except typst.TypstError:
            if not options.math:
                raise
        # a formula the converter let through but Typst rejects: every formula as Unicode instead
        source = typst_source(exercises, questions, replace(options, math=False))
        return typst.compile(source.encode("utf-8"), **compile_kw)


def write_pdf(path: str | os.PathLike[str], exercises: Sequence[Any] = (), questions: Sequence[Any] = (),
              options: SheetOptions = SheetOptions(), font: str | os.PathLike[str] | None = None) -> int:
    """Write the worksheet to ``path`` atomically; returns its number of pages."""
    from engine.export.atomic import atomic_path

    data = render_pdf(exercises, questions, options, font)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return page_count(data)


def page_count(data: bytes) -> int:
    """Pages of a PDF Typst wrote (its page objects say ``/Type /Page``, the tree ``/Type /Pages``)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
