"""Safe files (itakit.atomic): inputs checked to be regular files and never overwritten; outputs written
atomically, with the mode and the link they had, or not at all.

Disk-full, permission and read-only conditions are simulated by monkeypatching (the suite runs as any user);
the named-pipe cases run in a subprocess with a timeout, so they are bounded.  The signal cases are in
test_signals.py, outputs that would replace an input in test_outputs_guard.py."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

import itakit
from clihelp import run, snapshot
from conftest import EXAMPLES

# -- an input that is not a regular file -------------------------------------------------------------------------


def _itakit(*argv: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "itakit", *argv], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, check=False)


@pytest.mark.parametrize("option", ["", "--rules", "--plan", "--mapping"])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path, option):
    fifo = tmp_path / ("pipe.toml" if option else "pipe.csv")
    os.mkfifo(fifo)
    if option == "":
        argv = ["score", str(fifo)]
    elif option == "--plan":
        argv = ["report", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--agency", "A", "--plan", str(fifo),
                "-o", str(tmp_path / "r.md")]
    else:
        argv = ["score", str(EXAMPLES / "lamliang-2565-indicators.csv"), option, str(fifo)]
    done = _itakit(*argv, cwd=tmp_path, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "is not a regular file (a named pipe or a device?)" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [fifo.name]


# -- environment problems are user errors, and leave nothing -----------------------------------------------------


class _FullDisk:
    """A file whose writes fail with ENOSPC after a few bytes, like a disk filling up."""

    def __init__(self, real, room: int = 64) -> None:
        self.real, self.room = real, room

    def write(self, data) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.real.write(data)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


@pytest.mark.parametrize(("command", "name"), [("score", "out.csv"), ("score", "out.xlsx"), ("report", "r.docx")])
def test_a_full_disk_is_an_error_without_traceback_and_leaves_nothing(capsys, tmp_path, monkeypatch,
                                                                      command, name):
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real_fdopen(fd, *a, **k)))
    out = tmp_path / name
    argv = [command, EXAMPLES / "lamliang-2565-indicators.csv", "-o", out]
    if command == "report":
        argv += ["--agency", "เทศบาลตำบลลำเลียง"]
    elif name.endswith(".csv"):
        argv += ["--format", "csv"]
    code, stdout, err = run(capsys, *argv)
    assert code == 2, err
    assert err.startswith(f"itakit: error: {out}: cannot write the output: No space left on device")
    assert "Traceback" not in err and "internal error" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("number", "reason"), [(errno.EACCES, "Permission denied"),
                                                (errno.EROFS, "Read-only file system")])
def test_an_unwritable_folder_is_an_error(capsys, tmp_path, monkeypatch, number, reason):
    import tempfile

    def refuse(*args, **kwargs):
        raise OSError(number, os.strerror(number), str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "out.txt"
    code, _, err = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", out)
    assert code == 2 and f"{out}: cannot write the output: {reason}" in err
    assert list(tmp_path.iterdir()) == []


def test_an_output_that_is_a_folder_is_refused_before_any_work(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,score\n1,abc\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "score", bad, "-o", folder)
    assert code == 2 and f"-o {folder}: is a folder" in err and "abc" not in err
    code, _, err = run(capsys, "report", bad, "--agency", "A", "-o", folder)
    assert code == 2 and "is a folder" in err
    assert snapshot(tmp_path) == before


def test_an_output_that_is_a_device_or_a_pipe_is_refused_not_replaced(capsys, tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", fifo)
    assert code == 2 and "is not a regular file (a device or a named pipe?)" in err
    assert fifo.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]
    with pytest.raises(itakit.UsageError, match="not a regular file"):
        from itakit.atomic import write_atomic

        write_atomic(fifo, "x")
    assert fifo.is_fifo()


# -- the file written keeps its mode and its link ----------------------------------------------------------------


def test_an_existing_private_file_stays_private(capsys, tmp_path):
    out = tmp_path / "private.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    code, _, _ = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", out)
    assert code == 0 and "97.20" in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode(capsys, tmp_path, umask, mode):
    out = tmp_path / "new.txt"
    old = os.umask(umask)
    try:
        code, _, _ = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", out)
    finally:
        os.umask(old)
    assert code == 0 and out.stat().st_mode & 0o777 == mode


def test_output_through_a_symlink_writes_the_file_it_points_to(capsys, tmp_path):
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    target = real_folder / "result.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = run(capsys, "score", EXAMPLES / "lamliang-2565-indicators.csv", "-o", link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "97.20" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in real_folder.iterdir()) == ["result.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real"]
