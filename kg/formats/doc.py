"""Legacy Word .doc → text, through a converter on PATH: LibreOffice (``soffice --headless
--convert-to docx``, then :mod:`kg.formats.docx`, which keeps tables) or else ``antiword``.
Without either, one line says what to install.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..text import InputError

INSTALL = "install LibreOffice or antiword (Debian: apt install libreoffice-writer-nogui or antiword)"
TIMEOUT = 120


def pages(data: bytes, name: str) -> list[str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        return _soffice(soffice, data, name)
    antiword = shutil.which("antiword")
    if antiword:
        return [_antiword(antiword, data, name)]
    raise InputError(f"{name}: a legacy Word .doc file and no converter is installed; {INSTALL}")


def _run(cmd: list[str], name: str, cwd: str | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, cwd=cwd)
    except subprocess.TimeoutExpired:
        raise InputError(f"{name}: {Path(cmd[0]).name} did not convert it within {TIMEOUT} s") from None


def _soffice(soffice: str, data: bytes, name: str) -> list[str]:
    from . import docx
    with tempfile.TemporaryDirectory(prefix="kg-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        # a private profile: a user's running LibreOffice would otherwise swallow the request
        r = _run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                  "--convert-to", "docx", "--outdir", tmp, str(src)], name)
        out = Path(tmp) / "in.docx"
        if r.returncode != 0 or not out.exists():
            raise InputError(f"{name}: LibreOffice could not convert this .doc "
                             f"({r.stderr.decode(errors='replace').strip()[:120] or 'no output'})")
        return docx.pages(out.read_bytes(), name)


def _antiword(antiword: str, data: bytes, name: str) -> str:
    with tempfile.TemporaryDirectory(prefix="kg-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        # UTF-8 output; -w 0: a paragraph on one line, as the genre's text files write it
        r = _run([antiword, "-m", "UTF-8.txt", "-w", "0", str(src)], name)
    if r.returncode != 0:
        raise InputError(f"{name}: antiword could not read this .doc "
                         f"({r.stderr.decode(errors='replace').strip()[:120] or 'no output'})")
    text = r.stdout.decode("utf-8", errors="replace")
    # antiword draws tables as "|cell|cell|" lines: the genre's tab-separated rows
    return "\n".join(_table_row(line) for line in text.split("\n"))


def _table_row(line: str) -> str:
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
        return "\t".join(c.strip() for c in s[1:-1].split("|"))
    return line.rstrip()
