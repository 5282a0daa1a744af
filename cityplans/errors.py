"""The one error every input problem raises, and file names made printable.

Every stage raises :class:`PlanInputError` (or a subclass: a bad rule file,
manifest or output folder) for a problem with what the user gave it; the
command line prints its one-line message and exits 2. Anything else is a bug.
"""

from __future__ import annotations

import argparse
import functools
import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

__all__ = ["OneLineParser", "PlanInputError", "at_least_one", "check_table", "printable", "takes_tables"]

F = TypeVar("F", bound=Callable[..., Any])


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


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a mistake in the arguments is one line (and exit 2), like every other input error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {printable(message)}; see `{self.prog} --help`\n")


def at_least_one(text: str) -> int:
    """An argument that counts something (processes, dots per inch): a whole number, at least 1.

    Examples
    --------
    >>> at_least_one("2")
    2
    >>> at_least_one("-3")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: -3; give a whole number of at least 1
    """
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n}; give a whole number of at least 1")
    return n


def check_table(value: object, name: str, columns: Sequence[str], where: str) -> None:
    """Refuse an argument that is not a DataFrame with ``columns``, naming it and what it needs.

    Examples
    --------
    >>> import pandas as pd
    >>> check_table(pd.DataFrame({"city": []}), "targets", ["city", "value"], "compare_targets")
    Traceback (most recent call last):
    ValueError: compare_targets(): targets has no column value; it needs city, value (as corpus.targets has)
    """
    import pandas as pd  # noqa: PLC0415 - the callers have it loaded already; `import cityplans` stays light

    needs = ", ".join(columns)
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{where}(): {name} must be a pandas DataFrame with the columns {needs} "
                        f"(as corpus.{name} has), not {type(value).__name__}")
    if missing := [c for c in columns if c not in value.columns]:
        if len(missing) == len(columns):
            raise ValueError(f"{where}(): {name} has none of the columns it needs ({needs}; as corpus.{name} has)")
        raise ValueError(f"{where}(): {name} has no column {', '.join(missing)}; it needs {needs} "
                         f"(as corpus.{name} has)")


def takes_tables(**tables: Sequence[str]) -> Callable[[F], F]:
    """Decorate a public function so that each named table argument is checked before it runs.

    An argument left at a default of ``None`` is not checked; any other value
    must be a DataFrame with the columns given (:func:`check_table`).
    """

    def decorate(func: F) -> F:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def checked(*args: Any, **kwargs: Any) -> Any:
            given = signature.bind_partial(*args, **kwargs).arguments
            for name, columns in tables.items():
                if name in given and not (given[name] is None and signature.parameters[name].default is None):
                    check_table(given[name], name, columns, func.__name__)
            return func(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate
