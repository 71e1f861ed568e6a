"""Checking that an external link still answers, politely and safely.

``check(url)`` asks with HEAD, then with GET when the server refuses HEAD (405,
501); follows at most ``LINK_CHECK_MAX_REDIRECTS`` redirects (a loop is reported as
such); reads at most ``LINK_CHECK_MAX_BYTES`` of a body; gives up after
``LINK_CHECK_TIMEOUT`` seconds without a complete answer (each request, from
connection to the last byte read, must fit in it). It never raises for what the
network does: the outcome carries the status code or a French error.

Server-side request forgery: an address whose name resolves to a private, loopback,
link-local or otherwise non-public network is refused unless
``LINK_CHECK_ALLOW_PRIVATE`` (tests, which serve on the loopback). The connection
goes to the very address that was checked (no second resolution the DNS could
answer differently), redirects included.

``Politeness`` spaces two requests to the same host by ``LINK_CHECK_HOST_DELAY``.
"""

import http.client
import io
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

USER_AGENT = "SCORAN-BFC-verification-des-liens/1.0"
REDIRECTS = {301, 302, 303, 307, 308}
HEAD_REFUSED = {405, 501}


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the last answer's code (after redirects), None on error
    error: str = ""  # in French, when no answer could be read

    @property
    def ok(self) -> bool:
        return not self.error and self.status is not None and self.status < 400


class Refused(Exception):
    """An address the checker will not request (the message is French)."""


# IPv6 forms carrying an IPv4 address in their last 32 bits, which some networks
# route to it: NAT64 (well-known prefix) and the deprecated "IPv4-compatible" form.
_EMBEDDING_V4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))
# NAT64 for local use: where it embeds the IPv4 address varies, so it is refused.
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def _is_public(address: str) -> bool:
    """A global unicast address, nor an IPv6 form of a non-public IPv4 address
    (mapped, 6to4, NAT64, compatible)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if not ip.is_global or ip.is_multicast:
        return False
    if ip.version == 6:
        if ip in _LOCAL_NAT64:
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and any(ip in network for network in _EMBEDDING_V4):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return _is_public(str(embedded))
    return True


def _public_address(host: str, port: int) -> tuple[str, int]:
    """The first address ``host`` resolves to, refused if any of them is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise Refused("nom de domaine introuvable") from error
    addresses = [info[4][0] for info in infos]
    if not settings.LINK_CHECK_ALLOW_PRIVATE:
        for address in addresses:
            if not _is_public(address):
                raise Refused("adresse d'un réseau privé refusée")
    return addresses[0], port


class _Deadline:
    """A connected socket whose every exchange must end by ``deadline`` (monotonic
    time): a server dripping its answer one byte at a time is given up as one that
    does not answer, rather than holding the job for hours."""

    def __init__(self, sock, deadline: float):
        self._sock, self._deadline = sock, deadline

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def _arm(self) -> None:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no complete answer in time")
        self._sock.settimeout(remaining)

    def sendall(self, data) -> None:
        self._arm()
        self._sock.sendall(data)

    def makefile(self, mode="rb", *args, **kwargs):
        # The socket's own reader keeps it open until the response is read, even
        # once the connection is closed (an HTTP/1.0 answer closes it at once).
        return io.BufferedReader(_DeadlineReader(self, self._sock.makefile("rb", buffering=0)))


class _DeadlineReader(io.RawIOBase):
    def __init__(self, sock: _Deadline, raw):
        self._sock, self._raw = sock, raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self._sock._arm()
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _Pinned:
    """Connect to the checked address rather than resolving the name again; the
    whole request (connection, sending, reading) within ``timeout`` seconds."""

    def __init__(self, *args, address: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._address = address

    def connect(self):
        deadline = time.monotonic() + self.timeout
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = _Deadline(self._secure(sock), deadline)

    def _secure(self, sock):
        return sock


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    pass


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    def _secure(self, sock):
        return self._context.wrap_socket(sock, server_hostname=self.host)


def _request(url: str, method: str) -> tuple[int, str]:
    """(status, Location header) of one request; raises Refused or network errors."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("adresse qui n'est pas http(s)")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address, _ = _public_address(parts.hostname, port)
    timeout = settings.LINK_CHECK_TIMEOUT
    if parts.scheme == "https":
        connection = _PinnedHTTPS(
            parts.hostname,
            port,
            timeout=timeout,
            context=ssl.create_default_context(),
            address=address,
        )
    else:
        connection = _PinnedHTTP(parts.hostname, port, timeout=timeout, address=address)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        if method == "GET":
            response.read(settings.LINK_CHECK_MAX_BYTES)  # never the whole body
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def _follow(url: str) -> Outcome:
    seen = {url}
    method = "HEAD"
    for _ in range(settings.LINK_CHECK_MAX_REDIRECTS + 1):
        status, location = _request(url, method)
        if method == "HEAD" and status in HEAD_REFUSED:
            method = "GET"
            status, location = _request(url, method)
        if status not in REDIRECTS or not location:
            return Outcome(status)
        url = urljoin(url, location)
        if url in seen:
            return Outcome(status, "boucle de redirections")
        seen.add(url)
    return Outcome(None, "trop de redirections")


def check(url: str) -> Outcome:
    """How ``url`` answers now (see the module's docstring)."""
    try:
        return _follow(url)
    except Refused as refusal:
        return Outcome(None, str(refusal))
    except TimeoutError:
        return Outcome(None, "pas de réponse dans le délai")
    except ConnectionRefusedError:
        return Outcome(None, "connexion refusée")
    except ssl.SSLError:
        return Outcome(None, "connexion chiffrée impossible (certificat)")
    except (http.client.HTTPException, OSError, ValueError, UnicodeError) as error:
        return Outcome(None, f"erreur réseau ({type(error).__name__})")


class Politeness:
    """Spaces requests to one host by ``LINK_CHECK_HOST_DELAY`` seconds."""

    def __init__(self):
        self._last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        delay = settings.LINK_CHECK_HOST_DELAY
        last = self._last.get(host)
        if last is not None and delay > 0:
            pause = last + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()
