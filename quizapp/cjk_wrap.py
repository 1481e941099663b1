"""Line breaking for Chinese: a line may break between any two Chinese characters.

Textual and Rich wrap text at whitespace only, which suits English but not Chinese, where words are
not separated by spaces: a paragraph such as "论文显示它的质量接近 MHA、速度接近 MQA；LLaMA-2 70B 就是
64 个查询头" can only break at its few spaces, so lines end far short of the width and the text looks
ragged. Both libraries cut text into chunks with one function (``textual._wrap.chunks``,
``rich._wrap.words``); ``install()`` replaces those with one that also makes every CJK character a
chunk of its own, with the usual rules of Chinese typesetting (禁则): closing punctuation (，。、）」…)
never starts a line and opening punctuation (（「“…) never ends one. Latin words, numbers and
formulas inside Chinese text stay whole, and text without CJK characters is cut exactly as before.

Textual is pinned (pyproject.toml); tests/ui/test_cjk_wrap.py fails if either library stops
calling the chunk function, so an upgrade cannot silently bring the ragged lines back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Ideographs (CJK unified, extension A, compatibility), kana, Hangul syllables, CJK symbols.
_CJK = "\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# Never at the start of a line (they close what comes before them); the full-width ones also end a
# Latin run ("MQA；LLaMA" may break after the "；"), the ASCII ones do not ("3.14" stays whole).
_FULL_CLOSE = "，。、；：！？）》」』】〉〕”’…—·％"
_CLOSE = _FULL_CLOSE + "%,.;:!?)\\]}"
# Never at the end of a line (they open what follows).
_OPEN = "（《「『【〈〔“‘"

_CHUNK = re.compile(
    rf"[{_OPEN}]*[{_CJK}][{_CLOSE}]*\s*"          # one CJK character with the punctuation bound to it
    rf"|[{_OPEN}]*[^\s{_CJK}{_OPEN}{_FULL_CLOSE}]+[{_CLOSE}]*\s*"   # a Latin run (word, number, formula)
    rf"|[{_OPEN}{_CLOSE}]+\s*"                     # punctuation with nothing to bind to
    r"|\s+"                                        # leading whitespace
)
_HAS_CJK = re.compile(f"[{_CJK}]")
_LATIN = re.compile(r"\S+\s*|\s+")     # textual's own rule, for text without CJK characters


def chunks(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, chunk) over ``text``, as ``textual._wrap.chunks`` and ``rich._wrap.words`` yield
    them; a chunk is where a line may break, with the whitespace after it."""
    pattern = _CHUNK if _HAS_CJK.search(text) else _LATIN
    end = 0
    while (match := pattern.match(text, end)) is not None and match.end() > end:
        start, end = match.span()
        yield start, end, match.group(0)


def _rich_words(text: str) -> Iterable[tuple[int, int, str]]:
    # Rich's first word carries the whitespace before it (r"\s*\S+\s*"): so does this one.
    leading = None
    for start, end, chunk in chunks(text):
        if leading is None and chunk.isspace():
            leading = chunk
            continue
        if leading:
            start, chunk = 0, leading + chunk
        leading = ""
        yield start, end, chunk


_installed = False
ORIGINAL: dict[str, object] = {}     # the replaced functions (for the tests' comparisons)


def install() -> bool:
    """Make Textual's and Rich's wrapping use ``chunks``. Idempotent; False if a library no longer has
    the function this replaces (then text wraps as the library does)."""
    global _installed
    if _installed:
        return True
    import importlib

    ok = True
    for library, module, name, replacement in (("textual", "textual._wrap", "chunks", chunks),
                                               ("rich", "rich._wrap", "words", _rich_words)):
        try:
            wrap = importlib.import_module(module)
        except ImportError:
            ok = False
            continue
        if callable(getattr(wrap, name, None)):
            ORIGINAL.setdefault(library, getattr(wrap, name))
            setattr(wrap, name, replacement)
        else:
            ok = False
    _installed = ok
    return ok
