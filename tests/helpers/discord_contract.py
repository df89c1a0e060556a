"""What real Discord refuses, for the local fake: every REST request body is checked against Discord's official
OpenAPI spec (`tests/helpers/discord_spec/openapi.json`, vendored from discord/discord-api-spec at commit
74fda0fad044407ea280043a03ffc9bc64c4e49e, MIT licence in `tests/helpers/discord_spec/LICENSE`) plus the documented limits
the spec does not express (6,000 characters over all embeds, link buttons, rows of five, modal fields, command
names). A refused request gets Discord's own 400 answer shape: code 50035 "Invalid Form Body" with the errors.

Integer snowflakes are tolerated (discord.py sends some ids as numbers, which Discord accepts)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).with_name("discord_spec") / "openapi.json"
SPEC_COMMIT = "74fda0fad044407ea280043a03ffc9bc64c4e49e"
BASE = "urn:discord-openapi"

EMBEDS_TOTAL_MAX = 6000
ROWS_MAX = 5
ROW_BUTTONS_MAX = 5
MODAL_ROWS_MAX = 5
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")
BUTTON, ACTION_ROW, TEXT_INPUT, LABEL = 2, 1, 4, 18
LINK_STYLE, PREMIUM_STYLE = 5, 6


@lru_cache(maxsize=1)
def _spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    snowflake = schemas["SnowflakeType"]
    schemas["SnowflakeType"] = {"anyOf": [snowflake, {"type": "integer", "minimum": 0}]}
    return spec


@lru_cache(maxsize=1)
def _registry() -> Registry:
    return Registry().with_resource(BASE, Resource.from_contents(_spec(), default_specification=DRAFT202012))


@lru_cache(maxsize=1)
def _routes() -> list[tuple[re.Pattern[str], str]]:
    """Each spec path as a regex ("/channels/{channel_id}/messages" → one segment per placeholder)."""
    routes = []
    for template in _spec()["paths"]:
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        routes.append((re.compile(pattern), template))
    routes.sort(key=lambda r: r[1].count("{"))  # literal segments ("@me", "callback") before placeholders
    return routes


@lru_cache(maxsize=256)
def _validator(template: str, method: str) -> Draft202012Validator | None:
    operation = _spec()["paths"][template].get(method.lower())
    if operation is None or "requestBody" not in operation:
        return None
    content = operation["requestBody"]["content"]
    media = content.get("application/json") or content.get("multipart/form-data")
    if media is None:
        return None
    pointer = f"{BASE}#/paths/{template.replace('~', '~0').replace('/', '~1')}/{method.lower()}/requestBody/content/" \
              f"{'application~1json' if 'application/json' in content else 'multipart~1form-data'}/schema"
    return Draft202012Validator({"$ref": pointer}, registry=_registry())


def route_of(method: str, path: str) -> str | None:
    for pattern, template in _routes():
        if pattern.match(path) and method.lower() in _spec()["paths"][template]:
            return template
    return None


def violations(method: str, path: str, body: Any) -> list[str]:
    """Why Discord would refuse this request (empty when it would accept it)."""
    template = route_of(method, path)
    if template is None:
        return [f"{method} {path}: no such route in Discord's API"]
    problems: list[str] = []
    validator = _validator(template, method)
    if validator is not None and body is not None:
        for error in validator.iter_errors(body):
            problems.append(_short(error))
    if isinstance(body, dict):
        problems += _limits(template, body)
    elif isinstance(body, list) and template.endswith("/commands"):
        for i, command in enumerate(body):
            problems += [f"{i}/{p}" for p in _command_limits(command)]
    return problems


def _short(error: Any) -> str:
    """The innermost reason: in an anyOf over shapes (six callback types), the branch whose kind matches
    (not failing on its `type` discriminator) and fails least, then its deepest error."""
    best = error
    while best.context:
        branches: dict[Any, list[Any]] = {}
        for e in best.context:
            branches.setdefault(e.relative_schema_path[0], []).append(e)
        right_kind = [errs for errs in branches.values()
                      if not any(list(e.relative_path) == ["type"] and e.validator in ("enum", "const") for e in errs)]
        errs = max(right_kind or list(branches.values()),
                   key=lambda es: (max(len(e.absolute_path) for e in es), -len(es)))
        best = max(errs, key=lambda e: len(e.absolute_path))
    message = best.message if len(best.message) <= 160 else f"fails {best.validator} {best.validator_value!r}"
    return "/".join(str(p) for p in best.absolute_path) + ": " + message


def _limits(template: str, body: dict[str, Any]) -> list[str]:
    data = body.get("data") if template.endswith("/callback") else body
    if not isinstance(data, dict):
        return []
    problems: list[str] = []
    embeds = data.get("embeds") or []
    if isinstance(embeds, list):
        total = sum(_embed_chars(e) for e in embeds if isinstance(e, dict))
        if total > EMBEDS_TOTAL_MAX:
            problems.append(f"embeds: {total} characters in all (Discord allows {EMBEDS_TOTAL_MAX})")
    rows = data.get("components") or []
    if isinstance(rows, list):
        is_modal = body.get("type") == 9
        if len(rows) > (MODAL_ROWS_MAX if is_modal else ROWS_MAX):
            problems.append(f"components: {len(rows)} rows (Discord allows 5)")
        for i, row in enumerate(rows):
            problems += [f"components/{i}: {p}" for p in _row_limits(row, is_modal)]
    if isinstance(body.get("type"), int) and body.get("type") == 8:
        choices = (data or {}).get("choices") or []
        if isinstance(choices, list) and len(choices) > 25:
            problems.append(f"choices: {len(choices)} (Discord allows 25)")
    return problems


def _embed_chars(embed: dict[str, Any]) -> int:
    fields = embed.get("fields") or []
    count = sum(len(str(embed.get(k) or "")) for k in ("title", "description"))
    count += len(str((embed.get("footer") or {}).get("text") or "")) + len(str((embed.get("author") or {}).get("name") or ""))
    return count + sum(len(str(f.get("name") or "")) + len(str(f.get("value") or "")) for f in fields if isinstance(f, dict))


def _row_limits(row: Any, is_modal: bool) -> list[str]:
    if not isinstance(row, dict):
        return []
    if is_modal:
        inner = row.get("components") or ([row.get("component")] if row.get("component") else [])
        kinds = {c.get("type") for c in inner if isinstance(c, dict)}
        return [] if kinds <= {TEXT_INPUT, 3, 5, 6, 7, 8} else [f"a modal holds text inputs and selects, not {sorted(kinds)}"]
    if row.get("type") != ACTION_ROW:
        return []
    problems = []
    buttons = [c for c in row.get("components") or [] if isinstance(c, dict) and c.get("type") == BUTTON]
    if len(buttons) > ROW_BUTTONS_MAX:
        problems.append(f"{len(buttons)} buttons in a row (Discord allows 5)")
    for button in buttons:
        if button.get("style") == LINK_STYLE:
            if not button.get("url") or button.get("custom_id"):
                problems.append("a link button has a url and no custom_id")
        elif button.get("style") != PREMIUM_STYLE and (not button.get("custom_id") or button.get("url")):
            problems.append("a button other than a link has a custom_id and no url")
        if button.get("style") != PREMIUM_STYLE and not (button.get("label") or button.get("emoji")):
            problems.append("a button needs a label or an emoji")
    return problems


@lru_cache(maxsize=1)
def _locales() -> frozenset[str]:
    return frozenset(branch["const"] for branch in _spec()["components"]["schemas"]["AvailableLocalesEnum"]["oneOf"])


def _command_limits(command: Any) -> list[str]:
    if not isinstance(command, dict):
        return []
    problems = []
    for key in ("name_localizations", "description_localizations"):
        unknown = set(command.get(key) or {}) - _locales()
        if unknown:
            problems.append(f"{key}: {sorted(unknown)} are not Discord locales")
    names = [command.get("name"), *((command.get("name_localizations") or {}).values())]
    if command.get("type", 1) == 1:  # chat-input commands: lower case, no spaces
        for name in names:
            if isinstance(name, str) and (not COMMAND_NAME.match(name) or name != name.lower()):
                problems.append(f"name {name!r}: lower-case letters, digits, - _ ' only, 1-32 characters")
        if not command.get("description"):
            problems.append("a chat-input command needs a description")
    for option in command.get("options") or []:
        problems += [f"options/{p}" for p in _command_limits({**option, "type": 1})] if isinstance(option, dict) else []
    return problems


def error_body(problems: list[str]) -> dict[str, Any]:
    """Discord's answer to an invalid body (HTTP 400)."""
    return {"code": 50035, "message": "Invalid Form Body",
            "errors": {"_errors": [{"code": "INVALID_FORM_BODY", "message": p} for p in problems[:20]]}}
