"""Budgets for everything an import reads (issue 13, item 4): `/entry import` (one YAML file or a zip of them)
and `python bot.py db import PATH` (a file or a directory). Checked before parsing and while parsing, so a
hostile file is refused after reading at most one budget's worth of bytes and events:

- **sizes**: a document at most MAX_DOCUMENT_BYTES; a zip at most MAX_MEMBERS entries, each member's declared
  *and* actually decompressed size at most MAX_DOCUMENT_BYTES, all of them at most MAX_TOTAL_BYTES (a zip bomb
  is refused from its central directory, or after MAX_DOCUMENT_BYTES + 1 decompressed bytes when it lies);
  a member over the cap is refused by name, never skipped;
- **YAML structure** (a streaming pass over the C parser's events, before any node is built): nesting at most
  MAX_DEPTH, at most MAX_NODES nodes, at most MAX_ALIASES aliases, and the document *as expanded* (every alias
  counted as the whole node it points to) at most MAX_DOCUMENT_BYTES — so anchors cannot multiply a 1 MB file
  into the 900 MB of entries the issue measured;
- **duplicate keys** are refused with the key and both lines (YAML itself would silently keep the last).

Every refusal is a `BudgetExceeded` (a `DataError`: the name of the file and what to do) with a `key` and
`params` the bot translates (EN/FR, `app/i18n.py`). Parsing is CPU work: the bot calls `read_upload` in a
worker thread (`asyncio.to_thread`), never on the event loop.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from jurisdictions.loader import DataError, parse_jurisdiction
from jurisdictions.schema import Jurisdiction
from jurisdictions.yaml_strict import CParser, DuplicateKey, StrictLoader

MAX_DOCUMENT_BYTES = 1024 * 1024  # one jurisdiction file (the largest today is 20 KB)
MAX_TOTAL_BYTES = 32 * 1024 * 1024  # every file of one import, decompressed
MAX_MEMBERS = 500  # entries of a zip, or files of a directory (85 jurisdictions today)
MAX_DEPTH = 32  # nesting of mappings and lists (the schema needs 6)
MAX_NODES = 50_000  # nodes of one document after alias expansion (the largest has ~600)
MAX_ALIASES = 1_000
CHUNK = 64 * 1024

_CParser: Any = CParser


class BudgetExceeded(DataError):
    """An import over one of the budgets; `key` and `params` name it for translation."""

    def __init__(self, budget: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.key = budget
        self.params = params


# ----- YAML: a streaming budget over parser events, then a loader that refuses duplicate keys ---------------------
@dataclass
class _Open:
    anchor: str | None
    start: int


@dataclass
class StructureReport:
    nodes: int = 0
    aliases: int = 0
    weight: int = 0  # expanded size: every scalar's length plus one per node, aliases counted in full
    deepest: int = 0
    anchors: dict[str, int] = field(default_factory=dict)


def check_structure(text: str, name: str) -> StructureReport:
    """Walk the YAML events of `text` and stop at the first budget exceeded (before any node is composed)."""
    report = StructureReport()
    stack: list[_Open] = []
    for event in _events(text, name):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append(_Open(event.anchor, report.weight))
            report.deepest = max(report.deepest, len(stack))
            if len(stack) > MAX_DEPTH:
                raise BudgetExceeded("depth", f"{name}: nested more than {MAX_DEPTH} levels deep (line {_line(event)})",
                                     name=name, limit=MAX_DEPTH, line=_line(event))
            _charge(report, 1, 1, name, event)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            opened = stack.pop()
            if opened.anchor is not None:
                report.anchors[opened.anchor] = report.weight - opened.start
        elif isinstance(event, yaml.ScalarEvent):
            weight = 1 + len(event.value)
            _charge(report, 1, weight, name, event)
            if event.anchor is not None:
                report.anchors[event.anchor] = weight
        elif isinstance(event, yaml.AliasEvent):
            report.aliases += 1
            if report.aliases > MAX_ALIASES:
                raise BudgetExceeded("aliases", f"{name}: more than {MAX_ALIASES:,} YAML aliases (line {_line(event)})",
                                     name=name, limit=MAX_ALIASES, line=_line(event))
            weight = report.anchors.get(event.anchor or "", 1)
            _charge(report, weight, weight, name, event, alias=True)
    return report


def _charge(report: StructureReport, nodes: int, weight: int, name: str, event: Any, alias: bool = False) -> None:
    report.nodes += nodes
    report.weight += weight
    if report.weight > MAX_DOCUMENT_BYTES or report.nodes > MAX_NODES:
        how = " once its aliases are expanded" if report.aliases else ""
        raise BudgetExceeded("expanded", f"{name}: the document grows beyond {MAX_DOCUMENT_BYTES // 1024:,} KB or "
                             f"{MAX_NODES:,} values{how} (line {_line(event)}); write the values out without anchors",
                             name=name, kb=MAX_DOCUMENT_BYTES // 1024, nodes=MAX_NODES, line=_line(event))


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return (mark.line + 1) if mark is not None else 0


def _events(text: str, name: str) -> Iterator[Any]:
    parser = _CParser(text) if _CParser is not None else yaml.SafeLoader(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    except yaml.YAMLError as exc:
        raise DataError(f"{name}: not valid YAML: {exc}") from None
    finally:
        parser.dispose()


def load_yaml(content: bytes, name: str) -> Any:
    """The decoded YAML of one import document, within every budget; DataError (or BudgetExceeded) otherwise."""
    if len(content) > MAX_DOCUMENT_BYTES:
        raise BudgetExceeded("file_size", f"{name}: {len(content):,} bytes, over the {MAX_DOCUMENT_BYTES // 1024:,} KB "
                             "a jurisdiction file may have", name=name, kb=MAX_DOCUMENT_BYTES // 1024)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{name}: not valid UTF-8 YAML (byte {exc.start})") from None
    check_structure(text, name)
    loader = StrictLoader(text)
    try:
        return loader.get_single_data()
    except DuplicateKey as exc:
        raise BudgetExceeded("duplicate_key", f"{name}: {exc}", name=name, field=exc.key, line=exc.line,
                             first=exc.first) from None
    except yaml.YAMLError as exc:
        raise DataError(f"{name}: not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def load_document(content: bytes, name: str, check_name: bool = True) -> Jurisdiction:
    """One validated jurisdiction from an import file's bytes (its code must match its name when `check_name`)."""
    jur = parse_jurisdiction(load_yaml(content, name), name)
    if check_name and PurePosixPath(name).stem != jur.code:
        raise DataError(f"{name}: code {jur.code!r} does not match the file name")
    return jur


# ----- files: a zip, an upload, a directory ------------------------------------------------------------------------
def read_zip(content: bytes, name: str) -> list[tuple[str, bytes]]:
    """The `.yaml`/`.yml` members of a zip, decompressed within the budgets (declared sizes checked first, then
    the real ones while streaming)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise DataError(f"{name}: not a valid zip archive") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise BudgetExceeded("members", f"{name}: {len(infos):,} entries in the archive (max {MAX_MEMBERS})",
                                 name=name, limit=MAX_MEMBERS)
        members = [m for m in infos if not m.is_dir() and m.filename.lower().endswith((".yaml", ".yml"))]
        declared = sum(m.file_size for m in members)
        for m in members:
            _check_member_size(name, m.filename, m.file_size)
        if declared > MAX_TOTAL_BYTES:
            raise BudgetExceeded("total_size", f"{name}: the files inside add up to {declared:,} bytes "
                                 f"(max {MAX_TOTAL_BYTES // (1024 * 1024)} MB)", name=name,
                                 mb=MAX_TOTAL_BYTES // (1024 * 1024))
        out = []
        for m in members:
            if m.flag_bits & 0x1:
                raise DataError(f"{name}: {m.filename} is encrypted")
            out.append((PurePosixPath(m.filename).name, _read_member(archive, m, name)))
        return out


def _check_member_size(archive_name: str, member: str, size: int) -> None:
    if size > MAX_DOCUMENT_BYTES:
        raise BudgetExceeded("member_size", f"{archive_name}: {PurePosixPath(member).name} is {size:,} bytes "
                             f"uncompressed, over the {MAX_DOCUMENT_BYTES // 1024:,} KB a jurisdiction file may have",
                             name=PurePosixPath(member).name, kb=MAX_DOCUMENT_BYTES // 1024)


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> bytes:
    """At most min(declared size, the cap) bytes; one byte more and the member is refused (its header lied)."""
    limit = min(member.file_size, MAX_DOCUMENT_BYTES)
    buffer = bytearray()
    try:
        with archive.open(member) as fh:
            while True:
                chunk = fh.read(min(CHUNK, limit + 1 - len(buffer)))
                if not chunk:
                    break
                buffer += chunk
                if len(buffer) > limit:
                    raise BudgetExceeded("member_size", f"{name}: {member.filename} expands beyond its declared size",
                                         name=PurePosixPath(member.filename).name, kb=MAX_DOCUMENT_BYTES // 1024)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:  # CRC, truncated, unknown method
        raise DataError(f"{name}: {member.filename} cannot be read ({exc})") from None
    except Exception as exc:  # zlib.error and other decompressor failures
        if isinstance(exc, DataError):
            raise
        raise DataError(f"{name}: {member.filename} cannot be read ({type(exc).__name__})") from None
    return bytes(buffer)


def upload_files(filename: str, content: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of the documents in an uploaded `.yaml` file or `.zip` of them."""
    name = PurePosixPath(filename).name
    if name.lower().endswith(".zip"):
        files = read_zip(content, name)
        if not files:
            raise DataError(f"{name}: no .yaml files inside")
        return files
    if name.lower().endswith((".yaml", ".yml")):
        return [(name, content)]
    raise DataError(f"{name}: send a .yaml data file or a .zip of them")


def read_upload(filename: str, content: bytes) -> tuple[list[Jurisdiction], list[str]]:
    """(the jurisdictions, every problem) of an uploaded file: all of them or none is imported by the caller.
    A budget exceeded stops at once (raises BudgetExceeded) — nothing more of the upload is read."""
    files = upload_files(filename, content)
    docs: list[Jurisdiction] = []
    errors: list[str] = []
    total = 0
    for fname, raw in files:
        total += len(raw)
        if total > MAX_TOTAL_BYTES:
            raise BudgetExceeded("total_size", f"{filename}: the files add up to more than "
                                 f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB", name=filename, mb=MAX_TOTAL_BYTES // (1024 * 1024))
        try:
            docs.append(load_document(raw, fname, check_name=len(files) > 1))
        except BudgetExceeded:
            raise
        except DataError as exc:
            errors.append(str(exc))
    return docs, errors


def directory_files(path: Path) -> list[Path]:
    """The files `db import PATH` reads: PATH itself, or the `*.yaml` of a directory (at most MAX_MEMBERS, each
    and all of them within the size budgets, checked from their sizes before anything is read)."""
    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise DataError(f"{path}: no jurisdiction files (*.yaml) found")
        if len(files) > MAX_MEMBERS:
            raise BudgetExceeded("members", f"{path}: {len(files):,} files (max {MAX_MEMBERS})", name=str(path),
                                 limit=MAX_MEMBERS)
    elif path.is_file():
        files = [path]
    else:
        raise DataError(f"{path}: no such file or directory")
    total = 0
    for file in files:
        size = file.stat().st_size
        total += size
        if size > MAX_DOCUMENT_BYTES:
            raise BudgetExceeded("file_size", f"{file.name}: {size:,} bytes, over the {MAX_DOCUMENT_BYTES // 1024:,} KB "
                                 "a jurisdiction file may have", name=file.name, kb=MAX_DOCUMENT_BYTES // 1024)
    if total > MAX_TOTAL_BYTES:
        raise BudgetExceeded("total_size", f"{path}: the files add up to {total:,} bytes "
                             f"(max {MAX_TOTAL_BYTES // (1024 * 1024)} MB)", name=str(path), mb=MAX_TOTAL_BYTES // (1024 * 1024))
    return files


def read_file(path: Path) -> bytes:
    """A file's bytes, never more than the budget (it may have grown since it was listed)."""
    try:
        with path.open("rb") as fh:
            content = fh.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise DataError(f"{path.name}: cannot read: {exc.strerror}") from None
    return content


def read_paths(path: Path) -> tuple[list[Jurisdiction], list[str]]:
    """(the jurisdictions, every problem) of `db import PATH`; a budget exceeded raises at once (nothing more read)."""
    jurs: list[Jurisdiction] = []
    errors: list[str] = []
    for file in directory_files(path):
        try:
            jurs.append(load_document(read_file(file), file.name))
        except BudgetExceeded:
            raise
        except DataError as exc:
            errors.append(str(exc))
    return jurs, errors
