"""Write output files atomically: a reader sees the old file or the whole new one, never half of one.

The data goes to a temporary file beside the target, which replaces the target only
once it is complete; on any error the temporary file is removed and an existing
target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import UsageError

__all__ = ["write_atomic", "write_atomic_with"]


def write_atomic_with(path: str | Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write`` on a temporary binary file beside ``path`` and move it into place when it returns."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"{target}: the folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write text (as UTF-8) or bytes to ``path`` atomically."""
    payload = data.encode("utf-8") if isinstance(data, str) else data

    def write(fh: BinaryIO) -> None:
        fh.write(payload)

    write_atomic_with(path, write)
