"""Files in and out safely: inputs are regular files never overwritten, outputs are written atomically.

An output goes to a temporary file beside its target (beside the file a symlink points
to), which replaces the target only once it is complete; on any error, and on SIGINT,
SIGTERM, SIGHUP or SIGQUIT during the write, the temporary file is removed and an
existing target is left as it was.  The target keeps an existing file's permissions; a
new file gets those the umask allows.  A file that cannot be written (missing or
read-only folder, no permission, a full disk) and an existing file that is read-only
are a :class:`~itakit.errors.UsageError` naming it and why.

Inside :func:`guarding_inputs` (the command line runs every command in it), every
file a command reads — named by an option or inside another file, such as the measures
catalogue a rule file names — is noted by :func:`note_input`, and no output may
replace one of them, however it is named.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .errors import UsageError
from .safetext import writable

__all__ = ["check_input", "check_output", "guarding_inputs", "inputs_read", "note_input", "output_target",
           "write_atomic", "write_atomic_with"]

_READ: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar("itakit_inputs_read", default=None)


@contextlib.contextmanager
def guarding_inputs() -> Iterator[list[Path]]:
    """While the block runs, note every input read (:func:`note_input`) and refuse any output that is one of them.

    Yields the list being noted.  Outside such a block nothing is noted, so a library
    caller may write where it read earlier.
    """
    read: list[Path] = []
    token = _READ.set(read)
    try:
        yield read
    finally:
        _READ.reset(token)


def note_input(path: str | Path) -> None:
    """Note a file the current command reads, so that no output replaces it (nothing outside :func:`guarding_inputs`)."""
    read = _READ.get()
    if read is not None:
        read.append(Path(path))


def inputs_read() -> tuple[Path, ...]:
    """The inputs noted so far in the current :func:`guarding_inputs` block (none outside one)."""
    return tuple(_READ.get() or ())


def output_target(path: str | Path) -> Path:
    """The file a write to ``path`` replaces: ``path`` itself, or the file its symlink (chain) points to."""
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def check_input(path: str | Path, what: str = "", *, kind: str = "file") -> None:
    """Refuse an input that is missing or not a regular file (a folder, a named pipe, a device) before it is opened.

    Opening a named pipe would wait for a writer forever, and a device may never end.
    ``what`` is the option that named it (``--rules``), ``kind`` what it is (``mapping file``).
    """
    label = f"{what} {path}".strip()
    note_input(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UsageError(f"{label}: no such {kind}") from None
    except OSError as exc:
        raise UsageError(f"{label}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"{label}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise UsageError(f"{label}: is not a regular file (a named pipe or a device?); give a file")


def check_output(path: str | Path, inputs: Iterable[str | Path] = ()) -> None:
    """Refuse, before any work, an output that is a folder, in a missing folder, read-only, or one of the inputs.

    The inputs are ``inputs`` and those noted so far (:func:`note_input`).  An input is
    recognised however it is named: ``./x.csv``, a symlink to it, or a hard link (the
    same device and inode).
    """
    target = output_target(path)
    if target.is_dir():
        raise UsageError(f"-o {path}: is a folder; give a file name")
    _refuse_special(target, f"-o {path}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        why = "is a file, not a folder" if folder.exists() else "does not exist"
        raise UsageError(f"-o {path}: the folder {folder} {why}")
    _refuse_read_only(target, f"-o {path}")
    _refuse_inputs(target, f"-o {path}", [*inputs, *inputs_read()])


def _refuse_inputs(target: Path, label: str, inputs: Iterable[str | Path]) -> None:
    """Refuse to replace one of ``inputs``: the same path once resolved, or the same file (device and inode)."""
    try:
        out_stat: os.stat_result | None = os.stat(target)
    except OSError:
        out_stat = None
    resolved = Path(os.path.realpath(target))
    for given in inputs:
        same = Path(os.path.realpath(given)) == resolved
        if not same and out_stat is not None:
            with contextlib.suppress(OSError):
                in_stat = os.stat(given)
                same = (in_stat.st_dev, in_stat.st_ino) == (out_stat.st_dev, out_stat.st_ino)
        if same:
            raise UsageError(f"{label} would overwrite the input {given}; write the output to another file")


def _refuse_read_only(target: Path, label: str) -> None:
    """Refuse to replace an existing file that is read-only: one nobody may write (``chmod a-w``), or not this user.

    Replacing a file needs only its folder's permission, so an atomic write would
    silently replace a file someone made read-only on purpose; its own permission decides.
    """
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise UsageError(f"{label}: the file is read-only; make it writable (chmod u+w) or write to another file")


def _refuse_special(target: Path, label: str) -> None:
    """Refuse to replace a device, a named pipe or a socket: an atomic write would put a plain file in its place."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise UsageError(f"{label}: is not a regular file (a device or a named pipe?); write to a file, "
                         "or leave out -o to print the output")


def _new_file_mode() -> int:
    """The permissions a new file gets under the current umask (read without changing it, where Linux tells)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


class _Terminated(SystemExit):
    """A terminating signal arrived while an output was being written: unwind (removing the temporary file) and exit."""


_CLEAN_UP_ON = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT")
                     if hasattr(signal, name))
"""Signals whose default action ends the process: while an output is written, each unwinds instead."""


@contextlib.contextmanager
def _terminate_by_exception() -> Iterator[None]:
    """While the block runs (in the main thread), a terminating signal raises instead of killing, so clean-ups run.

    Only signals left at their default action are taken over: an ignored signal (SIGHUP
    under ``nohup``, SIGINT in a background job) stays ignored, a handler of the
    program's own (Python's SIGINT handler raises already) stays in place.  The exit
    status is 128 + the signal's number, as a shell reports a process it killed.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated(128 + signum)

    previous: dict[int, Any] = {}
    for number in _CLEAN_UP_ON:
        try:
            if signal.getsignal(number) is signal.SIG_DFL:
                previous[number] = signal.signal(number, handler)
        except (ValueError, OSError):  # pragma: no cover - no signals here
            continue
    try:
        yield
    finally:
        for number, before in previous.items():
            signal.signal(number, before)


def _cannot_write(path: Path, exc: OSError) -> UsageError:
    reason = exc.strerror or str(exc)
    return UsageError(f"{path}: cannot write the output: {reason}")


def write_atomic_with(path: str | Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write`` on a temporary binary file beside ``path`` and move it into place when it returns."""
    shown = Path(path)
    target = output_target(shown)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"{shown}: the folder {directory} does not exist")
    if target.is_dir():
        raise UsageError(f"{shown}: is a folder; give a file name")
    _refuse_special(target, str(shown))
    _refuse_read_only(target, str(shown))
    _refuse_inputs(target, str(shown), inputs_read())
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = _new_file_mode()
    with _terminate_by_exception():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise _cannot_write(shown, exc) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError) and exc.errno is not None:
                raise _cannot_write(shown, exc) from None
            raise


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write text (as UTF-8, made :func:`~itakit.safetext.writable` first) or bytes to ``path`` atomically."""
    payload = writable(data).encode("utf-8") if isinstance(data, str) else data

    def write(fh: BinaryIO) -> None:
        fh.write(payload)

    write_atomic_with(path, write)
