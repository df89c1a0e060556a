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


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Configure the root logger once (replaces handlers set up before)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    if fmt == "json":
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
        root.setLevel(level)
        return
    import discord

    discord.utils.setup_logging(level=level, root=True)  # type: ignore[arg-type]
