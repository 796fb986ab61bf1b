"""Rule files: read as data, bad keys refused with their path, and usable from the CLI with --rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import itakit
from clihelp import rule_file, run
from conftest import EXAMPLES, ROOT
from itakit.cli import main


def test_rules_command_prints_the_file_and_rules_option_uses_an_edited_copy(tmp_path, capsys, rules):
    assert main(["rules", "--year", "2565"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# ITA rule set for fiscal year 2565")
    # Make grade A start at 97.50: the seed's 97.20 then falls to A.
    edited = text.replace('lower = "95.00"', 'lower = "97.50"').replace('upper = "94.99"', 'upper = "97.49"')
    path = tmp_path / "mine.toml"
    path.write_text(edited, encoding="utf-8")
    assert main(["score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--rules", str(path), "--format", "json"]) == 0
    assert '"grade": "A"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('weight = "40"', 'weight = "30"'), "tools[].weight sum to 90, expected 100"),
        (('code = "o29"', 'code = "o28"'), "OIT item 'o28' is in two sub-indicators (9.4 and 9.5)"),
        (('upper = "94.99"', 'upper = "94.98"'), "bands leave a gap at 94.99-94.99 between A and AA"),
        (('pass_line = "85.00"', 'pass_line = 85.0'), "write the number 85.0 as a string"),
        (('name_en = "Performance of duties"', 'name_en = "Performance of duties"\nnmae_th = "x"'),
         "tools[0].indicators[0]: unknown key(s) 'nmae_th'"),
        (('year = 2565', 'year = "2565"'), ": year: expected int, got '2565'"),
    ],
)
def test_bad_rule_files_are_refused_naming_the_place(tmp_path, rules, change, message):
    text = Path(rules.source).read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(itakit.RuleSetError, match=re.escape(message)) as err:
        itakit.load_rule_set(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_not_toml_and_missing_file(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text("year = = 1", encoding="utf-8")
    with pytest.raises(itakit.RuleSetError, match="not valid TOML"):
        itakit.load_rule_set(path)
    with pytest.raises(itakit.RuleSetError, match="cannot read the rule file"):
        itakit.load_rule_set(tmp_path / "none.toml")


def test_bad_rules_option_exits_1_without_traceback(tmp_path, capsys):
    path = tmp_path / "x.toml"
    path.write_text("year = 2565\n", encoding="utf-8")
    assert main(["score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--rules", str(path)]) == 1
    err = capsys.readouterr().err
    assert "x.toml: top level: the key 'bands' is missing" in err and "Traceback" not in err


def test_the_shipped_compiled_twin_is_current_and_equal(rules):
    """Loading uses ita2565.toml.json only while it matches the TOML byte for byte."""
    import json
    import tomllib

    from itakit.rules.rulefile import compiled_path

    toml_path = Path(rules.source)
    twin = json.loads(compiled_path(toml_path).read_text(encoding="utf-8"))
    raw = toml_path.read_bytes()
    assert twin["source"] == raw.decode("utf-8"), (
        "src/itakit_rules_2565/ita2565.toml changed: run "
        "python -c \"import itakit; itakit.compile_rule_file('src/itakit_rules_2565/ita2565.toml')\""
    )
    assert twin["rules"] == tomllib.loads(raw.decode("utf-8"))


def _pass_at_75(source: str) -> str:
    """The rules with the pass line at 75 and band B (75-84.99) passing: an edit that stays consistent (issue 15)."""
    head, _, tail = source.partition('code = "B"')
    return (head + 'code = "B"' + tail.replace("passed = false", "passed = true", 1)).replace(
        'pass_line = "85.00"', 'pass_line = "75.00"')


def test_a_stale_twin_is_ignored(tmp_path, rules):
    source = Path(rules.source).read_text(encoding="utf-8")
    path = tmp_path / "r.toml"
    path.write_text(source, encoding="utf-8")
    itakit.compile_rule_file(path)
    assert itakit.load_rule_set(path) == rules
    # Edit the TOML after compiling: the edit must win over the stale twin.
    path.write_text(_pass_at_75(source), encoding="utf-8")
    assert itakit.load_rule_set(path).pass_line == 75
    # A twin that is not JSON at all is ignored too.
    (tmp_path / "r.toml.json").write_text("{not json", encoding="utf-8")
    assert itakit.load_rule_set(path).pass_line == 75


def test_a_twin_of_the_earlier_format_is_ignored(tmp_path, rules):
    """A twin in the earlier format (a SHA-256 instead of the TOML text) is not used: the TOML is read."""
    import json

    source = _pass_at_75(Path(rules.source).read_text(encoding="utf-8"))
    path = tmp_path / "r.toml"
    path.write_text(source, encoding="utf-8")
    (tmp_path / "r.toml.json").write_text(json.dumps({"source_sha256": "0" * 64, "rules": {"year": 1}}),
                                          encoding="utf-8")
    assert itakit.load_rule_set(path).pass_line == 75


def test_a_rule_file_packaged_in_a_zip_file_is_read(tmp_path, rules, monkeypatch):
    """A plugin imported from a zip archive has no folder to look in: importlib.resources reads its file."""
    import sys
    import zipfile

    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("zipped_rules/__init__.py", "")
        zf.write(rules.source, "zipped_rules/ita2565.toml")
    monkeypatch.syspath_prepend(str(archive))
    monkeypatch.delitem(sys.modules, "zipped_rules", raising=False)
    loaded = itakit.load_packaged_rule_set("zipped_rules", "ita2565.toml")
    assert loaded == rules
    assert loaded.source != rules.source  # read from a temporary copy, not from the installed file


def test_a_catalogue_topic_matches_a_question_of_its_indicator_by_wording():
    from itakit.rules.catalogue import MeasureCatalogue, parse_topics

    data = {"topics": [{
        "indicator": 2, "keywords": ["แผนการใช้จ่าย"], "subject": "บุคลากร",
        "deficiency": "บุคลากรบางส่วนยังไม่ทราบแผนการใช้จ่ายงบประมาณ", "recommendation": "ชี้แจงแผนในที่ประชุม",
        "strength": "s", "measure": "m", "method": ["a"], "responsible": ["กองคลัง"], "follow_up": ["f"],
    }]}
    catalogue = MeasureCatalogue(preset_topics=parse_topics(data, "test"))
    entry = catalogue.for_question("i7", "ท่านรู้เกี่ยวกับแผนการใช้จ่ายงบประมาณประจำปี มากน้อยเพียงใด", 2)
    assert entry is not None and entry.code == "i7" and entry.recommendation == "ชี้แจงแผนในที่ประชุม"
    assert catalogue.for_question("i7", "ท่านรู้เกี่ยวกับแผนการใช้จ่าย", 3) is None  # another indicator
    with pytest.raises(itakit.RuleSetError, match=r"topics\[1\]\.keywords: expected one or more words"):
        parse_topics({"topics": [{**data["topics"][0], "keywords": []}]}, "test")


def test_a_package_path_resolves_beside_an_uninstalled_plugins_rule_file(tmp_path):
    """Issue 22: a plugin's rule file naming its catalogue as package:… works with --rules before it is installed."""
    import itakit_rules_2565

    source = (Path(itakit_rules_2565.__file__).parent / "ita2565.toml").read_text(encoding="utf-8")
    catalogue = (Path(itakit_rules_2565.__file__).parent / "measures2565.toml").read_text(encoding="utf-8")
    text = source.replace('year = 2565', 'year = 2599', 1).replace(
        'measures = "package:itakit_rules_2565/measures2565.toml"', 'measures = "package:ita_rules_mine/measures.toml"')
    package = tmp_path / "src" / "ita_rules_mine"
    package.mkdir(parents=True)
    (package / "ita2599.toml").write_text(text, encoding="utf-8")
    (package / "measures.toml").write_text(catalogue, encoding="utf-8")
    inside = itakit.load_rule_set(package / "ita2599.toml")   # the rule file inside the package's folder
    assert inside.measures is not None and inside.measures.get("i13") is not None
    (tmp_path / "ita2599.toml").write_text(text, encoding="utf-8")
    beside = itakit.load_rule_set(tmp_path / "ita2599.toml")  # src/ita_rules_mine/ next to the rule file
    assert beside.measures is not None and beside.measures.get("i13") is not None
    lonely = tmp_path / "elsewhere"
    lonely.mkdir()
    (lonely / "ita2599.toml").write_text(text, encoding="utf-8")
    with pytest.raises(itakit.RuleSetError, match=r"names the package 'ita_rules_mine', which is not installed here, and no "
                                           r"folder 'ita_rules_mine' holding 'measures.toml' lies beside the rule file; "
                                           r"install the plugin that ships it \(pip install PLUGIN\), or give the "
                                           r"catalogue's path relative to the rule file \(measures = \"measures.toml\"\)"):
        itakit.load_rule_set(lonely / "ita2599.toml")


# -- values of a rule file ---------------------------------------------------------------------------------------


def test_rule_files_keep_their_ratio_syntax(tmp_path):
    text = (ROOT / "src/itakit_rules_2565/ita2565.toml").read_text(encoding="utf-8")
    assert 'weight = "30"' in text
    edited = text.replace('weight = "30"', 'weight = "60/2"', 1)
    path = tmp_path / "r.toml"
    path.write_text(edited, encoding="utf-8")
    assert itakit.load_rule_set(path).tools[0].weight == 30


@pytest.mark.parametrize(("old", "new", "key"), [
    ('pass_line = "85.00"', 'pass_line = "1e400"', "pass_line"),
    ('pass_line = "85.00"', 'pass_line = "1e999999999"', "pass_line"),
    ('pass_line = "85.00"', 'pass_line = "abc"', "pass_line"),
    ('lower = "85.00"', 'lower = "1e400"', "bands[1].lower"),
    ('lower = "85.00"', 'lower = 1e400', "bands[1].lower"),
    ('lower = "85.00"', 'lower = "85.001"', "bands[1].lower"),
    ('pass_line = "85.00"', 'pass_line = true', "pass_line"),
])
def test_a_bad_rule_value_names_its_key_and_line(capsys, tmp_path, old, new, key):
    path = rule_file(tmp_path, old, new)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(new))
    code, _, err = run(capsys, "grade", "90", "--rules", path)
    assert code == 1, err
    assert f"{path}, line {line}: {key}: " in err
    assert "internal error" not in err
