"""ParseError: why a learner's text could not be read, in English and Chinese, and where."""

from __future__ import annotations


class ParseError(ValueError):
    """The text could not be read.

    message     one line in English naming the problem and where it is
    message_zh  the same in Chinese
    position    0-based character offset in the text as typed, or None when it concerns the whole text
    """

    def __init__(self, message: str, message_zh: str = "", position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh or message
        self.position = position

    def __reduce__(self):  # keep all fields when sent between processes
        return (type(self), (self.message, self.message_zh, self.position))
