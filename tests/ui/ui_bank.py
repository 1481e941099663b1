"""A small bank with one question of every type, built from the shared Question model.

The facts are real (tests assert on what a learner would see), and the expected answers below were
worked out by hand, independently of the app and the checker.
"""

from __future__ import annotations

from engine.bank.loader import Bank
from engine.bank.model import (ChoiceAnswer, GeneratedAnswer, MultiAnswer, NumericAnswer, OpenAnswer, Question,
                               SymbolicAnswer, TrueFalseAnswer)
from engine.text import Text

T = Text


def _q(qid: str, topic: str, type_: str, prompt: Text, answer, tags=("activation",), difficulty=1) -> Question:
    return Question(
        id=qid, topic=topic, type=type_, difficulty=difficulty, tags=tags, prompt=prompt,
        explanation=T("因为 $\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$，在 $x=0$ 时最大。",
                      "Because $\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$, largest at $x = 0$."),
        source="notes 1.3", answer=answer, origin="fixture")


CHOICE = _q("nn-basics/sigmoid-derivative-max", "nn-basics", "choice",
            T("sigmoid 的导数 $\\sigma'(x)$ 的最大值是多少？", "What is the largest value of the sigmoid's derivative $\\sigma'(x)$?"),
            ChoiceAnswer((T("0.25，在 $x=0$ 处", "0.25, at $x = 0$"), T("0.5，在 $x=0$ 处", "0.5, at $x = 0$"), T("1", "1")), 0))
MULTI = _q("nn-basics/saturating", "nn-basics", "multi",
           T("哪些激活函数是饱和的？", "Which activation functions saturate?"),
           MultiAnswer((T("sigmoid", "sigmoid"), T("ReLU", "ReLU"), T("tanh", "tanh")), frozenset({0, 2})),
           tags=("activation", "saturation"))
TRUEFALSE = _q("nn-basics/relu-derivative", "nn-basics", "truefalse",
               T("对 $x > 0$，ReLU 的导数等于 1。", "For $x > 0$ the derivative of ReLU is 1."),
               TrueFalseAnswer(True), tags=("relu",))
NUMERIC = _q("attention/softmax-two", "attention", "numeric",
             T("$\\mathrm{softmax}([0, \\ln 3])$ 的第二个分量是多少？", "What is the second entry of $\\mathrm{softmax}([0, \\ln 3])$?"),
             NumericAnswer(0.75), tags=("softmax",))
VECTOR = _q("attention/softmax-vector", "attention", "numeric",
            T("计算 $\\mathrm{softmax}([0, 0])$。", "Compute $\\mathrm{softmax}([0, 0])$."),
            NumericAnswer([0.5, 0.5]), tags=("softmax",))
SYMBOLIC = _q("nn-basics/sigmoid-derivative-formula", "nn-basics", "symbolic",
              T("用 $\\sigma(x)$ 表示 $\\sigma'(x)$。", "Write $\\sigma'(x)$ in terms of $\\sigma(x)$."),
              SymbolicAnswer("sigma(x)*(1 - sigma(x))", forbid=("exp",), form=T("用 σ(x) 表示", "in terms of σ(x)")))
OPEN = _q("training/why-batchnorm", "training", "open",
          T("为什么 BatchNorm 能加速训练？", "Why does BatchNorm speed up training?"),
          OpenAnswer(T("它把每层输入标准化……", "It normalises each layer's inputs ..."),
                     (T("允许更大的学习率", "allows larger learning rates"), T("减轻对初始化的敏感", "less sensitive to initialisation"))),
          tags=("batchnorm",))
GENERATED = _q("nn-basics/relu-at-point", "nn-basics", "generated",
               T("计算激活函数及其导数。", "Compute an activation and its derivative."),
               GeneratedAnswer("activation", "easy", ("value", "derivative")), tags=("activation",))

ALL = (CHOICE, MULTI, TRUEFALSE, NUMERIC, VECTOR, SYMBOLIC, OPEN, GENERATED)


def small_bank(*questions: Question) -> Bank:
    return Bank(tuple(questions or ALL))
