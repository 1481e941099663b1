"""A font for the Chinese text of a worksheet: found on the system, or named with ``--font PATH``.

Typst's own fonts (built into the compiler) cover Latin, Greek and math, not Chinese; without a CJK
font Typst would print empty boxes. So before compiling, the characters that need one are looked up
in the font's character map (read here directly from the TrueType/OpenType/TTC file, no extra
package), and a font that lacks any of them is refused with a message that says what to install.

    cjk_chars(text) -> set[str]              the characters that need a CJK font
    find_cjk_font(chars) -> Path | None       the first installed font that covers them
    missing(path, chars) -> set[str]          the characters of ``chars`` the font has no glyph for
"""

from __future__ import annotations

import os
from bisect import bisect_right
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
INSTALL_HINT = ("install a CJK font (Debian/Ubuntu: sudo apt install fonts-noto-cjk; Fedora: sudo dnf install "
                "google-noto-sans-cjk-fonts; macOS and Windows ship one) or pass --font PATH to a .ttf/.otf/.ttc "
                "font with Chinese glyphs, or use --lang en")

# Han ideographs, CJK symbols and punctuation, fullwidth forms, kana, hangul, bopomofo
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
                  "\u3200-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]")

# Preferred families first (file-name stems as the font packages install them; serif beside the serif
# body font); Regular before Bold.
_PREFERRED = ("notoserifcjk", "notosanscjk", "sourcehanserif", "sourcehansans", "wqy-microhei", "wqy-zenhei",
              "droidsansfallback", "pingfang", "hiragino", "stheiti", "songti", "msyh", "simhei", "simsun",
              "uming", "ukai", "arphic")


def font_dirs() -> list[Path]:
    """Where fonts are installed on Linux, macOS and Windows (those that exist)."""
    home = Path.home()
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", home / ".local/share/fonts",
            Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library/Fonts"]
    if sys.platform == "win32":
        dirs += [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
                 Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts"]
    return [d for d in dirs if d.is_dir()]


def cjk_chars(text: str) -> set[str]:
    return set(_CJK.findall(text))


def _rank(path: Path) -> tuple[int, int, str]:
    name = path.name.lower().replace(" ", "")
    family = next((i for i, stem in enumerate(_PREFERRED) if stem in name), len(_PREFERRED))
    weight = 0 if "regular" in name or not re.search(r"bold|black|heavy|light|thin|medium|semibold", name) else 1
    return family, weight, str(path)


def _fontconfig_candidates() -> list[Path]:
    """Fonts fontconfig says cover Chinese (``fc-list :lang=zh``); empty without fontconfig."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line.strip().rstrip(":")) for line in out.splitlines() if line.strip()]


def _scanned_candidates() -> list[Path]:
    """Font files whose names look like a CJK family, in the usual font folders."""
    found = []
    for folder in font_dirs():
        for root, _dirs, files in os.walk(folder):
            for name in files:
                low = name.lower().replace(" ", "")
                if low.endswith(FONT_SUFFIXES) and any(stem in low for stem in _PREFERRED):
                    found.append(Path(root) / name)
    return found


def candidates() -> list[Path]:
    """Installed fonts that may cover Chinese, the preferred ones first."""
    paths = {p for p in _fontconfig_candidates() + _scanned_candidates()
             if p.suffix.lower() in FONT_SUFFIXES and p.is_file()}
    return sorted(paths, key=_rank)


def find_cjk_font(chars: Iterable[str]) -> Path | None:
    """The first installed font that has every one of ``chars``; None if there is none."""
    chars = set(chars)
    for path in candidates():
        try:
            if not missing(path, chars):
                return path
        except (OSError, ValueError):
            continue
    return None


def missing(path: Path, chars: Iterable[str]) -> set[str]:
    """The characters of ``chars`` that the font file at ``path`` has no glyph for (ValueError if it
    is not a font file this reader understands)."""
    ranges = _coverage(str(Path(path).resolve()))
    starts = [lo for lo, _hi in ranges]
    out = set()
    for ch in chars:
        i = bisect_right(starts, ord(ch)) - 1
        if i < 0 or ord(ch) > ranges[i][1]:
            out.add(ch)
    return out


# ---------------------------------------------------------------- reading a font's character map

@lru_cache(maxsize=16)
def _coverage(path: str) -> tuple[tuple[int, int], ...]:
    with open(path, "rb") as f:
        tag = f.read(4)
        f.seek(0)
        if tag == b"ttcf":               # a collection: the first font's map (the faces share glyphs)
            f.seek(12)
            (offset,) = struct.unpack(">I", f.read(4))
        elif tag in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
            offset = 0
        else:
            raise ValueError(f"{path} is not a TrueType/OpenType font")
        return tuple(_merge(_cmap_ranges(f, offset)))


def _cmap_ranges(f, offset: int) -> list[tuple[int, int]]:
    f.seek(offset + 4)
    (num_tables,) = struct.unpack(">H", f.read(2))
    f.seek(offset + 12)
    cmap = None
    for _ in range(num_tables):
        tag, _checksum, table_offset, _length = struct.unpack(">4sIII", f.read(16))
        if tag == b"cmap":
            cmap = table_offset
    if cmap is None:
        raise ValueError("the font has no character map")
    f.seek(cmap)
    _version, count = struct.unpack(">HH", f.read(4))
    subtables = [struct.unpack(">HHI", f.read(8)) for _ in range(count)]
    ranges: list[tuple[int, int]] = []
    for platform, encoding, sub_offset in subtables:
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4), (0, 6)):
            continue     # Unicode maps only
        f.seek(cmap + sub_offset)
        (fmt,) = struct.unpack(">H", f.read(2))
        if fmt == 4:
            ranges += _format4(f)
        elif fmt == 12:
            ranges += _format12(f)
    return ranges


def _format4(f) -> list[tuple[int, int]]:
    _length, _language, seg_x2 = struct.unpack(">HHH", f.read(6))
    segs = seg_x2 // 2
    f.read(6)
    ends = struct.unpack(f">{segs}H", f.read(seg_x2))
    f.read(2)
    starts = struct.unpack(f">{segs}H", f.read(seg_x2))
    return [(s, e) for s, e in zip(starts, ends) if s != 0xFFFF]


def _format12(f) -> list[tuple[int, int]]:
    f.read(2)
    _length, _language, groups = struct.unpack(">III", f.read(12))
    return [struct.unpack(">III", f.read(12))[:2] for _ in range(groups)]


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
