"""``itakit serve``: run the officer's page with Uvicorn, on the loopback address unless told otherwise.

The port is tried before Uvicorn starts, so that a port in use or an address that is not
this machine's is a plain message (exit 2) rather than a server log.  With ``--workers N``
Uvicorn starts N processes that each build the page from the settings passed in the
environment (:mod:`itakit.web.settings`), so they share one form-signing secret.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import socket
import sys
import threading
import time
import webbrowser

from ..errors import UsageError, missing_extra
from .settings import ENVIRONMENT_VARIABLE, Settings, is_loopback

__all__ = ["REQUIRED", "check_extra", "check_port", "serve", "url_of"]

REQUIRED = (("starlette", "starlette"), ("uvicorn", "uvicorn"), ("jinja2", "jinja2"),
            ("python_multipart", "python-multipart"))
"""The modules of the ``web`` extra, and the distribution that brings each."""


def check_extra() -> None:
    """Refuse (exit 2) with the install command when a library of the ``web`` extra is missing."""
    for module, distribution in REQUIRED:
        if importlib.util.find_spec(module) is None:
            raise missing_extra("itakit serve (the web page)", distribution, "web")


def url_of(settings: Settings) -> str:
    """The address to open in a browser (a wildcard address is shown as this machine's loopback)."""
    host = settings.host
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.port}/"


def check_port(settings: Settings) -> None:
    """Bind the address once and let it go: a port in use, a privileged port or a foreign address is a UsageError."""
    try:
        infos = socket.getaddrinfo(settings.host, settings.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"--host {settings.host}: not an address of this machine ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {settings.port} on {settings.host} is already in use: "
                                 "stop what uses it, or choose another with --port") from None
            if exc.errno == errno.EACCES:
                raise UsageError(f"port {settings.port} needs administrator rights: choose one above 1023 with --port "
                                 "(and put a reverse proxy in front for port 80 or 443, docs/web.md)") from None
            raise UsageError(f"cannot listen on {settings.host} port {settings.port}: {exc.strerror}") from None


def _open_when_ready(url: str, settings: Settings) -> None:
    """Open ``url`` in the web browser as soon as the page accepts connections (given up after 30 s)."""
    host = "127.0.0.1" if settings.wildcard else settings.host.strip("[]")

    def wait_and_open() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((host, settings.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            return
        webbrowser.open(url)

    threading.Thread(target=wait_and_open, name="itakit-open-browser", daemon=True).start()


def serve(settings: Settings, *, open_browser: bool = False) -> int:
    """Serve the page until interrupted (Ctrl+C); returns the exit code."""
    check_extra()
    check_port(settings)
    import uvicorn

    url = url_of(settings)
    print(f"itakit: the ITA page is at {url} (Ctrl+C stops it; nothing is kept)", file=sys.stderr, flush=True)
    if not is_loopback(settings.host):
        names = ", ".join(sorted(settings.allowed_hosts)) or "none given"
        print(f"itakit: listening on {settings.host}: other machines can reach it; requests must name it by its "
              f"address or a name given with --allowed-host ({names})", file=sys.stderr, flush=True)
    common = {"host": settings.host, "port": settings.port, "log_level": "warning", "access_log": False,
              "server_header": False, "proxy_headers": True}
    if open_browser:
        _open_when_ready(url, settings)
    if settings.workers > 1:
        os.environ[ENVIRONMENT_VARIABLE] = settings.to_environment()  # read by each worker's create_app()
        uvicorn.run("itakit.web.app:create_app", factory=True, workers=settings.workers, **common)  # type: ignore[arg-type]
        return 0
    from .app import create_app

    uvicorn.Server(uvicorn.Config(create_app(settings), **common)).run()  # type: ignore[arg-type]
    return 0
