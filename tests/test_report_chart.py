"""The optional indicator chart: drawn with matplotlib in a font found through fontconfig, or refused clearly."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import matplotlib
import pytest

import itakit
from conftest import EXAMPLES, SEED_SCORES
from itakit.cli import main
from itakit.outputs.report import chart

SEED = str(EXAMPLES / "lamliang-2565-indicators.csv")
# A font shipped with matplotlib, so the tests need no system font; a real run uses a Thai one.
pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
BUNDLED_FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@pytest.fixture
def some_font(monkeypatch):
    monkeypatch.setattr(chart, "find_thai_font", lambda families=chart.THAI_FONTS: BUNDLED_FONT)


def test_chart_is_a_png(rules, registry, some_font):
    result = itakit.score(rules, itakit.AgencyData(indicator_scores=SEED_SCORES), registry=registry)
    png = chart.indicator_chart(rules, result, digits="thai")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert chart.indicator_chart(rules, result, digits="thai") == png  # no timestamp inside


def test_chart_in_docx_and_html(tmp_path, capsys, some_font):
    out = tmp_path / "r.docx"
    assert main(["report", SEED, "--agency", "A", "--chart", "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        assert [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    html = tmp_path / "r.html"
    assert main(["report", SEED, "--agency", "A", "--chart", "-o", str(html)]) == 0
    assert '<img src="data:image/png;base64,iVBORw0KGgo' in html.read_text(encoding="utf-8")


def test_no_thai_font_is_refused_with_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(chart, "find_thai_font", lambda families=chart.THAI_FONTS: None)
    out = tmp_path / "r.docx"
    assert main(["report", SEED, "--agency", "A", "--chart", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "apt-get install fonts-tlwg-laksaman-ttf" in err and "TH Sarabun New" in err
    assert not out.exists()


def test_no_matplotlib_is_refused_with_the_extra_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    out = tmp_path / "r.html"
    assert main(["report", SEED, "--agency", "A", "--chart", "-o", str(out)]) == 2
    assert "pip install 'itakit[chart]'" in capsys.readouterr().err and not out.exists()


def test_font_lookup_asks_fontconfig_in_order(monkeypatch, tmp_path):
    garuda = tmp_path / "Garuda.otf"
    garuda.write_bytes(b"font")
    asked = []

    def fake(args):
        asked.append(args)
        if args[0] == "fc-list" and args[1].startswith("Garuda"):
            return f"{garuda}: \n"
        if args[0] == "fc-match":
            return str(garuda)
        return ""

    monkeypatch.setattr(chart.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(chart, "_fontconfig", fake)
    assert chart.find_thai_font() == garuda
    tried = [a[1].split(":")[0] for a in asked if a[0] == "fc-list"]
    assert tried[0] == "TH Sarabun New" and tried[-1] == "Garuda" and "Laksaman" in tried


def test_font_lookup_without_fontconfig(monkeypatch):
    monkeypatch.setattr(chart.shutil, "which", lambda name: None)
    assert chart.find_thai_font() is None
