"""A process catching up on another's edit keeps its place index when the edit cannot change it (a website)
and rebuilds it when it can (an alias): answers follow the data either way."""

from __future__ import annotations

from pathlib import Path

from db.registry import Actor, Registry

BOB = Actor("222", "Bob")


async def test_catch_up_reuses_the_index_unless_the_edit_touches_it(registry: Registry, data_dir: Path) -> None:
    code = next(c for c, j in sorted(registry.snapshot.jurisdictions.items())
                if (body := j.regulator()) is not None and body.website is not None)
    body = registry.snapshot.get(code).regulator()
    other = await Registry.open(registry.url, seed_dir=data_dir)
    try:
        index = registry.snapshot.index
        await other.update(code, f"regulators.{body.id}.website", "https://example.org/moved", reason="moved",
                           by=BOB, expected_version=1)
        assert await registry.refresh() is True
        assert registry.snapshot.get(code).regulator().website.value == "https://example.org/moved"
        assert registry.snapshot.index is index  # names, aliases, places and regulators unchanged

        aliases = [*registry.snapshot.get(code).aliases, "Zanzibar-sur-Test"]
        await other.update(code, "aliases", aliases, reason="new alias", by=BOB, expected_version=1)
        assert await registry.refresh() is True
        assert registry.snapshot.index is not index
        assert registry.snapshot.index.resolve("Zanzibar-sur-Test").match.code == code
    finally:
        await other.close()
