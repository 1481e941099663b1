"""A small GIFT reader for the tests, written from Moodle's GIFT documentation (not from the exporter):
questions are separated by blank lines, // starts a comment line, ::title:: opens a question,
{...} holds the answers, #### starts the general feedback, and a backslash escapes ~ = # { } : and
itself (\\n is a newline)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ESCAPABLE = "~=#{}:\\"


def unescape(s: str, strict: bool = True) -> str:
    """Undo GIFT escapes; ``strict``: an unescaped special character is an error (Moodle would read
    it as syntax)."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if strict and c in "~=#{}:":
            raise ValueError(f"unescaped {c!r} at {i} in {s!r}")
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            if nxt in ESCAPABLE:
                out.append(nxt)
            elif nxt == "n":
                out.append("\n")
            else:
                raise ValueError(f"unknown escape \\{nxt} in {s!r}")
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def find_unescaped(s: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s.startswith(target, i):
            return i
        i += 1
    return -1


def split_unescaped(s: str, chars: str) -> list[str]:
    """Split before every unescaped character of ``chars`` (keeping it at the start of its piece)."""
    pieces, current, i = [], "", 0
    while i < len(s):
        if s[i] == "\\":
            current += s[i:i + 2]
            i += 2
            continue
        if s[i] in chars and current.strip():
            pieces.append(current)
            current = ""
        current += s[i]
        i += 1
    if current.strip():
        pieces.append(current)
    return pieces


@dataclass
class GiftQuestion:
    title: str
    text: str                 # unescaped, without the [html] marker
    markup: str               # "html", "plain", ... (the [format] marker)
    kind: str                 # multichoice | multi | truefalse | numerical | shortanswer | essay
    answers: list[tuple[str, str]] = field(default_factory=list)   # (marker, unescaped text)
    feedback: str = ""
    category: str = ""


def parse(text: str) -> list[GiftQuestion]:
    questions: list[GiftQuestion] = []
    category = ""
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.lstrip().startswith("//")]
        if lines and lines[0].startswith("$CATEGORY:"):
            category = lines[0][len("$CATEGORY:"):].strip()
            lines = lines[1:]
        body = "\n".join(lines).strip()
        if not body:
            continue
        if not body.startswith("::"):
            raise ValueError(f"question does not start with ::title:: -> {body[:60]!r}")
        end_title = find_unescaped(body, "::", 2)
        title = unescape(body[2:end_title])
        rest = body[end_title + 2:]
        markup = ""
        m = re.match(r"\[(\w+)\]", rest)
        if m:
            markup, rest = m.group(1), rest[m.end():]
        open_ = find_unescaped(rest, "{")
        close = len(rest) - 1
        if open_ < 0 or rest[close] != "}" or find_unescaped(rest, "}") != close:
            raise ValueError(f"{title}: answer block is not one {{...}} at the end")
        qtext, block_ = unescape(rest[:open_]), rest[open_ + 1:close].strip()
        fb_at = find_unescaped(block_, "####")
        feedback = unescape(block_[fb_at + 4:]) if fb_at >= 0 else ""
        answers_part = (block_[:fb_at] if fb_at >= 0 else block_).strip()
        q = GiftQuestion(title, qtext, markup, "", feedback=feedback, category=category)
        if answers_part == "":
            q.kind = "essay"
        elif answers_part in ("T", "F", "TRUE", "FALSE"):
            q.kind = "truefalse"
            q.answers = [(answers_part[0], "")]
        elif answers_part.startswith("#"):
            q.kind = "numerical"
            q.answers = [("#", unescape(answers_part[1:], strict=False))]
        else:
            pieces = split_unescaped(answers_part, "=~")
            q.answers = [(p[0], unescape(p[1:].strip())) for p in pieces]
            markers = [m for m, _ in q.answers]
            if all(m == "=" for m in markers) and len(markers) == 1:
                q.kind = "shortanswer"
            elif any(t.startswith("%") for _, t in q.answers):
                q.kind = "multi"
            else:
                q.kind = "multichoice"
        questions.append(q)
    return questions


def weight(answer_text: str) -> tuple[float, str]:
    """"%50%text" -> (50.0, "text")."""
    m = re.match(r"%(-?[\d.]+)%(.*)", answer_text, re.DOTALL)
    if not m:
        raise ValueError(f"no weight in {answer_text!r}")
    return float(m.group(1)), m.group(2)
