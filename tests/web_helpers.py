"""Shared helpers of the web page's tests: a test client that names the page as a browser on this machine would,
the hidden fields of a page's forms, and uploads."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web page needs the 'web' extra")
pytest.importorskip("jinja2", reason="the web page needs the 'web' extra")
pytest.importorskip("python_multipart", reason="the web page needs the 'web' extra")

from starlette.testclient import TestClient  # noqa: E402

from itakit.web.app import create_app  # noqa: E402
from itakit.web.settings import Settings  # noqa: E402

BASE_URL = "http://127.0.0.1:8000"


def client(settings: Settings | None = None, **options: object) -> TestClient:
    """A test client of a fresh page, asking for it as ``127.0.0.1:8000`` (the Host the default settings accept)."""
    return TestClient(create_app(settings or Settings()), base_url=BASE_URL, **options)  # type: ignore[arg-type]


def field(page: str, name: str) -> str:
    """The value of the first input named ``name`` in a page (unescaped)."""
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert match is not None, f"no field {name!r} in the page"
    return html.unescape(match.group(1))


def text_of(page: str, element_id: str) -> str:
    """The text of the element with this id (its first text, unescaped)."""
    match = re.search(rf'id="{re.escape(element_id)}"[^>]*>([^<]*)<', page)
    assert match is not None, f"no element {element_id!r} in the page"
    return html.unescape(match.group(1)).strip()


def carried(page: str) -> dict[str, str]:
    """The fields every form of a result page carries back: CSRF token, year, agencies, source."""
    return {name: field(page, name) for name in ("csrf", "year", "data", "source")}


def csrf(c: TestClient) -> str:
    """Open the home page (which gives the client its cookie) and return the forms' token."""
    page = c.get("/")
    assert page.status_code == 200
    return field(page.text, "csrf")


def upload(c: TestClient, path: Path | str | None = None, *, year: str = "auto", name: str | None = None,
           content: bytes | None = None, extra: dict[str, str] | None = None, files: dict[str, object] | None = None):
    """Post a file to ``/result`` as the home page's upload form does."""
    token = csrf(c)
    if content is None:
        assert path is not None
        content = Path(path).read_bytes()
    shown = name if name is not None else Path(str(path)).name
    sent = {"file": (shown, content, "application/octet-stream"), **(files or {})}
    return c.post("/result", data={"csrf": token, "year": year, **(extra or {})}, files=sent)


def report_form(page: str) -> dict[str, str]:
    """Every field of a report page's form as the browser would post it (checked boxes only)."""
    fields: dict[str, str] = {}
    for match in re.finditer(r'<input type="(hidden|text|date)"[^>]*name="([^"]+)" value="([^"]*)"', page):
        fields.setdefault(match.group(2), html.unescape(match.group(3)))
    for match in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        fields.setdefault(match.group(1), html.unescape(match.group(2)))
    for match in re.finditer(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        fields[match.group(1)] = html.unescape(match.group(2))
    for match in re.finditer(r'<input type="checkbox" id="[^"]*" name="([^"]+)"( checked)?>', page):
        if match.group(2):
            fields[match.group(1)] = "on"
    for match in re.finditer(r'<input type="radio" id="[^"]*" name="([^"]+)" value="([^"]+)" checked>', page):
        fields[match.group(1)] = match.group(2)
    return fields


def free_port() -> int:
    """A TCP port free on the loopback address right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The page served by a real Uvicorn in a thread of this process, on a free loopback port."""

    def __init__(self, settings: Settings | None = None) -> None:
        import threading

        import uvicorn

        self.port = free_port()
        settings = settings or Settings(port=self.port)
        self.server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, name="itakit-test-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> LiveServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def unlabelled(page: str) -> list[str]:
    """The ids of a page's visible fields (inputs but hidden ones, selects, text areas) that no label names."""
    ids = re.findall(r'<(?:input|select|textarea) (?:type="(?!hidden)[^"]*" )?id="([^"]+)"', page)
    assert ids, "the page has no fields"
    return [i for i in ids if f'<label for="{i}"' not in page]
