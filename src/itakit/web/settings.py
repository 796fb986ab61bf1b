"""How one ``itakit serve`` runs: address, accepted Host names, upload limit, and the secret its forms are signed with.

The settings travel to Uvicorn's worker processes through one environment variable, so that
every worker signs and checks forms with the same secret (a form served by one worker is
accepted by another) and enforces the same limits.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from collections.abc import Iterable

import attrs

__all__ = ["DEFAULT_MAX_UPLOAD_MB", "ENVIRONMENT_VARIABLE", "LOOPBACK_NAMES", "Settings", "is_loopback"]

DEFAULT_MAX_UPLOAD_MB = 20
ENVIRONMENT_VARIABLE = "ITAKIT_WEB_SETTINGS"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
"""Host names a page served on this machine is always reached by."""


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip().strip("[]").rstrip(".").casefold() for v in values if v.strip()))


def is_loopback(host: str) -> bool:
    """True for an address or name that only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]").casefold()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or value < 1:
        raise ValueError(f"{attribute.name} must be a whole number of at least 1, not {value!r}")


@attrs.frozen
class Settings:
    """One server's settings; ``secret`` signs the forms' CSRF tokens and is made afresh for every start."""

    host: str = "127.0.0.1"
    port: int = 8000
    allowed_hosts: tuple[str, ...] = attrs.field(default=(), converter=_names)
    """Further Host header names to accept (the public name behind a reverse proxy)."""
    max_upload_bytes: int = attrs.field(default=DEFAULT_MAX_UPLOAD_MB * 1024 * 1024, validator=_positive)
    workers: int = attrs.field(default=1, validator=_positive)
    secret: bytes = attrs.field(factory=lambda: secrets.token_bytes(32), repr=False)

    @property
    def wildcard(self) -> bool:
        """True when bound to every interface (``0.0.0.0`` or ``::``)."""
        return self.host.strip("[]") in ("0.0.0.0", "::", "")

    def accepts(self, name: str) -> bool:
        """Whether a request naming this Host (name part, lower case) is answered.

        Bound to every interface, the page also answers any address typed as digits
        (``http://192.168.1.20:8000/``): DNS rebinding needs a name, never an address.
        """
        if name in self.accepted_hosts:
            return True
        if not self.wildcard or not name:
            return False
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    @property
    def accepted_hosts(self) -> frozenset[str]:
        """Every Host name a request may carry: this machine's loopback names, the bound address, and the allowed ones."""
        names = set(LOOPBACK_NAMES) | set(self.allowed_hosts)
        if not self.wildcard:  # a wildcard is no name (addresses typed as digits are answered, see accepts)
            names.add(self.host.strip("[]").casefold())
        return frozenset(names)

    @property
    def max_upload_mb(self) -> float:
        """The upload limit in MB (2**20 bytes), as the page and its messages state it."""
        return self.max_upload_bytes / (1024 * 1024)

    def to_environment(self) -> str:
        """These settings as the text of :data:`ENVIRONMENT_VARIABLE`, read back by :meth:`from_environment`."""
        return json.dumps({
            "host": self.host, "port": self.port, "allowed_hosts": list(self.allowed_hosts),
            "max_upload_bytes": self.max_upload_bytes, "workers": self.workers, "secret": self.secret.hex(),
        })

    @classmethod
    def from_environment(cls) -> Settings:
        """The settings a worker process was started with, or the defaults (with a new secret) when none were given."""
        text = os.environ.get(ENVIRONMENT_VARIABLE)
        if not text:
            return cls()
        data = json.loads(text)
        return cls(host=str(data["host"]), port=int(data["port"]), allowed_hosts=tuple(data["allowed_hosts"]),
                   max_upload_bytes=int(data["max_upload_bytes"]), workers=int(data["workers"]),
                   secret=bytes.fromhex(data["secret"]))
