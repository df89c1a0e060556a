"""The one declaration of every setting, read from the environment and `.env` (pydantic-settings); see the
package docstring (`settings/__init__.py`) for the variables the fast paths read without pydantic. No Discord
imports here. Every setting is documented in `.env.example`.
"""

from __future__ import annotations

import logging
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from settings import DEFAULT_URL, ENV_FILE, normalize_url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ENV_FILE, env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, description="Bot token from the Developer Portal")
    database_url: str = Field(default=DEFAULT_URL, description="SQLAlchemy async URL (see db/settings.py); light")
    moderator_role: str | None = Field(
        default=None, description="ID of the role allowed to edit entries (a role name is ignored, with a warning)"
    )
    moderation_guild_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="Servers whose moderators may edit the shared entries, e.g. 123,456 (empty: only while the bot "
        "is in one server; in several, moderation is refused until this is set)",
    )
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

    # ----- running it for real (issue 7): sharding, several processes, health, shutdown, logs -----------------
    shard_count: int | None = Field(
        default=None, ge=1, description="Total shards across every process (AutoShardedBot when set)"
    )
    shard_ids: Annotated[list[int] | None, NoDecode] = Field(
        default=None, description="The shards this process runs, e.g. 0,1 or [0,1] (needs SHARD_COUNT); default all"
    )
    log_format: Literal["text", "json"] = Field(default="text", description="text (human) or json (one object a line)")
    data_poll_seconds: float = Field(
        default=5.0, ge=0, description="Fallback data-version check between processes (0 = off)"
    )
    status_file: Path | None = Field(default=None, description="Where the running bot writes its heartbeat")
    heartbeat_seconds: float = Field(default=10.0, gt=0, description="How often the status file is written")
    health_max_age: float = Field(
        default=120.0, gt=0, description="`bot.py health` fails when the gateway heartbeat is older (seconds)"
    )
    shutdown_timeout: float = Field(
        default=20.0, ge=0, description="On SIGTERM, seconds to let in-flight interactions finish"
    )

    # ----- read on the fast paths too (settings.LIGHT, through settings.env) -------------------------------------
    passerelle_data_dir: Path | None = Field(
        default=None, description="The data files (default jurisdictions/data): a fresh database is seeded from "
        "them, and without a database the CLI answers from them"
    )
    passerelle_no_compiled: bool = Field(
        default=False, description="true: `ask`/`check` answer from the validated models, not the compiled records"
    )
    passerelle_gazetteer: Path | None = Field(
        default=None, description="The derived GeoNames index file (default in the cache directory)"
    )
    pg_bindir: Path | None = Field(default=None, description="Where pg_dump / pg_restore are (default: the PATH)")

    # ----- community (issue 15): defaults a server's /settings overrides, reports, the source watch ----------------
    review_channel_id: int | None = Field(
        default=None, description="Channel for reports and page-change notices when a server has set none"
    )
    alert_channel_id: int | None = Field(default=None, description="Alert channel when a server has set none")
    default_lang: Literal["en", "fr"] = Field(
        default="en", description="Answer language when neither the user, the question nor the server says"
    )
    private_answers: bool = Field(default=False, description="Members' answers private unless they choose")
    reports_per_hour: int = Field(default=5, ge=1, description="Reports one user may file per hour")
    source_watch_hours: float = Field(
        default=0.0, ge=0, description="Hours between two readings of every cited page (0 = the watch is off)"
    )

    @field_validator("review_channel_id", "alert_channel_id", mode="before")
    @classmethod
    def _blank_channel(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("default_lang", mode="before")
    @classmethod
    def _lang(cls, value: object) -> object:
        return (value.strip().lower() or "en") if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("shard_count", "shard_ids", "status_file", "passerelle_data_dir", "passerelle_gazetteer",
                     "pg_bindir", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip().strip("[]")
            return [int(part) for part in text.replace(" ", "").split(",") if part] if text else None
        return value

    @field_validator("moderation_guild_ids", mode="before")
    @classmethod
    def _guild_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip().strip("[]")
            return [int(part) for part in text.replace(" ", "").split(",") if part]
        return value

    @model_validator(mode="after")
    def _shards_consistent(self) -> Settings:
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("SHARD_IDS needs SHARD_COUNT")
            if not self.shard_ids or len(set(self.shard_ids)) != len(self.shard_ids):
                raise ValueError("SHARD_IDS must list distinct shard numbers")
            bad = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
            if bad:
                raise ValueError(f"SHARD_IDS {bad} are outside 0..{self.shard_count - 1} (SHARD_COUNT={self.shard_count})")
        return self

    @property
    def sharded(self) -> bool:
        return self.shard_count is not None

    @property
    def status_path(self) -> Path:
        """The heartbeat file (default: passerelle-status.json in the temporary directory)."""
        return self.status_file or Path(tempfile.gettempdir()) / "passerelle-status.json"

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError(f"unknown log level {value!r}")
        return level

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        """Blank means the default; otherwise the async driver (`settings.normalize_url`, as the CLI reads it)."""
        return normalize_url(value) if value.strip() else DEFAULT_URL

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
