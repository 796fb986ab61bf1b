"""`itakit report` as a command: formats by extension, usage errors, and atomic writing."""

from __future__ import annotations

import pytest

import itakit
from clihelp import SARA_AM, SARA_AM_SPLIT, SCORES, many_csv, run
from conftest import EXAMPLES
from itakit.cli import main
from itakit.errors import UsageError
from itakit.outputs.report import FORMATS, build_report, write_report

SEED = str(EXAMPLES / "lamliang-2565-indicators.csv")


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("name", ["r.odt", "r.txt", "report"])
def test_unknown_extension_is_a_usage_error(tmp_path, capsys, name):
    out = tmp_path / name
    assert main(["report", SEED, "--agency", "A", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "name the output .pdf, .docx, .html or .md" in err and "Traceback" not in err
    assert not out.exists() and _leftovers(tmp_path) == []


def test_agency_and_output_are_required(capsys):
    with pytest.raises(SystemExit, match="^2$") as exc:
        main(["report", SEED, "-o", "r.md"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit, match="^2$"):
        main(["report", SEED, "--agency", "A"])


@pytest.mark.parametrize("name", ["r.docx", "r.html", "r.md"])
def test_bad_input_leaves_an_existing_report_alone(tmp_path, capsys, name):
    out = tmp_path / name
    out.write_bytes(b"the old report")
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,score\n1,x\n", encoding="utf-8")
    assert main(["report", str(bad), "--agency", "A", "-o", str(out)]) == 1
    assert "'x'" in capsys.readouterr().err
    assert out.read_bytes() == b"the old report"
    assert _leftovers(tmp_path) == []


def test_bad_plan_leaves_an_existing_report_alone(tmp_path, capsys):
    out = tmp_path / "r.docx"
    out.write_bytes(b"the old report")
    plan = tmp_path / "plan.toml"
    plan.write_text("[o99]\nmeasure = 'x'\n", encoding="utf-8")
    assert main(["report", SEED, "--agency", "A", "--plan", str(plan), "-o", str(out)]) == 1
    assert "line 1: key o99: is not a question, checklist item or indicator of 2565" in capsys.readouterr().err
    assert out.read_bytes() == b"the old report" and _leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_no_half_file(tmp_path, monkeypatch, rules, registry):
    result = itakit.score(rules, itakit.AgencyData(indicator_scores={n: 90 for n in range(1, 11)}), registry=registry)
    report = build_report(rules, result, agency="A")
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")

    def broken(report, fh):
        fh.write(b"<!DOCTYPE html><html>half")
        raise OSError("disk full")

    monkeypatch.setitem(FORMATS, ".html", broken)
    with pytest.raises(OSError, match="disk full"):
        write_report(out, report)
    assert out.read_text(encoding="utf-8") == "old" and _leftovers(tmp_path) == []


def test_report_replaces_an_old_file_whole(tmp_path, capsys):
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    assert main(["report", SEED, "--agency", "A", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>") and _leftovers(tmp_path) == []


def test_many_agency_file_picks_the_named_agency(tmp_path, capsys):
    many = tmp_path / "many.csv"
    many.write_text(
        "agency,1,2,3,4,5,6,7,8,9,10\n"
        "อบต.ลำเลียง,99.84,99.49,99.35,99.51,99.92,95.03,92.99,93.07,96.00,100.00\n"
        "อบต.อื่น,80,80,80,80,80,80,80,80,80,80\n", encoding="utf-8")
    out = tmp_path / "r.md"
    assert main(["report", str(many), "--agency", "อบต.ลำเลียง", "-o", str(out)]) == 0
    assert "๙๗.๒๐" in out.read_text(encoding="utf-8")
    assert main(["report", str(many), "--agency", "ไม่มี", "-o", str(out)]) == 2
    assert "holds 2 agencies" in capsys.readouterr().err


def test_missing_docx_library_is_a_usage_error(tmp_path, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    out = tmp_path / "r.docx"
    assert main(["report", SEED, "--agency", "A", "-o", str(out)]) == 2
    assert "pip install 'itakit[docx]'" in capsys.readouterr().err
    assert not out.exists() and _leftovers(tmp_path) == []


def test_importing_itakit_loads_no_optional_library():
    import subprocess
    import sys

    code = ("import sys, itakit, itakit.outputs.report, itakit.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'matplotlib', 'lxml')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_report_format_error_names_the_path():
    from itakit.outputs.report import report_format

    with pytest.raises(UsageError, match="out.xlsx"):
        report_format("out.xlsx")


# -- the agency asked for, however it is written -----------------------------------------------------------------


def test_report_picks_the_agency_written_another_way(capsys, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text(many_csv([(SARA_AM, *SCORES), ("B", *SCORES)]), encoding="utf-8")
    out = tmp_path / "r.md"
    code, _, err = run(capsys, "report", path, "--agency", SARA_AM_SPLIT, "--digits", "arabic", "-o", out)
    assert code == 0, err
    assert "97.20" in out.read_text(encoding="utf-8")
