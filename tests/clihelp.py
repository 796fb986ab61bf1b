"""Helpers the command-line tests share: run a command in-process, and snapshot a folder to prove nothing changed."""

from __future__ import annotations

from pathlib import Path

from itakit.cli import main


def run(capsys, *argv: object) -> tuple[int, str, str]:
    """Run ``itakit ARGV`` in this process: (exit code, standard output, standard error)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder (hidden ones too) with its bytes and mode: to prove nothing changed or was left."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"",
                                         p.lstat().st_mode)
            for p in sorted(folder.rglob("*"))}
