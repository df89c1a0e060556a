"""What the bot tests build the same way: their settings (the fake Discord's moderator role, a short wait for the
servers) and zip uploads."""

from __future__ import annotations

import io
import zipfile

from settings import Settings
from tests.helpers.fake_discord import MOD_ROLE_ID


def bot_settings(**overrides: object) -> Settings:
    """The bot tests' settings, `overrides` on top; never the developer's `.env`."""
    values: dict[str, object] = {"moderator_role": str(MOD_ROLE_ID), "guild_ready_timeout": 0.05}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def zipped(files: dict[str, bytes]) -> bytes:
    """A zip upload holding `files` (name -> content), compressed as Discord users' tools do."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
