"""Bot configuration, read from the environment and `.env` (pydantic-settings). No Discord imports here.

Every setting is documented in `.env.example`. Commands never read `os.environ` themselves: they get a
`Settings` from the bot, so tests build one explicitly.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, description="Bot token from the Developer Portal")
    database_url: str = Field(default="sqlite+aiosqlite:///passerelle.db", description="SQLAlchemy async URL")
    moderator_role: str | None = Field(default=None, description="Role name or id allowed to edit entries")
    dev_guild_id: int | None = Field(default=None, description="Guild for instant command sync while developing")
    log_level: str = Field(default="INFO")
    owner_ids: list[int] = Field(default_factory=list, description="Users allowed to run owner-only commands")
    question_rate: int = Field(default=3, ge=1, description="Free-text questions allowed per user per window")
    question_per_seconds: float = Field(default=30.0, gt=0, description="Length of that window, in seconds")
    message_content_intent: bool = Field(
        default=False, description="Ask for the privileged message-content intent (not needed for mentions and DMs)"
    )
    guild_ready_timeout: float = Field(
        default=0.5, ge=0, description="Seconds to wait for more GUILD_CREATE events after READY before on_ready"
    )

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError(f"unknown log level {value!r}")
        return level

    @field_validator("moderator_role", "discord_token", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def moderator_role_id(self) -> int | None:
        role = (self.moderator_role or "").strip()
        return int(role) if role.isdigit() else None

    def token(self) -> str | None:
        return self.discord_token.get_secret_value().strip() if self.discord_token else None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
