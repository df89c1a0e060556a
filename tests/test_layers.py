"""The arrows point one way: the domain (`jurisdictions/`) imports nothing from the database, the bot, the
settings or Discord, so it can be read, tested and run on its own (the entry point hands it what it needs)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("db", "cogs", "app", "settings", "bot", "ops", "discord", "sqlalchemy", "aiosqlite", "asyncpg", "alembic")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, at any depth (a lazy import inside a function counts)."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
    return out


def test_the_domain_imports_nothing_from_the_layers_above_it() -> None:
    files = sorted((ROOT / "jurisdictions").rglob("*.py"))
    assert len(files) > 20  # the walk found the domain
    bad = [f"{path.relative_to(ROOT)}:{line}: {module}" for path in files for line, module in imported_modules(path)
           if module.split(".")[0] in FORBIDDEN]
    assert not bad, "the domain must not import these:\n" + "\n".join(bad)


def test_the_check_finds_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\ndef f():\n    from db.reader import read_snapshot\n    import discord.ui\n")
    assert [m for _, m in imported_modules(sample) if m.split(".")[0] in FORBIDDEN] == ["db.reader", "discord.ui"]
