"""Where answers are read from, chosen by the entry point (the domain's CLI is handed the choice and imports
nothing from `db`): the database the bot uses, so an edit shows in the next answer, else the data files.

No Discord and no SQLAlchemy here: `bot.py check` comes this way and must start fast (README "Speed").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jurisdictions.snapshot import Snapshot

ANSWER_COMMANDS = frozenset({"ask", "check"})  # answers only: compiled records; `regulator`, `data` … walk the models


def data_dir() -> Path | None:
    """PASSERELLE_DATA_DIR (reviews, tests), else None: the bundled `jurisdictions/data`."""
    override = os.environ.get("PASSERELLE_DATA_DIR")
    return Path(override) if override else None


def default_snapshot(compiled: bool = False) -> Snapshot:
    """DATABASE_URL (environment or .env) when set, else ./passerelle.db when it exists — read with the stdlib
    (db/reader.py; no SQLAlchemy on this path). Without a ready database, or with PASSERELLE_DATA_DIR and no
    DATABASE_URL, the data files: PASSERELLE_DATA_DIR or the bundled `jurisdictions/data` — as compiled records
    when `compiled` (no pydantic import while the files are unchanged), else as validated models.
    Raises `db.reader.DatabaseUnreadable` (a `jurisdictions.snapshot.SnapshotUnavailable`) for a database that
    is configured but cannot be read: answering from the files instead would hide it."""
    from db.reader import DatabaseUnreadable, configured_url, read_snapshot
    from jurisdictions.snapshot import compiled_snapshot, load_snapshot

    try:
        url = configured_url()
    except ValueError as exc:  # a malformed DATABASE_URL: one line, the password already masked
        raise DatabaseUnreadable(str(exc)) from None
    stored = read_snapshot(url) if url is not None else None
    if stored is not None:
        return stored
    if compiled and os.environ.get("PASSERELLE_NO_COMPILED") != "1":  # "1": the validated models (comparisons)
        return compiled_snapshot(data_dir())
    return load_snapshot(data_dir())


def answer_snapshot() -> Snapshot:
    """What `ask` and `check` answer from (see `default_snapshot`)."""
    return default_snapshot(compiled=True)


def loader_for(command: str | None) -> Callable[[], Snapshot]:
    """The snapshot source for one command of the offline CLI (`jurisdictions.cli.main(argv, snapshot_loader=…)`)."""
    return answer_snapshot if command in ANSWER_COMMANDS else default_snapshot
