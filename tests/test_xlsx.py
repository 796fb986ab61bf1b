"""Excel workbooks (inputs/xlsx.py): bounded before openpyxl reads them."""

from __future__ import annotations

import io
import zipfile

import pytest

import itakit
from clihelp import SCORES, run
from conftest import ROOT

# -- bounded resources -------------------------------------------------------------------------------------------


def _workbook_bytes(rows) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_whose_parts_unpack_past_the_limit_is_refused_before_reading(capsys, tmp_path, monkeypatch):
    import itakit.inputs.xlsx as xlsx

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_workbook_bytes([["agency", *range(1, 11)], ["A", *SCORES]]))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:  # 300 KB of strings in under 2 KB
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>ha</t></si>" * 16_000 + b"</sst>")
    assert path.stat().st_size < 20_000
    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 100_000)
    monkeypatch.setattr(xlsx, "_openpyxl", lambda: pytest.fail("openpyxl must not be reached"), raising=True)
    code, out, err = run(capsys, "score", path)
    assert code == 1 and out == ""
    assert "its part xl/sharedStrings.xml unpacks to" in err and "docs/input-formats.md" in err


def test_the_xlsx_limits_are_documented():
    import itakit.inputs.xlsx as xlsx

    doc = (ROOT / "docs/input-formats.md").read_text(encoding="utf-8")
    assert f"{xlsx.MAX_PART_BYTES // 2**20} MiB" in doc and f"{xlsx.MAX_SHEET_BYTES // 2**30} GiB" in doc


def test_a_declared_size_past_the_limit_is_caught_from_the_directory_alone(tmp_path, monkeypatch):
    import itakit.inputs.xlsx as xlsx

    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"x" * 200_000 + b"</sst>")
    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 100_000)
    with pytest.raises(itakit.DataError, match="unpacks to"):
        xlsx.check_unpacked_size(path)
