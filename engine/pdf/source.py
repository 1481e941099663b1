"""The Typst source of a worksheet, built from our own domain objects (Exercise, Question).

Nothing from the bank or a generator is pasted into the source as markup: prose goes in as Typst
string literals (``#"...";``, shown verbatim), math through engine.pdf.latex (a closed vocabulary,
or readable Unicode as a string when a formula cannot be converted), numbers as numbers. So a bank
file cannot run Typst code, read files or break the layout.

    document(exercises, questions, options) -> str      the whole .typ source
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.bank.model import MultiAnswer, NumericAnswer, OpenAnswer, Question, SymbolicAnswer, TrueFalseAnswer
from engine.export.common import answer_lines, label, letter, options_of, parts, pick, symbolic_hint
from engine.mathtext import to_unicode
from engine.numbers import number
from engine.pdf.latex import Unsafe, string_literal, to_typst
from engine.text import Text

PAPERS = {"a4": "a4", "us-letter": "us-letter", "letter": "us-letter"}
BODY_FONT = "Libertinus Serif"      # built into Typst, like the math and mono fonts below
MONO_FONT = "DejaVu Sans Mono"


@dataclass(frozen=True)
class SheetOptions:
    lang: str = "en"                 # zh | en | both
    answers: bool = True             # False: no answer key
    paper: str = "a4"                # a4 | us-letter
    header: str = ""                 # the selection and seed, on every page
    cjk_family: str | None = None    # the font family for Chinese (engine.pdf.fonts finds one)
    # decimals shown per step name (the drill's, for steps it asks more precisely); default 4
    digits: Callable[[Any], Mapping[str, int]] | None = None
    math: bool = True                # False: every formula as Unicode text (the fallback)


WORDS: dict[str, Text] = {
    "worksheet": Text("练习卷：手算", "Worksheet: by hand"),
    "questions": Text("深度学习面试题", "Deep-learning interview questions"),
    "exercise": Text("练习", "Exercise"),
    "given": Text("已知", "Given"),
    "fill": Text("按顺序填写", "Fill in, in this order"),
    "input": Text("输入", "input"),
    "layer": Text("层", "layer"),
    "loss": Text("损失", "loss"),
    "target": Text("目标", "target"),
    "answer_key": Text("答案与详细解答", "Answer key with worked solutions"),
    "worked": Text("详细解答（每一步都由上一步的结果算出）", "Worked solution (each step uses the values above it)"),
    "your_answer": Text("你的答案", "Your answer"),
    "seed": Text("种子", "seed"),
}
DIFFICULTY_WORDS = {"easy": Text("简单", "easy"), "medium": Text("中等", "medium"), "hard": Text("困难", "hard")}
TYPE_WORDS = {
    "choice": Text("单选", "choice"), "multi": Text("多选", "multiple choice"), "truefalse": Text("判断", "true/false"),
    "numeric": Text("计算", "numeric"), "symbolic": Text("推导", "expression"), "open": Text("简答", "open"),
    "generated": Text("生成", "generated"),
}


def w(key: str, lang: str) -> str:
    return pick(WORDS[key], lang, " / ")


# ---------------------------------------------------------------- the smallest pieces

def lit(text: str) -> str:
    """Plain text in markup: a string literal, ended with ``;`` so nothing after it can extend it."""
    return f"#{string_literal(text)};" if text else ""


def math_inline(latex: str, options: SheetOptions) -> str:
    if options.math:
        try:
            return f"${to_typst(latex)}$"
        except Unsafe:
            pass
    return lit(to_unicode(latex))


def math_block(latex: str, options: SheetOptions) -> str:
    if options.math:
        try:
            return f"$ {to_typst(latex)} $"
        except Unsafe:
            pass
    return f"#block({string_literal(to_unicode(latex))})"


_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def _prose(text: str) -> str:
    """Bank prose: **bold** kept, a blank line a new paragraph, a single newline a line break."""
    out = []
    for k, para in enumerate(re.split(r"\n\s*\n", text)):
        if k:
            out.append("#parbreak();")
        for j, line in enumerate(para.split("\n")):
            if j:
                out.append("#linebreak();")
            pos = 0
            for m in _BOLD.finditer(line):
                out.append(lit(line[pos:m.start()]))
                out.append(f"#strong({string_literal(m.group(1))});")
                pos = m.end()
            out.append(lit(line[pos:]))
    return "".join(out)


def rich(text: str, options: SheetOptions) -> str:
    """Bank text (prose, $math$, $$display$$, `code`, ```blocks```) as Typst markup."""
    out = []
    for kind, s in parts(text):
        if kind == "text":
            out.append(_prose(s))
        elif kind == "code":
            out.append(f"#raw({string_literal(s)});")
        elif kind == "block":
            out.append(f"#raw({string_literal(s.rstrip())}, block: true);")
        elif kind == "display":
            out.append(math_block(s, options))
        else:
            out.append(math_inline(s, options))
    return "".join(out)


_SUBSCRIPTED = re.compile(r"[A-Za-zδσηαβγμθΣ∂]+_(?:\{[^{}]*\}|\([^()]*\)|[A-Za-z0-9]+)")


def label_markup(text: str, options: SheetOptions) -> str:
    """A generator's label or prompt (plain Unicode, subscripts written W_1, δ_2, h_{t-1}) with its
    subscripts typeset."""
    out, pos = [], 0
    for m in _SUBSCRIPTED.finditer(text):
        out.append(_prose(text[pos:m.start()]))
        base, _, sub = m.group().partition("_")
        if sub.startswith("("):
            sub = "{" + sub[1:-1] + "}"
        latex = "".join(f"\\{GREEK_NAMES[c]} " if c in GREEK_NAMES else c for c in base) + "_" + sub
        out.append(math_inline(latex, options))
        pos = m.end()
    out.append(_prose(text[pos:]))
    return "".join(out)


GREEK_NAMES = {"δ": "delta", "σ": "sigma", "η": "eta", "α": "alpha", "β": "beta", "γ": "gamma", "μ": "mu",
               "θ": "theta", "Σ": "Sigma", "∂": "partial"}


# ---------------------------------------------------------------- numbers, vectors, matrices

_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def num(x: Any, digits: int = 4) -> str:
    """A number in Typst math, written as the drill writes it (engine.numbers.number)."""
    s = number(x, digits)
    return s if _PLAIN_NUMBER.fullmatch(s) else string_literal(s)


def value_math(v: Any, digits: int = 4) -> str:
    """A number, a vector (one row, as the drill shows it) or a matrix, in Typst math."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if not isinstance(v, (list, tuple)):
        return num(v, digits)
    if not v:
        return "[]"
    if isinstance(v[0], (list, tuple)):
        return "mat(" + "; ".join(", ".join(num(x, digits) for x in row) for row in v) + ")"
    return "mat(" + ", ".join(num(x, digits) for x in v) + ")"


def shape(v: Any) -> tuple[int, ...]:
    return tuple(np.shape(v))


# ---------------------------------------------------------------- names of givens and steps

_GREEK_WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "sigma", "tau", "phi"}
_SHORT = {"eps": "epsilon"}
# givens the prompts and formulas write otherwise
_NAMES = {"learning_rate": r"\eta", "h_prev": "h_{t-1}", "c_prev": "c_{t-1}", "max_norm": r"\mathrm{max\_norm}",
          "lr": r"\mathrm{lr}", "h0": "h_0", "grads": "g"}


def name_latex(name: str) -> str:
    """A given's name in the notes' notation: W_xh -> W_{xh}, beta1 -> \\beta_{1}, h_prev -> h_{prev}."""
    if name in _NAMES:
        return _NAMES[name]
    base, _, sub = name.partition("_")
    m = re.fullmatch(r"([A-Za-z]+?)(\d+)", base)
    if m and not sub:
        base, sub = m.groups()
    base = _SHORT.get(base, base)
    if base in _GREEK_WORDS:
        head = "\\" + base
    elif len(base) == 1:
        head = base
    else:
        head = r"\mathrm{" + base + "}"
    if sub:
        sub = sub.replace("_", r"\_")
        head += "_{" + (sub if len(sub) <= 2 or sub.isdigit() else r"\mathrm{" + sub + "}") + "}"
    return head


def given_items(given: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(LaTeX name, value) for every given: per-layer lists (W, b of an MLP) and per-gate tables (W of
    an LSTM) split so that the names match the prompt's W_1, b_2, W_i ..."""
    items: list[tuple[str, Any]] = []
    per_layer = "layer_sizes" in given
    for name, v in given.items():
        if hasattr(v, "tolist"):
            v = v.tolist()
        if isinstance(v, Mapping):
            items += [(f"{name}_{{{part}}}", x) for part, x in v.items()]
        elif per_layer and name in ("W", "b") and isinstance(v, list):
            items += [(f"{name}_{{{i + 1}}}", x) for i, x in enumerate(v)]
        elif isinstance(v, list) and v and isinstance(v[0], list) and len({len(r) for r in v}) > 1:
            items += [(f"{name_latex(name)}_{{{i + 1}}}", x) for i, x in enumerate(v)]
        else:
            items.append((name_latex(name), v))
    return items


def split_top(formula: str) -> tuple[str, str | None]:
    """(left side, right side) of a step's formula at its first top-level ← or =; (formula, None)
    when it has neither (the formula is then the quantity itself, e.g. Q K^T)."""
    depth = 0
    i = 0
    while i < len(formula):
        ch = formula[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            if formula.startswith(r"\leftarrow", i):
                return formula[:i].strip(), formula[i + len(r"\leftarrow"):].strip()
            if ch == "=":
                return formula[:i].strip(), formula[i + 1:].strip()
        elif ch == "\\" and i + 1 < len(formula):
            i += 1
        i += 1
    return formula.strip(), None


def step_symbol(step) -> str:
    """What a step computes, as LaTeX: its formula's left side (W_1' for an updated parameter)."""
    lhs, rhs = split_top(step.formula)
    if rhs is not None and ("W_new" in step.name or "b_new" in step.name):
        m = re.fullmatch(r"(\\?[A-Za-z]+)(_.*)", lhs)
        return f"{m.group(1)}'{m.group(2)}" if m else lhs + "'"   # W'_1, not W_(1')
    return lhs


# ---------------------------------------------------------------- one generated exercise

def _is_text(v: Any) -> bool:
    return isinstance(v, str) or (isinstance(v, list) and bool(v) and all(isinstance(x, str) for x in v))


def given_block(exercise, options: SheetOptions) -> str:
    cells = []
    for latex, v in given_items(exercise.given):
        if _is_text(v):
            shown = ", ".join(v) if isinstance(v, list) else v
            cells.append(f"[{math_inline(latex, options)}: {lit(shown)}]")
        elif isinstance(v, list) and v and all(isinstance(x, int) for x in v) and latex == r"\mathrm{layer}_{\mathrm{sizes}}":
            cells.append(f"[{lit('layer sizes')}: {lit('-'.join(map(str, v)))}]")
        else:
            try:
                name = to_typst(latex) if options.math else None
            except Unsafe:
                name = None
            if name is None:
                cells.append(f"[{lit(to_unicode(latex) + ' = ')}${value_math(v)}$]")
            else:
                cells.append(f"[${name} = {value_math(v)}$]")
    return ("#grid(columns: (1fr, 1fr, 1fr), column-gutter: 10pt, row-gutter: 6pt, align: horizon, "
            + ", ".join(cells) + ")")


def network_diagram(given: Mapping[str, Any], options: SheetOptions) -> str:
    """The layers as columns of units joined by every weight, each column named with its size and
    activation, and the loss against the target at the end. All coordinates are ours (mm)."""
    from engine.generators.mlp_solve import LOSS_WORDS

    sizes = [int(n) for n in given["layer_sizes"]]
    acts = list(given["activations"])
    gap, step_y, r = 30.0, 7.0, 2.4
    tallest = max(sizes)
    height = tallest * step_y + 11
    columns = len(sizes)
    width = (columns - 1) * gap + 70
    xs = [12 + i * gap for i in range(columns)]

    def ys(n: int) -> list[float]:
        top = (tallest - n) * step_y / 2 + 4
        return [top + k * step_y + r for k in range(n)]

    parts_: list[str] = []
    for i in range(columns - 1):
        for y1 in ys(sizes[i]):
            for y2 in ys(sizes[i + 1]):
                parts_.append(f"#place(line(start: ({xs[i]:.1f}mm, {y1:.1f}mm), end: ({xs[i + 1]:.1f}mm, {y2:.1f}mm), "
                              "stroke: 0.4pt + luma(160)))")
    for i, n in enumerate(sizes):
        for y in ys(n):
            parts_.append(f"#place(dx: {xs[i] - r:.1f}mm, dy: {y - r:.1f}mm, circle(radius: {r}mm, fill: white, "
                          "stroke: 0.7pt + luma(60)))")
        if i == 0:
            caption = f"{lit(w('input', options.lang))} $x$ ({n})"
        else:
            caption = f"{lit(w('layer', options.lang))} {i} ({n}): {lit(acts[i - 1])}"
        parts_.append(f"#place(dx: {xs[i] - 14:.1f}mm, dy: {height - 5:.1f}mm, box(width: 28mm, "
                      f"align(center, text(size: 7.5pt)[{caption}])))")
    loss = pick(LOSS_WORDS.get(given["loss"], Text.same(given["loss"])), options.lang, " / ")
    mid = tallest * step_y / 2 + 4
    x_last = xs[-1] + r + 2
    parts_.append(f"#place(line(start: ({x_last:.1f}mm, {mid:.1f}mm), end: ({x_last + 8:.1f}mm, {mid:.1f}mm), "
                  "stroke: 0.7pt + luma(60)))")
    parts_.append(f"#place(dx: {x_last + 9:.1f}mm, dy: {mid - 5:.1f}mm, box(width: 46mm, stroke: 0.7pt + luma(60), "
                  f"inset: 3pt, radius: 2pt, text(size: 7.5pt)[{lit(w('loss', options.lang))} $L$: {lit(loss)} "
                  f"#linebreak(); {lit(w('target', options.lang))} $y$]))")
    return f"#box(width: {width:.1f}mm, height: {height:.1f}mm)[{''.join(parts_)}]"


def fill_in(step) -> str:
    """The boxes for one step (a Typst code expression): one per entry, in the value's shape."""
    dims = shape(step.value)
    rows, cols = (1, 1) if not dims else (1, dims[0]) if len(dims) == 1 else (dims[0], dims[1])
    return f"cells({rows}, {cols})"


def step_title(i: int, step, options: SheetOptions) -> str:
    words = pick(step.label, options.lang, " / ") if step.label else step.name
    return f"#strong[{i}.] {label_markup(words, options)}"


def exercise_sheet(number_: int, exercise, title: Text | None, options: SheetOptions) -> str:
    lang = options.lang
    head = pick(title, lang, " · ") if title else exercise.kind
    meta = f"{exercise.kind} · {pick(DIFFICULTY_WORDS[exercise.difficulty], lang, '/')} · {w('seed', lang)} {exercise.seed}"
    out = [f"#heading(level: 2, {string_literal(w('exercise', lang) + f' {number_}. {head}')})",
           f"#text(size: 8pt, fill: luma(90), {string_literal(meta)})", "",
           f"#block({_prompt_markup(exercise, options)})"]
    if "layer_sizes" in exercise.given and "activations" in exercise.given:
        out += [f"#block(breakable: false)[{network_diagram(exercise.given, options)}]"]
    out += [f"#strong({string_literal(w('given', lang))})", "", given_block(exercise, options), "",
            f"#strong({string_literal(w('fill', lang))})", ""]
    cells = []
    for i, step in enumerate(exercise.steps, 1):
        symbol = math_inline(step_symbol(step) + " =", options)
        cells.append(f"block(breakable: false)[{step_title(i, step, options)} #linebreak() "
                     f"#box(baseline: 40%)[{symbol}] #box(baseline: 40%, {fill_in(step)})]")
    out.append("#grid(columns: (1fr, 1fr), column-gutter: 14pt, row-gutter: 9pt, " + ", ".join(cells) + ")")
    out.append("#v(6pt)")
    return "\n".join(out)


def _prompt_markup(exercise, options: SheetOptions) -> str:
    text = pick(exercise.prompt, options.lang)
    return "[" + (rich(text, options) if "$" in text else label_markup(text, options)) + "]"


def exercise_key(number_: int, exercise, title: Text | None, options: SheetOptions) -> str:
    """The worked solution, step by step as the drill shows it: what, the formula, the numbers."""
    lang = options.lang
    digits = dict(options.digits(exercise)) if options.digits else {}
    head = pick(title, lang, " · ") if title else exercise.kind
    out = [f"#heading(level: 2, {string_literal(w('exercise', lang) + f' {number_}. {head}')})",
           f"#text(size: 8pt, fill: luma(90), {string_literal(w('worked', lang))})", ""]
    for i, step in enumerate(exercise.steps, 1):
        symbol = step_symbol(step)
        out.append(f"#block(breakable: false)[{step_title(i, step, options)} #linebreak() "
                   f"#pad(left: 12pt)[{math_inline(step.formula, options)} #linebreak() "
                   f"{_equals(symbol, step.value, digits.get(step.name, 4), options)}]]")
    return "\n".join(out)


def _equals(symbol: str, v: Any, digits: int, options: SheetOptions) -> str:
    try:
        name = to_typst(symbol) if options.math else None
    except Unsafe:
        name = None
    if name is None:
        return f"{lit(to_unicode(symbol) + ' = ')}${value_math(v, digits)}$"
    return f"${name} = {value_math(v, digits)}$"


# ---------------------------------------------------------------- one bank question

def question_sheet(number_: int, q: Question, options: SheetOptions) -> str:
    lang = options.lang
    meta = f"{q.id} · {pick(TYPE_WORDS.get(q.type, Text.same(q.type)), lang, '/')} · " + \
        "★" * q.difficulty + "☆" * (3 - q.difficulty)
    out = [f"#block(breakable: true)[#strong[{number_}.] #text(size: 8pt, fill: luma(90), raw({string_literal(meta)}))"
           f" #linebreak() {rich(pick(q.prompt, lang), options)}"]
    a = q.answer
    if isinstance(a, MultiAnswer):
        out.append(f" #linebreak() #emph({string_literal(label('select_all', lang))})")
    if isinstance(a, SymbolicAnswer):
        out.append(f" #linebreak() #emph[{rich(symbolic_hint(q, lang), options)}]")
    opts = options_of(q)
    if opts:
        mark = "☐" if isinstance(a, MultiAnswer) else "○"
        items = ", ".join(f"[{mark} #strong[{letter(i)}.] {rich(pick(o, lang, ' / '), options)}]" for i, o in enumerate(opts))
        out.append(f"#pad(left: 10pt, stack(spacing: 5pt, {items}))")
    elif isinstance(a, TrueFalseAnswer):
        out.append(f"#pad(left: 10pt)[○ {lit(label('true', lang))} #h(2em) ○ {lit(label('false', lang))}]")
    elif isinstance(a, NumericAnswer):
        out.append(f"#pad(left: 10pt)[{lit(w('your_answer', lang))}: #box(baseline: 30%, blank(w: 60mm))]")
    elif isinstance(a, SymbolicAnswer):
        out.append("#area(16mm)")
    elif isinstance(a, OpenAnswer):
        out.append("#area(34mm)")
    out.append("]")
    return "\n".join(out)


def question_key(number_: int, q: Question, options: SheetOptions) -> str:
    lang = options.lang
    answer = " #linebreak() ".join(rich(line, options) for line in answer_lines(q, lang))
    return (f"#block(breakable: true)[#strong[{number_}.] #text(size: 8pt, fill: luma(90), raw({string_literal(q.id)}))"
            f" #linebreak() #strong({string_literal(label('answer', lang) + ': ')}) {answer}"
            f" #parbreak() {rich(pick(q.explanation, lang), options)}"
            f" #parbreak() #text(size: 8pt, fill: luma(90), {string_literal(label('source', lang) + ': ' + q.source)})]")


# ---------------------------------------------------------------- the document

PREAMBLE = """\
#set document(title: {title})
#set page(paper: "{paper}", margin: (x: 16mm, top: 20mm, bottom: 18mm),
  header: [#set text(size: 8pt, fill: luma(90)); {header} #h(1fr) {title_lit} #v(-4pt) #line(length: 100%, stroke: 0.4pt + luma(170))],
  footer: context [#set align(center); #set text(size: 8pt, fill: luma(90)); #counter(page).display("1 / 1", both: true)])
#set text(font: {fonts}, size: 10pt, lang: "{text_lang}")
#show raw: set text(font: {mono_fonts}, size: 8.5pt)
#set par(leading: 0.6em)
#set math.mat(delim: "[")
#show heading.where(level: 1): set text(size: 15pt)
#show heading.where(level: 2): set text(size: 11.5pt)
#show heading: set block(above: 1.1em, below: 0.6em)
#let blank(w: 13mm, h: 6.5mm) = box(width: w, height: h, stroke: 0.5pt + luma(110), radius: 1.5pt)
#let cells(rows, cols) = grid(columns: cols, gutter: 3pt, ..range(rows * cols).map(_ => blank()))
#let area(h) = block(width: 100%, height: h, stroke: (paint: luma(150), thickness: 0.5pt, dash: "dashed"), radius: 2pt)
"""


def document(exercises: Sequence[Any], questions: Sequence[Question], options: SheetOptions,
             titles: Mapping[str, Text] | None = None) -> str:
    """The whole worksheet: exercises (engine.generators Exercise) and bank questions, then (unless
    ``options.answers`` is False) the answer key on a new page."""
    from engine.export.markdown import by_topic, topic_title

    lang = options.lang
    titles = titles or {}
    title = w("worksheet" if exercises and not questions else "questions", lang)
    fonts = [BODY_FONT] + ([options.cjk_family] if options.cjk_family else [])
    mono = [MONO_FONT] + ([options.cjk_family] if options.cjk_family else [])
    out = [PREAMBLE.format(
        title=string_literal(title), title_lit=lit(title), header=lit(options.header),
        paper=PAPERS[options.paper], fonts=_array(fonts), mono_fonts=_array(mono),
        text_lang="zh" if lang == "zh" else "en")]
    out.append(f"#heading(level: 1, {string_literal(title)})")
    for i, e in enumerate(exercises, 1):
        if i > 1:
            out.append("#pagebreak(weak: true)")   # one exercise to a page (a hard one may need two)
        out.append(exercise_sheet(i, e, titles.get(e.kind), options))
    numbered: list[Question] = []
    for slug, group in by_topic(list(questions)):
        out.append(f"#heading(level: 2, {string_literal(topic_title(slug, lang))})")
        for q in group:
            numbered.append(q)
            out.append(question_sheet(len(numbered), q, options))
    if options.answers:
        out.append("#pagebreak()")
        out.append(f"#heading(level: 1, {string_literal(w('answer_key', lang))})")
        if exercises:
            keys = "\n".join(exercise_key(i, e, titles.get(e.kind), options) for i, e in enumerate(exercises, 1))
            out.append(f"#columns(2, gutter: 14pt)[\n{keys}\n]")
        for i, q in enumerate(numbered, 1):
            out.append(question_key(i, q, options))
    return "\n\n".join(out) + "\n"


def _array(items: Sequence[str]) -> str:
    return "(" + ", ".join(string_literal(s) for s in items) + ",)"
