"""`kg serve --site OUT/`: the generated site and the SPARQL endpoint on one port. A small front in
the standard library serves the site's files and hands the endpoint's paths to a read-only
`oxigraph` process listening on a private loopback port:

    /query, /sparql           the SPARQL 1.1 endpoint (GET or POST)
    /endpoint/...             oxigraph's YASGUI page and its assets (the gallery opens queries there)
    /update                   refused: the graph is read-only
    everything else           the site
"""
from __future__ import annotations

import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import KgError

ENDPOINT = ("/query", "/sparql")
ENDPOINT_PAGE = "/endpoint/"
FORWARDED_HEADERS = ("Accept", "Content-Type", "Accept-Encoding")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


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


def _wait_until_up(proc: subprocess.Popen, url: str, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            lines = log.read_text(errors="replace").strip().splitlines()
            raise KgError("the oxigraph server stopped: " + (lines[-1] if lines else f"exit status {proc.returncode}"))
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise KgError(f"the oxigraph server did not answer within {seconds:.0f} s")


@contextmanager
def running(site_dir: Path, store_dir: Path, binary: str, host: str = "127.0.0.1", port: int = 7878,
            timeout: int = 30):
    """The front (a ThreadingHTTPServer, not yet serving) with its oxigraph process; both are
    stopped on leaving."""
    if not (Path(site_dir) / "index.html").exists():
        raise KgError(f"{site_dir}: no site here; run `kg site {site_dir}` first")
    backend_port = free_port()
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        log = Path(tmp) / "oxigraph.log"
        with log.open("wb") as log_file:
            proc = subprocess.Popen([binary, "serve-read-only", "--location", str(store_dir),
                                     "--bind", f"127.0.0.1:{backend_port}",
                                     "--timeout-s", str(timeout)],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log_file)
        front = None
        try:
            backend = f"http://127.0.0.1:{backend_port}"
            _wait_until_up(proc, backend, log)
            try:
                front = ThreadingHTTPServer((host, port), partial(Handler, directory=str(site_dir), backend=backend,
                                                                  timeout=timeout))
            except OSError as exc:
                raise KgError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
            front.daemon_threads = True
            yield front
        finally:
            if front is not None:
                front.server_close()
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _stop(signum, frame):
    raise KeyboardInterrupt


def serve(site_dir: Path, store_dir: Path, binary: str, host: str, port: int, timeout: int) -> None:
    """Serve until interrupted: Ctrl-C or SIGTERM stop the front and its oxigraph process."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
    with running(site_dir, store_dir, binary, host, port, timeout) as front:
        front.serve_forever()
