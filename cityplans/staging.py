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

Only what cityplans wrote is ever replaced or removed. A finished output
holds a marker, ``.cityplans-output``, listing every file written with its
SHA-256 (``sha256sum -c .cityplans-output`` checks it). The next run
replaces the folder only if it is new, empty, or holds exactly the listed
files unchanged; a file added or edited since, or a folder without the
marker, is refused with one line naming the files.

A lock file beside the folder (``.<name>.lock``) refuses a second run into
the same folder; the lock of a process that no longer exists is taken over.
A killed run's staging folder (``.<name>.staging-<pid>``, holding a
``.cityplans-staging`` marker naming its target) is removed by the next run,
and an old output it left aside (``.<name>.old-<pid>``, complete and listed)
is put back. A folder of that name without cityplans' marker is never
touched.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from cityplans.errors import PlanInputError, printable

__all__ = ["MARKER", "OutputError", "Terminated", "check_apart", "foreign_files", "handle_sigterm", "quiet_interrupts",
           "staged_folder", "write_marker"]

#: File that lists what cityplans wrote into a folder (so that exactly that may be replaced).
MARKER = ".cityplans-output"
_MARKER_HEAD = ("# Written by cityplans. The next run replaces this folder only while it holds exactly these files,\n"
                "# unchanged (sha256sum -c checks them); anything added or edited is refused, never removed.\n")
#: File inside a staging folder, naming the folder it will replace; only cityplans writes it.
STAGING_MARKER = ".cityplans-staging"
_LOCK_HEAD = "cityplans lock, process "


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


def _resolved(path: Path, what: str) -> Path:
    try:
        return path.resolve()
    except (RuntimeError, OSError) as exc:  # a link to itself: RuntimeError up to Python 3.12, OSError after
        raise OutputError(f"{printable(path)}: {what} cannot be followed ({printable(exc)}); "
                          "give the file or folder the link should point to") from None


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
    target = _resolved(out, "the output folder")
    for given in inputs:
        inp = _resolved(given, "an input")
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


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files(folder: Path) -> list[str]:
    """Every entry below ``folder`` that is not a folder (links included), as sorted relative paths."""
    found = []
    for root, dirs, names in os.walk(folder):
        base = Path(root)
        found += [(base / n).relative_to(folder).as_posix() for n in names]
        found += [(base / d).relative_to(folder).as_posix() for d in dirs if (base / d).is_symlink()]
    return sorted(found)


def write_marker(folder: Path) -> None:
    """List every file in ``folder`` with its SHA-256 in the marker (``sha256sum``'s format, sorted)."""
    lines = [f"{_digest(folder / name)}  {name}\n" for name in _files(folder) if name not in (MARKER, STAGING_MARKER)]
    (folder / MARKER).write_text(_MARKER_HEAD + "".join(lines), encoding="utf-8", newline="\n")


def _listed(folder: Path) -> dict[str, str] | None:
    """The files the marker lists, with their digests; None without a marker of this form."""
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith(_MARKER_HEAD):
        return None
    rows = [line.split("  ", 1) for line in text[len(_MARKER_HEAD):].splitlines()]
    return {name: digest for digest, name in rows} if all(len(r) == 2 for r in rows) else None


def foreign_files(folder: Path) -> list[str]:
    """Files in ``folder`` that cityplans did not write there, or that changed since (empty: replaceable).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / "targets.csv").write_text("city,value\\n")
    >>> foreign_files(out)
    ['targets.csv']
    >>> write_marker(out); foreign_files(out)
    []
    >>> _ = (out / "notes.md").write_text("mine"); foreign_files(out)
    ['notes.md']
    """
    present = [f for f in _files(folder) if f != MARKER]
    listed = _listed(folder) if (folder / MARKER).is_file() and not (folder / MARKER).is_symlink() else None
    if listed is None:
        return present
    return [f for f in present if f not in listed or (folder / f).is_symlink() or _digest(folder / f) != listed[f]]


def _named(files: list[str], shown: int = 3) -> str:
    more = f" and {len(files) - shown} more" if len(files) > shown else ""
    return ", ".join(printable(f) for f in files[:shown]) + more


def _check_target(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{printable(target)}: not a folder; give a new or empty folder for the output")
    if target.is_dir() and (foreign := foreign_files(target)):
        raise OutputError(f"{printable(target)}: holds {len(foreign)} file(s) cityplans did not write there or that "
                          f"changed since ({_named(foreign)}); the output replaces the folder as a whole, so move "
                          "them out or give a new or empty folder")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    return True


def _pid_in_name(folder: Path) -> int | None:
    """The process id at the end of a staging or aside folder's name (``….staging-<pid>``)."""
    digits = folder.name.rsplit("-", 1)[-1]
    return int(digits) if digits.isdigit() else None


def _lock_owner(lock: Path) -> int | None:
    """The process id in a cityplans lock file; None for a file cityplans did not write."""
    text = ""
    for _ in range(40):  # a lock just created is empty until its owner writes its process id
        try:
            text = lock.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return None
        if text:
            break
        time.sleep(0.05)
    pid = text.removeprefix(_LOCK_HEAD).strip()
    return int(pid) if text.startswith(_LOCK_HEAD) and pid.isdigit() else None


@contextmanager
def _lock(target: Path) -> Iterator[None]:
    lock = target.parent / f".{target.name}.lock"
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            pid = _lock_owner(lock)
            if pid is None and lock.exists():
                raise OutputError(f"{printable(lock)}: a file cityplans did not write stands where its lock goes; "
                                  "move it away, or choose another output folder") from None
            if pid is not None and _alive(pid) and pid != os.getpid():
                raise OutputError(f"{printable(target)}: another cityplans run (process {pid}) is writing this "
                                  f"folder; wait for it to finish, or delete {printable(lock)} if it is gone") from None
            lock.unlink(missing_ok=True)  # stale: its process is gone
    else:  # pragma: no cover - lost a race twice
        raise OutputError(f"{printable(target)}: could not take the lock {printable(lock)}; try again")
    try:
        os.write(fd, f"{_LOCK_HEAD}{os.getpid()}\n".encode())
        os.close(fd)
        yield
    finally:
        if _lock_owner(lock) == os.getpid():
            lock.unlink(missing_ok=True)


def _staging_text(target: Path) -> str:
    return f"cityplans staging folder for {printable(target)}\n"


def _made_by_cityplans(folder: Path, target: Path) -> bool:
    """A staging folder of a run into ``target`` (its marker names it), or a complete, unchanged output."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        if (folder / STAGING_MARKER).read_text(encoding="utf-8") == _staging_text(target):
            return True
    except (OSError, UnicodeDecodeError):
        pass
    return _listed(folder) is not None and not foreign_files(folder)


def _recover(target: Path) -> None:
    """Remove what killed runs left beside ``target``; put back an old output a cut swap left aside.

    Only folders that carry cityplans' marker are touched, whatever their names.
    """
    for kind in ("staging", "old"):
        for left in sorted(target.parent.glob(f".{target.name}.{kind}-*")):
            pid = _pid_in_name(left)
            if pid is None or _alive(pid) or not _made_by_cityplans(left, target):
                continue
            if kind == "old" and not target.exists():
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
    run, or holds files that cityplans did not write (or that changed since).
    """
    target = Path(os.path.abspath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target):
        _recover(target)
        _check_target(target)
        staging = target.parent / f".{target.name}.staging-{os.getpid()}"
        if _made_by_cityplans(staging, target):  # a dead run's, whose process id this one has now
            shutil.rmtree(staging)
        if staging.exists() or staging.is_symlink():
            raise OutputError(f"{printable(staging)}: in the way of this run's staging folder, and cityplans did not "
                              "make it; move it away")
        staging.mkdir()
        try:
            (staging / STAGING_MARKER).write_text(_staging_text(target), encoding="utf-8")
            yield staging
            (staging / STAGING_MARKER).unlink()
            write_marker(staging)
            _swap_in(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # made by this run: a failure's partial output
