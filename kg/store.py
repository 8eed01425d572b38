"""The on-disk Oxigraph store — the only module that opens one.

Layout, for a store path ``data/store``::

    data/store -> .store.d/v-<stamp>      one symlink: the live version, replaced by one atomic rename
    data/.store.d/lock                    the writer lock (fcntl.flock), holding the writer's pid
    data/.store.d/v-<stamp>/oxigraph/     the Oxigraph database of a version
                            records.jsonl one line per document: file name, sha256, graph, records,
                                          their fingerprint
                            derived/      documents.json: each document's file, graph, fingerprint
                                          and IRI, and the size of its line (records.jsonl's lines
                                          in order);
                                          links.nt, places.nt: the derived graphs' lines;
                                          projects.json: each derived project's signature;
                                          typos.json: the typo rule's pairs of each group of names
                            index.json    the places' lookup rows
                            projects.lookup  the projects' lookup rows and their folded names
                                          sorted, for lookups that parse only the rows they
                                          show (kg.lookup.Table)
                            places.json   the units described so far (vietnamadminunits is slow)
                            vocabularies.json  the sha256 of each vocabulary file loaded
                            readers.lock  shared-locked by every reader of this version
    data/.store.d/new-<pid>-<stamp>/      a writer's private new version, until it is complete (with
                                          records.spill: the lines of the records it adds, until
                                          records.jsonl is written from them)
    data/.store.d/projects.sqlite         the writers' own: each derived project's statements, each
                                          mention's record by node and each shared description's
                                          lines (what graph/derived/shared holds) and what the
                                          derived graphs are computed from, for the version
                                          its meta row names (a build's corpus stage reads the
                                          mentions from it a batch of projects at a time)

One writer at a time: :func:`build` and :func:`ingest` take the lock before they read the live
version and keep it through the swap; a second writer waits (``wait`` seconds) or is refused with
the holder's pid. A writer fills a private new version (from nothing, or from a hard-link backup of
the live one), then points the symlink at it with a single rename: readers keep the version they
opened, and there is never a moment without a live store. Old versions are removed once no reader
holds them; private directories of dead writers at the next writer's start.

Graphs: one per document (``graph/doc/<file name, percent-encoded>``), vocabularies
(``graph/vocab/...``) and derived graphs (``graph/derived/links|places|shared|projects``) computed from the
per-document records in kg.derive — linear in the records, never a join over the union graph —
and changed by difference: links and places against the lines the base version kept, shared
against the descriptions it kept, projects
for those whose signature changed (kg.corpus.derive; an ingest clusters only the region its
documents reach, kg.corpus.rederive, from derived/clustering.json and projects.sqlite).
Queries run over the union of the named graphs, and each statement is in one graph: what several
documents name (an agency, a cited document, a period) is described once, in
``graph/derived/shared`` (kg.rdf.Triples.share), not in each document's graph (Oxigraph's union
keeps a statement once per graph that states it, and joins over such statements grow like k to
the number of patterns). An older kg copied every statement into the default graph; its stores
are still read (queries then run over that copy), and their first write empties it.
"""
from __future__ import annotations

import dataclasses
import fcntl
import functools
import gc
import itertools
import json
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
import signal
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import orjson
import pyoxigraph as ox

from . import lazy
from .errors import KgError
from .namespaces import GRAPH, KG, PREFIXES
from .process import die_with, trim_memory
from .text import slug

if TYPE_CHECKING:  # rdflib is imported where a graph is made, not by every command
    from rdflib import Graph

derived, rdf = lazy("kg.derive"), lazy("kg.rdf")  # for writing only: a query needs neither
lookup = lazy("kg.lookup")

FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE,
           "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
QUAD_FORMATS = {"nquads", "trig", "jsonld"}
BATCH_BYTES = 32 << 20  # N-Quads gathered before one bulk load: few, large loads keep RocksDB's level 0 small
MENTION_BATCH = 2_000  # mentions read at once to describe their projects (a build's corpus stage)
PART_BYTES = 8 << 20  # a derived graph is bulk-loaded in parts: a load holds about ten times its part in memory
BULK_BYTES = 4 << 20  # a derived graph smaller than this is written through the write buffer, not bulk-loaded
# kg's own N-Triples and N-Quads, written from terms built of slugs and percent-encoded names (a test
# parses them strictly): read without checking every IRI again, a tenth of a bulk load's CPU
_OWN = {"lenient": True}
DEFAULT_TIMEOUT = float(os.environ.get("KG_TIMEOUT", 30))
DEFAULT_MAX_ROWS = 100_000


class StoreError(KgError):
    """A store problem worth one clear line to the user."""


# ------------------------------------------------------------------ layout

def _home(path: Path) -> Path:
    return path.with_name(f".{path.name}.d")


def _live_version(path: Path) -> Path | None:
    """The directory of the live version, or None when there is no store at ``path``."""
    if path.is_symlink():
        target = (path.parent / os.readlink(path))
        return target if (target / "oxigraph" / "CURRENT").exists() else None
    if (path / "oxigraph" / "CURRENT").exists():  # a copy of a version (cp -r of the symlink)
        return path
    return None


def _legacy(path: Path) -> bool:
    """A store written by an older kg: the Oxigraph directory itself, no records."""
    return not path.is_symlink() and (path / "CURRENT").exists()


def no_store(path: Path) -> StoreError:
    if _legacy(path):
        return StoreError(f"{path}: this store was written by an older kg; run `kg build` to rewrite it")
    return StoreError(f"{path}: no store here; run `kg build` first")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _open(path: Path, read_only: bool = False) -> ox.Store:
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store ({str(exc).splitlines()[0]})") from None


@contextmanager
def _reading(path: Path):
    """The live version's directory, share-locked so that no writer removes it while it is read."""
    path = Path(path)
    for _ in range(20):
        version = _live_version(path)
        if version is None:
            raise no_store(path)
        try:
            fd = os.open(version / "readers.lock", os.O_RDONLY)
        except FileNotFoundError:  # swapped out and removed between readlink and open: read again
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            if (version / "oxigraph" / "CURRENT").exists():  # not removed before the lock was ours
                yield version
                return
        finally:
            os.close(fd)
    raise StoreError(f"{path}: the store keeps changing under this reader; try again")


@contextmanager
def opened(path: str | Path):
    """The live version of an existing store, opened read-only."""
    with _reading(Path(path)) as version:
        store = _open(version / "oxigraph", read_only=True)
        try:
            yield store
        finally:
            del store


def version_dir(path: str | Path) -> Path | None:
    """The live version's directory (what `kg serve` hands to the oxigraph server)."""
    return _live_version(Path(path))


def union_default(version: Path) -> bool:
    """Whether queries of a version run over the union of its named graphs (its default graph is
    empty), not over a default graph an older kg filled with a copy of every statement."""
    store = _open(version / "oxigraph", read_only=True)
    try:
        return not _has_default(store)
    finally:
        del store


@contextmanager
def reader_lock(version: Path):
    """Hold a version against removal (kg serve holds the version its server reads)."""
    fd = os.open(version / "readers.lock", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


# ------------------------------------------------------------------ the writer

class _Writer:
    """Held by one process at a time, from before it reads the live version until after the swap."""

    def __init__(self, path: Path):
        self.path, self.home = path, _home(path)

    def live(self) -> Path | None:
        return _live_version(self.path)

    def private(self) -> Path:
        new = self.home / f"new-{os.getpid()}-{time.time_ns()}"
        new.mkdir()
        (new / "readers.lock").touch()
        return new

    def publish(self, new: Path) -> None:
        """Make ``new`` the live version by one atomic rename of a symlink over the store path."""
        version = new.with_name(_published_name(new))
        new.rename(version)
        link = self.path.with_name(f".{self.path.name}.link-{os.getpid()}")
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(os.path.relpath(version, self.path.parent), link)
        if self.path.exists() and not self.path.is_symlink():  # a copied version or an old store:
            self._set_aside(self.path)  # the one time the path is a directory, not a symlink
        os.replace(link, self.path)
        self.sweep()

    def _set_aside(self, directory: Path) -> None:
        directory.rename(self.home / f"v-{time.time_ns()}-aside")  # removed like any version, once unread

    def sweep(self) -> None:
        """Remove what no one uses: versions that are not live and that no reader holds, private
        directories of writers that are gone, a symlink a killed writer left half-made."""
        live = self.live()
        for d in self.home.iterdir():
            if not d.is_dir() or (live is not None and d.resolve() == live.resolve()):
                continue
            if d.name.startswith("new-"):
                pid = d.name.split("-")[1]
                if pid.isdigit() and int(pid) != os.getpid() and _pid_alive(int(pid)):
                    continue
                shutil.rmtree(d, ignore_errors=True)
            elif d.name.startswith(("v-", "trash-")):
                self._remove_unread(d)
        for link in self.path.parent.glob(f".{self.path.name}.link-*"):
            pid = link.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and _pid_alive(int(pid))) or int(pid) == os.getpid():
                link.unlink(missing_ok=True)

    def _remove_unread(self, version: Path) -> None:
        try:
            fd = os.open(version / "readers.lock", os.O_RDONLY)
        except FileNotFoundError:
            shutil.rmtree(version, ignore_errors=True)
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a reader holds it: the next writer will try again
            os.close(fd)
            return
        trash = version.with_name(f"trash-{version.name}")
        version.rename(trash)  # under the lock: a reader that gets its lock next sees it gone
        os.close(fd)
        shutil.rmtree(trash, ignore_errors=True)


def _published_name(new: Path) -> str:
    """The name a private version takes when it is published: v-<the stamp it was made at>."""
    return "v-" + new.name.rsplit("-", 1)[1]


def holder(path: str | Path) -> int | None:
    """The pid of the process writing the store, if one is."""
    lock = _home(Path(path)) / "lock"
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        text = os.pread(fd, 32, 0).decode(errors="replace").strip()
        return int(text) if text.isdigit() else -1
    finally:
        os.close(fd)
    return None


@contextmanager
def writing(path: str | Path, wait: float = 0.0):
    """The writer lock of a store: exclusive, from the first read of the live version to the swap."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    home = _home(path)
    home.mkdir(exist_ok=True)
    fd = os.open(home / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    text = os.pread(fd, 32, 0).decode(errors="replace").strip()
                    who = f"process {text}" if text.isdigit() else "another process"
                    raise StoreError(f"{path}: {who} is writing this store (kg build or kg ingest); "
                                     "wait for it to finish, or pass --wait SECONDS") from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        writer = _Writer(path)
        writer.sweep()
        yield writer
    finally:
        os.close(fd)  # releases the lock


# ------------------------------------------------------------------ writing documents

@dataclass
class Written:
    """What a write did, for the summary."""
    documents: list[derived.Prepared] = field(default_factory=list)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # (file skipped, file held, what they share)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    quads: int = 0


_FACTS_FORMAT = 3  # of derived/documents.json
_FACTS = ("source", "sha256", "graph", "fingerprint", "document", "version")  # (:func:`_facts`)


def _read_records(version: Path | None, facts: bool = False) -> dict[str, dict]:
    """The records of a version; each knows where its line is ("_at": file, offset, length), which
    is written again as it is if the record is not replaced (encoding a thousand records again
    took longer than the rest of a write). With ``facts`` and the version's derived/documents.json,
    the lines are not parsed (nor held: a hundred megabytes at a thousand documents): each record
    holds its document's facts ("facts", :func:`_facts`) and is read whole only if a write needs
    all of it (:func:`_record`; the mentions are nine tenths of the bytes, and a write reads them
    from projects.sqlite a few projects at a time, as it does what the derived graphs are computed
    from, :meth:`_ProjectDb.put_facts`)."""
    if version is None or not (version / "records.jsonl").exists():
        return {}
    path = version / "records.jsonl"
    held = _read_json(version / "derived" / "documents.json") if facts else {}
    docs, sizes, size = held.get("documents"), held.get("lines"), path.stat().st_size
    if sizes is None or sum(sizes) != size:
        sizes = [len(line) for line in open(path, "rb")]  # (a store of an older kg)
    places = list(zip(itertools.repeat(path), itertools.accumulate(sizes, initial=0), sizes))
    if docs is not None and held.get("format") != _FACTS_FORMAT:  # (an older kg's: with what is in the database now)
        docs = [{k: d[k] for k in _FACTS} for d in docs]
    if docs is not None and len(docs) == len(places) and held.get("records_bytes") == size:
        # (documents.json describes these lines: one a line, in their order; not scanning 55 MB of
        # lines at a thousand documents was a tenth of an ingest)
        return {d["source"]: {"source": d["source"], "sha256": d["sha256"], "graph": d["graph"],
                              "fingerprint": d["fingerprint"], "facts": d, "_at": place}
                for d, place in zip(docs, places)}
    recs = {}
    for place in places:
        r = orjson.loads(_line(place))
        if "fingerprint" not in r:  # written by an older kg
            r["fingerprint"] = derived.fingerprint(r["record"])
        else:
            r["_at"] = place
        recs[r["source"]] = r
    return recs


def _line(place: tuple[Path, int, int]) -> bytes:
    path, at, size = place
    with open(path, "rb") as f:
        f.seek(at)
        line = f.read(size)
    return line if line.endswith(b"\n") else line + b"\n"


def _record(rec: dict) -> dict:
    """A stored document's whole record (read from its line if it was read for its facts only)."""
    if "record" not in rec:
        rec["record"] = orjson.loads(_line(rec["_at"]))["record"]
    return rec["record"]


def _facts(rec: dict) -> dict:
    """What every write reads of every document (derived/documents.json): its file, graph and
    fingerprint, its corpus record's document IRI and version."""
    if "facts" not in rec:
        r = _record(rec)
        rec["facts"] = {"source": rec["source"], "sha256": rec["sha256"], "graph": rec["graph"],
                        "fingerprint": rec["fingerprint"], "document": r["corpus"]["document"],
                        "version": r["corpus"].get("version")}
    return rec["facts"]


def records(path: str | Path) -> dict[str, dict]:
    """{file name: {"source", "sha256", "record", "fingerprint"}} of every document in the store."""
    with _reading(Path(path)) as version:
        recs = _read_records(version)
    for r in recs.values():
        r.pop("_at", None)
    return recs


def current(rec: dict) -> bool:
    """Whether a stored document's records are of this kg's corpus stage; if not, its file must be
    extracted again (``kg build`` does so, ``--incremental`` too)."""
    return _facts(rec)["version"] == derived.corpus.RECORDS_VERSION


def _record_line(r: dict) -> bytes:
    return (json.dumps({k: r[k] for k in ("fingerprint", "graph", "record", "sha256", "source")},
                       ensure_ascii=False, sort_keys=True) + "\n").encode()


class _Spill:
    """The lines of the records a write adds, in a file of the new version until records.jsonl
    is written from them (sorted): a build holds each document's facts, not its record."""

    def __init__(self, new: Path):
        self.path = new / "records.spill"
        self.file = open(self.path, "ab", buffering=0)  # (read back by _record before it closes)

    def put(self, rec: dict) -> dict:
        """``rec`` (with its "record") as the write holds it: its facts and where its line is."""
        facts, line = _facts(rec), _record_line(rec)
        at = self.file.tell()
        self.file.write(line)
        return {**{k: rec[k] for k in ("source", "sha256", "graph", "fingerprint")}, "facts": facts,
                "_at": (self.path, at, len(line))}

    def close(self) -> None:
        self.file.close()


def _write_records(new: Path, recs: dict[str, dict]) -> None:
    """records.jsonl in file-name order and derived/documents.json. Lines read from one file
    one after the other are copied as one run of bytes (the lines of a write's base version are
    most of the file, and reading them one by one was a twentieth of an ingest)."""
    sizes, run = [], None  # run: [file, start, length] of lines not yet copied
    with open(new / "records.jsonl", "wb", buffering=0) as out:
        def flush():
            if run is None:
                return
            with open(run[0], "rb") as f:
                _copy_range(f, run[1], run[2], out)
                f.seek(run[1] + run[2] - 1)
                if f.read(1) != b"\n":  # (the last line of a file cut short)
                    out.write(b"\n")
                    sizes[-1] += 1
        for source in sorted(recs):
            at = recs[source].get("_at")
            if at is not None and run is not None and at[0] == run[0] and at[1] == run[1] + run[2]:
                run[2] += at[2]
            else:
                flush()
                run = list(at) if at is not None else None
                if run is None:
                    sizes.append(out.write(_record_line(recs[source])))
                    continue
            sizes.append(at[2])
        flush()
    (new / "derived" / "documents.json").write_bytes(orjson.dumps(
        {"format": _FACTS_FORMAT, "records_bytes": sum(sizes), "lines": sizes, "documents": [_facts(recs[s]) for s in sorted(recs)]}))
    (new / "records.spill").unlink(missing_ok=True)


def _copy_range(src, start: int, size: int, out) -> None:
    """``size`` bytes of ``src`` from ``start`` to the end of ``out`` (in the kernel where it can)."""
    try:
        while size > 0:
            done = os.copy_file_range(src.fileno(), out.fileno(), size, start)
            if done == 0:
                raise OSError("short copy")
            start, size = start + done, size - done
    except (AttributeError, OSError):  # (not Linux, or not a file system that copies ranges)
        src.seek(start)
        while size > 0:
            data = src.read(min(size, 1 << 23))
            if not data:
                raise StoreError(f"{src.name}: shorter than its records say")
            out.write(data)
            size -= len(data)


_DEFAULT = ox.DefaultGraph()
_DERIVED_LINES = ("links", "places")  # derived graphs changed by difference with the lines kept
_PROJECT = ox.NamedNode(KG + "project")


def _drop_graph(store: ox.Store, node: ox.NamedNode) -> None:
    """Remove a named graph (every drop goes through here: a test watches which graphs a write drops)."""
    store.remove_graph(node)


def _has_default(store: ox.Store) -> bool:
    """Whether the default graph holds statements: a store of an older kg, which copied every
    statement there; this one's default graph is the union of the named graphs."""
    return next(iter(store.quads_for_pattern(None, None, None, _DEFAULT)), None) is not None


def _load_graph(store: ox.Store, graph: str, ttl: Path) -> None:
    """(Re)write a vocabulary graph."""
    node = ox.NamedNode(graph)
    if store.contains_named_graph(node):
        _drop_graph(store, node)
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE, to_graph=node)


def _parts(chunks, size: int):
    """Byte strings joined into parts of about ``size`` bytes."""
    part, n = [], 0
    for chunk in chunks:
        part.append(chunk)
        n += len(chunk)
        if n >= size:
            yield b"".join(part)
            part, n = [], 0
    if part:
        yield b"".join(part)


def _load_lines(store: ox.Store, node: ox.NamedNode, chunks: Iterable[bytes]) -> None:
    """N-Triples (byte strings) into a named graph, in parts: a
    large part is bulk-loaded (a bulk load keeps all it is given sorted in memory: the statements of
    every project are tens of megabytes at the end of a build, when it holds the most); a small one
    goes through the write buffer (each bulk load adds files that Oxigraph's background compaction
    merges, and closing the store waits for it: a second of a seeds build)."""
    for part in _parts(chunks, PART_BYTES):
        if len(part) > BULK_BYTES:
            store.bulk_load(part, format=ox.RdfFormat.N_TRIPLES, to_graph=node, **_OWN)
            trim_memory()
        elif part:
            store.load(part, format=ox.RdfFormat.N_TRIPLES, to_graph=node, **_OWN)


def _remove(store: ox.Store, node: ox.NamedNode, triples) -> None:
    for t in triples:
        store.remove(ox.Quad(*t, node))


def _read_json(path: Path) -> dict:
    try:
        return orjson.loads(path.read_bytes())
    except (FileNotFoundError, ValueError):
        return {}


def _nt_lines(g: Graph | bytes) -> set[str]:
    nt = g if isinstance(g, bytes) else g.serialize(format="nt", encoding="utf-8") if len(g) else b""
    # (split at line ends only: a literal may hold other characters str.splitlines breaks at)
    return {line + "\n" for line in nt.decode("utf-8").split("\n") if line.strip()}


def _sync_graph(store: ox.Store, graph: str, new: set[str], old: set[str] | None) -> None:
    """Make a derived graph equal the N-Triples lines ``new``.
    ``old`` are the lines the live version wrote (None: not known, rewrite the graph): one new
    document changes few derived statements, so only those are removed and added."""
    node = ox.NamedNode(graph)
    if old is None:
        _drop_graph(store, node)
        old = set()
    _replace_lines(store, node, old, new)


def _replace_lines(store: ox.Store, node: ox.NamedNode, old: set[str], new: set[str], keep=frozenset()) -> None:
    """The N-Triples lines ``old`` of a derived graph replaced by ``new``: what only ``old`` states
    is removed (unless it is in ``keep``, as terms), what only ``new`` states is added."""
    _remove(store, node, [t for t in _parsed(old - new) if t not in keep])
    _load_lines(store, node, ["".join(sorted(new - old)).encode()])


def _read_lines(path: Path) -> set[str] | None:
    try:
        with open(path, encoding="utf-8", newline="\n") as f:
            return set(f)
    except FileNotFoundError:
        return None


@contextmanager
def _no_collection():
    """The cyclic garbage collector paused: a write holds every document's facts, the corpus's
    nodes and a batch of mentions (tens of thousands of small dicts, no cycles), which it would scan
    again and again (a third of the time). Around a whole write, so that they are freed (by their
    counts) before it runs again: resumed while they were held, it scanned them all once more."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Held:
    """What a write reads of the versions it starts from: the live one's caches (unit descriptions,
    vocabulary digests) and the base one's derived files. Each is read once, and all of them can be
    read ahead (:meth:`ahead`) while the workers still extract the documents."""

    def __init__(self, live: Path | None, base: Path | None):
        self.live, self.base = live, base
        self._lines: dict[str, set[str] | None] = {}
        self.project_db: _ProjectDb | None = None

    def __enter__(self) -> "_Held":
        return self

    def __exit__(self, *exc) -> None:
        if self.project_db is not None:  # (rolled back unless the write committed it)
            self.project_db.close()

    def open_projects(self, new: Path, held: int) -> "_ProjectDb":
        """The project database, for a write of ``new`` from the base version's ``held`` documents
        (its mention rows are of no use if another code derived the base version; its project
        lines still are: they say what the base version's store holds)."""
        if self.project_db is None:
            self.project_db = _ProjectDb(new, self.base, held, same_code=bool(self.projects))
        return self.project_db

    def ahead(self, new: Path, held: int) -> "_Held":
        self.open_projects(new, held)
        for name in ("vocabularies", "places_cache", "shared_cache", "projects", "typos", "clustering", "region", "index_entries",
                     "vocabulary_graphs"):
            getattr(self, name)
        for name in _DERIVED_LINES:
            self.lines(name)
        if any(len(g["names"]) > 64 for g in self.typos.values()):
            import numpy  # noqa: F401 (what the typo rule's cdist over a large group imports: 0.1 s)
        return self

    @functools.cached_property
    def vocabularies(self) -> dict:
        return _read_json(self.live / "vocabularies.json") if self.live is not None else {}

    @functools.cached_property
    def places_cache(self) -> dict:
        return _read_json(self.live / "places.json") if self.live is not None else {}

    @functools.cached_property
    def shared_cache(self) -> "_SharedDescriptions":
        """The shared descriptions the base version's graph/derived/shared holds (empty if not known)."""
        return _SharedDescriptions(self.project_db.db)

    @functools.cached_property
    def vocabulary_graphs(self) -> list:
        return list(rdf.vocabulary_graphs())

    def lines(self, name: str) -> set[str] | None:
        """The lines of a derived graph the base version wrote, if it kept them (a store of an
        older kg did not)."""
        if name not in self._lines:
            self._lines[name] = _read_lines(self.base / "derived" / f"{name}.nt") if self.base is not None else None
        return self._lines[name]

    @functools.cached_property
    def projects(self) -> dict:
        """derived/projects.json, if the same code and vocabularies wrote it."""
        return self._by_this_code("projects.json")

    @functools.cached_property
    def typos(self) -> dict:
        """The typo rule's pairs of each group of names (same code only)."""
        return self._by_this_code("typos.json").get("groups", {})

    @functools.cached_property
    def clustering(self) -> "derived.corpus.resolve.Clustering | None":
        """What the base version's write kept of the clustering (same code only)."""
        held = self._by_this_code("clustering.json")
        if held.get("nodes") is None:
            return None
        return derived.corpus.resolve.Clustering(
            {(sc, t, k): pid for sc, t, k, pid, _ in held["nodes"]},
            {(sc, t, k): docs for sc, t, k, _, docs in held["nodes"]}, held["contains"])

    @functools.cached_property
    def region(self) -> "derived.corpus.resolve.Region | None":
        """The clustering's nodes indexed for the region a write reaches (kg.resolve.Region)."""
        return derived.corpus.resolve.Region(self.clustering, self.typos) if self.clustering is not None else None

    @functools.cached_property
    def index_entries(self) -> dict[str, "lookup.Entry"]:
        """The base version's lookup rows by project (kg.lookup.Entry): the rows a write does not
        derive again are written as they are."""
        if self.base is None:
            return {}
        try:
            table = _lookup_table(self.base, "projects")
        except StoreError:
            table = None
        if table is not None and table.ids is not None:
            return table.entries()
        return {r["project"]: lookup.entry(r) for r in _read_json(self.base / "index.json").get("projects", [])}

    def _by_this_code(self, name: str) -> dict:
        held = _read_json(self.base / "derived" / name) if self.base is not None else {}
        return held if held.get("version") == derived.derive_version() else {}


def _derive(new: Path, store: ox.Store, recs: dict[str, dict], vocabularies, held: _Held,
            changes: tuple[set[str], list[str]] | None = None) -> dict:
    """Vocabularies (by default the ontology's) and derived graphs into the new version's store;
    returns the lookup index. ``held``: the live version (whose unit descriptions are reused) and
    the base version the new store is a copy of (its derived graphs are changed by difference)."""
    if _has_default(store):  # a store of an older kg: its copy of every statement goes
        store.clear_graph(_DEFAULT)
    loaded = {}
    for graph, ttl in held.vocabulary_graphs if vocabularies is None else vocabularies:
        loaded[str(graph)] = derived.sha256(ttl)
        if held.vocabularies.get(str(graph)) != loaded[str(graph)] or \
                not store.contains_named_graph(ox.NamedNode(str(graph))):
            _load_graph(store, str(graph), ttl)  # a vocabulary is rewritten only when its file changed
    stale = sorted(s for s, r in recs.items() if not current(r))
    if stale:
        raise StoreError(f"{stale[0]}{f' and {len(stale) - 1} more' if len(stale) > 1 else ''}: stored by an "
                         "older kg; run `kg build` (or `kg build --incremental`) to extract them again")
    db = held.project_db
    if not db.facts_complete:  # (one record parsed at a time)
        db.put_facts(((s, _record(recs[s])) for s in sorted(recs)), clear=True)
    cache = held.places_cache
    described = _described(cache)
    places, place_rows = derived.places(db.units(), cache)
    (new / "derived").mkdir(exist_ok=True)
    for name, g in zip(_DERIVED_LINES, (derived.links(*db.citations()), places)):
        lines = _nt_lines(g)
        _sync_graph(store, str(GRAPH[f"derived/{name}"]), lines, held.lines(name))
        _keep_or_write(new, f"derived/{name}.nt", held.base, lines == held.lines(name),
                       lambda lines=lines: "".join(sorted(lines)).encode())
    shared = held.shared_cache
    node = ox.NamedNode(str(GRAPH["derived/shared"]))
    if not shared:  # (not known what the graph holds)
        _drop_graph(store, node)
    added, removed = derived.shared(db.entries(), shared)
    _remove(store, node, _parsed(removed))
    _load_lines(store, node, (lines.encode() for lines in added))  # (in parts: 11 MB at 1,000 documents)
    # (orjson: the caches, the index and the signatures are megabytes at a thousand documents)
    _keep_or_write(new, "places.json", held.live, _described(cache) == described, lambda cache=cache: orjson.dumps(cache))
    # let go before the projects' stage, where a write holds the most (a build's shared lines were 60 MiB at 3,000 documents)
    del cache, shared, added, removed, places, lines, g, held.places_cache, held.shared_cache
    names = {r["locality"]: r["name"] for r in place_rows}
    project_rows = _write_projects(store, new, held, recs, names, changes)
    store.flush()
    (new / "vocabularies.json").write_bytes(orjson.dumps(loaded))
    return {"projects": project_rows, "localities": place_rows}


def _described(cache: dict) -> int:
    """How many units the places' cache describes (kg.derive.places describes a unit it lacks, or
    has from an older kg, and takes none out)."""
    return sum(isinstance(v, dict) for v in cache.values())


def _keep_or_write(new: Path, name: str, held: Path | None, unchanged: bool, content) -> None:
    """The file ``name`` of the new version: a hard link to the same file of the version ``held``
    if its content did not change (a version's files are never changed once it is published), else
    written (``content()``: its bytes). Encoding and writing the caches again took a tenth of an ingest."""
    if unchanged and held is not None and (held / name).exists():
        os.link(held / name, new / name)
    else:
        (new / name).write_bytes(content())


def _publish(writer: _Writer, new: Path, recs: dict[str, dict], index: dict) -> None:
    """Records and index into the new version (its store closed by now: no compaction goes on in
    a version readers have), then swap it in."""
    # each file is made whole in memory (tens of megabytes at 3,000 documents): given back after it
    _write_records(new, recs)
    trim_memory()
    (new / "index.json").write_bytes(orjson.dumps({"localities": index["localities"]}))
    (new / "projects.lookup").write_bytes(lookup.entries_bytes(index["projects"]))
    trim_memory()
    writer.publish(new)


def _write_projects(store: ox.Store, new: Path, held: _Held, recs: dict[str, dict], names: dict[str, str],
                    changes: tuple[set[str], list[str]] | None) -> list[dict]:
    """graph/derived/projects and derived/projects.json of the new version; returns the lookup
    index's project rows. Only the projects whose signature changed are derived again when the
    base version was derived by the same code and vocabularies; with ``changes`` (the documents
    replaced, the documents written), only the projects those can reach are clustered again."""
    # what the base version derived, if the same code and vocabularies derived it, and its index rows
    held_projects = held.projects
    known = {iri: p["sig"] for iri, p in held_projects.get("projects", {}).items()}
    base_entries = held.index_entries if known else {}
    fingerprints = {_facts(r)["document"]: r["fingerprint"] for r in recs.values()}
    typos = held.typos
    db = held.project_db
    projects = None
    if known and changes is not None and held.clustering is not None and db.mirrors:
        removed, written = changes
        projects = derived.changed_projects(held.clustering, removed, [_record(recs[s]) for s in written],
                                            db.held_mentions, fingerprints, known, typos, held.region)
    if projects is None:
        if not db.mirrors:  # (one record parsed at a time)
            db.put_mentions((_record(recs[s])["corpus"] for s in sorted(recs)), clear=True)
        projects = _derive_all(store, db, fingerprints, known, typos)
    if known and any(iri not in projects.lines and iri not in base_entries for iri in projects.signatures):
        known = {}  # the base index lacks rows it should have: derive everything
        projects = _derive_all(store, db, fingerprints, known, typos)
    _write_derived(new, "typos.json", {"groups": typos})
    c = projects.clustering
    _write_derived(new, "clustering.json", {"nodes": [[*nk, pid, c.node_docs[nk]] for nk, pid in sorted(
        c.node_project.items())], "contains": c.contains} if c is not None else {"nodes": None})
    if known:
        _sync_projects(store, projects, known, db)
    db.commit()
    kept = projects.signatures.keys() - projects.lines.keys() if known else set()
    provinces = {**{iri: held_projects["projects"][iri]["provinces"] for iri in kept},
                 **{iri: sorted(s.provinces) for iri, s in projects.summaries.items()}}
    named = {u: names.get(u) for ps in provinces.values() for u in ps}
    _write_derived(new, "projects.json", {"projects": {
        iri: {"sig": sig, "provinces": provinces[iri]} for iri, sig in projects.signatures.items()}, "names": named})
    # the rows of the projects not derived again are the base version's as they are, unless one of
    # their provinces is named otherwise now
    was = held_projects.get("names", {})
    renamed = {u for u in named if u not in was or was[u] != named[u]}
    rows = {iri: base_entries[iri] for iri in kept if renamed.isdisjoint(provinces[iri])}
    for iri in kept - rows.keys():
        row = orjson.loads(base_entries[iri].line)
        rows[iri] = lookup.entry({**row, "provinceName": derived.province_names(provinces[iri], names)})
    rows.update((r["project"], lookup.entry(r)) for r in derived.project_index(projects.summaries.values(), names))
    return [rows[k] for k in sorted(rows)]


def _derive_all(store: ox.Store, db: "_ProjectDb", fingerprints: dict[str, str], known: dict[str, str],
                typos: dict) -> "derived.corpus.DerivedProjects":
    """Every project clustered again from the project database, its mentions read a batch of
    projects at a time (kg.corpus.described). With nothing known, graph/derived/projects is
    written anew as they are described (the statements of every project are tens of megabytes at
    a thousand documents: not held); else the lines of those derived again are returned."""
    projects = derived.corpus.DerivedProjects({}, {}, {})
    lines = derived.held_projects(projects, db.nodes(), db.held_mentions, fingerprints, known, typos,
                                  batch=MENTION_BATCH)
    if known:
        projects.lines.update(lines)
        return projects
    node = ox.NamedNode(str(GRAPH["derived/projects"]))
    if store.contains_named_graph(node):
        if db.holds_lines and db.line_count() == _triples_in(store, node):
            _rewrite_projects(store, node, db, lines)
            return projects
        _drop_graph(store, node)
    _load_lines(store, node, db.written(lines))
    return projects


def _triples_in(store: ox.Store, node: ox.NamedNode) -> int:
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=node)))["n"].value)


def _rewrite_projects(store: ox.Store, node: ox.NamedNode, db: "_ProjectDb", lines, batch: int = 2000) -> None:
    """graph/derived/projects with every project derived again (after an upgrade of kg): each
    project's new lines against those the base version wrote (the project database holds them),
    and only the difference removed and added. Most statements are the same, and dropping the graph
    and loading it again took 36 s at a thousand documents, most of it deleting quads. (The caller
    checked that no two projects' lines share a statement; a statement one project takes over from
    another is added with the one and kept from the other's removals.)"""
    seen: set[str] = set()
    added: set[tuple] = set()  # (as terms: a statement spelled otherwise by the other code is the same)

    def apply(part: dict[str, list[str]], old: dict[str, list[str]], gone=()) -> None:
        held = {line for ls in old.values() for line in ls}
        new = {line for ls in part.values() for line in ls}
        _replace_lines(store, node, held, new, keep=added)
        added.update(_parsed(new - held))
        db.replace(part, gone)

    part: dict[str, list[str]] = {}
    for iri, ls in lines:
        part[iri] = ls
        seen.add(iri)
        if len(part) >= batch:
            apply(part, db.get(part))
            part = {}
    apply(part, db.get(part))
    gone = [iri for iri in db.iris() if iri not in seen]
    for start in range(0, len(gone), batch):
        some = gone[start:start + batch]
        apply({}, db.get(some), some)


def _write_derived(new: Path, name: str, content: dict) -> None:
    (new / "derived" / name).write_bytes(orjson.dumps({"version": derived.derive_version(), **content}))


def _sync_projects(store: ox.Store, projects, known: dict[str, str], lines: _ProjectDb) -> None:
    """graph/derived/projects: the statements of the projects derived again (or gone) replace
    theirs; those of the others stay. ``lines``: each project's statements as the base version
    wrote them, made this version's."""
    node = ox.NamedNode(str(GRAPH["derived/projects"]))
    gone = set(known) - set(projects.signatures)
    changed = gone | (set(projects.lines) & set(known))
    held = lines.get(changed)
    old = {line for ls in held.values() for line in ls}
    for iri in changed - held.keys():  # not kept beside the store (written by an older kg): read from it
        old.update(_statements_of(store, node, iri))
    new = {line for ls in projects.lines.values() for line in ls}
    _replace_lines(store, node, old, new)
    lines.replace(projects.lines, gone)


def _parsed(lines: set[str]) -> list[tuple]:
    """N-Triples lines as (subject, predicate, object) terms."""
    nt = "".join(lines).encode()
    return [(q.subject, q.predicate, q.object) for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES, **_OWN)] if nt else []


def _statements_of(store: ox.Store, node: ox.NamedNode, iri: str) -> set[str]:
    """A project's statements in graph/derived/projects, and its mentions' (as N-Triples lines, in
    Oxigraph's spelling: a statement kg.ntriples escapes otherwise is removed and added again, which
    leaves the graph as it should be)."""
    project, quads = ox.NamedNode(iri), []
    quads += store.quads_for_pattern(project, None, None, node)
    for link in store.quads_for_pattern(None, _PROJECT, project, node):  # its mentions' links and reasons
        quads += store.quads_for_pattern(link.subject, None, None, node)
    return {f"{q.subject} {q.predicate} {q.object} .\n" for q in quads}


_MENTION_TABLES = (
    "DROP TABLE IF EXISTS project", "DROP TABLE IF EXISTS document", "DROP TABLE IF EXISTS mention",
    "CREATE TABLE project (iri TEXT PRIMARY KEY, lines TEXT NOT NULL)",
    "CREATE TABLE document (source TEXT PRIMARY KEY, data BLOB NOT NULL)",
    "CREATE TABLE mention (node TEXT NOT NULL, source TEXT NOT NULL, i INTEGER NOT NULL,"
    " legacy INTEGER NOT NULL, named INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE INDEX mention_node ON mention (node)", "CREATE INDEX mention_source ON mention (source)")
_FACTS_BY_DOCUMENT = ("held", "stub", "unit_use", "entry_use")  # (tables with a source column: _ProjectDb.put_facts)
_FACT_TABLES = (
    *(f"DROP TABLE IF EXISTS {t}" for t in (*_FACTS_BY_DOCUMENT, "shared")),
    "CREATE TABLE shared (key TEXT PRIMARY KEY, lines TEXT NOT NULL)",
    # a document's held row, its stubs (kind and number slugged, as kg.rdf.citation_links compares
    # them), the units it links to and the shared entries it names
    "CREATE TABLE held (source TEXT PRIMARY KEY, data BLOB NOT NULL, kind TEXT NOT NULL,"
    " number TEXT, date TEXT, province TEXT)",
    "CREATE INDEX held_number ON held (kind, number)", "CREATE INDEX held_date ON held (kind, date, province)",
    "CREATE TABLE stub (source TEXT NOT NULL, data BLOB NOT NULL, kind TEXT NOT NULL,"
    " number TEXT, date TEXT, province TEXT)",
    "CREATE INDEX stub_source ON stub (source)", "CREATE INDEX stub_number ON stub (kind, number)",
    "CREATE INDEX stub_date ON stub (kind, date, province)",
    "CREATE TABLE unit_use (unit TEXT NOT NULL, source TEXT NOT NULL)",
    "CREATE INDEX unit_use_source ON unit_use (source)",
    "CREATE TABLE entry_use (key TEXT NOT NULL, source TEXT NOT NULL)",
    "CREATE INDEX entry_use_source ON entry_use (source)")


class _ProjectDb:
    """projects.sqlite, beside the versions (copying it into each new one was a hundred megabytes
    a write at a thousand documents):
    * each derived project's N-Triples lines, so that a write finds the statements it replaces
      without reading them out of Oxigraph (a mention at a time, 0.5 s for the national bridges of
      a thousand documents);
    * each mention's record, by the node it is in (kg.resolve.node_of), with its document's, so
      that a write re-clusters the projects it reaches from their mentions alone
      (kg.corpus.rederive) instead of reading every record;
    * each shared description's lines (:class:`_SharedDescriptions`), and what the links, places
      and shared graphs are computed from, by document (:meth:`put_facts`): a write reads the
      stubs that could denote a held document, not every document's.
    Only writers use it, one at a time (the writer lock). Its meta row names the version it
    describes: a write changes it in one transaction that names the write's new version and
    commits just before the swap. A write that stops leaves it as it was (rolled back); one that
    stops between the commit and the swap leaves a name that never went live, and the next write
    starts from an empty database (it derives everything, as without the file)."""

    SCHEMA = "3"  # (with what the links, places and shared graphs are computed from)

    def __init__(self, new: Path, base: Path | None, held: int, same_code: bool = True):
        """``base``: the version the write starts from (or None), holding ``held`` documents;
        ``same_code``: whether this kg's code and vocabularies derived it (else its mentions'
        placements are of no use, though its project lines still say what its store holds)."""
        import sqlite3
        self.becomes = _published_name(new)
        self.db = sqlite3.connect(new.parent / "projects.sqlite", isolation_level=None)  # (transactions by hand)
        self.db.executescript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                              "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
        self.db.execute("BEGIN IMMEDIATE")
        meta = dict(self.db.execute("SELECT key, value FROM meta"))
        # (statement by statement: executescript would commit); a database of schema 2 lacks only
        # the tables of the facts and the shared descriptions, which this write fills
        schema = meta.get("schema")
        added = schema == "2"
        if schema != self.SCHEMA:
            for statement in (_FACT_TABLES if added else _MENTION_TABLES + _FACT_TABLES):
                self.db.execute(statement)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (self.SCHEMA,))
        # whether the mentions are those of the base version's documents (a write then changes them
        # as it goes); if not, the write puts every document's in before it derives the projects
        self.mirrors = base is not None and meta.get("version") == base.name and (schema == self.SCHEMA or added)
        # whether the project lines are those of the base version's graph/derived/projects
        self.holds_lines = self.mirrors
        self.mirrors = self.mirrors and same_code
        if not self.mirrors:
            for table in ("document", "mention", "shared", *_FACTS_BY_DOCUMENT) if self.holds_lines else \
                    ("project", "document", "mention", "shared", *_FACTS_BY_DOCUMENT):
                self.db.execute(f"DELETE FROM {table}")
            self.mirrors = not held
        # whether the facts are the base version's documents' (a write changes them as it goes); if
        # not, the write puts every document's in before it derives the graphs
        self.facts_complete = self.mirrors and not (added and held)

    def nodes(self) -> dict:
        """Every node of the corpus, without its mentions (kg.resolve.held_nodes)."""
        return derived.corpus.resolve.held_nodes(
            (tuple(node.split("\x1f")), source, bool(legacy), bool(named))
            for node, source, legacy, named in self.db.execute("SELECT node, source, legacy, named FROM mention"))

    def held_mentions(self, nodes, leave=()) -> list[dict]:
        """The corpus records cut down to the mentions of ``nodes``, without the documents ``leave``."""
        keys = sorted("\x1f".join(nk) for nk in nodes)
        rows = []
        for start in range(0, len(keys), 500):  # (SQLite's limit on the parameters of one statement)
            part = keys[start:start + 500]
            rows += self.db.execute(f"SELECT source, i, data FROM mention WHERE node IN ({','.join('?' * len(part))})",
                                    part).fetchall()
        by_source: dict[str, list] = {}
        for source, i, data in rows:
            if source not in leave:
                by_source.setdefault(source, []).append((i, data))
        out = []
        sources = sorted(by_source)
        for start in range(0, len(sources), 500):
            part = sources[start:start + 500]
            for source, data in self.db.execute(
                    f"SELECT source, data FROM document WHERE source IN ({','.join('?' * len(part))})", part):
                out.append({**orjson.loads(data),
                            "mentions": [orjson.loads(m) for _, m in sorted(by_source[source])]})
        return out

    def put_mentions(self, records: Iterable[dict], clear: bool = False, leave=()) -> None:
        """The mentions of ``records`` (corpus records, read one at a time) in, those of the
        documents ``leave`` (or, with ``clear``, all) out."""
        stamp = derived.derive_version()
        if clear:
            self.db.execute("DELETE FROM document")
            self.db.execute("DELETE FROM mention")
        for table in ("document", "mention"):
            self.db.executemany(f"DELETE FROM {table} WHERE source = ?", [(s,) for s in leave])
        for r in records:
            self.db.execute("INSERT INTO document VALUES (?, ?)",
                            (r["source"], orjson.dumps({k: v for k, v in r.items() if k != "mentions"})))
            self.db.executemany("INSERT INTO mention VALUES (?, ?, ?, ?, ?, ?)", (
                ("\x1f".join(nk), r["source"], i, legacy, named, orjson.dumps(m))
                for i, (m, (nk, legacy, named)) in enumerate(zip(r["mentions"],
                                                                 derived.corpus.resolve.placements(r, stamp)))))
        self.mirrors = self.mirrors or clear

    def put_facts(self, records: Iterable[tuple[str, dict]], clear: bool = False, leave=()) -> None:
        """What the links, places and shared graphs are computed from, of ``records`` ((file name,
        record), read one at a time) in, that of the documents ``leave`` (or, with ``clear``, all) out."""
        for table in _FACTS_BY_DOCUMENT:
            if clear:
                self.db.execute(f"DELETE FROM {table}")
            self.db.executemany(f"DELETE FROM {table} WHERE source = ?", [(s,) for s in leave])
        for source, r in records:
            h = r["held"]
            self.db.execute("INSERT INTO held VALUES (?, ?, ?, ?, ?, ?)", (source, orjson.dumps(h), *_citation_key(h)))
            self.db.executemany("INSERT INTO stub VALUES (?, ?, ?, ?, ?, ?)", (
                (source, orjson.dumps(c), *_citation_key(c)) for c in derived.citations(h, r["stubs"])))
            self.db.executemany("INSERT INTO unit_use VALUES (?, ?)", ((u, source) for u in r["units"]))
            self.db.executemany("INSERT INTO entry_use VALUES (?, ?)", (
                (orjson.dumps(e).decode(), source) for e in r["shared"]))
        self.facts_complete = self.facts_complete or clear

    def units(self) -> list[str]:
        """Every unit a document links to."""
        return [u for u, in self.db.execute("SELECT DISTINCT unit FROM unit_use")]

    def entries(self) -> list[str]:
        """Every shared entry a document names (its key: the entry's JSON), in order."""
        return [k for k, in self.db.execute("SELECT DISTINCT key FROM entry_use ORDER BY key")]

    def citations(self) -> tuple[list[dict], list[dict]]:
        """The stubs that could denote a held document and the held documents they could denote, in
        file-name order (:func:`kg.derive.links`): those of one kind and number, or of one kind, date
        and province (SQLite's IS: no province is a province too). Most stubs cite what the corpus
        does not hold."""
        by = ("s.kind = h.kind AND s.number = h.number", "s.kind = h.kind AND s.date = h.date AND s.province IS h.province")
        stubs, held = {}, {}
        for on in by:  # (CROSS JOIN: the held documents first, each looked up in the stubs' index)
            for row, data, source, held_data in self.db.execute(
                    f"SELECT s.rowid, s.data, h.source, h.data FROM held h CROSS JOIN stub s ON {on}"):
                stubs[row], held[source] = data, held_data
        return [orjson.loads(stubs[r]) for r in sorted(stubs)], [orjson.loads(held[s]) for s in sorted(held)]

    def get(self, iris) -> dict[str, list[str]]:
        iris = sorted(iris)
        out = {}
        for start in range(0, len(iris), 500):
            part = iris[start:start + 500]
            out.update((iri, [line + "\n" for line in text.split("\n") if line]) for iri, text in self.db.execute(
                f"SELECT iri, lines FROM project WHERE iri IN ({','.join('?' * len(part))})", part))
        return out

    def replace(self, lines: dict[str, list[str]], gone) -> None:
        """The projects derived again take their new lines, those gone none."""
        self.db.executemany("DELETE FROM project WHERE iri = ?", [(iri,) for iri in gone])
        self.db.executemany("INSERT OR REPLACE INTO project VALUES (?, ?)",
                            ((iri, "".join(ls)) for iri, ls in lines.items()))

    def line_count(self) -> int:
        return self.db.execute("SELECT COALESCE(SUM(LENGTH(lines) - LENGTH(REPLACE(lines, char(10), ''))), 0)"
                               " FROM project").fetchone()[0]

    def iris(self) -> list[str]:
        return [iri for iri, in self.db.execute("SELECT iri FROM project ORDER BY iri")]

    def written(self, lines):
        """Every project's lines anew, from (IRI, lines) as they are derived; yields them (bytes)."""
        self.db.execute("DELETE FROM project")
        for iri, ls in lines:
            text = "".join(ls)
            self.db.execute("INSERT INTO project VALUES (?, ?)", (iri, text))
            yield text.encode()

    def commit(self) -> None:
        """The transaction committed, naming the version this write publishes."""
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.becomes,))
        self.db.execute("COMMIT")
        self.close()

    def close(self) -> None:
        self.db.close()  # (what is not committed is rolled back)


def _citation_key(row: dict) -> tuple:
    """A held document's or a stub's kind and number as kg.rdf.citation_links compares them, date, province."""
    return slug(row["kind"]), slug(row["number"]) if row.get("number") else None, row.get("date") or None, \
        row.get("province")


class _SharedDescriptions:
    """graph/derived/shared's entries (kg.derive.shared's keys) and the N-Triples lines of each, in
    the project database: a write reads the lines of the entries it adds or removes, not those of
    every entry (28 MB at 3,000 documents, 0.2–0.3 s to read)."""

    def __init__(self, db):
        self.db = db
        self.keys = {key for key, in db.execute("SELECT key FROM shared")}

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def __iter__(self):
        return iter(sorted(self.keys))

    def __setitem__(self, key: str, lines: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO shared VALUES (?, ?)", (key, lines))
        self.keys.add(key)

    def pop(self, key: str) -> str:
        lines, = self.db.execute("SELECT lines FROM shared WHERE key = ?", (key,)).fetchone()
        self.db.execute("DELETE FROM shared WHERE key = ?", (key,))
        self.keys.discard(key)
        return lines

    def values(self):
        for lines, in self.db.execute("SELECT lines FROM shared"):
            yield lines


class _Files:
    """The file each stored text (sha256) and each stored document (its IRI) comes from. A second
    file of either is skipped: two files of one document (a PDF and a DOCX of one resolution, or two
    that the IRI scheme cannot tell apart) would state the document's statements in two graphs,
    and the union the queries run over would give each of them twice."""

    def __init__(self, recs: dict[str, dict]):
        self.of: dict[tuple[str, str], str] = {}
        for source, r in recs.items():
            self.hold(source, r["sha256"], _facts(r)["document"])

    @staticmethod
    def _keys(sha: str, iri: str):
        return (("text", sha), "the same text (sha256)"), (("document", iri), f"the same document ({iri})")

    def hold(self, source: str, sha: str, iri: str) -> None:
        for key, _ in self._keys(sha, iri):
            self.of[key] = source

    def other(self, source: str, sha: str, iri: str) -> tuple[str, str] | None:
        """(the other file, what the two share), if another file holds this text or document."""
        for key, what in self._keys(sha, iri):
            if self.of.get(key, source) != source:
                return self.of[key], what
        return None

    def leave(self, source: str, sha: str, iri: str) -> None:
        for key, _ in self._keys(sha, iri):
            if self.of.get(key) == source:
                del self.of[key]


def _add(loader: "_Loader", recs: dict, files: _Files, doc: derived.Prepared, written: Written,
         batch: list[tuple[str, bytes]], spill: _Spill, db: _ProjectDb) -> bool:
    """Queue one prepared document; False when its text or document is already held under another
    file name. Its record goes to the spill, its mentions to the project database."""
    iri = doc.record["corpus"]["document"]
    other = files.other(doc.source, doc.sha256, iri)
    if other is not None:
        written.duplicates.append((doc.source, *other))
        return False
    files.hold(doc.source, doc.sha256, iri)
    graph = str(rdf.graph_iri(doc.source))
    recs[doc.source] = spill.put({"source": doc.source, "sha256": doc.sha256, "graph": graph, "record": doc.record,
                                  "fingerprint": doc.fingerprint})
    db.put_mentions([doc.record["corpus"]], leave=(doc.source,))
    db.put_facts([(doc.source, doc.record)], leave=(doc.source,))
    batch.append((graph, doc.nquads))
    # the summary's part only: a thousand documents' N-Quads held to the end were a gigabyte
    written.documents.append(dataclasses.replace(doc, nquads=b"", record={}))
    written.quads += doc.nquads.count(b"\n")
    if sum(len(q) for _, q in batch) >= BATCH_BYTES:
        loader.put(batch)
    return True


class _Loader:
    """The bulk loads, in a thread of their own: while Oxigraph loads one batch (it lets go of the
    GIL), the writer goes on taking the workers' documents and handing them more, instead of
    leaving them idle for the length of a load. One batch waits at most: memory stays bounded."""

    def __init__(self, store: ox.Store):
        import queue
        import threading
        self.store, self.error = store, None
        self.queue: queue.Queue = queue.Queue(maxsize=1)
        self.thread = threading.Thread(target=self._run, name="kg-bulk-load", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            batch = self.queue.get()
            try:
                if batch is None:
                    return
                if self.error is None:
                    _flush_batch(self.store, batch)
            except BaseException as exc:  # raised in the writer's thread, at its next call
                self.error = exc
            finally:
                self.queue.task_done()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def put(self, batch: list[tuple[str, bytes]]) -> None:
        """Hand the batch over (the list is emptied for the next one)."""
        self._raise()
        if batch:
            self.queue.put(list(batch))
            batch.clear()

    def drain(self) -> None:
        """Wait until every batch handed over is in the store."""
        self.queue.join()
        self._raise()

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()


def _flush_batch(store: ox.Store, batch: list[tuple[str, bytes]]) -> None:
    """One bulk load of the documents' graphs (a small batch, one ingested document, through the
    write buffer: see _load_lines)."""
    if not batch:
        return
    nquads = b"".join(q for _, q in batch)
    if len(nquads) > BULK_BYTES:
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, **_OWN)
        trim_memory()
    else:
        store.load(nquads, format=ox.RdfFormat.N_QUADS, **_OWN)
    batch.clear()


@_no_collection()
def build(path: str | Path, documents: Iterable[derived.Prepared], vocabularies=None, *, wait: float = 0.0,
          keep: Iterable[str] | None = None) -> Written:
    """Write a complete new store from prepared documents (streamed: one batch in memory at a
    time) and swap it in. With ``keep`` (file names), start from the live version instead and keep
    those of its documents that are not rewritten (``kg build --incremental``); the others go."""
    path = Path(path)
    written = Written()
    with writing(path, wait) as writer:
        live = writer.live() if keep is not None else None
        new = writer.private()
        recs: dict[str, dict] = _base(live, new) if live is not None else {}
        with _Held(writer.live(), live) as held:
            db = held.open_projects(new, len(recs))
            store = _open(new / "oxigraph")
            if live is not None:
                for source in sorted(set(recs) - set(keep)):
                    _drop_graph(store, ox.NamedNode(recs.pop(source)["graph"]))
                    written.removed.append(source)
                db.put_mentions((), leave=written.removed)
                db.put_facts((), leave=written.removed)
            _write_all(store, new, recs, documents, written, live is not None, db)
            written.unchanged = sorted(set(recs) - {d.source for d in written.documents})
            if not recs:
                raise StoreError(f"{path}: no documents to write")
            with _compacted(store) if live is None else nullcontext():  # (see _compacted)
                index = _derive(new, store, recs, vocabularies, held)
            del store  # closed before the swap
            _publish(writer, new, recs, index)
    return written


@contextmanager
def _compacted(store: ox.Store):
    """The store compacted (Oxigraph's optimize, in a thread: it lets go of the GIL) while the
    block runs, and done when it ends. The bulk loads of a build leave many files that overlap,
    and every lookup searches them all: a 1,000-document build left 126, where `slipped-deadlines`
    took 0.95–1.0 s (0.40–0.46 s compacted, 32 files), and the first write after it compacted
    them while it worked. The corpus stage, which runs beside it, is single-threaded Python. Not
    for a write from a live version (an ingest, ``kg build --incremental``): that store was
    compacted by its build, and a write changes little of it (compacting a thousand documents again
    took an incremental build with nothing to do from 3.5 to 15 s)."""
    import threading
    error: list[BaseException] = []

    def run():
        try:
            store.optimize()
        except BaseException as exc:  # (raised in the writer's thread, once the block is done)
            error.append(exc)

    thread = threading.Thread(target=run, name="kg-compact", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()  # (also on an error: no compaction goes on in a store being removed)
    if error:
        raise error[0]


def _base(live: Path, new: Path) -> dict:
    """A copy of the live version to change, a hard-link backup (cheap, the files are immutable),
    not opened yet; returns its records."""
    if not (live / "records.jsonl").exists():
        raise StoreError(f"{live}: this store has no records; run `kg build` to rewrite it")
    ro = _open(live / "oxigraph", read_only=True)
    ro.backup(str(new / "oxigraph"))
    del ro
    return _read_records(live, facts=True)


def _write_all(store, new: Path, recs, documents, written, replace: bool, db: _ProjectDb) -> None:
    batch: list[tuple[str, bytes]] = []
    files = _Files(recs)
    loader = _Loader(store)
    spill = _Spill(new)
    try:
        for doc in documents:
            if replace and doc.source in recs and \
                    files.other(doc.source, doc.sha256, doc.record["corpus"]["document"]) is None:
                old = recs.pop(doc.source)
                files.leave(doc.source, old["sha256"], _facts(old)["document"])
                loader.put(batch)
                loader.drain()  # the store is the writer's alone while it drops a graph
                _drop_graph(store, ox.NamedNode(old["graph"]))
            _add(loader, recs, files, doc, written, batch, spill, db)
        loader.put(batch)
        loader.drain()
    finally:
        spill.close()
        loader.close()  # also on an error or Ctrl-C: no load goes on in a store being removed


@_no_collection()
def ingest(path: str | Path, documents: Iterable[derived.Prepared], vocabularies=None, *, wait: float = 0.0,
           create: bool = False) -> Written:
    """Add or replace documents (by file name) in the store at ``path``, atomically."""
    path = Path(path)
    written = Written()
    with writing(path, wait) as writer:
        live = writer.live()
        if live is None:
            if _legacy(path) or not create:
                raise StoreError(f"{path}: no store here (pass --create to start one, or check --store)"
                                 if not _legacy(path) else str(no_store(path)))
        new = writer.private()
        recs = _base(live, new) if live is not None else {}
        with _Held(live, live) as held:
            held.ahead(new, len(recs))  # (read while the workers extract the documents: the writer would wait for them idle)
            # The copy is opened for writing once the first document is extracted: opening it starts
            # RocksDB's compaction of what the last bulk loads left, which shared the two cores with
            # the extraction (1-1.5 s of an ingest into a store just built).
            documents = iter(documents)
            first = next(documents, None)
            store = _open(new / "oxigraph")
            if first is not None:
                documents = itertools.chain([first], documents)
            before = set(recs)
            _write_all(store, new, recs, documents, written, True, held.project_db)
            sources = sorted({d.source for d in written.documents})
            index = _derive(new, store, recs, vocabularies, held, (before.intersection(sources), sources))
            del store  # closed before the swap
            _publish(writer, new, recs, index)
    return written


# ------------------------------------------------------------------ reading

_XSD = "http://www.w3.org/2001/XMLSchema#"


def _term(kind: str, value: str) -> ox.NamedNode | ox.Literal:
    """A typed parameter value (see kg.queries) as an RDF term."""
    if kind == "iri":
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise StoreError(f"not an IRI: {value!r}") from None
    if kind in ("integer", "date"):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + kind))
    return ox.Literal(value)


def _py(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#nonNegativeInteger", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
    return term.value


# Strings, IRIs and comments blanked out, so that keywords are found only where they are keywords.
_LEXICAL = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|'
                      r'<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE\b", re.IGNORECASE)
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+\S*\s*|BASE\s*)\s*)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                     re.IGNORECASE)


def check_query(sparql: str, allow_service: bool = False) -> None:
    """Refuse updates, and SERVICE clauses (outbound requests) unless allowed."""
    bare = _LEXICAL.sub(" ", sparql)
    if _UPDATE.search(bare):
        raise StoreError("updates are not allowed: kg query runs read-only queries")
    if not allow_service and _SERVICE.search(bare):
        raise StoreError("SERVICE clauses are refused: they would send requests to other servers "
                         "(pass --allow-service to permit them)")


def _bound(sparql: str, params) -> tuple[str, dict]:
    """The query with its parameters as a VALUES block opening its outer WHERE: each value an RDF term
    serialized by Oxigraph (IRIs validated, literals escaped), so the user's string is data, never
    query text. Oxigraph's own substitutions are joined after the evaluation (a query with UNIONs
    and paths then scans the whole store: locality-items 12.6 s instead of 0.05 s); they remain
    the way for a query without a WHERE keyword."""
    terms = {k: _term(*v) for k, v in (params or {}).items()}
    if not terms:
        return sparql, {}
    odd = [k for k in terms if not re.fullmatch(r"\w+", k)]
    if odd:
        raise StoreError(f"not a variable name: {odd[0]!r}")
    bare = _LEXICAL.sub(lambda m: " " * len(m.group(0)), sparql)
    where = re.search(r"\bWHERE\s*\{", bare, re.IGNORECASE)
    if where is None:
        return sparql, {ox.Variable(k): t for k, t in terms.items()}
    values = " ".join(f"VALUES ?{k} {{ {t} }}" for k, t in terms.items())
    return f"{sparql[:where.end()]}\n  {values}\n{sparql[where.end():]}", {}


def _run_all(version: Path, queries: list[tuple[str, dict]], max_rows: int | None) -> list[tuple]:
    """Each (query, params) over one opening of the store."""
    store = _open(version / "oxigraph", read_only=True)
    return [_run_select(store, sparql, params, max_rows) for sparql, params in queries]


def _run_select(store: ox.Store, sparql: str, params, max_rows: int | None):
    sparql, subs = _bound(sparql, params)
    try:
        result = store.query(sparql, prefixes=PREFIXES, substitutions=subs or None,
                             use_default_graph_as_union=not _has_default(store))
    except SyntaxError as exc:
        raise StoreError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    except (RuntimeError, OSError) as exc:  # e.g. a substituted variable the query does not project
        raise StoreError(f"query failed: {str(exc).splitlines()[0]}") from None
    if isinstance(result, ox.QueryBoolean):
        return ["result"], [{"result": bool(result)}], False
    if not isinstance(result, ox.QuerySolutions):
        raise StoreError("only SELECT and ASK queries are supported here; use `kg export` for graphs")
    names = [v.value for v in result.variables]
    rows, truncated = [], False
    try:
        for sol in result:
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            rows.append({n: _py(sol[n]) for n in names})
    except (RuntimeError, OSError) as exc:
        raise StoreError(f"query failed: {str(exc).splitlines()[0]}") from None
    return names, rows, truncated


def _worker(conn, parent, version, queries, max_rows):
    die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us; Ctrl-C is the parent's
    try:
        conn.send(("ok", _run_all(version, queries, max_rows)))
    except KgError as exc:
        conn.send(("error", str(exc)))
    except BaseException as exc:  # noqa: BLE001 - anything else, as one line
        conn.send(("error", f"query failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"))


def _bounded(version: Path, queries: list[tuple[str, dict]], max_rows, timeout: float):
    """Run the queries in a forked worker that is killed at the timeout or on Ctrl-C."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, os.getpid(), version, queries, max_rows), daemon=True)
    # the child's collector must not free what it inherits: an object holding another open store
    # would close it from the wrong process (a crash)
    gc.freeze()
    try:
        proc.start()
    finally:
        gc.unfreeze()
    child.close()
    try:
        # woken by the answer or by the worker's end, whichever comes first (polling at intervals
        # added half an interval to every query)
        if not multiprocessing.connection.wait([parent, proc.sentinel], timeout):
            raise StoreError(f"the query ran longer than {timeout:g} s and was stopped "
                             "(--timeout SECONDS allows more)")
        if not parent.poll(0):
            proc.join()
            raise StoreError(f"the query process died (exit {proc.exitcode})")
        status, payload = parent.recv()
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if status == "error":
        raise StoreError(payload)
    return payload


class Rows(list):
    """Rows of a SELECT; ``truncated`` when the row cap stopped it."""
    truncated = False


def select(path: str | Path, sparql: str, params: dict[str, tuple[str, str]] | None = None, *,
           timeout: float | None = DEFAULT_TIMEOUT, max_rows: int | None = DEFAULT_MAX_ROWS,
           allow_service: bool = False) -> tuple[list[str], list[dict]]:
    """Run a SELECT (or ASK) over the union of all graphs; params are bound as values
    (SEP-0007 substitutions), never pasted into the query text. Under a timeout (a worker process,
    killed when it is reached or on Ctrl-C) and a row cap (the rows returned say ``truncated``)."""
    return select_all(path, [(sparql, params)], timeout=timeout, max_rows=max_rows, allow_service=allow_service)[0]


def select_all(path: str | Path, queries: list[tuple[str, dict | None]], *, timeout: float | None = DEFAULT_TIMEOUT,
               max_rows: int | None = DEFAULT_MAX_ROWS, allow_service: bool = False) -> list[tuple[list[str], Rows]]:
    """Several SELECTs as :func:`select` runs one, in one worker over one opening of the store
    (a page of several answers, such as a project's card, waits for one process, not one each);
    the timeout bounds them together."""
    for sparql, _ in queries:
        check_query(sparql, allow_service)
    with _reading(Path(path)) as version:
        results = _run_all(version, queries, max_rows) if timeout is None else \
            _bounded(version, queries, max_rows, timeout)
    out = []
    for names, rows, truncated in results:
        rows = Rows(rows)
        rows.truncated = truncated
        out.append((names, rows))
    return out


def index(path: str | Path, kind: str) -> list[dict]:
    """The lookup index written beside the store: ``projects`` or ``localities`` rows (read once
    per version by a long-lived process: the server, the site, a notebook)."""
    with _reading(Path(path)) as version:
        return _index(version, kind)


@functools.lru_cache(maxsize=8)
def _index(version: Path, kind: str) -> list[dict]:
    try:
        held = orjson.loads((version / "index.json").read_bytes())
        if kind == "projects" and kind not in held:  # (the rows are the lookup table's)
            return _lookup_table(version, kind).all_rows()
        return held[kind]
    except (FileNotFoundError, KeyError, ValueError):
        raise StoreError(f"{version.parent.parent}: the store has no lookup index; run `kg build`") from None


def lookup_table(path: str | Path, kind: str) -> "lookup.Table":
    """The lookup table written beside the store (``projects``), read once per version."""
    with _reading(Path(path)) as version:
        return _lookup_table(version, kind)


@functools.lru_cache(maxsize=8)
def _lookup_table(version: Path, kind: str) -> "lookup.Table":
    try:
        return lookup.read_table((version / f"{kind}.lookup").read_bytes())
    except (FileNotFoundError, ValueError):
        raise StoreError(f"{version.parent.parent}: the store has no lookup table; run `kg build`") from None


def stats(path: str | Path) -> dict:
    """Counts of quads, graphs, documents and instances per class."""
    with opened(path) as store:
        counts = {r["g"].value: int(r["n"].value) for r in store.query(  # counted by Oxigraph, not in Python
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
        per_graph = {g: counts.get(g, 0) for g in sorted(g.value for g in store.named_graphs())}
        quads = sum(per_graph.values())
        classes = {r["c"].value: int(r["n"].value) for r in store.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
            use_default_graph_as_union=not _has_default(store))}
    return {"quads": quads, "graphs": per_graph, "classes": classes}


def dump(path: str | Path, fmt: str, out: str | Path) -> None:
    """Write the whole store (quad formats) or its union graph (triple formats) to a file."""
    with opened(path) as store:
        if fmt in QUAD_FORMATS:  # the named graphs (an older kg's default graph was their merge)
            ox.serialize(_named_quads(store), str(out), FORMATS[fmt], prefixes=PREFIXES)
        else:
            ox.serialize(_union(store), str(out), FORMATS[fmt], prefixes=PREFIXES)


def _named_quads(store: ox.Store):
    return (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))


def _union(store: ox.Store):
    """The statements of all named graphs, as triples (each graph states its own: see kg.rdf.Triples.share)."""
    if _has_default(store):
        return (q.triple for q in store.quads_for_pattern(None, None, None, _DEFAULT))
    return (q.triple for q in _named_quads(store))


def to_rdflib(path: str | Path, graphs: Iterable[str] | None = None) -> Graph:
    """The union graph (or the union of some named graphs) as an rdflib Graph (SHACL, exports)."""
    from rdflib import Graph
    with opened(path) as store:
        triples = _union(store) if graphs is None else (
            q.triple for name in graphs for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    g = Graph()
    g.parse(data=nt, format="nt")
    return g
