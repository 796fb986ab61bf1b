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


# -- many-agency tables and names written two ways ---------------------------------------------------------

SCORES = ("99.84", "99.49", "99.35", "99.51", "99.92", "95.03", "92.99", "93.07", "96.00", "100.00")
"""The seed agency's ten indicator scores, in order (97.20 AA)."""
AGENCIES_HEADER = "agency," + ",".join(map(str, range(1, 11)))

SARA_AM = "กรมอุทยานแห่งชาติ สัตว์ป่า และพันธุ์พืช กำแพงเพชร"  # "กำ" with U+0E33
SARA_AM_SPLIT = SARA_AM.replace("\u0e33", "\u0e4d\u0e32")
NBSP_NAME = "เทศบาลตำบล\u00a0ลำเลียง"
PLAIN_NAME = "เทศบาลตำบล ลำเลียง"


def many_csv(rows: list[tuple[str, ...]], header: str = AGENCIES_HEADER) -> str:
    """A many-agency CSV table: the header, then one line per row."""
    return header + "\n" + "".join(",".join(r) + "\n" for r in rows)


def rule_file(tmp_path: Path, old: str, new: str) -> Path:
    """The 2565 rule file with its first ``old`` replaced by ``new``, written in ``tmp_path``."""
    from conftest import ROOT

    text = (ROOT / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path
