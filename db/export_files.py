"""`db export DIR` into a directory of data files: write only the files whose content changed, and change them in
place. The edit is spliced into the file's text: only the lines of the keys whose value changed are re-emitted, so
comments, key order, quoting and line breaks of everything else stay as they were (ruamel.yaml gives each key's
line and column). Exporting one edited field back over the bundled files is a few-line diff, not a rewrite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jurisdictions.loader import DataError, dump_jurisdiction, load_file, to_yaml
from jurisdictions.schema import Jurisdiction

WIDTH = 120
_GONE = object()


@dataclass(frozen=True)
class Change:
    parent: Any  # the ruamel mapping holding the key
    key: str
    value: Any  # the new value, or _GONE


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if hasattr(node, "isoformat"):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    return node


def _flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _changes(node: Any, new: Mapping[str, Any]) -> list[Change]:
    """The smallest keys to rewrite: inside block mappings and same-length lists of block mappings."""
    out: list[Change] = []
    for key in node:
        if key not in new:
            out.append(Change(node, key, _GONE))
    for key, value in new.items():
        if key not in node:
            out.append(Change(node, key, value))
            continue
        old = node[key]
        if _plain(old) == value:
            continue
        if isinstance(old, dict) and isinstance(value, Mapping) and not _flow(old) and old:
            out += _changes(old, value)
        elif (isinstance(old, list) and isinstance(value, list) and len(old) == len(value) and not _flow(old)
              and all(isinstance(a, dict) and isinstance(b, Mapping) and a and not _flow(a) for a, b in zip(old, value, strict=True))):
            for a, b in zip(old, value, strict=True):
                if _plain(a) != b:
                    out += _changes(a, b)
        else:
            out.append(Change(node, key, value))
    return out


def _emit(key: str, value: Any, flow: bool) -> list[str]:
    """`key: value` as YAML lines (indentation added by the caller); `flow`: the value as one `{…}` / `[…]`, the
    way the file wrote it. PyYAML writes them: it quotes what YAML 1.1 would read otherwise ("ON", "yes")."""
    import yaml

    if flow and isinstance(value, (dict, list)):
        dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=WIDTH)
        first, *rest = dumped.rstrip("\n").split("\n")
        return [f"{key}: {first}", *("    " + r.lstrip() for r in rest)]
    dumped = yaml.safe_dump({key: value}, default_flow_style=False, allow_unicode=True, sort_keys=False, width=WIDTH)
    return dumped.rstrip("\n").split("\n")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_end(lines: list[str], start: int, col: int) -> int:
    """The line after the block of the key starting at `start` (column `col`): the next line indented less than
    `col`, or at `col` and not a `- ` item of the key's own sequence; blank lines and deeper comments belong to it."""
    i = start + 1
    while i < len(lines):
        text = lines[i]
        stripped = text.strip()
        if stripped and not stripped.startswith("#"):
            indent = _indent(text)
            if indent < col or (indent == col and not stripped.startswith("- ")):
                break
        elif stripped.startswith("#") and _indent(text) <= col:
            break
        i += 1
    while i - 1 > start and not lines[i - 1].strip():  # keep blank lines between blocks
        i -= 1
    return i


def splice(text: str, tree: Any, new: Mapping[str, Any]) -> str | None:
    """`text` with `new` written over the changed keys only; None when a change cannot be placed safely (the caller
    then writes the whole file)."""
    lines = text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []  # (start, end, replacement) on line numbers
    for change in _changes(tree, new):
        parent, key = change.parent, change.key
        if key in parent:
            line, col = parent.lc.key(key)
            if lines[line][col:col + len(str(key))] != str(key):
                return None
            end = _block_end(lines, line, col)
            if change.value is _GONE:
                if lines[line][:col].strip():  # the first key of a "- " item: removing it would break the item
                    return None
                edits.append((line, end, []))
                continue
            body = _emit(str(key), change.value, _flow(parent[key]))
            prefix = lines[line][:col]
            edits.append((line, end, [prefix + body[0]] + [" " * col + b for b in body[1:]]))
        else:  # a new key: after the parent's last key
            keys = list(parent)
            if not keys:
                return None
            line, col = parent.lc.key(keys[-1])
            end = _block_end(lines, line, col)
            body = _emit(str(key), change.value, False)
            edits.append((end, end, [" " * col + b for b in body]))
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[start:end] = replacement
    return "\n".join(lines)


def render_update(path: Path, jur: Jurisdiction) -> str:
    """The file at `path` rewritten to hold `jur`, keeping every line that did not change."""
    from ruamel.yaml import YAML

    text = path.read_text(encoding="utf-8")
    new = dump_jurisdiction(jur)
    tree = YAML(typ="rt").load(text)
    if isinstance(tree, dict):
        spliced = splice(text, tree, new)
        if spliced is not None and _reads_as(spliced, jur):
            return spliced
    return to_yaml(new)


def _reads_as(text: str, jur: Jurisdiction) -> bool:
    """The spliced text must read back as exactly `jur`; otherwise the whole file is written instead."""
    import yaml

    from jurisdictions.loader import parse_jurisdiction

    try:
        return dump_jurisdiction(parse_jurisdiction(yaml.safe_load(text), f"{jur.code}.yaml")) == dump_jurisdiction(jur)
    except (DataError, yaml.YAMLError, ValueError):
        return False


def _same(path: Path, jur: Jurisdiction) -> bool:
    try:
        return dump_jurisdiction(load_file(path)) == dump_jurisdiction(jur)
    except DataError:
        return False


def export_header(version: int) -> str:
    """The first line of a data file written fresh from the database."""
    return f"# Exported from the Passerelle database on {dt.date.today().isoformat()} (data version {version}).\n"


def _exported(existing: Path | None, jur: Jurisdiction, header: str) -> str | None:
    """The text a data file must hold for `jur`: None when `existing` already holds it, an in-place edit when it
    differs, else a fresh file under `header`."""
    if existing is not None and existing.exists():
        return None if _same(existing, jur) else render_update(existing, jur)
    return header + to_yaml(dump_jurisdiction(jur))


def export_texts(jurisdictions: Mapping[str, Jurisdiction], base: Path | None, header: str) -> dict[str, str]:
    """`{"<code>.yaml": text}`: a data file of `base` as it is when it holds the entry, edited in place when it
    differs, else written fresh with `header` (the Discord export: the zip keeps the files' comments)."""
    out = {}
    for code, jur in sorted(jurisdictions.items()):
        source = base / f"{code}.yaml" if base is not None else None
        text = _exported(source, jur, header)
        out[f"{code}.yaml"] = text if text is not None else source.read_text(encoding="utf-8")  # type: ignore[union-attr]
    return out


def export_files(directory: Path, jurisdictions: Mapping[str, Jurisdiction], header: str) -> list[Path]:
    """Write into `directory` the files that differ from `jurisdictions` (new files get `header`); the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for code, jur in sorted(jurisdictions.items()):
        target = directory / f"{code}.yaml"
        text = _exported(target, jur, header)
        if text is None:
            continue
        tmp = target.with_name(target.name + ".partial")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
        written.append(target)
    return written
