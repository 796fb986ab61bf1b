"""The words of the documents as phrases (outputs/phrases.py, report/phrases.th.toml): every built-in template
reads; a user's file replaces a sentence without touching Python; a misspelt key or a broken template is refused
naming the file and the key."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itakit
from conftest import EXAMPLES
from itakit.cli import main
from itakit.outputs.fmt import Fmt
from itakit.outputs.phrases import ENV_PHRASES, Phrases, builtin_phrases, phrase_file, thai_join
from reporting import AGENCY, REALISTIC, full_text, report


def test_every_built_in_phrase_compiles():
    import jinja2

    from itakit.outputs.phrases import _environment  # noqa: PLC2701 - the test looks inside on purpose

    env = _environment()
    for key, text in builtin_phrases().texts.items():
        for variant in ([text] if isinstance(text, str) else text):
            try:
                env.parse(variant)
            except jinja2.TemplateSyntaxError as exc:  # pragma: no cover - the failure names the key
                pytest.fail(f"{key}: {exc}")


def test_thai_lists_are_joined_as_official_writing_joins_them():
    assert thai_join(["ข้อ ๑", "ข้อ ๓", "ข้อ ๖"]) == "ข้อ ๑ ข้อ ๓ และข้อ ๖"
    assert thai_join(["(๑) การปฏิบัติหน้าที่", "(๒) การใช้งบประมาณ"]) == "(๑) การปฏิบัติหน้าที่ และ (๒) การใช้งบประมาณ"
    assert thai_join(["IIT", "EIT", "OIT"]) == "IIT EIT และ OIT"
    assert thai_join(["ก"]) == "ก" and thai_join([]) == ""


def test_a_users_file_changes_a_sentence_of_the_report(tmp_path):
    mine = tmp_path / "phrases.toml"
    mine.write_text('[judgement]\nconsider = "หน่วยงานจะรักษามาตรฐานและพัฒนาต่อไปอย่างต่อเนื่อง"\n', encoding="utf-8")
    text = full_text(report(phrases=mine))
    assert "หน่วยงานจะรักษามาตรฐานและพัฒนาต่อไปอย่างต่อเนื่อง" in text
    assert "เมื่อพิจารณาในภาพรวม หน่วยงานยังมีประเด็นที่ต้องพัฒนา" not in text
    out = tmp_path / "r.md"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--phrases", str(mine), "-o", str(out)]) == 0
    assert "หน่วยงานจะรักษามาตรฐานและพัฒนาต่อไปอย่างต่อเนื่อง" in out.read_text(encoding="utf-8")


def test_the_environment_names_a_phrase_file_too(tmp_path, monkeypatch):
    mine = tmp_path / "p.toml"
    mine.write_text('[results]\ntitle = "ผลคะแนน ITA"\n', encoding="utf-8")
    monkeypatch.setenv(ENV_PHRASES, str(mine))
    assert "๒. ผลคะแนน ITA" in full_text(report())


def test_a_misspelt_key_or_a_broken_template_is_refused_naming_both(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[judgment]\nconsider = "x"\n', encoding="utf-8")
    with pytest.raises(itakit.DataError, match=r"bad.toml: judgment.consider: is not a phrase of itakit \(see"):
        report(phrases=bad)
    bad.write_text('[judgement]\nconsider = "{{ agency"\n', encoding="utf-8")
    with pytest.raises(itakit.DataError, match=r"judgement.consider: the template does not read"):
        report(phrases=bad)
    bad.write_text('[judgement]\nconsider = "{{ nobody }}"\n', encoding="utf-8")
    with pytest.raises(itakit.DataError, match=r"judgement.consider: 'nobody' is undefined"):
        report(phrases=bad)
    bad.write_text("[judgement\n", encoding="utf-8")
    with pytest.raises(itakit.DataError, match="not valid TOML"):
        phrase_file(bad)


def test_a_bad_phrase_file_from_the_cli_is_exit_1_and_nothing_is_written(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[judgement]\nconsider = 3\n', encoding="utf-8")
    out = tmp_path / "r.pdf"
    assert main(["report", str(REALISTIC), "--agency", AGENCY, "--phrases", str(bad), "-o", str(out)]) == 1
    assert "consider: expected text or a list of texts" in capsys.readouterr().err
    assert not out.exists()


def test_variants_are_used_in_turn():
    phrases = Phrases((), Fmt("thai"))
    assert phrases.variants("analysis.strengths") == 3
    first = phrases("analysis.strengths", variant=0, tool="ก", questions="ข้อ ๑", shown=["ข"])
    second = phrases("analysis.strengths", variant=1, tool="ก", questions="ข้อ ๑", shown=["ข"])
    assert first != second and first.startswith("จุดแข็งของก")


def test_the_commands_text_output_is_worded_by_its_own_phrase_file(tmp_path, monkeypatch, capsys):
    from itakit.outputs.phrases import BOOKS

    books = [set(builtin_phrases(book).texts) for book in BOOKS]
    assert not set.intersection(*books)  # one override file can hold both without a clash
    assert main(["score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--digits", "thai"]) == 0
    plain = capsys.readouterr().out
    assert "คะแนนเฉลี่ย" in plain and "๙๗.๒๐  ระดับ AA  ผ่านเกณฑ์" in plain
    mine = tmp_path / "mine.toml"
    mine.write_text('[text.result]\ntotal = "คะแนนรวม"\n'
                    'verdict = "ได้ระดับ {{ code }} ({{ status }})"\npassed = "ผ่าน"\n', encoding="utf-8")
    monkeypatch.setenv(ENV_PHRASES, str(mine))
    assert main(["score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--digits", "thai"]) == 0
    out = capsys.readouterr().out
    assert "คะแนนเฉลี่ย" not in out and "คะแนนรวม" in out and "๙๗.๒๐  ได้ระดับ AA (ผ่าน)" in out


_WORDS = st.text(alphabet=st.sampled_from("กขคงจ ัาิีุู่้ 0123456789ab.,:()-—“”"), max_size=12)


@given(st.lists(st.tuples(_WORDS, st.sampled_from([None, "num", "count", "year", "code", "digits", "join"])),
                max_size=5), _WORDS, st.sampled_from(["thai", "arabic"]))
def test_a_template_that_only_puts_facts_in_reads_as_jinja_reads_it(slots, tail, digits):
    """The plain path (no Jinja2 loaded) and Jinja2 fill the same template the same way."""
    from itakit.outputs.phrases import PhraseFile

    values = {None: "ก 1", "num": Decimal("97.205"), "count": 1234, "year": 2565, "code": "e6",
              "digits": "ข้อ 12", "join": ["ก", "ข", "ค"]}
    source = "".join(f"{text}{{{{ v{k}{'|' + kind if kind else ''} }}}}" for k, (text, kind) in enumerate(slots)) + tail
    facts = {f"v{k}": values[kind] for k, (_, kind) in enumerate(slots)}
    plain = Phrases([PhraseFile("t.toml", {"common.agency": source})], Fmt(digits))
    jinja = Phrases([PhraseFile("t.toml", {"common.agency": "{% if true %}" + source + "{% endif %}"})], Fmt(digits))
    assert plain("common.agency", **facts) == jinja("common.agency", **facts)


def test_the_text_phrases_json_twin_matches_the_toml():
    """Every ``itakit score`` reads text.th.toml through its twin; a stale twin would cost start-up the TOML parser."""
    from itakit.outputs.phrases import builtin_path
    from itakit.tomltwin import twin_data

    path = builtin_path("text")
    assert twin_data(path, path.read_bytes(), "phrases") is not None, (
        "text.th.toml.json is stale: python -c \"from itakit.outputs.phrases import compile_builtin; "
        "compile_builtin('text')\"")
