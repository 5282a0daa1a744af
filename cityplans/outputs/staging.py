"""Output folders that are always complete: staged, locked, swapped in whole.

Every command writes into a staging folder beside its output folder and
puts it in place only when all of it is written, so an interrupted run
(Ctrl-C, ``kill``, a full disk, a crash) leaves the previous complete output,
and a finished run the new one, never a mix::

    with staged_folder(Path("data/processed")) as tmp:
        ...write every file into tmp...
    # data/processed is now the new output, swapped in with one rename

The swap exchanges the two folders atomically (Linux ``renameat2`` with
``RENAME_EXCHANGE``); where that does not exist the old folder is moved
aside first and put back by the next run if the swap was cut short.

A lock file beside the folder (``.<name>.lock``, holding the process id)
refuses a second run into the same folder; the lock of a process that no
longer exists is stale and taken over, and the staging folders it left are
removed. The output folder is replaced as a whole, so a folder that holds
anything else than cityplans output is refused, not emptied.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from cityplans.reading.textio import PlanInputError, printable

__all__ = ["MARKER", "OutputError", "Terminated", "check_apart", "handle_sigterm", "quiet_interrupts", "staged_folder"]

#: File that marks a folder as written by cityplans (so it may be replaced as a whole).
MARKER = ".cityplans-output"
_MARKER_TEXT = "This folder was written by cityplans; the next run replaces it as a whole.\n"
#: What a folder written by an earlier version holds (before the marker existed).
_OUTPUT_SUFFIXES = {".csv", ".xlsx", ".png", ".svg", ".pdf", ".gexf", ".graphml", ".dl", ".html"}
_OUTPUT_FOLDERS = {"networks", "with_groups", "texts"}


class OutputError(PlanInputError):
    """An output folder that cannot be written safely; the message is one line."""


class Terminated(BaseException):
    """Raised in the main process on SIGTERM, so that it cleans up as on Ctrl-C."""


def handle_sigterm() -> None:
    """Turn SIGTERM into :class:`Terminated` in this process (the CLI's entry points call it)."""

    def _raise(signum: int, frame: object) -> None:
        raise Terminated

    signal.signal(signal.SIGTERM, _raise)


def quiet_interrupts(prog: str) -> None:
    """For a command's start-up, before its main() takes over: an interrupt is one line, not a traceback.

    Installs the SIGTERM handler and a ``sys.excepthook`` that reports Ctrl-C or
    SIGTERM during the imports (when nothing has been written yet) in one line.
    """
    handle_sigterm()

    def hook(kind: type[BaseException], value: BaseException, tb: object) -> None:
        if issubclass(kind, KeyboardInterrupt | Terminated):
            sys.stderr.write(f"{prog}: stopped while starting; nothing was written\n")
            sys.stderr.flush()
            os._exit(130 if issubclass(kind, KeyboardInterrupt) else 143)
        sys.__excepthook__(kind, value, tb)  # type: ignore[arg-type]

    sys.excepthook = hook


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_apart(out: Path, inputs: Sequence[Path]) -> None:
    """Refuse an output folder that is, is inside, or holds an input (a file or a folder).

    Examples
    --------
    >>> Path("/tmp/plans").mkdir(exist_ok=True)
    >>> check_apart(Path("/tmp/out"), [Path("/tmp/plans")])
    >>> try:
    ...     check_apart(Path("/tmp/plans/out"), [Path("/tmp/plans")])
    ... except OutputError as e:
    ...     print(str(e).split(";")[0])
    /tmp/plans/out: the output folder is inside the input folder /tmp/plans
    """
    target = out.resolve()
    for given in inputs:
        inp = given.resolve()
        try:
            is_dir = inp.is_dir()
        except OSError:  # inside a folder we may not enter: the batch reports it as a failed row
            is_dir = False
        folder = inp if is_dir else inp.parent
        if _inside(target, folder) and (is_dir or target == folder):
            where = "is" if target == folder else "is inside"
            raise OutputError(f"{printable(out)}: the output folder {where} the input folder {printable(folder)}; "
                              "choose a folder outside it")
        if _inside(inp, target):
            raise OutputError(f"{printable(out)}: the output folder holds the input {printable(given)}, and "
                              "would replace it; choose another folder")


def _looks_like_output(folder: Path, texts: bool = False) -> bool:
    if (folder / MARKER).is_file():
        return True
    for entry in folder.iterdir():
        if entry.is_dir():
            # Below texts/ the folders are those of the city ids (liaoning/huanren.txt).
            inside_texts = texts or entry.name == "texts"
            if not (inside_texts or entry.name in _OUTPUT_FOLDERS) or not _looks_like_output(entry, inside_texts):
                return False
        elif texts and entry.suffix == ".txt":
            continue
        elif entry.suffix.lower() not in _OUTPUT_SUFFIXES:
            return False
    return True


def _check_target(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{printable(target)}: not a folder; give a new or empty folder for the output")
    if target.is_dir() and any(target.iterdir()) and not _looks_like_output(target):
        raise OutputError(f"{printable(target)}: holds files that cityplans did not write, and the output "
                          "replaces the folder as a whole; give a new or empty folder")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    return True


def _pid_of(path: Path) -> int | None:
    """The process id in a lock file, or in a staging folder's name (``….staging-<pid>``)."""
    text = path.read_text(encoding="utf-8", errors="replace").strip() if path.is_file() else path.name
    digits = text.rsplit("-", 1)[-1]
    return int(digits) if digits.isdigit() else None


@contextmanager
def _lock(target: Path) -> Iterator[None]:
    lock = target.parent / f".{target.name}.lock"
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            pid = _pid_of(lock)
            if pid is not None and _alive(pid) and pid != os.getpid():
                raise OutputError(f"{printable(target)}: another cityplans run (process {pid}) is writing this "
                                  f"folder; wait for it to finish, or delete {printable(lock)} if it is gone") from None
            lock.unlink(missing_ok=True)  # stale: its process is gone
    else:  # pragma: no cover - lost a race twice
        raise OutputError(f"{printable(target)}: could not take the lock {printable(lock)}; try again")
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        yield
    finally:
        if _pid_of(lock) == os.getpid():
            lock.unlink(missing_ok=True)


def _recover(target: Path) -> None:
    """Remove what killed runs left beside ``target``; put back an old output a cut swap left aside."""
    for left in sorted(target.parent.glob(f".{target.name}.*-*")):
        pid = _pid_of(left)
        if pid is None or _alive(pid) or not left.is_dir():
            continue
        if left.name.startswith(f".{target.name}.old-") and not target.exists():
            os.rename(left, target)
        else:
            shutil.rmtree(left, ignore_errors=True)


def _libc_renameat2():
    name = ctypes.util.find_library("c")
    try:
        fn = ctypes.CDLL(name, use_errno=True).renameat2 if name else None
    except AttributeError:  # pragma: no cover - glibc < 2.28, musl
        return None
    return fn


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    fn = _libc_renameat2()
    if fn is None:  # pragma: no cover
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # pragma: no cover - old kernel or file system
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now the previous output
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"  # pragma: no cover - without renameat2
    os.rename(target, old)
    os.rename(staging, target)
    shutil.rmtree(old)


@contextmanager
def staged_folder(target: str | Path) -> Iterator[Path]:
    """Yield a staging folder; on success it replaces ``target`` whole, on any failure it is removed.

    Raises :class:`OutputError` when ``target`` is being written by another
    run, or holds files that cityplans did not write.
    """
    target = Path(os.path.abspath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target):
        _recover(target)
        _check_target(target)
        staging = target.parent / f".{target.name}.staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            yield staging
            (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
            _swap_in(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
