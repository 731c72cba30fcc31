"""Who the client is, and which clients may see the operations routes.

:class:`ForwardedClient` takes the client's address from ``X-Forwarded-For`` only when the
connection comes from a proxy the operator named (``Settings.forwarded_allow_ips``, empty by
default: no proxy is trusted, not even on loopback), and only when the forwarded address is an
IP address: otherwise any client could choose its own rate-limit identity per request.
:class:`InternalOnly` answers 404 on ``/metrics`` and the API docs to clients outside
``Settings.internal_allow_ips`` (when set), as if they did not exist.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from ...errors import ConfigurationError
from .problems import problem_response

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


EVERYONE = ("0.0.0.0/0", "::/0")


def networks(values: Iterable[str], setting: str) -> list[Network]:
    """Addresses (``10.0.0.2``) and networks (``10.0.0.0/24``) of a setting, ``*`` for any; a wrong one
    stops the start."""
    values = [v.strip() for value in values for v in (EVERYONE if value.strip() == "*" else [value])]
    try:
        return [ipaddress.ip_network(value, strict=False) for value in values if value]
    except ValueError as exc:
        raise ConfigurationError(f"{setting}: {exc}; give IP addresses or networks such as 10.0.0.0/24") from None


def address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def within(host: str | None, allowed: list[Network]) -> bool:
    ip = address(host) if host else None
    return ip is not None and any(ip in net for net in allowed)


class ForwardedClient:
    def __init__(self, app: ASGIApp, proxies: list[Network]) -> None:
        self.app, self.proxies = app, proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.proxies and within((scope.get("client") or (None,))[0], self.proxies):
            forwarded = self.client_of(scope["headers"])
            if forwarded is not None:
                scope["client"] = (forwarded, 0)
            proto = dict(scope["headers"]).get(b"x-forwarded-proto", b"").decode("latin-1").strip()
            if proto in ("http", "https"):
                scope["scheme"] = proto
        await self.app(scope, receive, send)

    def client_of(self, headers: list[tuple[bytes, bytes]]) -> str | None:
        """The rightmost address no trusted proxy added (each proxy appends the address it saw);
        None when the header is missing or the address there is not an IP address (junk is ignored)."""
        chain = ",".join(value.decode("latin-1") for name, value in headers if name == b"x-forwarded-for")
        for item in reversed(chain.split(",")):
            ip = address(item)
            if ip is None:
                return None
            if not any(ip in net for net in self.proxies):
                return str(ip)
        return None


class InternalOnly:
    """404 on ``paths`` (and below them) for clients outside ``allowed``; no check when ``allowed`` is None."""

    def __init__(self, app: ASGIApp, paths: tuple[str, ...], allowed: list[Network] | None) -> None:
        self.app, self.paths, self.allowed = app, paths, allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and self.allowed is not None and self._internal(scope["path"])
                and not within((scope.get("client") or (None,))[0], self.allowed)):
            await problem_response(404, "Not Found")(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _internal(self, path: str) -> bool:
        return any(path == p or path.startswith(p.rstrip("/") + "/") for p in self.paths)
