"""Deprecated import path, kept only for tests/test_hardening_input.py (owned by another change): the cogs and
the bot use `db.registry.Registry` directly. Delete this file once that test imports `db.registry.Registry`
(and calls `close()` instead of `aclose()`)."""

from __future__ import annotations

from db.registry import Registry


class RegistryStore(Registry):
    async def aclose(self) -> None:
        await self.close()
