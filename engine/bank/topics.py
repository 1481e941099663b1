"""The notes' six topics. Slugs are used in bank files, the CLI and exports."""

from __future__ import annotations

from dataclasses import dataclass

from engine.text import Text


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    number: int          # the notes' section number
    title: Text


TOPICS: dict[str, Topic] = {
    t.slug: t
    for t in (
        Topic("nn-basics", 1, Text("神经网络基本概念", "Neural-network basics")),
        Topic("rnn", 2, Text("循环神经网络", "Recurrent networks (RNN, LSTM, GRU)")),
        Topic("gcn", 3, Text("图卷积网络", "Graph convolutional networks")),
        Topic("attention", 4, Text("Attention 与 Transformer", "Attention and Transformers")),
        Topic("training", 5, Text("深度学习训练技巧", "Training techniques")),
        Topic("llm", 6, Text("大模型（BERT 等）", "Large models (BERT, GPT, ...)")),
    )
}
