"""The page served for real: Uvicorn on a free loopback port, many officers at once, refusals that leave it serving,
and ``itakit serve`` itself (loopback only, workers sharing one secret, clear messages when it cannot start)."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import web_helpers as w
from conftest import EXAMPLES, ROOT
from itakit import cli

pytest.importorskip("uvicorn")


@pytest.fixture(scope="module")
def live():
    """A real server in a thread of this process; yields its port."""
    with w.LiveServer() as server:
        yield server.port


class Browser:
    """One officer: a connection with the page's cookie, as a browser keeps it."""

    def __init__(self, port: int, host: str | None = None) -> None:
        self.port = port
        self.host = host or f"127.0.0.1:{port}"
        self.cookie = ""

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            sent = {"Host": self.host, **({"Cookie": self.cookie} if self.cookie else {}), **(headers or {})}
            conn.request(method, path, body=body, headers=sent)
            answer = conn.getresponse()
            text = answer.read().decode("utf-8", "replace")
            cookie = answer.getheader("set-cookie")
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            return answer.status, text
        finally:
            conn.close()

    def upload(self, name: str, content: bytes, year: str = "auto"):
        status, home = self.request("GET", "/")
        assert status == 200
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{w.field(home, "csrf")}\r\n',
                 f'--{boundary}\r\nContent-Disposition: form-data; name="year"\r\n\r\n{year}\r\n']
        body = "".join(parts).encode() + (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", "/result", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


CASES = [
    ("lamliang-2565-indicators.csv", "auto", "97.20", "AA"),
    ("agency-2568-indicators.csv", "2568", "94.40", "ผ่าน"),
    ("lamliang-2565-indicators.xlsx", "auto", "97.20", "AA"),
    ("lamliang-2565-questions.csv", "2565", "97.20", "AA"),
]


def test_32_uploads_from_16_officers_at_once_are_all_answered_right(live):
    def one(k: int) -> tuple[str, str, str, str]:
        name, year, _, _ = CASES[k % len(CASES)]
        status, page = Browser(live).upload(name, (EXAMPLES / name).read_bytes(), year)
        assert status == 200, page[:500]
        return name, w.field(page, "year"), w.text_of(page, "total"), w.text_of(page, "grade")

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(one, range(32)))
    expected = [(name, "2565" if year == "auto" else year, total, grade)
                for name, year, total, grade in (CASES[k % len(CASES)] for k in range(32))]
    assert answers == expected


def test_random_bytes_and_a_30_mb_upload_are_refused_and_the_server_keeps_serving(live):
    officer = Browser(live)
    status, page = officer.upload("noise.csv", os.urandom(1 << 16))
    assert status == 400 and "อ่านไฟล์นี้ไม่ได้" in page and "noise.csv" in page and "Traceback" not in page

    conn = http.client.HTTPConnection("127.0.0.1", live, timeout=60)
    conn.putrequest("POST", "/result")
    conn.putheader("Content-Type", "multipart/form-data; boundary=zz")
    conn.putheader("Content-Length", str(30 * 1024 * 1024))
    conn.endheaders()
    sent = 0
    try:
        while sent < 30 * 1024 * 1024:
            conn.send(b"x" * 65536)
            sent += 65536
    except OSError:  # the server answered and closed before the body was all sent
        pass
    answer = conn.getresponse()
    text = answer.read().decode("utf-8")
    conn.close()
    assert answer.status == 413 and "ไฟล์ใหญ่เกินกำหนด" in text
    assert sent < 30 * 1024 * 1024  # refused early, from the declared length

    status, page = officer.upload("lamliang-2565-indicators.csv", (EXAMPLES / "lamliang-2565-indicators.csv").read_bytes())
    assert status == 200 and w.text_of(page, "total") == "97.20"


def test_a_streamed_upload_is_refused_as_soon_as_it_passes_the_limit(live):
    officer = Browser(live)
    assert officer.request("GET", "/")[0] == 200
    conn = http.client.HTTPConnection("127.0.0.1", live, timeout=60)
    conn.putrequest("POST", "/result")  # (it names the Host itself)
    conn.putheader("Cookie", officer.cookie)
    conn.putheader("Content-Type", "multipart/form-data; boundary=zz")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    head = b'--zz\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'
    sent = 0
    try:
        conn.send(b"%x\r\n%s\r\n" % (len(head), head))
        while sent < 40 * 1024 * 1024:
            chunk = b"1,99.84\n" * 8192
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
    except OSError:
        pass
    answer = conn.getresponse()
    text = answer.read().decode("utf-8")
    conn.close()
    assert answer.status == 413 and "ไม่เกิน 20 MB" in text
    assert sent < 40 * 1024 * 1024
    assert officer.request("GET", "/")[0] == 200


def test_a_forged_host_is_refused_by_the_real_server(live):
    status, page = Browser(live, host="rebind.attacker.example").request("GET", "/")
    assert status == 400 and "ชื่อเว็บไซต์นี้ไม่ได้รับอนุญาต" in page
    assert Browser(live, host=f"localhost:{live}").request("GET", "/")[0] == 200


# -- itakit serve ----------------------------------------------------------------------------------


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ITAKIT_WEB_SETTINGS",)}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _serve(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], int]:
    port = w.free_port()
    process = subprocess.Popen([sys.executable, "-m", "itakit", "serve", "--port", str(port), *args],
                               env={**_environment(), **(env or {})}, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, process.communicate()[1].decode()
        assert time.monotonic() < deadline, "itakit serve did not start listening"
        try:
            status, _ = Browser(port).request("GET", "/healthz")
            if status == 200:
                return process, port
        except OSError:
            time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err.decode("utf-8", "replace")


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on ``port`` (Linux's /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_itakit_serve_listens_on_the_loopback_address_only_and_serves_the_thai_home_page():
    process, port = _serve()
    try:
        status, page = Browser(port).request("GET", "/")
        assert status == 200 and '<html lang="th">' in page and 'action="/result"' in page
        addresses = _listening_addresses(port)
        if not Path("/proc/net/tcp").exists():
            pytest.skip("no /proc/net/tcp to read the listening address from")
        assert addresses == {"0100007F"}  # 127.0.0.1, and nothing else
    finally:
        err = _stop(process)
    assert f"http://127.0.0.1:{port}/" in err and "Traceback" not in err


def test_open_opens_the_page_in_the_browser_once_it_is_ready(tmp_path):
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n", encoding="utf-8")
    process, port = _serve("--open", env={"BROWSER": f"{sys.executable} {script} %s"})
    try:
        deadline = time.monotonic() + 30
        while not opened.exists() or not opened.read_text():
            assert time.monotonic() < deadline, "no browser was opened"
            time.sleep(0.1)
        assert opened.read_text() == f"http://127.0.0.1:{port}/"
    finally:
        _stop(process)


def test_workers_share_one_secret_so_a_form_from_one_is_accepted_by_another():
    process, port = _serve("--workers", "2")
    try:
        officer = Browser(port)
        tokens = {w.field(officer.request("GET", "/")[1], "csrf") for _ in range(16)}
        assert len(tokens) == 1  # whichever worker answered, the same cookie gives the same token
        answers = [officer.upload("lamliang-2565-indicators.csv",
                                  (EXAMPLES / "lamliang-2565-indicators.csv").read_bytes()) for _ in range(8)]
        assert [(status, w.text_of(page, "total")) for status, page in answers] == [(200, "97.20")] * 8
    finally:
        _stop(process)


def test_a_port_in_use_is_a_plain_message_and_exit_2(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert re.search(rf"itakit: error: port {port} on 127.0.0.1 is already in use", err)


@pytest.mark.parametrize(("argv", "message"), [
    (["serve", "--port", "0"], "--port 0: expected a port from 1 to 65535"),
    (["serve", "--max-upload-mb", "0"], "--max-upload-mb 0: expected a size in MB above 0"),
    (["serve", "--workers", "0"], "--workers 0: expected at least 1"),
    (["serve", "--host", "no-such-host.invalid"], "--host no-such-host.invalid: not an address of this machine"),
])
def test_bad_serve_options_are_usage_errors(capsys, argv, message):
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_without_the_web_extra_serve_names_the_extra(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    assert cli.main(["serve", "--port", str(w.free_port())]) == 2
    err = capsys.readouterr().err
    assert "itakit serve (the web page) needs uvicorn: pip install 'itakit[web]'" in err


def test_behind_a_tls_proxy_the_form_cookie_is_secure(live):
    def cookie(headers: dict[str, str]) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", live, timeout=30)
        try:
            conn.request("GET", "/", headers=headers)
            answer = conn.getresponse()
            answer.read()
            return answer.getheader("set-cookie") or ""
        finally:
            conn.close()

    assert "secure" in cookie({"X-Forwarded-Proto": "https"}).lower()  # nginx on this machine, as docs/web.md sets it
    assert "secure" not in cookie({}).lower()
