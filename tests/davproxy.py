"""A see-through TLS proxy in front of a real DAV server, for the tests that need to know
what a client asked (which requests, which cards fetched) or a server that lacks one
report: it can answer REPORT sync-collection (RFC 6578) as a server without it does.
Everything else goes to the real server unchanged, logins included."""

from __future__ import annotations

import http.client
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.mailservers import HOST, Certificates

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}
NO_SYNC_REPORT = (
    '<?xml version="1.0" encoding="utf-8"?><D:error xmlns:D="DAV:"><D:supported-report/></D:error>'
)


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    body: bytes

    def hrefs(self) -> list[str]:
        """The cards a multiget asked for."""
        return re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", self.body.decode())


@dataclass
class DavProxy:
    backend_port: int
    certificates: Certificates
    refuse_sync_collection: bool = False
    seen: list[Seen] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"https://{HOST}:{self._server.server_address[1]}/"

    def start(self) -> DavProxy:
        self._server = ThreadingHTTPServer((HOST, 0), _handler(self))
        self._server.daemon_threads = True
        context = self.certificates.server_context()
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def reports(self, kind: str) -> list[Seen]:
        return [s for s in self.seen if s.method == "REPORT" and kind.encode() in s.body]


def _handler(proxy: DavProxy) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        backend: http.client.HTTPSConnection | None = None

        def log_message(self, format: str, *args: object) -> None:
            pass  # the real server logs

        def forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            proxy.seen.append(Seen(self.command, self.path, body))
            if (
                proxy.refuse_sync_collection
                and self.command == "REPORT"
                and b"sync-collection" in body
            ):
                self.answer(403, [("Content-Type", "application/xml")], NO_SYNC_REPORT.encode())
                return
            if self.backend is None:
                self.backend = http.client.HTTPSConnection(
                    HOST, proxy.backend_port, context=proxy.certificates.client_context()
                )
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            self.backend.request(self.command, self.path, body, headers)
            response = self.backend.getresponse()
            data = response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
            self.answer(response.status, kept, data)

        def answer(self, status: int, headers: list[tuple[str, str]], data: bytes) -> None:
            self.send_response(status)
            for key, value in headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    for method in ("GET", "HEAD", "PUT", "DELETE", "PROPFIND", "PROPPATCH", "REPORT",
                   "MKCOL", "OPTIONS", "POST"):  # fmt: skip
        setattr(Forward, f"do_{method}", Forward.forward)
    return Forward
