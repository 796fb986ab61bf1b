"""Progress on long work (reading a national file, scoring thousands of agencies), on a terminal only.

Long work also pauses the cycle collector while it builds many objects (:func:`paused_gc`).

The core reports progress to whatever :func:`current` returns — by default a reporter
that does nothing, so the library stays silent and costs nothing.  The command line
installs a terminal reporter with :func:`on_terminal`: it draws a `tqdm` bar on
standard error, and only when standard error is a terminal, so progress never ends
up in standard output, in a pipe or in a file.  Without the ``progress`` extra
(``pip install 'itakit[progress]'``) nothing is drawn.
"""

from __future__ import annotations

import contextvars
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["IN_COMMAND", "Progress", "current", "on_terminal", "paused_gc"]


class Progress:
    """A progress reporter that reports nothing; subclasses draw it somewhere."""

    def begin(self, label: str, total: int | None = None, unit: str = "rows") -> None:
        """Start a task, of ``total`` units when known."""

    def advance(self, n: int = 1) -> None:
        """Record ``n`` more units done."""

    def end(self) -> None:
        """Finish the current task."""


class _TqdmProgress(Progress):
    """Draws each task as a tqdm bar on a terminal stream, removed when the task ends."""

    def __init__(self, tqdm: Any, stream: TextIO) -> None:
        self._tqdm = tqdm
        self._stream = stream
        self._bar: Any = None

    def begin(self, label: str, total: int | None = None, unit: str = "rows") -> None:
        self.end()
        from .safetext import writable

        self._bar = self._tqdm(total=total, desc=writable(label, to="terminal"), unit=f" {unit}", unit_scale=True,
                               file=self._stream, leave=False, mininterval=0.2, dynamic_ncols=True)

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def end(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


_NOTHING = Progress()
_current: contextvars.ContextVar[Progress] = contextvars.ContextVar("itakit_progress", default=_NOTHING)


def current() -> Progress:
    """The reporter long work should report to (one that does nothing unless a caller installed one)."""
    return _current.get()


def _terminal_reporter(stream: TextIO, enabled: bool | None) -> Progress:
    if enabled is False:
        return _NOTHING
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    if not is_terminal:
        return _NOTHING
    try:
        from tqdm import tqdm  # optional: the 'progress' extra
    except ImportError:
        return _NOTHING
    return _TqdmProgress(tqdm, stream)


@contextmanager
def on_terminal(enabled: bool | None = None, stream: TextIO | None = None) -> Iterator[Progress]:
    """Show progress on ``stream`` (standard error) while the block runs, if it is a terminal.

    ``enabled=False`` shows nothing; ``None`` (auto) or ``True`` shows progress when
    the stream is a terminal and tqdm is installed — never on a pipe or a file.
    """
    reporter = _terminal_reporter(stream if stream is not None else sys.stderr, enabled)
    token = _current.set(reporter)
    try:
        yield reporter
    finally:
        reporter.end()
        _current.reset(token)


IN_COMMAND = False
"""True in the ``itakit`` command's own process (set by :mod:`itakit.__main__`), which ends when the command does;
False where the library, or the command's ``main``, runs inside another program."""


@contextmanager
def paused_gc(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while many small, acyclic objects are built.

    Counting and scoring a national file build hundreds of thousands of small objects
    that are kept; each one nudges the collector to rescan all of them, which doubled the
    reading time in the benchmark (docs/performance.md).  They hold no cycles, so nothing is lost.
    ``freeze`` (for a command about to end) also moves what was built out of the collector's
    sight (:func:`gc.freeze`), so that it is not scanned once more when collection resumes
    nor at exit: about 0.4 s for a national file.  Only when the work ends well.
    """
    enabled = gc.isenabled()
    gc.disable()
    done = False
    try:
        yield
        done = True
    finally:
        if freeze and done:  # not after a failure: what it leaves (memory run out, say) must be collected
            gc.freeze()
        if enabled:
            gc.enable()
