"""Recursive-descent parser: tokens -> whitelisted syntax tree (tree.Expr). Never evaluates text.

Grammar, loosest first:
    ternary  := or_ ( "?" ternary ":" ternary | "if" or_ "else" ternary )?
    or_      := and_ ("or" and_)*          and_ := not_ ("and" not_)*
    not_     := "not" not_ | compare       compare := arith (cmpop arith)*
    arith    := term (("+" | "-") term)*
    term     := unary (("*" | "/" | implicit) unary)*     implicit before a name, "(", "√", "|"
    unary    := ("-" | "+") unary | power
    power    := primary (("^" | "**") unary)?            right-associative: 2^3^2 = 2^9
    primary  := number | name | function "(" args ")" | "(" ternary ")" | "|" ternary "|" | "√" power
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from engine.checking.errors import ParseError
from engine.checking.functions import CONSTANTS, FUNCTIONS, GREEK_PRETTY, canonical_function, pretty_name
from engine.checking.lexer import Token, tokenize
from engine.checking.tree import Expr

MAX_DEPTH = 40            # levels of nesting (each (, |, function call, sign, power, ?: counts one)
MAX_EXPONENT = 10_000     # a constant exponent beyond this is refused before anything evaluates it
CMP_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "=": "==", "!=": "!="}


class Parser:
    def __init__(self, tokens: list[Token], variables: Iterable[str], aliases: Mapping[str, Expr]):
        self.tokens = tokens
        self.i = 0
        self.variables = tuple(variables)
        self.aliases = dict(aliases)
        self.depth = 0
        self.abs_depth = 0

    # -- helpers -------------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def at(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def at_kw(self, word: str) -> bool:
        return self.tok.kind == "kw" and self.tok.text == word

    def error(self, en: str, zh: str, pos: int) -> ParseError:
        return ParseError(en, zh, pos)

    def unexpected(self) -> ParseError:
        tok = self.tok
        if tok.kind == "end":
            return self.error(f"the answer ends too early at position {tok.pos + 1} — something is missing",
                              f"答案在第 {tok.pos + 1} 个位置提前结束——缺了一部分", tok.pos)
        shown = tok.text
        if tok.kind == "op" and tok.text == "!":
            return self.error(f"factorial '!' at position {tok.pos + 1} is not supported",
                              f"第 {tok.pos + 1} 个位置的阶乘 '!' 不受支持", tok.pos)
        if tok.kind == "op" and tok.text == ";":
            return self.error(f"unexpected ';' at position {tok.pos + 1} — type a single expression",
                              f"第 {tok.pos + 1} 个位置有多余的 ';'——只输入一个表达式", tok.pos)
        return self.error(f"unexpected '{shown}' at position {tok.pos + 1}",
                          f"第 {tok.pos + 1} 个位置出现了意外的 '{shown}'", tok.pos)

    def expect(self, op: str, opened_at: int | None = None) -> None:
        if self.at(op):
            self.advance()
            return
        if opened_at is not None and self.tok.kind == "end":
            raise self.error(f"missing '{op}' for the one opened at position {opened_at + 1}",
                             f"第 {opened_at + 1} 个位置打开的括号缺少对应的 '{op}'", opened_at)
        raise self.unexpected()

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"the answer is nested too deeply at position {pos + 1} (at most {MAX_DEPTH} levels)",
                             f"第 {pos + 1} 个位置嵌套太深（最多 {MAX_DEPTH} 层）", pos)

    def value(self, node: Expr) -> Expr:
        if node.is_boolean:
            raise self.error(
                f"the comparison at position {node.pos + 1} is not a value — for a piecewise answer write "
                "'cond ? a : b' or 'a if cond else b'",
                f"第 {node.pos + 1} 个位置的比较不是一个数值——分段答案请写成 'cond ? a : b' 或 'a if cond else b'",
                node.pos)
        return node

    def condition(self, node: Expr) -> Expr:
        if not node.is_boolean:
            raise self.error(f"the condition at position {node.pos + 1} must be a comparison such as x > 0",
                             f"第 {node.pos + 1} 个位置的条件必须是比较，例如 x > 0", node.pos)
        return node

    # -- grammar -------------------------------------------------------------------------------
    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise self.error("the answer is empty", "答案为空", 0)
        node = self.ternary()
        if self.tok.kind != "end":
            tok = self.tok
            if tok.kind == "num":
                raise self.error(f"missing operator before the number at position {tok.pos + 1}",
                                 f"第 {tok.pos + 1} 个位置的数字前缺少运算符", tok.pos)
            raise self.unexpected()
        return self.value(node)

    def ternary(self) -> Expr:
        first = self.or_()
        if self.at("?"):
            self.enter(self.advance().pos)
            then = self.value(self.ternary())
            self.expect(":")
            other = self.value(self.ternary())
            first = Expr("if", (self.condition(first), then, other), pos=first.pos)
            self.depth -= 1
        elif self.at_kw("if"):
            self.enter(self.advance().pos)
            cond = self.condition(self.or_())
            if not self.at_kw("else"):
                raise self.error(f"'if' without 'else' — write 'a if cond else b' (at position {self.tok.pos + 1})",
                                 f"'if' 缺少 'else'——请写成 'a if cond else b'（第 {self.tok.pos + 1} 个位置）",
                                 self.tok.pos)
            self.advance()
            other = self.value(self.ternary())
            first = Expr("if", (cond, self.value(first), other), pos=first.pos)
            self.depth -= 1
        return first

    def or_(self) -> Expr:
        args = [self.and_()]
        while self.at_kw("or"):
            self.advance()
            args.append(self.condition(self.and_()))
        if len(args) == 1:
            return args[0]
        return Expr("or", tuple([self.condition(args[0])] + args[1:]), pos=args[0].pos)

    def and_(self) -> Expr:
        args = [self.not_()]
        while self.at_kw("and"):
            self.advance()
            args.append(self.condition(self.not_()))
        if len(args) == 1:
            return args[0]
        return Expr("and", tuple([self.condition(args[0])] + args[1:]), pos=args[0].pos)

    def not_(self) -> Expr:
        if self.at_kw("not"):
            pos = self.advance().pos
            self.enter(pos)
            inner = self.condition(self.not_())
            self.depth -= 1
            return Expr("not", (inner,), pos=pos)
        return self.compare()

    def compare(self) -> Expr:
        first = self.arith()
        if not (self.tok.kind == "op" and self.tok.text in CMP_OPS):
            return first
        ops, args = [], [self.value(first)]
        while self.tok.kind == "op" and self.tok.text in CMP_OPS:
            ops.append(CMP_OPS[self.advance().text])
            args.append(self.value(self.arith()))
        return Expr("cmp", tuple(args), tuple(ops), pos=first.pos)

    def arith(self) -> Expr:
        terms, signs = [self.term()], [1]
        while self.at("+", "-"):
            signs.append(1 if self.advance().text == "+" else -1)
            terms.append(self.value(self.term()))
        if len(terms) == 1:
            return terms[0]
        self.value(terms[0])
        return Expr("add", tuple(terms), tuple(signs), pos=terms[0].pos)

    def starts_implicit_factor(self) -> bool:
        tok = self.tok
        if tok.kind == "name":
            return True
        if tok.kind == "num":
            raise self.error(f"missing operator before the number at position {tok.pos + 1}",
                             f"第 {tok.pos + 1} 个位置的数字前缺少运算符", tok.pos)
        if tok.kind == "op":
            return tok.text in ("(", "√") or (tok.text == "|" and self.abs_depth == 0)
        return False

    def term(self) -> Expr:
        factors, ops = [self.unary()], [1]
        while True:
            if self.at("*", "/"):
                ops.append(1 if self.advance().text == "*" else -1)
                factors.append(self.value(self.unary()))
            elif self.starts_implicit_factor():
                ops.append(1)
                factors.append(self.value(self.unary()))
            else:
                break
        if len(factors) == 1:
            return factors[0]
        self.value(factors[0])
        return Expr("mul", tuple(factors), tuple(ops), pos=factors[0].pos)

    def unary(self) -> Expr:
        if self.at("-", "+"):
            tok = self.advance()
            self.enter(tok.pos)
            inner = self.value(self.unary())
            self.depth -= 1
            return Expr("neg", (inner,), pos=tok.pos) if tok.text == "-" else inner
        return self.power()

    def power(self) -> Expr:
        base = self.primary()
        if self.at("!"):
            raise self.unexpected()
        if not self.at("^", "**"):
            return base
        tok = self.advance()
        self.enter(tok.pos)
        exponent = self.value(self.unary())
        self.depth -= 1
        node = Expr("pow", (self.value(base), exponent), pos=base.pos)
        self.check_size(node, tok.pos)
        return node

    def check_size(self, node: Expr, pos: int) -> None:
        """Refuse constant powers that would overflow, before any evaluator (sympy!) sees them."""
        from engine.checking.evaluate import constant_value

        exponent = constant_value(node.args[1])
        if exponent is not None and exponent != exponent:
            raise self.error(f"the exponent at position {pos + 1} has no value (0/0, log of a negative, ...)",
                             f"第 {pos + 1} 个位置的指数没有值（0/0、负数取对数等）", pos)
        too_big = exponent is not None and abs(exponent) > MAX_EXPONENT
        if not too_big and exponent is not None and constant_value(node.args[0]) is not None:
            result = constant_value(node)
            too_big = result is not None and abs(result) > 1e300
        if too_big:
            raise self.error(f"the power at position {pos + 1} is too large to be an answer",
                             f"第 {pos + 1} 个位置的幂太大，不可能是答案", pos)

    def primary(self) -> Expr:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            return Expr("num", value=(tok.value, tok.text), pos=tok.pos)
        if tok.kind == "name":
            return self.name()
        if tok.kind == "op" and tok.text == "(":
            self.advance()
            self.enter(tok.pos)
            saved, self.abs_depth = self.abs_depth, 0     # inside ( ), a '|' opens a new |...|
            inner = self.ternary()
            self.expect(")", tok.pos)
            self.abs_depth = saved
            self.depth -= 1
            return inner
        if tok.kind == "op" and tok.text == "|":
            self.advance()
            self.enter(tok.pos)
            self.abs_depth += 1
            inner = self.value(self.ternary())
            self.expect("|", tok.pos)
            self.abs_depth -= 1
            self.depth -= 1
            return Expr("call", (inner,), "abs", pos=tok.pos)
        if tok.kind == "op" and tok.text == "√":
            self.advance()
            self.enter(tok.pos)
            inner = self.value(self.power())
            self.depth -= 1
            return Expr("call", (inner,), "sqrt", pos=tok.pos)
        if tok.kind == "op" and tok.text in ("[", "]"):
            raise self.error(f"'{tok.text}' at position {tok.pos + 1}: use ( ) to group",
                             f"第 {tok.pos + 1} 个位置的 '{tok.text}'：分组请用圆括号 ( )", tok.pos)
        if tok.kind == "kw":
            raise self.error(f"'{tok.text}' at position {tok.pos + 1} cannot start a value",
                             f"第 {tok.pos + 1} 个位置的 '{tok.text}' 不能作为数值的开头", tok.pos)
        raise self.unexpected()

    def name(self) -> Expr:
        tok = self.advance()
        name = tok.text
        if name in self.variables:
            return Expr("var", value=name, pos=tok.pos)
        if name in self.aliases:
            return Expr("alias", (self.aliases[name],), name, pos=tok.pos)
        if name in CONSTANTS:
            return Expr("const", value=name, pos=tok.pos)
        fname = canonical_function(name)
        if fname is not None:
            return self.call(fname, tok)
        raise self.unknown_name(tok)

    def call(self, fname: str, tok: Token) -> Expr:
        power = None
        if self.at("^", "**"):                       # tanh^2(x), tanh²(x): the square of tanh(x)
            caret = self.advance()
            power = self.primary()
            if power.kind != "num" or power.value[0].denominator != 1 or power.value[0] < 1 or \
                    power.value[0] > 100 or not self.at("("):
                raise self.error(f"write {tok.text}(...)^n for a power of {tok.text} (position {caret.pos + 1})",
                                 f"{tok.text} 的幂请写成 {tok.text}(...)^n（第 {caret.pos + 1} 个位置）", caret.pos)
        if not self.at("("):
            raise self.error(f"{tok.text} at position {tok.pos + 1} needs parentheses: {tok.text}(x)",
                             f"第 {tok.pos + 1} 个位置的 {tok.text} 需要括号：{tok.text}(x)", tok.pos)
        opened = self.advance().pos
        self.enter(opened)
        saved, self.abs_depth = self.abs_depth, 0
        args = [self.value(self.ternary())]
        while self.at(","):
            self.advance()
            args.append(self.value(self.ternary()))
        self.expect(")", opened)
        self.abs_depth = saved
        self.depth -= 1
        fewest, most, _ = FUNCTIONS[fname]
        if not fewest <= len(args) <= most:
            want = str(fewest) if fewest == most else f"{fewest} to {most}"
            raise self.error(f"{tok.text} at position {tok.pos + 1} takes {want} {'argument' if str(want) == '1' else 'arguments'}, got {len(args)}",
                             f"第 {tok.pos + 1} 个位置的 {tok.text} 需要 {want} 个参数，实际有 {len(args)} 个",
                             tok.pos)
        node = Expr("call", tuple(args), fname, pos=tok.pos)
        if power is not None:
            node = Expr("pow", (node, power), pos=tok.pos)
        return node

    def unknown_name(self, tok: Token) -> ParseError:
        name = tok.text
        known = list(self.variables) + list(self.aliases) + ["e"]
        split = _split_into(name, known)
        shown = f"{name}' ({GREEK_PRETTY[name]})" if name in GREEK_PRETTY else f"{name}'"
        listed = ", ".join(pretty_name(v) for v in list(self.variables) + list(self.aliases))
        glued = _function_glued(name, known)
        if glued:
            hint_en = f" — did you mean {glued}?"
            hint_zh = f"——是不是 {glued}？"
        elif split:
            hint_en = f" — missing *? (did you mean {'*'.join(split)}?)"
            hint_zh = f"——是否漏了 *？（是不是 {'*'.join(split)}？）"
        elif len(name) > 1 and not name.isalpha():
            hint_en = hint_zh = ""
        elif len(name) > 1 and name not in GREEK_PRETTY:
            hint_en, hint_zh = " — missing *?", "——是否漏了 *？"
        else:
            hint_en = hint_zh = ""
        if not self.variables and not self.aliases:
            return self.error(f"unknown name '{shown} at position {tok.pos + 1} — only numbers, e and π may be used here",
                              f"第 {tok.pos + 1} 个位置有未知的名字 '{shown}——这里只能用数字、e 和 π", tok.pos)
        return self.error(
            f"unknown name '{shown} at position {tok.pos + 1}{hint_en} (variables here: {listed})",
            f"第 {tok.pos + 1} 个位置有未知的名字 '{shown}{hint_zh}（此处的变量：{listed}）",
            tok.pos)


def _split_into(word: str, known: list[str]) -> list[str] | None:
    """Split ``word`` into a sequence of known names, if possible (only for the hint): the split
    whose first name is the longest possible, then the next, and so on.

    Dynamic programming over positions, O(len(word) · len(known)): a name of 60 x's and a y with
    the variables x and xx has 2^60 splits, and trying them one by one hung the bank loader."""
    names = sorted({k for k in known if k}, key=len, reverse=True)
    n = len(word)
    # first[i]: the longest name that starts a complete split of word[i:] (None: no split)
    first: list[str | None] = [None] * (n + 1)
    ok = [False] * (n + 1)
    ok[n] = True
    for i in range(n - 1, -1, -1):
        for k in names:
            if ok[min(i + len(k), n)] and i + len(k) <= n and word.startswith(k, i):
                first[i], ok[i] = k, True
                break
    if not ok[0]:
        return None
    out, i = [], 0
    while i < n:
        out.append(first[i])
        i += len(first[i])
    return out


def _function_glued(word: str, known: list[str]) -> str | None:
    """'cosx' -> 'cos(x)' when a function name is glued to known names (only for the hint)."""
    for cut in range(len(word) - 1, 1, -1):
        fname = canonical_function(word[:cut])
        if fname is not None:
            rest = _split_into(word[cut:], known)
            if rest:
                return f"{word[:cut]}({'*'.join(rest)})"
    return None


def parse_aliases(aliases: Mapping[str, str] | None, variables: Iterable[str],
                  notes: list[tuple[str, str]] | None = None) -> dict[str, Expr]:
    """Parse alias definitions (each may use the variables, not other aliases)."""
    out: dict[str, Expr] = {}
    variables = tuple(variables)
    for name, definition in (aliases or {}).items():
        try:
            out[name] = Parser(tokenize(definition, variables, notes), variables, {}).parse()
        except ParseError as exc:
            raise ParseError(f"alias '{name}' = '{definition}': {exc.message}",
                             f"别名 '{name}' = '{definition}'：{exc.message_zh}", None) from None
    return out


def parse(text: str, *, variables: Iterable[str] = ("x",), aliases: Mapping[str, str] | None = None,
          constants: Iterable[str] = (), notes: list[tuple[str, str]] | None = None) -> Expr:
    """Read ``text`` in the checker syntax into a syntax tree; raises ParseError.

    variables  names the answer may use (sampled when comparing)
    aliases    names standing for expressions, e.g. {"s": "sigma(x)"}
    constants  further names accepted like variables (e.g. a question's fixed hyper-parameters)
    notes      if given, (English, Chinese) notes on readings that were ambiguous are appended
               (``2e+3`` where e is a variable), for the "read as" line

    Linear in the length of the text (at most normalize.MAX_LENGTH characters), hints included, so
    a parse needs no time limit of its own: the bank loader and the live preview call it directly.
    """
    if not isinstance(text, str):
        raise ParseError("the answer must be text", "答案必须是文本", None)
    names = tuple(variables) + tuple(constants)
    return Parser(tokenize(text, names + tuple(aliases or ()), notes), names,
                  parse_aliases(aliases, names)).parse()


def read_as(tree: Expr, notes: list[tuple[str, str]], lang: str = "en") -> str:
    """The "read as" line: the pretty-printed tree, then any notes on ambiguous readings."""
    shown = tree.pretty()
    if not notes:
        return shown
    return shown + " (" + "; ".join(n[1] if lang == "zh" else n[0] for n in notes) + ")"
