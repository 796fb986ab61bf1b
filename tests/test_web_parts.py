"""The web page's parts on their own: Host names, upload names, download names, the CSRF token, the carried data."""

from __future__ import annotations

import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itakit
import web_helpers  # noqa: F401  (skips this module without the 'web' extra)
from itakit.testing.strategies import agency_data, rule_sets
from itakit.web.documents import content_disposition
from itakit.web.refusals import Refused
from itakit.web.security import csrf_token, csrf_valid, host_name
from itakit.web.settings import ENVIRONMENT_VARIABLE, Settings, is_loopback
from itakit.web.state import decode_agencies, encode_agencies
from itakit.web.uploads import private_folder, safe_name


@pytest.mark.parametrize(("header", "name"), [
    ("127.0.0.1:8000", "127.0.0.1"), ("LOCALHOST", "localhost"), ("[::1]:8000", "::1"), ("[::1]", "::1"),
    ("ita.example.go.th.", "ita.example.go.th"), ("ita.example.go.th:443", "ita.example.go.th"),
    ("127.0.0.1:80x", ""), ("[::1", ""), ("", ""),
])
def test_host_name(header, name):
    assert host_name(header) == name


def test_the_accepted_hosts_are_the_loopback_names_the_bound_address_and_the_allowed_ones():
    assert Settings().accepted_hosts == {"127.0.0.1", "localhost", "::1"}
    assert Settings(host="192.168.1.20").accepted_hosts == {"127.0.0.1", "localhost", "::1", "192.168.1.20"}
    wide = Settings(host="0.0.0.0", allowed_hosts=(" ITA.example.go.th. ", "[2001:db8::1]"))
    assert wide.accepted_hosts == {"127.0.0.1", "localhost", "::1", "ita.example.go.th", "2001:db8::1"}
    assert is_loopback("127.0.0.2") and is_loopback("[::1]") and not is_loopback("0.0.0.0")
    assert wide.accepts("10.0.0.7") and not wide.accepts("10.0.0.7.nip.io") and not wide.accepts("")
    assert not Settings().accepts("10.0.0.7")


def test_settings_travel_to_worker_processes_through_the_environment(monkeypatch):
    given_settings = Settings(host="0.0.0.0", port=8123, allowed_hosts=("ita.example.go.th",),
                              max_upload_bytes=1234567, workers=3)
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, given_settings.to_environment())
    assert Settings.from_environment() == given_settings
    monkeypatch.delenv(ENVIRONMENT_VARIABLE)
    assert Settings.from_environment().secret != Settings.from_environment().secret  # a fresh secret each start
    with pytest.raises(ValueError, match="workers must be a whole number of at least 1"):
        Settings(workers=0)


def test_the_csrf_token_is_bound_to_the_cookie_and_the_secret():
    token = csrf_token(b"s" * 32, "cookie-1")
    assert csrf_valid(b"s" * 32, "cookie-1", token)
    assert not csrf_valid(b"s" * 32, "cookie-2", token)
    assert not csrf_valid(b"t" * 32, "cookie-1", token)
    assert not csrf_valid(b"s" * 32, None, token) and not csrf_valid(b"s" * 32, "cookie-1", None)


@pytest.mark.parametrize(("given_name", "safe"), [
    ("ผลคะแนน 2568.csv", "ผลคะแนน 2568.csv"), ("../../etc/passwd", "passwd"), ("C:\\Users\\ก\\file.xlsx", "file.xlsx"),
    (".hidden.csv", "hidden.csv"), ("a\x00b:c.csv", "a_b_c.csv"), ("", "upload.csv"), ("..", "upload.csv"),
    (None, "upload.csv"),
])
def test_safe_upload_names(given_name, safe):
    assert safe_name(given_name, "upload.csv") == safe


def test_a_long_upload_name_keeps_its_extension():
    name = safe_name("ก" * 400 + ".xlsx", "upload.csv")
    assert len(name) == 150 and name.endswith(".xlsx")


def test_the_private_folder_is_gone_when_the_request_ends(tmp_path):
    source = tmp_path / "x.csv"
    source.write_bytes(b"indicator,score\n")
    with private_folder() as folder, source.open("rb") as fh:
        saved = folder.save(fh, "../x-2568.csv", "upload.csv")
        assert saved.path.read_bytes() == b"indicator,score\n" and saved.name == "x-2568.csv"
        assert (folder.path.stat().st_mode & 0o777) == 0o700
        assert folder.rename(f"{saved.path}, line 2: bad") == "x-2568.csv, line 2: bad"
    assert not folder.path.exists()


def test_download_names_keep_thai_and_give_an_ascii_fallback():
    header = content_disposition("รายงาน ITA 2565 อบต.ลำเลียง/\"x\";.docx", "ita-report-2565.docx")
    plain, star = header.split("; filename*=UTF-8''")
    assert plain == 'attachment; filename="ita-report-2565.docx"'
    assert urllib.parse.unquote(star) == "รายงาน ITA 2565 อบต.ลำเลียง x .docx"
    assert all(ord(ch) < 128 for ch in header)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_the_carried_data_scores_exactly_as_the_original(data):
    rules = data.draw(rule_sets(max_indicators=2))
    agencies = data.draw(st.lists(agency_data(rules), min_size=1, max_size=3))
    back = decode_agencies(encode_agencies(agencies), max_bytes=1 << 22)
    assert back == tuple(agencies)
    registry = itakit.Registry(autoload=False)
    for before, after in zip(agencies, back, strict=True):
        assert itakit.score(rules, after, registry=registry) == itakit.score(rules, before, registry=registry)


def test_the_carried_data_keeps_names_other_columns_and_exact_fractions():
    one = itakit.AgencyData(agency="อบต.<ทดสอบ>", indicator_scores={1: "100/3"}, item_results={"o1": False},
                            extra={"จังหวัด": "ระนอง"}, respondents=0)
    assert decode_agencies(encode_agencies([one]), max_bytes=1 << 20) == (one,)


@pytest.mark.parametrize("payload", [
    b'{"v":2,"a":[{}]}', b'{"v":1,"a":[]}', b'{"v":1,"a":[{"i":{"1":"101"}}]}', b'{"v":1,"a":[{"zz":1}]}',
    b'{"v":1,"a":[{"a":{"i1":[{"4":-1},0]}}]}', b'{"v":1,"a":[{"o":{"o1":"yes"}}]}', b"[]", b"\xff",
])
def test_data_that_is_not_ours_is_refused(payload):
    import base64
    import zlib

    token = base64.urlsafe_b64encode(zlib.compress(payload)).decode()
    with pytest.raises(Refused, match="the page's data field cannot be read") as caught:
        decode_agencies(token, max_bytes=1 << 20)
    assert caught.value.refusal.status == 400


def test_one_agency_of_a_token_is_decoded_alone():
    agencies = [itakit.AgencyData(agency=f"a{k}", indicator_scores={1: k}) for k in range(5)]
    token = encode_agencies(agencies)
    from itakit.web.state import decode_agency

    assert decode_agency(token, 3, max_bytes=1 << 20) == agencies[3]
    assert decode_agency(token, 5, max_bytes=1 << 20) is None and decode_agency(token, -1, max_bytes=1 << 20) is None
