"""What every request passes before a page sees it: the Host check, the upload limit, the CSRF token, safe headers.

* **Host** (DNS rebinding): a page on this machine must be asked for by one of its names —
  the loopback names, the address it is bound to, or a name given with ``--allowed-host``
  (bound to every interface, also any address typed as digits).  A web site that points its
  own name at 127.0.0.1 reaches the port but is refused here.
* **Size**: a request declaring more than the limit (``Content-Length``) is refused before
  any of it is read, and one streamed without a length is counted as it arrives and
  refused as soon as it passes the limit — 413 either way.
* **CSRF**: a signed double-submit cookie.  Each browser gets a random cookie; every form
  carries the HMAC of that cookie under the server's secret, and a POST is accepted only
  when the two agree (the cookie is also ``SameSite=Strict``).  Nothing is stored.
* **Headers**: a strict Content-Security-Policy (no inline script or style), no sniffing,
  no framing, no referrer outside the page, and ``no-store`` on everything but the style sheet.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .refusals import Refusal
from .settings import Settings

__all__ = [
    "CSRF_COOKIE", "CSRF_FIELD", "Guard", "TooLarge", "csrf_token", "csrf_valid", "host_name", "new_csrf_cookie",
    "same_origin", "too_large",
]

CSRF_COOKIE = "itakit_csrf"
CSRF_FIELD = "csrf"
_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
           "frame-ancestors 'none'; base-uri 'none'")
_HEADERS = {
    "content-security-policy": _POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def host_name(header: str) -> str:
    """The name part of a Host header, lower case, without its port or a final dot (``[::1]:8000`` → ``::1``)."""
    text = header.strip().casefold()
    if text.startswith("["):
        end = text.find("]")
        return text[1:end] if end > 0 else ""
    name, colon, port = text.rpartition(":")
    if colon and ":" not in name:
        return name.rstrip(".") if port.isdigit() else ""
    return text.rstrip(".")


def new_csrf_cookie() -> str:
    """A fresh random value for a browser's CSRF cookie."""
    return secrets.token_urlsafe(32)


def csrf_token(secret: bytes, cookie: str) -> str:
    """The token a form carries for a browser with this cookie: an HMAC-SHA256 of it under the server's secret."""
    return hmac.new(secret, cookie.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_valid(secret: bytes, cookie: str | None, token: object) -> bool:
    """True when a posted token is the one this server made for the browser's cookie."""
    if not cookie or not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, cookie), token)


def same_origin(headers: Headers, settings: Settings) -> bool:
    """False when a browser says the request comes from a page of another site (its ``Origin`` names another host).

    An absent or opaque (``null``) origin says nothing either way: a browser sends ``null`` from
    a page whose referrer policy hides it, and also from sandboxed frames — which, being
    cross-site, carry no ``SameSite=Strict`` cookie and so fail the token check anyway.
    """
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return True
    return settings.accepts(host_name(urlsplit(origin).netloc))


class TooLarge(Exception):
    """A request body passed the upload limit while it was being read."""


def too_large(settings: Settings) -> Refusal:
    """The refusal of a request larger than the limit."""
    limit = f"{settings.max_upload_mb:g}"
    return Refusal(413, "ไฟล์ใหญ่เกินกำหนด",
                   f"หน้านี้รับไฟล์ได้ไม่เกิน {limit} MB ต่อครั้ง: แยกไฟล์เป็นส่วนเล็กลง หรือให้ผู้ดูแลเพิ่มขีดจำกัด "
                   "(itakit serve --max-upload-mb)",
                   f"the request is larger than the upload limit of {limit} MB")


class Guard:
    """ASGI middleware: refuses a foreign Host or an oversized body, and adds the safety headers to every answer."""

    def __init__(self, app: ASGIApp, settings: Settings, refuse: Callable[[Refusal], Response]) -> None:
        self.app = app
        self.settings = settings
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_safely(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in _HEADERS.items():
                    out[name] = value
                if "cache-control" not in out:
                    out["cache-control"] = "max-age=3600" if static else "no-store"
            await send(message)

        host = headers.get("host", "")
        if not self.settings.accepts(host_name(host)):
            refusal = Refusal(
                400, "ชื่อเว็บไซต์นี้ไม่ได้รับอนุญาต",
                "เปิดหน้านี้ด้วยที่อยู่ที่ผู้ดูแลกำหนด (เช่น http://127.0.0.1:8000/) ผู้ดูแลเพิ่มชื่อได้ด้วย "
                "itakit serve --allowed-host ชื่อ",
                f"the Host header {host!r} is not a name this server answers to (use --allowed-host to add it)")
            await self.refuse(refusal)(scope, receive, send_safely)
            return
        length = headers.get("content-length")
        limit = self.settings.max_upload_bytes
        if length is not None and (not length.strip().isdigit() or int(length) > limit):
            refusal = too_large(self.settings) if length.strip().isdigit() else Refusal(
                400, "คำขอไม่ถูกต้อง", "ส่งแบบฟอร์มใหม่อีกครั้ง", f"bad Content-Length {length!r}")
            response = self.refuse(refusal)
            response.headers["connection"] = "close"
            await response(scope, receive, send_safely)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send_safely(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except TooLarge:
            if started:
                raise
            response = self.refuse(too_large(self.settings))
            response.headers["connection"] = "close"
            await response(scope, receive, send_safely)
