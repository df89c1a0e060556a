"""Logging for the running bot: human-readable lines by default, one JSON object per line with
`LOG_FORMAT=json` (for a log collector). Interaction lines carry ids, command names, latency and outcome —
never message content or option values.

Extra fields passed as `extra={"fields": {...}}` become keys of the JSON object (and `key=value` pairs are
already in the human-readable message).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

INTERACTIONS = "passerelle.interactions"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class SecretFilter(logging.Filter):
    """Masks the database URL's password in every record (message and traceback) before any handler writes it."""

    def __init__(self, url: str | None) -> None:
        super().__init__()
        from db.redact import redact_url, secrets_of

        self.replacements = [(url, redact_url(url))] if url else []
        self.replacements += [(secret, "***") for secret in (secrets_of(url) if url else [])]

    def _clean(self, text: str) -> str:
        for raw, shown in self.replacements:
            text = text.replace(raw, shown)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.replacements:
            return True
        message = record.getMessage()
        cleaned = self._clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        return True


def setup_logging(level: str = "INFO", fmt: str = "text", database_url: str | None = None) -> None:
    """Configure the root logger once (replaces handlers set up before); the database password (of
    `database_url`, else DATABASE_URL) never reaches a log line."""
    from db.redact import configured_raw_url

    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    secret_filter = SecretFilter(database_url or configured_raw_url())
    if fmt == "json":
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.addFilter(secret_filter)
        root.addHandler(handler)
        root.setLevel(level)
        return
    import discord

    discord.utils.setup_logging(level=level, root=True)  # type: ignore[arg-type]
    for handler in root.handlers:
        handler.addFilter(secret_filter)
