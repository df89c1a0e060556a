"""Nothing stored can fool a reader (issue 13, items 2, 3, 4 — value sizes —, 6 — output — and 9).

The reproducers of the issue, each through the real thing:

- the registry on a real SQLite file, and `bot.py db …` as a subprocess: terminal escape sequences, NUL, bidi
  overrides and isolates, zero-width characters, Markdown links in emails and phones, URLs that smuggle a
  Markdown link, carry a user name, a space, `javascript:` or plain http, 1 MB values — each refused with a
  one-line message (English / French), nothing written, no revision;
- the validated value is the stored one: `"19"` is stored as 19, `18.0` as 18, and the same value again is no
  change (no revision);
- a value that got in before these rules (built without validation) is still shown harmlessly: `check`,
  `regulator` and `db history` print control and bidi characters escaped, `--json` stays valid UTF-8 JSON, even
  for arguments that are not UTF-8, and `matched` carries no invisible characters;
- Discord, through the real discord.py client and the fake gateway: no masked link, Markdown or mention from the
  data renders, sources show their address as `<url>`, no link button over 512 characters, and the edit form
  refuses the same values as the registry.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.bot import Passerelle
from db.registry import Actor, InvalidEdit, NoChange, Registry
from jurisdictions.schema import Fact, Jurisdiction, Text
from jurisdictions.snapshot import Snapshot, load_snapshot
from settings import Settings
from tests.helpers.fake_discord import MEMBER, MOD_ROLE_ID, MODERATOR, modal_submit, running, slash

ROOT = Path(__file__).resolve().parents[2]
ALICE = Actor("cli:alice", "Alice")
ESCAPES = "\u001b]0;PWNED\u0007\u001b[2J\u001b[1;31mALLOWED: no registration needed\u001b[0m"
OSC8 = "\u001b]8;;https://evil.example\u001b\\official page\u001b]8;;\u001b\\"
MASKED = "[bccsw.ca](https://evil.example)"
RAW_OUTPUT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
UNESCAPED_MASKED_LINK = re.compile(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\(")


def record_figures(name: str, **figures: Any) -> None:
    out = os.environ.get("PASSERELLE_RELIABILITY_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, **figures}) + "\n")


def _nb(reg: Registry) -> tuple[str, str]:
    """(code, regulator id) of a jurisdiction with a regulator that has a website, an email and a phone."""
    for code, jur in sorted(reg.snapshot.jurisdictions.items()):
        body = jur.regulator()
        if body is not None and body.website and body.email and body.phone:
            return code, body.id
    raise AssertionError("no regulator with website, email and phone")


def attacks(code: str, reg_id: str) -> list[tuple[str, str, Any, dict[str, Any], str]]:
    """(case, path, value, extra update() arguments, words the refusal must contain)."""
    r = f"regulators.{reg_id}"
    text = lambda en: {"en": en, "fr": "texte"}  # noqa: E731
    return [
        ("terminal escapes (title, clear, fake red ALLOWED)", "rule.summary", text(ESCAPES), {}, "U+001B"),
        ("OSC-8 hidden link", "rule.summary", text(OSC8), {}, "control character"),
        ("C1 CSI", "rule.summary", text("ok \u009b31m red"), {}, "U+009B"),
        ("NUL in a name", "name", {"en": "New\x00Brunswick", "fr": "Nouveau-Brunswick"}, {}, "U+0000"),
        ("right-to-left override", "rule.summary", text("needs \u202edeweiver\u202c"), {}, "RIGHT-TO-LEFT OVERRIDE"),
        ("bidi isolate in a regulator's name", f"{r}.name", text("College \u2066x\u2069"), {}, "direction"),
        ("zero-width space in a name", "name", {"en": "New\u200bBrunswick", "fr": "N-B"}, {}, "ZERO WIDTH SPACE"),
        ("line separator", "name", {"en": "New\u2028Brunswick", "fr": "N-B"}, {}, "U+2028"),
        ("newline in a one-line name", f"{r}.name", text("College\nALLOWED"), {}, "one line"),
        ("Markdown link smuggled in a website", f"{r}.website", "https://bccsw.ca/)[x](https://evil.example", {}, "'['"),
        ("plain http website", f"{r}.website", "http://evil.example", {}, "https://"),
        ("javascript: website", f"{r}.website", "javascript:alert(1)", {}, "https://"),
        ("userinfo in a website", f"{r}.website", "https://bccsw.ca@evil.example/", {}, "user name"),
        ("space in a website", f"{r}.website", "https://bccsw.ca/ x", {}, "U+0020"),
        ("1 MB website", f"{r}.website", "https://bccsw.ca/" + "a" * 1_000_000, {}, "maximum is 512"),
        ("masked link as an email", f"{r}.email", MASKED, {}, "email"),
        ("masked link as a phone", f"{r}.phone", "[call](https://evil.example)", {}, "phone"),
        ("1 MB summary", "rule.summary", text("x" * 1_000_000), {}, "maximum here is 2,000"),
        ("10,000 aliases", "aliases", [f"alias {i}" for i in range(10_000)], {}, "at most 100"),
        ("1 MB acronym", f"{r}.acronym", text("A" * 1_000_000), {}, "maximum here is 64"),
        ("http source for an edit", "rule.summary", text("A new summary."), {"source_url": "http://evil.example/"},
         "https://"),
        ("Markdown link smuggled in a source URL", "rule.summary", text("A new summary."),
         {"source_url": "https://x.example/)[x](https://evil.example"}, "'['"),
        ("escape sequence in the reason", "rule.summary", text("A new summary."), {"reason": "ok\u001b[2J"}, "reason"),
    ]


async def test_hostile_values_refused_nothing_written(store: Registry) -> None:
    code, reg_id = _nb(store)
    entry = await store.get(code)
    dv = store.data_version
    tried = refused = 0
    for case, path, value, extra, words in attacks(code, reg_id):
        tried += 1
        args = {"reason": "attack", **extra}
        with pytest.raises(InvalidEdit) as err:
            await store.update(code, path, value, by=ALICE, expected_version=entry.version_of(path), **args)
        message = err.value.message
        assert words.lower() in message.lower(), (case, message[:500])
        assert len(message) < 2000 and "Traceback" not in message, case
        assert not RAW_OUTPUT.search(message.replace("\n", " ")), (case, message[:300])  # the error never echoes it
        refused += 1
    assert store.data_version == dv and await store.history(code) == []
    fresh = await Registry.open(store.url, seed=False)
    try:
        assert fresh.data_version == dv and await fresh.history(code) == []
    finally:
        await fresh.close()
    record_figures("stored_values", tried=tried, refused=refused, harmed=tried - refused)


async def test_the_validated_value_is_stored_and_a_noop_makes_no_revision(store: Registry) -> None:
    code = next(c for c, j in sorted(store.snapshot.jurisdictions.items()) if j.minors is not None)
    path = "minors.age_of_majority"
    old = (await store.entry(code, path)).value
    target = 19 if old != 19 else 20
    result = await store.update(code, path, str(target), reason="typed as text", by=ALICE,
                                expected_version=(await store.entry(code, path)).version)
    fact = await store.entry(code, path)
    assert fact.value == target and type(fact.value) is int
    assert result.revision.new_value == target and type(result.revision.new_value) is int
    for same in (float(target), str(target), f" {target}"):
        with pytest.raises(NoChange):
            await store.update(code, path, same, reason="same again", by=ALICE, expected_version=fact.version)
    assert len(await store.history(code, path=path)) == 1
    # text: trimmed and NFC ("é" typed as e + combining accent) before it is stored and compared
    summary = (await store.entry(code, "rule.summary"))
    new = {"en": "  Cafe\u0301 rule.  ", "fr": "Re\u0300gle."}
    await store.update(code, "rule.summary", new, reason="normalised", by=ALICE, expected_version=summary.version)
    stored = (await store.entry(code, "rule.summary"))
    assert stored.value == {"en": "Caf\u00e9 rule.", "fr": "R\u00e8gle."}
    with pytest.raises(NoChange):
        await store.update(code, "rule.summary", {"en": "Caf\u00e9 rule. ", "fr": "R\u00e8gle."}, reason="same",
                           by=ALICE, expected_version=stored.version)
    # a fresh process reads the normalised values from the database
    fresh = await Registry.open(store.url, seed=False)
    try:
        assert (await fresh.entry(code, path)).value == target
        assert (await fresh.entry(code, "rule.summary")).value["en"] == "Caf\u00e9 rule."
    finally:
        await fresh.close()


def test_every_control_and_format_character_is_refused_and_shown() -> None:
    """The two halves agree with `unicodedata`: every Cc (but newline), Cf, Zl and Zp character is refused on the
    way in and written out visibly on the way out."""
    import sys as _sys
    import unicodedata

    from jurisdictions.safety import safe_text, visible

    missed = []
    for code in range(_sys.maxunicode + 1):
        ch = chr(code)
        if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"):
            continue
        if visible(ch) == ch:
            missed.append(f"U+{code:04X}")
        with pytest.raises(ValueError):
            safe_text(f"a{ch}b", max_len=10, multiline=True)
    assert not missed, missed[:20]
    assert visible("\udcff") == "\ufffd" and visible("ok\nline") == "ok\nline"


@pytest.mark.parametrize("text, rendered_safe", [
    (MASKED, "\\[bccsw.ca\\](<https://evil.example>)"),
    ("**ALLOWED** ||x|| __u__ ~~s~~ `c`", "\\*\\*ALLOWED\\*\\* \\|\\|x\\|\\| \\_\\_u\\_\\_ \\~\\~s\\~\\~ \\`c\\`"),
    ("<@123> <#456> <t:1:R> @everyone", "\\<@123> \\<#456> \\<t:1:R> @\u200beveryone"),
    ("# Heading\n> quote", "\\# Heading\n\\> quote"),
    ("see https://bccsw.ca/a_b.", "see <https://bccsw.ca/a_b>."),
    ("a\u202eb", "a\\\\u202eb"),
])
def test_md_escapes_data_for_discord(text: str, rendered_safe: str) -> None:
    from app.embeds import md

    assert md(text) == rendered_safe


# ----- the terminal -----------------------------------------------------------------------------------------------------
def run(cwd: Path, env: dict[str, str], *args: str | bytes, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL", "PASSERELLE_DATA_DIR")}
    full.update(env)
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=cwd, capture_output=True, timeout=120,
                          env=full, input=stdin)


def test_db_set_with_escape_sequences_is_refused(tmp_path: Path, data_dir: Path) -> None:
    env = {"PASSERELLE_DATA_DIR": str(data_dir)}
    assert run(tmp_path, env, "db", "upgrade").returncode == 0
    show = json.loads(run(tmp_path, env, "db", "show", "CA-NB", "--json").stdout)
    version = str(show["facts"]["rule.summary"]["version"])
    value = json.dumps({"en": ESCAPES, "fr": "ok"})
    proc = run(tmp_path, env, "db", "set", "CA-NB", "rule.summary", value, "--version", version, "--reason", "x")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "U+001B" in err and "caractère de contrôle" in err, err
    assert b"\x1b" not in proc.stdout + proc.stderr and "Traceback" not in err
    for bad in ("New\x00Brunswick", "New \u202eBrunswick"):
        proc = run(tmp_path, env, "db", "set", "CA-NB", "name", json.dumps({"en": bad, "fr": "N-B"}), "--version",
                   str(show["version"]), "--reason", "x")
        assert proc.returncode == 1 and "Traceback" not in proc.stderr.decode(), proc.stderr
    hist = run(tmp_path, env, "db", "history", "CA-NB", "--json")
    assert json.loads(hist.stdout) == []
    # "19" typed on the command line is stored as the number 19
    age = run(tmp_path, env, "db", "set", "CA-NB", "minors.age_of_majority", '"20"', "--version",
              str(show["facts"]["minors.age_of_majority"]["version"]), "--reason", "typed as a string")
    assert age.returncode == 0, age.stderr
    rev = json.loads(run(tmp_path, env, "db", "history", "CA-NB", "--json").stdout)[-1]
    assert rev["new_value"] == 20 and isinstance(rev["new_value"], int)


def test_db_history_shows_stored_escapes_harmlessly(tmp_path: Path, data_dir: Path) -> None:
    """A revision written before the rules (here by SQL) still prints escaped, and its JSON stays valid."""
    env = {"PASSERELLE_DATA_DIR": str(data_dir)}
    assert run(tmp_path, env, "db", "upgrade").returncode == 0
    show = json.loads(run(tmp_path, env, "db", "show", "CA-NB", "--json").stdout)
    path = next(p for p in show["facts"] if p.endswith(".phone"))
    edit = run(tmp_path, env, "db", "set", "CA-NB", path, "+1 506 555 0100", "--version",
               str(show["facts"][path]["version"]), "--reason", "ok")
    assert edit.returncode == 0, edit.stderr
    hostile = ESCAPES + " \u202eevil\u202c"
    with sqlite3.connect(tmp_path / "passerelle.db") as con:
        con.execute("UPDATE revisions SET reason = ?, new_value = ?, by_name = ?", (hostile, json.dumps(hostile), hostile))
    text = run(tmp_path, env, "db", "history", "CA-NB")
    assert text.returncode == 0 and not RAW_OUTPUT.search(text.stdout.decode().replace("\n", " "))
    assert "\\u001b]0;PWNED\\u0007" in text.stdout.decode() and "\\u202e" in text.stdout.decode()
    as_json = run(tmp_path, env, "db", "history", "CA-NB", "--json")
    assert json.loads(as_json.stdout.decode("utf-8"))[-1]["reason"] == hostile  # valid JSON, the same value
    record_figures("values_history", tried=2, harmed=0)


def poisoned_snapshot() -> Snapshot:
    """CA-NB with values no edit can store any more (built without validation, as an old database holds them)."""
    base = load_snapshot()
    nb = base.jurisdictions["CA-NB"]
    body = nb.regulators[0]
    summary = Fact[Text].model_construct(value=Text.model_construct(en=ESCAPES + " " + OSC8 + " " + MASKED, fr=ESCAPES + " " + OSC8),
                                         source=nb.rule.summary.source, unverified=False, note=None)
    rule = nb.rule.model_copy(update={"summary": summary})
    website = Fact[str].model_construct(value="https://bccsw.ca/" + "a" * 1_000_000, source=body.website.source,
                                        unverified=False, note=None)
    email = Fact[str].model_construct(value=MASKED, source=body.email.source, unverified=False, note=None)
    name = Fact[Text].model_construct(value=Text.model_construct(en="NBASW \u202e**ALLOWED** @everyone",
                                                                 fr="ATTSNB \u202e**PERMIS**"),
                                      source=body.name.source, unverified=False, note=None)
    body = body.model_copy(update={"website": website, "email": email, "name": name})
    sources = {k: s.model_copy(update={"title": "[Official page](https://evil.example) \u001b[31m"})
               for k, s in nb.sources.items()}
    jur = Jurisdiction.model_construct(**{**dict(nb), "rule": rule, "regulators": [body, *nb.regulators[1:]],
                                          "sources": sources})
    return Snapshot.build({**base.jurisdictions, "CA-NB": jur}, base.guidance)


DRIVER = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
import db.reader
from test_hardening_values import poisoned_snapshot
db.reader.read_snapshot = lambda *a, **k: poisoned_snapshot()
db.reader.configured_url = lambda: "sqlite+aiosqlite:///poisoned.db"  # as if a database were configured
import bot
raise SystemExit(bot.main(sys.argv[1:]))
"""


def test_check_and_regulator_print_stored_escapes_harmlessly(tmp_path: Path) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(root=str(ROOT), tests=str(ROOT / "tests" / "db")), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL")}
    env["PYTHONIOENCODING"] = "utf-8:strict"  # like an en_US.UTF-8 terminal: a stray surrogate would raise

    def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, str(driver), *args], cwd=tmp_path, capture_output=True, timeout=120,
                              env=env)

    for args in (("check", "--from", "ON", "--to", "NB"), ("regulator", "NB"), ("regulator", "NB", "--lang", "fr")):
        proc = cli(*args)
        out = proc.stdout.decode("utf-8")
        assert proc.returncode == 0, proc.stderr
        assert not RAW_OUTPUT.search(out.replace("\n", " ")), args
        assert "\\u202e" in out, args  # the regulator's name: the override shown, not obeyed
        if args[0] == "regulator":
            assert "\\u001b[2J" in out and "\\u001b]8;;" in out, args  # the summary: shown, not obeyed
    card = cli("regulator", "NB", "--json")
    data = json.loads(card.stdout.decode("utf-8"))
    assert data["rule"]["summary"].startswith(ESCAPES)  # the JSON says exactly what is stored
    assert not RAW_OUTPUT.search(card.stdout.decode("utf-8"))
    record_figures("values_terminal", tried=4, harmed=0)


def test_a_newline_in_a_stored_statement_cannot_start_a_line_of_its_own() -> None:
    from jurisdictions.render import regulator_card_text, verdict_text
    from jurisdictions.verdict import VerdictEngine

    base = load_snapshot()
    nb = base.jurisdictions["CA-NB"]
    fake = "Register first.\n\nALLOWED\nYou may serve this client without registering."
    summary = nb.rule.summary.model_copy(update={"value": Text(en=fake, fr=fake)})  # newlines are valid in statements
    jur = nb.model_copy(update={"rule": nb.rule.model_copy(update={"summary": summary})})
    snap = Snapshot.build({**base.jurisdictions, "CA-NB": jur}, base.guidance)
    card = regulator_card_text(jur, "en", snap.guidance.disclaimer)
    answer = verdict_text(VerdictEngine(snap).check("ON", "NB"), "en")
    for text in (card, answer):
        lines = text.split("\n")
        assert "ALLOWED" not in lines and not any(line.startswith("You may serve") for line in lines)
    assert "    ALLOWED" in card


def test_invalid_utf8_arguments_and_input_give_valid_output(tmp_path: Path) -> None:
    env = {"PASSERELLE_DATA_DIR": str(ROOT / "jurisdictions" / "data")}
    tried = 0
    for locale_env in ({"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C"}, {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"}):
        proc = run(tmp_path, {**env, **locale_env}, "regulator", b"N\xffB", "--json")
        assert b"Traceback" not in proc.stderr, (locale_env, proc.stderr)
        data = json.loads(proc.stdout.decode("utf-8"))  # strict UTF-8, valid JSON
        assert "error" in data or "jurisdiction" in data
        ask = run(tmp_path, {**env, **locale_env}, "ask", b"registered in N\xffB, client in Ottawa \x1b[2J", "--json")
        assert ask.returncode == 0 and json.loads(ask.stdout.decode("utf-8"))["verdict"], ask.stderr
        console = run(tmp_path, {**env, **locale_env}, "console",
                      stdin=b"registered in N\xffB, client in Ottawa\n/regulator \xff\xfe\n/quit\n")
        assert console.returncode == 0 and b"Traceback" not in console.stderr, console.stderr
        console.stdout.decode("utf-8")
        tried += 3
    matched = run(tmp_path, env, "check", "--from", "N\u200bB", "--to", "\u202eON", "--json")
    data = json.loads(matched.stdout)
    assert data["worker"]["matched"] == "NB" and data["client"]["matched"] == "ON"
    record_figures("values_encoding", tried=tried + 1, harmed=0)


# ----- Discord ----------------------------------------------------------------------------------------------------------------
def settings() -> Settings:
    return Settings(_env_file=None, moderator_role=str(MOD_ROLE_ID), guild_ready_timeout=0.05)  # type: ignore[call-arg]


def assert_harmless(reply: Any) -> None:
    raw = reply.raw_text()
    assert not UNESCAPED_MASKED_LINK.search(raw), raw[:1500]
    assert "](https://evil" not in reply.text().replace("](<https://evil", "") or "\\]" in raw
    assert not RAW_OUTPUT.search(raw.replace("\n", " ").replace("@\u200b", "@")), raw[:500]  # (escape_mentions)
    assert "@everyone" not in raw.replace("@\u200beveryone", "")
    assert not re.search(r"(?<!\\)\*\*ALLOWED", raw)
    for b in reply.buttons():
        assert len(b.get("url", "")) <= 512
    for e in reply.embeds:
        total = len(e.get("title", "")) + len(e.get("description", "")) + len((e.get("footer") or {}).get("text", ""))
        total += sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", []))
        assert total <= 6000 and all(len(f["value"]) <= 1024 for f in e.get("fields", []))


async def test_discord_renders_stored_values_inert() -> None:
    async with running(lambda: Passerelle(settings(), snapshot=poisoned_snapshot())) as (fake, _):
        replies = [await fake.interact(slash("canserve", **{"from": "Ontario", "to": "NB", "age": 12})),
                   await fake.interact(slash("regulator", place="NB")),
                   await fake.interact(slash("minors", place="NB"))]
        for reply in replies:
            assert reply.callback_type == 4, reply.json
            assert_harmless(reply)
        card = replies[1].raw_text()
        assert "<https://" in card and "\\[Official page\\]" in card  # a source: its title as text, then <url>
        assert not replies[1].buttons() or all(len(b["url"]) <= 512 for b in replies[1].buttons() if "url" in b)
    record_figures("values_discord_output", tried=len(replies), harmed=0)


async def test_edit_form_refuses_what_the_registry_refuses(store: Registry) -> None:
    code, reg_id = _nb(store)
    path = f"regulators.{reg_id}.website"
    before = (await store.entry(code, path)).value
    refused = 0
    cases = [("https://bccsw.ca/)[x](https://evil.example", "https://example.org/src"),
             ("http://evil.example", "https://example.org/src"),
             ("https://ok.example.org/", "http://evil.example/src"),
             ("https://ok.example.org/", "https://ok.example.org/)[x](https://evil.example")]
    async with running(lambda: Passerelle(settings(), registry=store)) as (fake, _):
        for value, source in cases:
            modal = await fake.interact(slash("edit", MODERATOR, group="entry", place=code, field=path))
            assert modal.callback_type == 9, modal.json
            saved = await fake.interact(modal_submit(modal.data["custom_id"], {
                "value": value, "reason": "attack", "source_url": source}, MODERATOR))
            assert saved.content.startswith("Not saved"), saved.content
            assert_harmless(saved)
            refused += 1
        card = await fake.interact(slash("regulator", MEMBER, place=code))
        assert before in [b.get("url") for b in card.buttons()]
    assert (await store.entry(code, path)).value == before and await store.history(code) == []
    record_figures("stored_values_discord", tried=len(cases), refused=refused, harmed=len(cases) - refused)


# ----- a database edited before the rules ------------------------------------------------------------------------------------
async def test_migration_cleans_values_stored_before_the_rules(tmp_path: Path, data_dir: Path) -> None:
    """Control, bidi and invisible characters (and a URL with a space) stored under the old rules would make the
    database unloadable now; migration 0004 cleans them, bumps the versions and says so in the history."""
    from db import migrate

    url = f"sqlite+aiosqlite:///{tmp_path / 'passerelle.db'}"
    reg = await Registry.open(url, seed_dir=data_dir)
    code, reg_id = _nb(reg)
    site = f"regulators.{reg_id}.website"
    await migrate.downgrade(reg.engine, "0003")
    await reg.close()
    with sqlite3.connect(tmp_path / "passerelle.db") as con:
        con.execute("UPDATE facts SET value = ? WHERE jurisdiction_code = ? AND path = 'rule.summary'",
                    (json.dumps({"en": "Register\tfirst \u202eplease\u202c.\u200b", "fr": "Inscription d'abord."}), code))
        con.execute("UPDATE facts SET value = ? WHERE jurisdiction_code = ? AND path = ?",
                    (json.dumps("https://example.org/a page"), code, site))
        con.execute("UPDATE jurisdictions SET name_en = ? WHERE code = ?", ("New\u00adBrunswick\x07", code))
    reg = await Registry.open(url, seed=False)  # migrates to head, then loads: it would fail without 0004
    try:
        assert (await reg.entry(code, "rule.summary")).value["en"] == "Register first please."
        assert (await reg.entry(code, site)).value == "https://example.org/a%20page"
        assert reg.snapshot.jurisdictions[code].name.en == "NewBrunswick"
        changed = {r.path for r in await reg.history(code) if r.by.id == "system"}
        assert changed == {"rule.summary", site, "name"}
    finally:
        await reg.close()
