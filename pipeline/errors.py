"""The exception types users see: each message is a single line that says what to do."""

import re


def brief(exc: BaseException, limit: int = 160) -> str:
    """``exc``'s message on one line, at most ``limit`` characters (its type's name if it has none):
    the detail quoted inside a one-line error."""
    return (" ".join(str(exc).split()) or type(exc).__name__)[:limit]


# What a positional id adds to its source: the line (``#5``), and on standard input a hash (``@1a2b…``).
_POSITION = re.compile(r"#\d+(?:@\S*)?")


def positional_id(doc_id: str, source: str) -> bool:
    """Whether an id only says where a document is: its file's path, or ``SOURCE#LINE`` for a
    corpus record without an id of its own (``<stdin>#LINE@HASH`` on standard input)."""
    return doc_id == source or (
        doc_id.startswith(source) and _POSITION.fullmatch(doc_id, len(source)) is not None
    )


def place(source: str, line: int | None = None, doc_id: str | None = None) -> str:
    """Where an error is, as it opens: ``SOURCE``, ``SOURCE:LINE`` for a line (or row) of a file,
    and `` (id 'ID')`` after it for a record with an id of its own (not the ``SOURCE#LINE`` it
    would get without one), so a failure in a corpus of thousands of records can be found by
    either."""
    if not line:
        return source
    own = doc_id and not positional_id(doc_id, source)
    return f"{source}:{line} (id {doc_id!r})" if own else f"{source}:{line}"


class ZhsumError(Exception):
    """A user-facing error; the CLI prints ``zhsum: error: <message>`` and exits non-zero."""


class InputError(ZhsumError):
    """A problem with one input, worded as ``SOURCE[:LINE]: problem (what to do)``."""

    def __init__(self, source: str, message: str, line: int | None = None, doc_id: str | None = None):
        self.source = source
        self.line = line
        self.doc_id = doc_id or (f"{source}#{line}" if line else source)
        super().__init__(f"{place(source, line, doc_id)}: {message}")


class ConfigError(ZhsumError):
    """A config file, flag or environment variable with an unknown key or a bad value."""


class BackendUnsupported(ZhsumError):
    """This model or setting cannot run on the requested engine."""
