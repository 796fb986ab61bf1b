"""Uploaded files on disk only for as long as a request needs them: a private folder, removed when the request ends.

:func:`itakit.read_input` and :func:`itakit.read_measure_plan` read paths, and the file's name
matters (its extension picks the reader, a year in it picks the rules), so each upload is
written under its own name — made safe — into a folder of its own that only this process
can read (``tempfile.TemporaryDirectory``, mode 0700).  Messages that name that private
path are given back the name the officer uploaded.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

import attrs

__all__ = ["Folder", "Upload", "private_folder", "safe_name"]

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
_MAX_NAME = 150
_CHUNK = 1 << 20


def safe_name(filename: str | None, default: str) -> str:
    """A file name that is only a name: no folders, no control characters, not hidden, at most 150 characters.

    The extension is kept (it decides how the file is read), and so is Thai text;
    ``default`` stands in for a name with nothing left.
    """
    name = unicodedata.normalize("NFC", filename or "")
    name = PureWindowsPath(PurePosixPath(name).name).name  # C:\\Users\\x\\file.csv from old browsers
    name = _UNSAFE.sub("_", name).strip().lstrip(".")
    if not name:
        return default
    if len(name) > _MAX_NAME:
        suffix = PurePosixPath(name).suffix[:20]
        name = name[: _MAX_NAME - len(suffix)] + suffix
    return name


@attrs.frozen
class Upload:
    """A file written into the request's private folder: where it is, and the name it was uploaded with."""

    path: Path
    name: str


class Folder:
    """A request's private folder and what was written into it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.uploads: list[Upload] = []

    def save(self, stream: BinaryIO, filename: str | None, default: str) -> Upload:
        """Write an uploaded stream into the folder under its safe name (each upload in a sub-folder of its own)."""
        name = safe_name(filename, default)
        place = self.path / str(len(self.uploads))
        place.mkdir(mode=0o700)
        target = place / name
        stream.seek(0)
        with open(target, "xb") as out:
            shutil.copyfileobj(stream, out, _CHUNK)
        upload = Upload(target, name)
        self.uploads.append(upload)
        return upload

    def rename(self, text: str) -> str:
        """``text`` with every private path in it replaced by the name its file was uploaded with."""
        for upload in self.uploads:
            text = text.replace(str(upload.path), upload.name)
        return text.replace(str(self.path), "")


@contextmanager
def private_folder() -> Iterator[Folder]:
    """A folder readable by this process only, removed with everything in it when the block ends."""
    with tempfile.TemporaryDirectory(prefix="itakit-web-") as path:
        yield Folder(Path(path))
