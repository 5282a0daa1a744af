"""The one error every input problem raises, and file names made printable.

Every stage raises :class:`PlanInputError` (or a subclass: a bad rule file,
manifest or output folder) for a problem with what the user gave it; the
command line prints its one-line message and exits 2. Anything else is a bug.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PlanInputError", "printable"]


def printable(name: str | Path) -> str:
    """A file name as text that can be written anywhere, its undecodable bytes as ``\\xNN``.

    On Linux a file name is bytes, and Python keeps the bytes that are not
    UTF-8 as lone surrogates, which no UTF-8 file or terminal accepts. Used
    for city ids made from file names and for paths in tables and messages.

    Examples
    --------
    >>> printable(b"plan-\\xb9\\xfe.txt".decode("utf-8", "surrogateescape"))
    'plan-\\\\xb9\\\\xfe.txt'
    >>> printable("健康海宁.txt")
    '健康海宁.txt'
    """
    return str(name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class PlanInputError(ValueError):
    """A plan file that cannot be read as text; the message is one line."""

    def __init__(self, message: str) -> None:
        # The message names the file; keep it writable even when the name is not UTF-8.
        super().__init__(printable(message))
