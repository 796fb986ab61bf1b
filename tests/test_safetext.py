"""Every text written goes through one place (itakit.safetext): nothing a name holds crashes an output or acts on a terminal.

A byte of an argument that is not UTF-8 (Python keeps it as a lone surrogate), a JSON
``"\\ud800"``, NUL, ESC and the C1 controls reach every output — HTML, Markdown, text,
CSV, JSON, Excel, the terminal — and are replaced (files, markup) or shown escaped
(terminal); none is an internal error.
"""

from __future__ import annotations

import io
import json
import sys

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itakit
from clihelp import run, snapshot
from conftest import EXAMPLES, SEED_SCORES
from itakit.cli import main
from itakit.safetext import REPLACEMENT, writable, write_out

HOSTILE = "อบต.\x1b]0;pwned\x07ลำ\x00เลียง\udcff\ud800\x9b2J\u202e"
"""An agency name with an escape sequence that retitles a terminal, NUL, a byte that was not UTF-8, a lone
surrogate, a C1 control introducer and a right-to-left override."""
INDICATORS = EXAMPLES / "lamliang-2565-indicators.csv"


def test_writable_replaces_in_files_and_markup_and_escapes_on_a_terminal():
    assert writable(HOSTILE) == "อบต.\ufffd]0;pwned\ufffdลำ\ufffdเลียง\ufffd\ufffd\ufffd2J\u202e"
    assert writable(HOSTILE, to="html") == writable(HOSTILE)
    assert writable("a\ufffeb\ufdd0", to="html") == "a\ufffdb\ufffd" and writable("a\ufffeb") == "a\ufffeb"
    assert writable(HOSTILE, to="terminal") == "อบต.\\x1b]0;pwned\\x07ลำ\\x00เลียง\\xff\ufffd\\x9b2J\\u202e"
    assert writable("a\r\nb\rc\td\n", to="terminal") == "a\r\nb\\x0dc\td\n"
    assert writable("a\r\nb\rc\td\n") == "a\r\nb\rc\td\n"
    with pytest.raises(ValueError, match="to must be 'file', 'terminal' or 'html'"):
        writable("x", to="pdf")  # type: ignore[arg-type]


@given(st.text())
def test_whatever_the_text_the_result_encodes_and_holds_no_control(text):
    for target in ("file", "html", "terminal"):
        safe = writable(text, to=target)
        safe.encode("utf-8")  # never raises
        assert writable(safe, to=target) == safe  # once is enough
        allowed = "\t\n\r" if target != "terminal" else "\t\n"
        assert not any((ord(c) < 0x20 and c not in allowed) or 0x7F <= ord(c) <= 0x9F for c in safe.replace("\r\n", "\n"))
    plain = "".join(c for c in text if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF)
    assert writable(plain) == plain and writable(plain, to="terminal") == plain


class _Terminal(io.StringIO):
    """Standard output as a terminal (isatty) in a given encoding."""

    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return True


def test_write_out_escapes_for_a_terminal_and_refuses_an_encoding_without_thai():
    tty = _Terminal()
    write_out(HOSTILE, tty)
    assert "\x1b" not in tty.getvalue() and "\\x1b]0;pwned\\x07" in tty.getvalue()
    pipe = io.StringIO()
    write_out(HOSTILE, pipe)
    assert pipe.getvalue() == writable(HOSTILE)
    with pytest.raises(itakit.UsageError, match=r"encoding of standard output \(ascii\) cannot show.*PYTHONIOENCODING"):
        write_out("อบต.", _Terminal("ascii"))


def _many(tmp_path, name: str = HOSTILE):
    path = tmp_path / "many.json"
    items = [{"agency": name, "year": 2565, "indicators": [{"number": n, "score": float(SEED_SCORES[n])}
                                                           for n in range(1, 11)]},
             {"agency": "B", "year": 2565, "indicators": [{"number": n, "score": 90.0} for n in range(1, 11)]}]
    path.write_text(json.dumps(items, ensure_ascii=True), encoding="ascii")  # "\ud800" stays a JSON escape
    return path


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_score_writes_a_hostile_name_to_a_file_and_a_pipe(capsys, tmp_path, fmt):
    source = _many(tmp_path)
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = run(capsys, "score", source, "--format", fmt, "-o", out)
    assert code == 0, err
    written = out.read_bytes().decode("utf-8")  # strict: every byte is UTF-8
    assert "\x1b" not in written and "\x00" not in written and "\x9b" not in written
    assert "อบต." in written and REPLACEMENT in written
    code, stdout, err = run(capsys, "score", source, "--format", fmt)
    assert code == 0 and stdout.encode("utf-8") and "\x1b" not in stdout


def test_score_writes_a_hostile_name_to_excel(capsys, tmp_path):
    out = tmp_path / "out.xlsx"
    code, _, err = run(capsys, "score", _many(tmp_path), "-o", out)
    assert code == 0, err
    names = [row[0] for row in openpyxl.load_workbook(out)["ITA 2565"].iter_rows(min_row=2, values_only=True)]
    assert names == [writable(HOSTILE, to="html"), "B"]


@pytest.mark.parametrize("suffix", [".html", ".md", ".docx"])
def test_report_takes_arguments_that_are_not_utf8_and_controls(capsys, tmp_path, suffix):
    out = tmp_path / f"r{suffix}"
    code, _, err = run(capsys, "report", INDICATORS, "--agency", HOSTILE, "--district", "เมือง\udcfe\x1b[2J",
                       "--province", "ระนอง\x00", "-o", out)
    assert code == 0, err
    if suffix == ".docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    else:
        text = out.read_bytes().decode("utf-8")
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    assert "อบต." in text and "pwned" in text and REPLACEMENT in text


def test_html_never_holds_nul_or_esc(capsys, tmp_path):
    out = tmp_path / "r.html"
    code, _, err = run(capsys, "report", INDICATORS, "--agency", "A\x00B\x1bC\x7fD", "-o", out)
    assert code == 0, err
    raw = out.read_bytes()
    assert b"\x00" not in raw and b"\x1b" not in raw and b"\x7f" not in raw
    assert "A\ufffdB\ufffdC\ufffdD".encode() in raw


def test_summary_text_escapes_names_on_a_terminal(capsys, monkeypatch, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("agency,province," + ",".join(map(str, range(1, 11))) + "\n"
                    + "\n".join(f"A{n},\x1b]0;pwned\x07\u202e{n % 2},{','.join(SEED_SCORES.values())}" for n in range(4))
                    + "\n", encoding="utf-8")
    tty = _Terminal()
    monkeypatch.setattr(sys, "stdout", tty)
    assert main(["summary", str(path), "--by", "province"]) == 0
    shown = tty.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "province: \\x1b]0;pwned\\x07\\u202e0" in shown
    monkeypatch.undo()
    code, stdout, _ = run(capsys, "summary", path, "--by", "province")  # a pipe: as a file would be written
    assert code == 0 and "province: \ufffd]0;pwned\ufffd\u202e0" in stdout


def test_score_text_on_a_terminal_shows_escapes_not_acts_on_them(monkeypatch, tmp_path):
    tty = _Terminal()
    monkeypatch.setattr(sys, "stdout", tty)
    assert main(["score", str(_many(tmp_path))]) == 0
    assert "\x1b" not in tty.getvalue() and "\\x1b]0;pwned\\x07" in tty.getvalue()


def test_an_error_naming_a_hostile_file_is_escaped(capsys, tmp_path):
    bad = tmp_path / "bad\x1b[2J\udcff.csv"
    bad.write_text("indicator,score\n1,abc\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, stdout, err = run(capsys, "score", bad)
    assert code == 1 and stdout == ""
    assert "\x1b" not in err and "bad\\x1b[2J\\xff.csv, line 2, column 'score': 'abc' is not a number" in err
    assert snapshot(tmp_path) == before


def test_standard_output_that_cannot_hold_thai_is_a_usage_error(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", _Terminal("ascii"))
    assert main(["score", str(INDICATORS)]) == 2
    assert "cannot show" in capsys.readouterr().err


# -- control characters in a Word report -------------------------------------------------------------------------


def test_control_characters_go_into_a_docx_replaced(capsys, tmp_path):
    import docx

    out = tmp_path / "r.docx"
    code, _, err = run(capsys, "report", EXAMPLES / "lamliang-2565-indicators.csv",
                       "--agency", "เทศบาล\x01ลำเลียง\x0b", "-o", out)
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "เทศบาล\ufffdลำเลียง\ufffd" in text and "\x01" not in text
