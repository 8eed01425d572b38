"""`kg serve --site OUT/`: the generated site and the SPARQL endpoint on one port. A small front in
the standard library serves the site's files and hands the endpoint's paths to a read-only
guard of `kg serve` (kg.server) and its read-only `oxigraph` process, on private loopback ports:

    /query, /sparql           the SPARQL 1.1 endpoint (GET or POST)
    /endpoint/...             oxigraph's YASGUI page and its assets (the gallery opens queries there)
    /update                   refused: the graph is read-only
    everything else           the site
"""
from __future__ import annotations

import signal
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .. import server as guard
from ..server import free_port
from ..errors import KgError

ENDPOINT = ("/query", "/sparql")
ENDPOINT_PAGE = "/endpoint/"
FORWARDED_HEADERS = ("Accept", "Content-Type", "Accept-Encoding")


class Handler(SimpleHTTPRequestHandler):
    """Site files from ``directory``; endpoint paths forwarded to ``backend``."""

    def __init__(self, *args, backend: str, timeout: int, **kwargs):
        self.backend, self.query_timeout = backend, timeout
        super().__init__(*args, **kwargs)

    def _backend_path(self) -> str | None:
        path = self.path
        if path.split("?")[0] in ENDPOINT or path == "/logo.svg":
            return path
        if path.startswith(ENDPOINT_PAGE):
            return "/" + path[len(ENDPOINT_PAGE):]
        return None

    def do_GET(self):
        if self.path.split("?")[0] == ENDPOINT_PAGE.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", ENDPOINT_PAGE)
            self.end_headers()
            return
        target = self._backend_path()
        if target is None:
            super().do_GET()
        else:
            self._forward(target)

    def do_POST(self):
        target = self._backend_path()
        if target is None or target.startswith("/update"):
            self.send_error(403 if "update" in self.path else 405, "the graph is read-only; POST only to /query")
            return
        self._forward(target)

    def _forward(self, target: str):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        request = urllib.request.Request(self.backend + target, data=body, method=self.command,
                                         headers={h: self.headers[h] for h in FORWARDED_HEADERS if self.headers[h]})
        try:
            with urllib.request.urlopen(request, timeout=self.query_timeout + 5) as answer:
                status, headers, payload = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as exc:  # the endpoint's own error (a syntax error ...): pass it on
            status, headers, payload = exc.code, exc.headers, exc.read()
        except (urllib.error.URLError, TimeoutError) as exc:
            self.send_error(502, f"the SPARQL endpoint did not answer ({exc})")
            return
        if target == "/" and status == 200 and not headers.get("Content-Encoding"):
            payload = _dressed(payload)
        self.send_response(status)
        for name in ("Content-Type", "Content-Encoding"):
            if headers.get(name):
                self.send_header(name, headers[name])
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):  # noqa: A002 — quiet: the CLI prints where to look, not each request
        pass


def _dressed(page: bytes) -> bytes:
    """Oxigraph's YASGUI page with this site's name and a way back to the pages and the gallery."""
    return page.replace(b"<title>Oxigraph server</title>", "<title>SPARQL query · vn-plan-kg</title>".encode()).replace(
        b"<body>", b'<body>\n<nav style="font-family:sans-serif;padding:.4rem"><a href="/index.html">vn-plan-kg</a>'
                   b' &middot; <a href="/gallery/index.html">query gallery</a></nav>', 1)


@contextmanager
def running(site_dir: Path, store_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30,
            allow_service: bool = False):
    """The front (a ThreadingHTTPServer, not yet serving) and, on a private loopback port, the guard
    of `kg serve` (kg.server: every query bounded by ``timeout``, SERVICE and updates refused, the
    live version followed) with its oxigraph process; all are stopped on leaving."""
    if not (Path(site_dir) / "index.html").exists():
        raise KgError(f"{site_dir}: no site here; run `kg site {site_dir}` first")
    upstream = guard.Upstream(Path(store_path), timeout)
    backend = ThreadingHTTPServer(("127.0.0.1", free_port()), guard.make_handler(upstream, timeout, allow_service))
    backend.daemon_threads = True
    threading.Thread(target=backend.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    front = None
    try:
        upstream.ensure()
        try:
            front = ThreadingHTTPServer((host, port), partial(Handler, directory=str(site_dir),
                                                              backend=f"http://127.0.0.1:{backend.server_port}",
                                                              timeout=timeout))
        except OSError as exc:
            raise KgError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
        front.daemon_threads = True
        yield front
    finally:
        if front is not None:
            front.server_close()
        backend.shutdown()
        backend.server_close()
        upstream.close()


def _stop(signum, frame):
    raise KeyboardInterrupt


def serve(site_dir: Path, store_path: Path, host: str, port: int, timeout: float, allow_service: bool = False) -> None:
    """Serve until interrupted: Ctrl-C or SIGTERM stop the front and its oxigraph process."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
    with running(site_dir, store_path, host, port, timeout, allow_service) as front:
        front.serve_forever()
