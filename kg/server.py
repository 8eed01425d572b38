"""`kg serve`: the `oxigraph` read-only server behind a guard.

The oxigraph server listens on a private loopback port; the guard listens where the user asked and
forwards each request, so that every query is bounded whatever oxigraph does with it:

* a query that runs past the timeout (aggregates included), or whose answer grows past a size cap,
  gets an error; the oxigraph process is then restarted, which stops the work (oxigraph keeps
  computing a query its client abandoned);
* updates and ``SERVICE`` clauses (outbound requests to any address) are refused before they reach it;
* after a writer swaps in a new version of the store, the next request starts a server on it, so a
  server never serves removed files (it holds a reader lock on the version it serves);
* SIGTERM or Ctrl-C stops the oxigraph process group and frees the port.
"""
from __future__ import annotations

import http.client
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import store
from .errors import KgError

MAX_ANSWER_BYTES = 256 << 20
_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade"}


def oxigraph_binary() -> str:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(binary).exists():
        raise KgError("the `oxigraph` server is not installed (pip install oxigraph)")
    return binary


def is_public(host: str) -> bool:
    if host in ("localhost", ""):
        return host == ""
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a host name: whatever it resolves to


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Upstream:
    """The oxigraph server over one version of the store, in its own process group."""

    def __init__(self, store_path: Path, timeout: float):
        self.store_path, self.timeout = store_path, timeout
        self.lock = threading.Lock()
        self.proc: subprocess.Popen | None = None
        self.version: Path | None = None
        self.port = 0
        self._held = ExitStack()
        self.starting = self.stop_asked = False

    def ensure(self) -> int:
        """The port of a server over the live version (restarted when the version changed)."""
        with self.lock:
            live = store.version_dir(self.store_path)
            if live is None:
                raise KgError(f"{self.store_path}: no store here; run `kg build` first")
            if self.proc is None or self.proc.poll() is not None or live.resolve() != (self.version or Path()).resolve():
                self._start(live)
            return self.port

    def restart(self) -> None:
        """Stop the work in progress (a query past its time) and start afresh."""
        with self.lock:
            self._stop()
        self.ensure()

    def _start(self, version: Path) -> None:
        held = ExitStack()
        held.enter_context(store.reader_lock(version))
        self._stop()
        self.port = free_port()
        # a Ctrl-C or SIGTERM while the child is being made waits until it is known (see serve)
        self.starting = True
        try:
            self.proc = subprocess.Popen(
                [oxigraph_binary(), "serve-read-only", "--location", str(version / "oxigraph"), "--bind",
                 f"127.0.0.1:{self.port}", "--timeout-s", str(max(1, int(self.timeout)))]
                + (["--union-default-graph"] if store.union_default(version) else []),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            self.version, self._held = version, held
        finally:
            self.starting = False
        if self.stop_asked:
            raise KeyboardInterrupt
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise KgError(f"the oxigraph server stopped at start (exit {self.proc.returncode})")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise KgError("the oxigraph server did not start within 15 s")

    def _stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self.proc = None
        self._held.close()

    def close(self) -> None:
        with self.lock:
            self._stop()


def _query_text(method: str, path: str, headers, body: bytes) -> str | None:
    """The SPARQL text of a request to /query, if it is one."""
    url = urllib.parse.urlsplit(path)
    if not url.path.rstrip("/").endswith("query"):
        return None
    params = urllib.parse.parse_qs(url.query)
    ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if method == "POST" and ctype == "application/x-www-form-urlencoded":
        params.update(urllib.parse.parse_qs(body.decode("utf-8", "replace")))
    elif method == "POST" and ctype == "application/sparql-query":
        return body.decode("utf-8", "replace")
    return (params.get("query") or [""])[0]


def make_handler(upstream: Upstream, timeout: float, allow_service: bool):
    class Guard(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet: the terminal is the user's
            pass

        def _reply(self, code: int, text: str):
            data = (text + "\n").encode()
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _forward(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = urllib.parse.urlsplit(self.path).path
            if path.rstrip("/").endswith("update") or "update=" in body.decode("utf-8", "replace")[:7]:
                return self._reply(403, "updates are not allowed: this endpoint is read-only")
            query = _query_text(self.command, self.path, self.headers, body)
            if query is not None:
                try:
                    store.check_query(query, allow_service)
                except store.StoreError as exc:
                    return self._reply(400, str(exc))
            try:
                port = upstream.ensure()
            except KgError as exc:
                return self._reply(503, str(exc))
            deadline = time.monotonic() + timeout
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS | {"host"}}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                resp = conn.getresponse()
                chunks, size = [], 0
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    conn.sock.settimeout(left)
                    chunk = resp.read1(1 << 16) if hasattr(resp, "read1") else resp.read(1 << 16)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES:
                        conn.close()
                        upstream.restart()
                        return self._reply(507, f"the answer is larger than {MAX_ANSWER_BYTES >> 20} MB; "
                                                "add a LIMIT or narrow the query")
                    chunks.append(chunk)
            except (TimeoutError, socket.timeout):
                conn.close()
                upstream.restart()  # the only way to stop oxigraph's work on it
                return self._reply(503, f"the query ran longer than {timeout:g} s and was stopped")
            except (ConnectionError, http.client.HTTPException) as exc:
                conn.close()
                return self._reply(502, f"the oxigraph server failed: {exc}")
            conn.close()
            data = b"".join(chunks)
            self.send_response(resp.status, resp.reason)
            for k, v in resp.getheaders():
                if k.lower() not in _HOP_HEADERS:
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_HEAD = _forward

        def do_PUT(self):
            self._reply(403, "updates are not allowed: this endpoint is read-only")

        do_DELETE = do_PATCH = do_PUT

    return Guard


def serve(store_path: Path, host: str, port: int, timeout: float, allow_service: bool, announce) -> None:
    """Run until SIGTERM or Ctrl-C; the oxigraph process group is stopped and the port freed."""
    up = Upstream(store_path, timeout)
    try:
        server = ThreadingHTTPServer((host, port), make_handler(up, timeout, allow_service))
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc} (another kg serve? choose --port)") from None
    server.daemon_threads = True

    def stop(signum, frame):
        if up.starting:  # raised once the child's pid is known, so that it is stopped too
            up.stop_asked = True
            return
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        up.ensure()
        announce()
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.server_close()
        up.close()
