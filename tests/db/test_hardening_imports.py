"""Import budgets (issue 13, item 4; db/import_budget.py) — through `/entry import` (the real discord.py client and
the local fake Discord) and `python bot.py db import` (a real process on a real SQLite file):

- a 1 MB YAML whose anchors expand it many times over is refused, and the database does not grow (before: 868 KB
  became 905 MB);
- a 1 MB zip that expands to ~1 GB is refused in well under a second, using a few MB (before: parsed on the event
  loop for minutes, ~1 GB in memory) — also when its headers lie about the sizes;
- a member over the cap is refused by name (before: silently skipped), too many members, nesting, duplicate keys
  (with the key and both lines);
- a document with a few ordinary aliases is still accepted; the upload is parsed in a worker thread.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_hardening_bot import answer, record_figures, settings, state_of

from app.bot import Passerelle
from db import import_budget
from db.import_budget import MAX_DOCUMENT_BYTES, BudgetExceeded, read_upload
from jurisdictions.loader import DataError, dump_jurisdiction, load_file
from tests.helpers.bot import zipped
from tests.helpers.fake_discord import MODERATOR, attachment_option, running, slash

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {"tried": 0, "refused": 0, "harmed": 0}


@pytest.fixture(scope="module", autouse=True)
def _record() -> Any:
    yield
    record_figures("import_budgets", **FIGURES)


def nb_yaml(data_dir: Path) -> str:
    return yaml.safe_dump(dump_jurisdiction(load_file(data_dir / "CA-NB.yaml")), allow_unicode=True, sort_keys=False)


def alias_bomb_document(data_dir: Path, size: int = 1_000_000) -> bytes:
    """CA-NB with one 16 KB rule note repeated until the file is ~`size` bytes: YAML writes the repeats as aliases
    of the first (`&id001` … `*id001`), and every alias is a full copy once loaded (the issue's 900× growth)."""
    doc = dump_jurisdiction(load_file(data_dir / "CA-NB.yaml"))
    note = {"value": {"en": "x" * 8000, "fr": "y" * 8000}, "source": next(iter(doc["sources"]))}
    base = len(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)) + 16_100
    doc["rule"]["notes"] = [note] * ((size - base) // len("  - *id001\n"))
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


def zip_bomb(declared: int | None = None, real: int = 1000 * 1024 * 1024) -> bytes:
    """One member of `real` bytes of '#' deflated (~1 MB); `declared` rewrites the sizes its headers announce."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            archive.open("CA-NB.yaml", "w", force_zip64=declared is None) as fh:
        chunk = b"#" * (1 << 20)
        for _ in range(real >> 20):
            fh.write(chunk)
    data = bytearray(buffer.getvalue())
    if declared is not None:  # a liar: local header (offset 22) and central directory (offset 24) say `declared`
        local = data.find(b"PK\x03\x04")
        central = data.find(b"PK\x01\x02")
        struct.pack_into("<I", data, local + 22, declared)
        struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)




def refused_within(fn: Any, seconds: float, megabytes: float) -> DataError:
    """`fn()` raises DataError within the CPU-time and Python-memory budget (CPU time of this process, so a machine
    busy with other work does not count against the budget: what is bounded is the work the refusal does)."""
    FIGURES["tried"] += 1
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(DataError) as info:
            fn()
        elapsed = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    assert elapsed < seconds, elapsed
    assert peak < megabytes, peak
    FIGURES["refused"] += 1
    return info.value


# ----- the budgets themselves -----------------------------------------------------------------------------------------
def test_zip_bomb_refused_from_its_headers_quickly_and_small() -> None:
    bomb = zip_bomb()
    assert len(bomb) < 1_100_000
    exc = refused_within(lambda: read_upload("data.zip", bomb), seconds=2.0, megabytes=8)
    assert isinstance(exc, BudgetExceeded) and exc.key == "member_size" and "CA-NB.yaml" in str(exc)


def test_zip_bomb_with_lying_headers_stops_after_the_declared_size() -> None:
    bomb = zip_bomb(declared=5000, real=200 * 1024 * 1024)
    exc = refused_within(lambda: read_upload("data.zip", bomb), seconds=2.0, megabytes=8)
    assert "CA-NB.yaml" in str(exc)


def test_member_over_the_cap_is_refused_by_name_not_skipped(data_dir: Path) -> None:
    files = {"CA-NB.yaml": nb_yaml(data_dir).encode(), "CA-NS.yaml": b"# " + b"x" * (MAX_DOCUMENT_BYTES + 10)}
    exc = refused_within(lambda: read_upload("data.zip", zipped(files)), seconds=2.0, megabytes=16)
    assert isinstance(exc, BudgetExceeded) and exc.key == "member_size" and "CA-NS.yaml" in str(exc)


def test_too_many_members_and_too_much_in_total() -> None:
    many = zipped({f"dir/{i}.txt": b"" for i in range(import_budget.MAX_MEMBERS + 1)})
    exc = refused_within(lambda: read_upload("many.zip", many), seconds=2.0, megabytes=16)
    assert isinstance(exc, BudgetExceeded) and exc.key == "members"
    each = b"#" * (MAX_DOCUMENT_BYTES - 10)
    total = zipped({f"F{i}.yaml": each for i in range(import_budget.MAX_TOTAL_BYTES // MAX_DOCUMENT_BYTES + 2)})
    exc = refused_within(lambda: read_upload("total.zip", total), seconds=2.0, megabytes=16)
    assert isinstance(exc, BudgetExceeded) and exc.key == "total_size"


def test_alias_bomb_and_nesting_refused_while_parsing(data_dir: Path) -> None:
    bomb = alias_bomb_document(data_dir)
    assert 900_000 < len(bomb) < MAX_DOCUMENT_BYTES  # under the size cap: refused for what it expands to
    exc = refused_within(lambda: read_upload("CA-NB.yaml", bomb), seconds=2.0, megabytes=32)
    assert isinstance(exc, BudgetExceeded) and exc.key == "expanded"
    billion = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))
    exc = refused_within(lambda: read_upload("CA-NB.yaml", billion.encode()), seconds=2.0, megabytes=8)
    assert exc.key == "expanded"
    deep = b"code: " + b"[" * 60_000 + b"]" * 60_000  # flow style: libyaml's own limit (1,000) or ours
    exc = refused_within(lambda: import_budget.load_yaml(deep, "CA-NB.yaml"), seconds=2.0, megabytes=16)
    assert "nest" in str(exc)
    block = "".join(f"{' ' * i}k{i}:\n" for i in range(40)).encode()  # block style: ours
    exc = refused_within(lambda: import_budget.load_yaml(block, "CA-NB.yaml"), seconds=2.0, megabytes=16)
    assert isinstance(exc, BudgetExceeded) and exc.key == "depth"


def test_duplicate_keys_are_refused_with_the_key_and_the_lines(data_dir: Path) -> None:
    text = nb_yaml(data_dir)
    twice = text + "kind: country\n"  # `kind` is already at the top: YAML would keep the last one
    exc = refused_within(lambda: read_upload("CA-NB.yaml", twice.encode()), seconds=2.0, megabytes=16)
    first = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("kind:"))
    assert exc.key == "duplicate_key" and "'kind'" in str(exc)
    assert f"line {len(text.splitlines()) + 1}" in str(exc) and f"first on line {first}" in str(exc)


def test_ordinary_aliases_are_still_accepted(data_dir: Path) -> None:
    text = nb_yaml(data_dir)
    lines = text.splitlines()
    key = max(load_file(data_dir / "CA-NB.yaml").sources, key=lambda k: sum(x.strip() == f"source: {k}" for x in lines))
    uses = [i for i, line in enumerate(lines) if line.strip() == f"source: {key}"]  # one anchor, the rest aliases
    assert len(uses) >= 2
    lines[uses[0]] = lines[uses[0]].replace(f"source: {key}", f"source: &src {key}")
    for i in uses[1:]:
        lines[i] = lines[i].replace(f"source: {key}", "source: *src")
    docs, errors = read_upload("CA-NB.yaml", ("\n".join(lines) + "\n").encode())
    assert not errors and docs[0] == load_file(data_dir / "CA-NB.yaml")


# ----- through the command line: the database does not grow ------------------------------------------------------
def test_db_import_refuses_the_alias_bomb_and_the_file_does_not_grow(tmp_path: Path, data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "PASSERELLE_DATA_DIR")}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"

    def bot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=tmp_path, capture_output=True,
                              text=True, timeout=180, env=env)

    assert bot("db", "upgrade").returncode == 0
    size = sum(p.stat().st_size for p in tmp_path.glob("p.db*"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "CA-NB.yaml").write_bytes(alias_bomb_document(data_dir))
    cases = [("in", "expands"), ("in/CA-NB.yaml", "expand")]
    (tmp_path / "dup").mkdir()
    (tmp_path / "dup" / "CA-NB.yaml").write_text(nb_yaml(data_dir) + "kind: country\n", encoding="utf-8")
    cases.append(("dup", "duplicate key 'kind'"))
    for target, word in cases:
        FIGURES["tried"] += 1
        proc = bot("db", "import", target)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert word.split()[0][:6] in proc.stderr, proc.stderr
        FIGURES["refused"] += 1
    grown = sum(p.stat().st_size for p in tmp_path.glob("p.db*"))
    FIGURES["harmed"] += grown > size * 1.05
    assert grown <= size * 1.05, (size, grown)


# ----- through the bot ------------------------------------------------------------------------------------------------
async def test_entry_import_refuses_every_budget_in_both_languages(store: Any, data_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    real = import_budget.read_upload

    def spy(filename: str, content: bytes) -> Any:
        threads.append(threading.current_thread().name)
        return real(filename, content)

    monkeypatch.setattr(import_budget, "read_upload", spy)  # before the bot loads cogs.moderation (a fresh module)
    before = await state_of(store)
    cases = [("bomb.zip", zip_bomb(), ("1024 KB", "1024 Ko")),
             ("liar.zip", zip_bomb(declared=5000, real=64 * 1024 * 1024), ("CA-NB.yaml", "CA-NB.yaml")),
             ("CA-NB.yaml", alias_bomb_document(data_dir), ("aliases expanded", "alias YAML développés")),
             ("CA-NB.yaml", (nb_yaml(data_dir) + "kind: country\n").encode(), ("appears twice", "figure deux fois")),
             ("two.zip", zipped({"CA-NB.yaml": nb_yaml(data_dir).encode(),
                                 "CA-NS.yaml": b"#" * (MAX_DOCUMENT_BYTES + 1)}), ("CA-NS.yaml", "CA-NS.yaml"))]
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, _bot):
        for locale, pick in (("en-US", 0), ("fr", 1)):
            for filename, content, words in cases:
                FIGURES["tried"] += 1
                value, resolved = attachment_option(fake.add_attachment(filename, content))
                payload = slash("import", MODERATOR, group="entry", resolved=resolved, file=value)
                payload["locale"] = locale
                started = time.perf_counter()
                reply = await answer(fake, payload, timeout=20)
                text = reply.text()
                assert text.startswith(("Import refused", "Importation refusée")), text[:300]
                assert words[pick] in text, (filename, words[pick], text[:400])
                assert not reply.buttons() and time.perf_counter() - started < 10
                FIGURES["refused"] += 1
    assert threads and all(name != threading.main_thread().name for name in threads), threads
    after = await state_of(store)
    FIGURES["harmed"] += after != before
    assert after == before


def test_data_files_refuse_duplicate_keys_too(tmp_path: Path, data_dir: Path) -> None:
    """The bundled and seeded data files go through the same loader (jurisdictions/yaml_strict.py)."""
    path = tmp_path / "CA-NB.yaml"
    path.write_text((data_dir / "CA-NB.yaml").read_text(encoding="utf-8") + "kind: country\n", encoding="utf-8")
    FIGURES["tried"] += 1
    with pytest.raises(DataError, match=r"CA-NB.yaml: .*duplicate key 'kind' on line \d+ \(first on line \d+\)"):
        load_file(path)
    FIGURES["refused"] += 1
