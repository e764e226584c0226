"""URL canonicalisation and safety: one spelling per page, and no requests to private hosts.

``canonicalize`` makes the key that decides "already stored": lower-case scheme and host, no
default port, no fragment, no tracking parameters (``data/tracking_params.txt``), the remaining
query sorted. ``check_url`` refuses what jianbao must never fetch (E105).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from jianbao.errors import CollectError

__all__ = ["canonicalize", "check_url", "host_key", "is_http_url", "resolve", "tracking_param"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are when a path is re-quoted (RFC 3986 pchar plus "/" and "%").
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


@lru_cache(maxsize=1)
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    text = resources.files("jianbao").joinpath("data", "tracking_params.txt").read_text("utf-8")
    exact: set[str] = set()
    prefixes: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        if line.endswith("*"):
            prefixes.append(line[:-1])
        else:
            exact.add(line)
    return frozenset(exact), tuple(prefixes)


def tracking_param(name: str) -> bool:
    """True when the query parameter ``name`` only tracks the click (data/tracking_params.txt)."""
    exact, prefixes = _tracking()
    lowered = name.lower()
    return lowered in exact or lowered.startswith(prefixes)


def is_http_url(url: str) -> bool:
    """True for an absolute http:// or https:// URL with a host."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)


def resolve(base: str, href: str) -> str | None:
    """``href`` made absolute against ``base``; None for javascript:, mailto: and the like."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    absolute = urljoin(base, href)
    return absolute if is_http_url(absolute) else None


def canonicalize(url: str) -> str:
    """The canonical spelling of an http(s) URL (raise CollectError E105 for anything else)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise CollectError(
            f"<{url}> is not an http:// or https:// URL.",
            code="E105",
            hint="Only web pages can be collected; use `jianbao ingest` for local files.",
        )
    host = parts.hostname.lower().rstrip(".")
    # A host that IDNA cannot encode stays in Unicode: the fetch reports it if unreachable.
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE) or "/"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not tracking_param(key)
    ]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def host_key(url: str) -> str:
    """``host[:port]`` of a URL: the unit of politeness (robots.txt, concurrency, delay)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_url(url: str, *, allow_private: bool, addresses: list[str] | None = None) -> None:
    """Raise E105 unless ``url`` is http(s) to a public address (or private ones are allowed).

    ``addresses`` are the host's resolved addresses (looked up here when not given); a host
    that does not resolve is let through so that the fetch reports it as a connection error.
    """
    if not is_http_url(url):
        raise CollectError(
            f"<{url}> is not an http:// or https:// URL.",
            code="E105",
            hint="Only web pages can be collected; use `jianbao ingest` for local files.",
        )
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    if addresses is None:
        addresses = lookup(host)
    for address in addresses:
        try:
            private = _private(address)
        except ValueError:
            continue
        if private:
            raise CollectError(
                f"<{url}> points at the private or loopback address {address}; jianbao does not "
                "fetch from those by default.",
                code="E105",
                hint="For an intranet portal (or a local test site) set "
                "allow_private_addresses = true under [collect] in jianbao.toml.",
            )


def lookup(host: str) -> list[str]:
    """The addresses ``host`` resolves to (an IP literal is its own address); [] if none."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return [host.strip("[]")]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})
