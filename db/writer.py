"""The write transaction of one planned change: validate the documents it makes, then write rows and revisions.

`validate` assembles every touched document with the change and parses it with the schema (nothing written
on failure). `run_write` runs `transaction` — bump the data version under the database's write lock, write the
entries with the ORM (`version_id_col` guards every UPDATE/DELETE), append the revisions — on SQLite whole in
the one writer thread on a synchronous engine, on PostgreSQL through the async session. It returns None when
the in-memory state the plan was made from is behind the database (the caller catches up and plans again).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

from sqlalchemy import Engine, Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.exc import StaleDataError

from db.documents import EntryPath, Flat, assemble, value_of
from db.engine import write_session
from db.mirror import ROW, State, version_in
from db.models import FactRow, JurisdictionRow, RegulatorRow, RevisionRow, SourceRow, StateRow, utcnow
from db.plans import Plan, Planned, refused
from db.results import Conflict, RegistryError, Revision, revision_of_values
from db.values import clean_name
from jurisdictions.loader import DataError, check_collection, parse_jurisdiction
from jurisdictions.schema import Jurisdiction, iter_facts

Written = tuple[int, tuple[Revision, ...], dict[str, dict[str, int | None]]]  # data version, revisions, versions
NOT_INITIALISED = "the database is not initialised: run `python bot.py db upgrade`"
_RANK = {"field": 0, "regulator": 1, "source": 2, "fact": 3}  # write order: sources exist before facts cite them


async def lock_state(s: AsyncSession, is_sqlite: bool) -> StateRow:
    """First statement of every write: serializes writers (the SQLite write lock is already held)."""
    stmt = select(StateRow).where(StateRow.id == 1)
    if not is_sqlite:
        stmt = stmt.with_for_update()
    state = (await s.execute(stmt)).scalar_one_or_none()
    if state is None:
        raise RegistryError(NOT_INITIALISED)
    return state


def _table(model: type[Any]) -> Table:
    """A model's Core table (typed as a FromClause by SQLAlchemy)."""
    return cast(Table, model.__table__)


# ----------------------------------------------------------------------------------------------- validation


def validate(plan: Plan, state: State) -> dict[str, Jurisdiction]:
    """The parsed documents the plan makes, by code; InvalidEdit (every reason) when one does not validate."""
    by_code: dict[str, Flat] = dict(plan.new_flats)
    for ch in plan.changes:
        if ch.code in plan.new_flats:
            continue
        flat = by_code.setdefault(ch.code, dict(state.flat[ch.code]))
        if ch.new is None:
            flat.pop(ch.path, None)
        else:
            flat[ch.path] = ch.new
    out: dict[str, Jurisdiction] = {}
    errors: list[str] = []
    for code, flat in by_code.items():
        try:
            jur = parse_jurisdiction(assemble(code, flat), code)
        except (DataError, ValueError) as exc:
            errors += str(exc).splitlines()
            continue
        added = [ch.path for ch in plan.changes if ch.code == code and ch.old is None and ch.new is not None
                 and ch.at is not None and ch.at.is_fact]
        if added:  # a new path must be one the schema knows (existing paths are known to be)
            fact_paths = {p for p, _ in iter_facts(jur)}
            errors += [f"{code}: {p}: not a fact path of the schema" for p in added if p not in fact_paths]
        out[code] = jur
    structural = bool(plan.new_flats) or any(ch.path == "parent" for ch in plan.changes)
    if not errors and structural:  # parents must exist: only a new document or a new parent can break that
        try:
            check_collection((dict(state.jurs) | out).values())
        except DataError as exc:
            errors.append(str(exc))
    if errors:
        raise refused(plan, errors)
    return out


# ----------------------------------------------------------------------------------------------- running it


async def run_write(plan: Plan, state: State, *, sessions: async_sessionmaker[AsyncSession],
                    executor: ThreadPoolExecutor | None, sync_engine: Engine | None) -> Written | None:
    """Run the write transaction: with an `executor` (SQLite) whole in that thread on `sync_engine` (one await),
    else through the async session. None when `state` is behind the database."""
    if executor is not None:
        assert sync_engine is not None
        return await asyncio.get_running_loop().run_in_executor(executor, write_sync, sync_engine, plan, state)
    async with write_session(sessions) as s:
        outcome = await s.run_sync(transaction, plan, state)
        if outcome is None:
            await s.rollback()
        else:
            await s.commit()
        return outcome


def write_sync(engine: Engine, plan: Plan, state: State) -> Written | None:
    """SQLite, in the writer thread: BEGIN IMMEDIATE … COMMIT on the synchronous engine."""
    with Session(engine, expire_on_commit=False) as s:
        s.connection(execution_options={"sqlite_immediate": True})
        outcome = transaction(s, plan, state)
        if outcome is None:
            s.rollback()
        else:
            s.commit()
        return outcome


def transaction(s: Session, plan: Plan, state: State) -> Written | None:
    """The statements of one change (the caller commits)."""
    dv = _bump(s)
    if dv - 1 != state.dv:
        return None
    try:
        touched = _write(s, plan, state)
        s.flush()
    except StaleDataError as exc:  # pragma: no cover - the write lock prevents it; kept as a guard
        ch = plan.changes[-1]
        raise Conflict(ch.code, ch.path, state.versions.get(ch.code, {}).get(ch.path), None, ch.old) from exc
    rows = [_revision_values(plan, ch, dv) for ch in plan.changes if ch.record]
    revisions: tuple[Revision, ...] = ()
    if rows:  # one INSERT … RETURNING id for all of them, in order
        t = _table(RevisionRow)
        ids = s.connection().execute(insert(t).returning(t.c.id, sort_by_parameter_order=True), rows).scalars().all()
        revisions = tuple(revision_of_values(i, row) for i, row in zip(ids, rows, strict=True))
    return dv, revisions, _collect_versions(plan, touched, state)


def _bump(s: Session) -> int:
    """First statement of every change: takes the write lock on PostgreSQL (the row lock is held to
    commit; on SQLite `BEGIN IMMEDIATE` already holds it) and returns the new data version."""
    t = _table(StateRow)
    stmt = update(t).where(t.c.id == 1).values(data_version=t.c.data_version + 1).returning(t.c.data_version)
    dv = s.connection().execute(stmt).scalar_one_or_none()  # Core: no ORM bookkeeping for this one row
    if dv is None:
        raise RegistryError(NOT_INITIALISED)
    return int(dv)


# ----------------------------------------------------------------------------------------------- rows


def _kind(ch: Planned) -> str:
    assert ch.at is not None
    return ch.at.kind


def _write(s: Session, plan: Plan, state: State) -> dict[tuple[str, str], Any]:
    """Apply the planned changes with the ORM; returns the objects written, by (code, entry key)."""
    created = set(plan.new_flats) - set(state.flat)
    if created:
        insert_rows(s, [plan.new_flats[c] | {"@code": c} for c in sorted(created)])
    changes = [ch for ch in plan.changes if ch.code not in created and ch.at is not None]
    upserts = sorted((ch for ch in changes if ch.new is not None), key=lambda ch: _RANK[_kind(ch)])
    removals = sorted((ch for ch in changes if ch.new is None), key=lambda ch: -_RANK[_kind(ch)])
    touched: dict[tuple[str, str], Any] = {}
    stage = None
    for ch in upserts + removals:
        kind = _kind(ch)
        if stage is not None and kind != stage:
            s.flush()  # sources exist before facts point at them; facts go before their sources
        stage = kind
        key = ROW if kind == "field" else ch.path
        touched[(ch.code, key)] = _write_entry(s, ch, touched.get((ch.code, key)), state)
    for code, flat in plan.new_flats.items():  # keep the file's order of sources after an import
        if code not in created:
            _keep_source_order(s, code, flat, state.flat[code])
    return touched


def _source_keys(flat: Flat) -> list[str]:
    return [p.split(".", 1)[1] for p in flat if p.startswith("sources.") and EntryPath.parse(p).kind == "source"]


def _keep_source_order(s: Session, code: str, new: Flat, old: Flat) -> None:
    keys = _source_keys(new)
    if keys == _source_keys(old):
        return
    s.flush()
    t = _table(SourceRow)
    s.execute(update(t).where(t.c.jurisdiction_code == bindparam("c"), t.c.key == bindparam("k"))
              .values(position=bindparam("p")), [{"c": code, "k": k, "p": i} for i, k in enumerate(keys)])


def _attach(s: Session, model: type[Any], version: int, **pk: Any) -> Any:
    """A persistent object for a row whose version we know, without a SELECT: its UPDATE/DELETE is
    `… WHERE <pk> AND version_id = :version`, so a row changed behind our back raises StaleDataError."""
    obj = model(**pk, version_id=version)
    make_transient_to_detached(obj)
    s.add(obj)
    return obj


def _write_field(s: Session, ch: Planned, obj: Any, version: int | None) -> Any:
    row = obj or _attach(s, JurisdictionRow, version or 1, code=ch.code)
    new = ch.new
    if ch.path == "name":
        row.name_en, row.name_fr = new["en"], new["fr"]
    elif ch.path == "aliases":
        row.aliases = list(new or [])
    elif ch.path == "parent":
        row.parent = new
    else:
        row.kind = new
    return row


def _write_entry(s: Session, ch: Planned, obj: Any, state: State) -> Any:
    assert ch.at is not None
    at, code, new = ch.at, ch.code, ch.new
    version = version_in(state, code, at)
    if at.kind == "field":
        return _write_field(s, ch, obj, version)
    model: type[Any]
    if at.kind == "regulator":
        model, pk = RegulatorRow, {"jurisdiction_code": code, "reg_id": at.key}
        cols = {"role": new["role"], "position": new["position"]} if new else {}
    elif at.kind == "source":
        model, pk = SourceRow, {"jurisdiction_code": code, "key": at.key}
        cols = source_cols(new) if new else {}
        if new is not None and version is None:
            cols["position"] = sum(1 for p in state.flat[code] if p.startswith("sources."))
    else:
        model, pk, cols = FactRow, {"jurisdiction_code": code, "path": at.path}, fact_cols(new) if new else {}
    if version is None:  # a new entry
        if new is None:
            return None
        row = model(**pk, **cols)
        s.add(row)
        return row
    row = obj or _attach(s, model, version, **pk)
    if new is None:
        s.delete(row)
        return None
    for k, v in cols.items():
        setattr(row, k, v)
    return row


def _collect_versions(plan: Plan, touched: dict[tuple[str, str], Any],
                      state: State) -> dict[str, dict[str, int | None]]:
    """Versions of the written entries after the flush (None = removed)."""
    out: dict[str, dict[str, int | None]] = {}
    for code in plan.new_flats:
        if code not in state.flat:
            out[code] = {"@all": None}
    for (code, key), obj in touched.items():
        out.setdefault(code, {})[key] = obj.version_id if obj is not None else None
    return out


def _revision_values(plan: Plan, ch: Planned, dv: int) -> dict[str, Any]:
    whole = ch.at is None
    return dict(
        at=utcnow(), by_id=clean_name(plan.by.id)[:64], by_name=clean_name(plan.by.name), jurisdiction_code=ch.code,
        path=ch.path, action=ch.action, old_value=None if whole else value_of(ch.path, ch.old),
        new_value=ch.new if whole else value_of(ch.path, ch.new), old_state=ch.old, new_state=ch.new,
        reason=plan.reason, source_url=plan.source_url or _url_of(ch), reverts_id=ch.reverts_id, data_version=dv,
    )


def _url_of(ch: Planned) -> str | None:
    if ch.at is not None and ch.at.kind == "source" and isinstance(ch.new, dict):
        url = ch.new.get("url")
        return url if isinstance(url, str) else None
    return None


def fact_cols(state: Mapping[str, Any]) -> dict[str, Any]:
    return {"value": state.get("value"), "source_key": state.get("source"), "unverified": bool(state.get("unverified")),
            "note": state.get("note")}


def source_cols(state: Mapping[str, Any]) -> dict[str, Any]:
    lv, cd = state.get("last_verified"), state.get("content_date")
    return {"url": state["url"], "title": state["title"], "last_verified": dt.date.fromisoformat(lv) if lv else None,
            "kind": state.get("kind"), "content_date": dt.date.fromisoformat(cd) if cd else None}


def insert_rows(s: Session, flats: list[Flat]) -> None:
    """Bulk insert of new jurisdictions (seeding and imports); flats carry their code under '@code'."""
    now = utcnow()
    jur_rows, reg_rows, src_rows, fact_rows = [], [], [], []
    for flat in flats:
        code = flat["@code"]
        name = flat["name"]
        jur_rows.append({"code": code, "kind": flat["kind"], "parent": flat.get("parent"), "name_en": name["en"],
                         "name_fr": name["fr"], "aliases": flat.get("aliases") or [], "version_id": 1,
                         "updated_at": now})
        n_src = 0
        for path, state in flat.items():
            if path == "@code" or state is None:
                continue
            at = EntryPath.parse(path)
            if at.kind == "regulator":
                reg_rows.append({"jurisdiction_code": code, "reg_id": at.key, "role": state["role"],
                                 "position": state["position"], "version_id": 1})
            elif at.kind == "source":
                src_rows.append({"jurisdiction_code": code, "key": at.key, **source_cols(state),
                                 "position": n_src, "version_id": 1})
                n_src += 1
            elif at.kind == "fact":
                fact_rows.append({"jurisdiction_code": code, "path": path, **fact_cols(state), "version_id": 1,
                                  "updated_at": now})
    for table, rows in ((JurisdictionRow, jur_rows), (RegulatorRow, reg_rows), (SourceRow, src_rows),
                        (FactRow, fact_rows)):
        if rows:
            s.execute(insert(_table(table)), rows)
