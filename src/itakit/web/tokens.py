"""What a page carries in a hidden field instead of keeping it: JSON, deflated, base64url — one way for every field.

The agencies' figures (:mod:`~itakit.web.state`) and the uploaded question sheet
(:mod:`~itakit.web.questions`) travel this way.  Unpacking bounds the inflated size, so a
small token cannot unpack into a huge one; each caller checks the payload's shape and
words its own refusal.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib

__all__ = ["BadToken", "pack", "unpack"]


class BadToken(Exception):
    """A token that is not one of the page's: what is wrong, for the caller's refusal."""


def pack(payload: object) -> str:
    """``payload`` (JSON data) as a token for a hidden form field."""
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 6)).decode("ascii").rstrip("=")


def unpack(token: object, max_bytes: int) -> object:
    """The JSON data of a token, inflated to at most ``max_bytes``; raises :class:`BadToken`."""
    if not isinstance(token, str) or not token:
        raise BadToken("it is missing")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, max_bytes)
        if inflater.unconsumed_tail:
            raise BadToken("it is too large")
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError, RecursionError):
        raise BadToken("it is not a token of this page") from None
