"""The one exception type users see: its message is a single line that says what to do."""


class ZhsumError(Exception):
    """A user-facing error; the CLI prints ``zhsum: error: <message>`` and exits non-zero."""
