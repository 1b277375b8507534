"""Errors ingestion raises: each carries a message fit for one line on stderr."""

from __future__ import annotations


class InputError(Exception):
    """An input communique cannot read. ``str(error)`` is a complete one-line message."""

    def __init__(self, message: str, *, origin: str | None = None) -> None:
        self.origin = origin
        self.reason = message
        super().__init__(f"{origin}: {message}" if origin else message)


class EmptyInput(InputError):
    """The input holds no text at all."""


class BinaryInput(InputError):
    """The input is binary data (an image, archive, PDF ...), not text."""


class UndecodableInput(InputError):
    """The bytes decode in no declared or detected encoding."""


class InputTooLarge(InputError):
    """The input is over a documented limit (see :mod:`communique.limits`)."""


class NoArticleContent(InputError):
    """An HTML page in which no article text could be found."""


class MalformedRecord(InputError):
    """A JSONL line that is no JSON object or lacks the text of an article."""

    def __init__(self, message: str, *, origin: str | None = None, line: int | None = None) -> None:
        self.line = line
        super().__init__(message, origin=f"{origin}:{line}" if origin and line else origin)
