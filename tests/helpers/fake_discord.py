"""A local fake Discord for end-to-end tests of the real discord.py client (no account, no network).

`FakeDiscord` is an aiohttp server on 127.0.0.1 that serves the REST routes the bot uses and a gateway
websocket speaking HELLO / IDENTIFY / READY / heartbeats / dispatch. `FakeDiscord.patch()` points
discord.py at it (`discord.http.Route.BASE` and `DiscordWebSocket.DEFAULT_GATEWAY`). Tests drive the
bot by dispatching INTERACTION_CREATE and MESSAGE_CREATE events and assert on the recorded REST calls.

Interaction payloads are built with `slash()`, `autocomplete()`, `button()`, `modal_submit()` and
`message()`; `await fake.interact(payload)` dispatches one and returns the bot's callback request.

Connection faults: `await fake.drop()` closes the gateway connection (close code 4000, or `abrupt=True` for
a connection cut without a close frame); the client reconnects and RESUMEs, and the fake replays every event
dispatched after the client's last sequence number (events dispatched while it is away are kept for that).
`await fake.invalidate_session()` sends INVALID_SESSION, so the client has to IDENTIFY again.
`fake.identifies` / `fake.resumes` count the handshakes; `fake.connected` is set while a client is online.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import web

from tests.helpers import discord_contract

# Realistic 18-digit snowflakes: discord.py's mention parsing (`Message.raw_mentions`) needs 15-20 digits.
APP_ID = 100_000_000_000_000_001
BOT_USER_ID = APP_ID
GUILD_ID = 200_000_000_000_000_001
CHANNEL_ID = 300_000_000_000_000_001
WATCH_CHANNEL_ID = 300_000_000_000_000_002
OWNER_ID = 400_000_000_000_000_001
MOD_ROLE_ID = 500_000_000_000_000_001
MOD_ROLE_NAME = "Moderators"
MANAGE_GUILD = 1 << 5
BASIC_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 31)  # view channel, send messages, use application commands

_ids = itertools.count(900_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_ids))


def user_payload(user_id: int, name: str = "someone", bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "avatar": None, "global_name": name,
            "bot": bot, "public_flags": 0}


def member_payload(user_id: int, name: str = "someone", roles: list[int] | None = None,
                   permissions: int = BASIC_PERMISSIONS) -> dict[str, Any]:
    return {"user": user_payload(user_id, name), "roles": [str(r) for r in roles or []], "nick": None,
            "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0,
            "permissions": str(permissions)}


def guild_payload(guild_id: int = GUILD_ID) -> dict[str, Any]:
    everyone = {"id": str(guild_id), "name": "@everyone", "permissions": str(BASIC_PERMISSIONS), "position": 0,
                "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
    mods = {"id": str(MOD_ROLE_ID), "name": MOD_ROLE_NAME, "permissions": str(BASIC_PERMISSIONS), "position": 1,
            "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
    channels = [
        {"id": str(CHANNEL_ID), "type": 0, "name": "general", "position": 0, "guild_id": str(guild_id),
         "permission_overwrites": [], "nsfw": False, "parent_id": None},
        {"id": str(WATCH_CHANNEL_ID), "type": 0, "name": "registry-watch", "position": 1, "guild_id": str(guild_id),
         "permission_overwrites": [], "nsfw": False, "parent_id": None},
    ]
    return {"id": str(guild_id), "name": "Practitioners", "owner_id": str(OWNER_ID), "roles": [everyone, mods],
            "channels": channels, "threads": [], "members": [], "member_count": 3, "emojis": [], "stickers": [],
            "features": [], "unavailable": False, "large": False, "preferred_locale": "en-US", "icon": None,
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "system_channel_flags": 0, "premium_tier": 0, "nsfw_level": 0, "afk_timeout": 300,
            "joined_at": "2026-01-01T00:00:00+00:00"}


@dataclass
class Request:
    """One REST call the bot made."""

    method: str
    path: str  # without the /api/v10 prefix, e.g. "/interactions/1/tok/callback"
    query: dict[str, str]
    json: Any
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = field(default_factory=time.perf_counter)
    response: Any = None  # what the fake answered

    @property
    def message_id(self) -> str | None:
        """The id of the message this call created (a callback with a message, a follow-up, a post)."""
        if not isinstance(self.response, dict):
            return None
        resource = self.response.get("resource")
        if resource and resource.get("message"):
            return resource["message"]["id"]
        return self.response.get("id")

    @property
    def data(self) -> dict[str, Any]:
        """The `data` of an interaction callback (or the body of a message post)."""
        body = self.json or {}
        return body.get("data", body) if isinstance(body, dict) and "type" in body else body

    @property
    def callback_type(self) -> int | None:
        return self.json.get("type") if isinstance(self.json, dict) else None

    @property
    def ephemeral(self) -> bool:
        return bool((self.data.get("flags") or 0) & 64)

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    def buttons(self) -> list[dict[str, Any]]:
        out = []
        for row in self.data.get("components") or []:
            out += [c for c in row.get("components", []) if c.get("type") == 2]
        return out

    def text_inputs(self) -> list[dict[str, Any]]:
        out = []
        for row in self.data.get("components") or []:
            out += [c for c in row.get("components", []) if c.get("type") == 4]
            if row.get("type") == 18 and row.get("component"):  # label wrapper (newer modals)
                out.append(row["component"])
        return out

    def text(self) -> str:
        """Everything a user would read, as Discord shows it (a backslash-escaped character shows as itself)."""
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", self.raw_text())

    def raw_text(self) -> str:
        """Everything a user would read, as sent: content, embed titles, descriptions, fields, footers, buttons."""
        parts = [self.content]
        for e in self.embeds:
            parts += [e.get("title", ""), e.get("description", ""), (e.get("footer") or {}).get("text", "")]
            for f in e.get("fields", []):
                parts += [f["name"], f["value"]]
        parts += [b.get("label", "") for b in self.buttons()]
        return "\n".join(p for p in parts if p)


class FakeDiscord:
    """The fake server. Use `async with FakeDiscord() as fake:` (starts, patches discord.py, restores)."""

    def __init__(self, *, guilds: list[dict[str, Any]] | None = None, heartbeat_interval: float = 41_250,
                 record: bool = True, contract: bool = True) -> None:
        """`record=False` keeps no history of requests and messages (benchmarks: constant memory).
        `contract=False` accepts any body (only for benchmarks that measure the bot, not Discord's rules)."""
        self.record = record
        self.contract = contract
        self.refused: list[tuple[str, str, list[str]]] = []  # (method, path, why) for each request answered 400
        self.guilds = [guild_payload()] if guilds is None else guilds
        self.heartbeat_interval = heartbeat_interval
        self.requests: list[Request] = []
        self.attachments: dict[str, bytes] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.dm_channels: dict[str, str] = {}  # user id -> DM channel id (POST /users/@me/channels)
        self.identify: dict[str, Any] | None = None
        self.ready = asyncio.Event()
        self.port = 0
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._saved: tuple[str, yarl.URL] | None = None
        self.auth_ok: Callable[[str | None], bool] = lambda header: header is not None and header.startswith("Bot ")
        self.ready_at: float | None = None
        self.callback_waiters: dict[str, asyncio.Future[Request]] = {}
        self.session_id = "fake-session-1"
        self.identifies = 0
        self.resumes = 0
        self.connected = asyncio.Event()  # a client is connected and READY/RESUMED
        self._backlog: collections.deque[tuple[int, str]] = collections.deque(maxlen=10_000)  # for RESUME replays

    # ----- lifecycle ---------------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{name}", self._attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def patch(self) -> None:
        self._saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = f"{self.base_url}/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{self.port}/gateway")

    def unpatch(self) -> None:
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None

    async def stop(self) -> None:
        self.unpatch()
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        self.patch()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add_attachment(self, filename: str, content: bytes) -> dict[str, Any]:
        """Serve a file and return the attachment object to put in `resolved.attachments`."""
        key = f"{snowflake()}-{filename}"
        self.attachments[key] = content
        return {"id": key.split("-", 1)[0], "filename": filename, "size": len(content),
                "url": f"{self.base_url}/attachments/{key}", "proxy_url": f"{self.base_url}/attachments/{key}",
                "content_type": "application/x-yaml"}

    # ----- HTTP ----------------------------------------------------------------------------------------------
    @staticmethod
    def _json(payload: Any, status: int = 200) -> web.Response:
        # discord.py decodes JSON only when the Content-Type is exactly application/json
        return web.Response(status=status, body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})

    async def _attachment(self, request: web.Request) -> web.StreamResponse:
        content = self.attachments.get(request.match_info["name"])
        return web.Response(body=content) if content is not None else web.Response(status=404)

    async def _read_body(self, request: web.Request) -> tuple[Any, dict[str, bytes]]:
        files: dict[str, bytes] = {}
        if request.content_type.startswith("multipart/"):
            body: Any = None
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    files[part.filename or part.name or "file"] = bytes(await part.read())
            return body, files
        raw = await request.read()
        return (json.loads(raw) if raw else None), files

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        rec = Request(request.method, path, dict(request.query), body, files)
        problems = discord_contract.violations(request.method, path, body) if self.contract else []
        if problems:
            self.refused.append((request.method, path, problems))
            response = self._json(discord_contract.error_body(problems), 400)
        else:
            response = self._route(request, rec)
        if response.body is not None and response.content_type == "application/json":
            rec.response = json.loads(response.body)  # type: ignore[arg-type]
        if self.record:
            async with self._changed:
                self.requests.append(rec)
                self._changed.notify_all()
        waiter = self.callback_waiters.pop(path.split("/")[2], None) if path.endswith("/callback") else None
        if waiter is not None and not waiter.done():
            # Discord shows a reply (a form, a message) once it has answered the bot's callback: the bot has its
            # response first. Sending it before the caller may act keeps a form from being submitted before
            # discord.py has stored it (it stores a modal when the callback returns, and drops unknown ones).
            await response.prepare(request)
            await response.write_eof()
            waiter.set_result(rec)
        return response

    def _route(self, request: web.Request, rec: Request) -> web.Response:
        path, body = rec.path, rec.json
        parts = path.strip("/").split("/")
        if not path.startswith(("/interactions/", "/webhooks/")) and not self.auth_ok(request.headers.get("Authorization")):
            return self._json({"message": "401: Unauthorized", "code": 0}, 401)
        if path == "/users/@me":
            return self._json(user_payload(BOT_USER_ID, "passerelle", bot=True))
        if path == "/oauth2/applications/@me":
            return self._json({"id": str(APP_ID), "name": "Passerelle", "description": "", "icon": None,
                               "bot_public": True, "bot_require_code_grant": False, "verify_key": "00",
                               "owner": user_payload(OWNER_ID, "owner"), "flags": 0})
        if parts[0] == "interactions" and parts[-1] == "callback":
            return self._json(self._callback(parts[1], rec))
        if parts[0] == "webhooks" and request.method == "POST":
            return self._json(self._message(rec.json or {}, CHANNEL_ID))
        if parts[0] == "webhooks" and "messages" in parts:
            msg_id = parts[-1]
            known = self.messages.get(msg_id) or self._message({}, CHANNEL_ID, msg_id)
            if request.method == "PATCH":
                known.update({k: v for k, v in (rec.json or {}).items() if k in ("content", "embeds", "components", "flags")})
            return self._json(known) if request.method != "DELETE" else web.Response(status=204)
        if parts[0] == "channels" and parts[-1] == "messages" and request.method == "POST":
            return self._json(self._message(rec.json or {}, int(parts[1])))
        if parts[0] == "channels" and len(parts) == 4 and parts[2] == "messages" and request.method == "PATCH":
            known = self.messages.get(parts[3]) or self._message({}, int(parts[1]), parts[3])
            known.update({k: v for k, v in (rec.json or {}).items() if k in ("content", "embeds", "components", "flags")})
            return self._json(known)
        if path == "/users/@me/channels" and request.method == "POST":  # open a DM (the recipient's id is the key)
            recipient = str((rec.json or {}).get("recipient_id"))
            self.dm_channels.setdefault(recipient, snowflake())
            return self._json({"id": self.dm_channels[recipient], "type": 1, "last_message_id": None,
                               "recipients": [user_payload(int(recipient), "recipient")]})
        if parts[0] == "applications" and parts[-1] == "commands":
            if request.method == "PUT":
                return self._json([{"description": "", "type": 1, **c, "id": snowflake(), "application_id": str(APP_ID),
                                    "version": "1"} for c in body or []])
            return self._json([])
        return self._json({"message": f"404: fake Discord has no route {request.method} {path}", "code": 0}, 404)

    def _message(self, body: dict[str, Any], channel_id: int, msg_id: str | None = None) -> dict[str, Any]:
        msg = {"id": msg_id or snowflake(), "channel_id": str(channel_id), "author": user_payload(BOT_USER_ID, "passerelle", True),
               "content": body.get("content") or "", "timestamp": "2026-11-28T00:00:00+00:00", "edited_timestamp": None,
               "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
               "embeds": body.get("embeds") or [], "components": body.get("components") or [], "pinned": False,
               "type": 0, "flags": body.get("flags") or 0}
        if self.record:
            self.messages[msg["id"]] = msg
        return msg

    def _callback(self, interaction_id: str, rec: Request) -> dict[str, Any]:
        kind = rec.callback_type
        result: dict[str, Any] = {"interaction": {"id": interaction_id, "type": 2}}
        if kind in (4, 5, 7):
            msg = self._message(rec.data if kind != 5 else {}, CHANNEL_ID)
            result["interaction"].update(response_message_id=msg["id"], response_message_loading=kind == 5,
                                         response_message_ephemeral=rec.ephemeral)
            result["resource"] = {"type": kind, "message": msg}
        return result

    # ----- gateway --------------------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self._ws = ws
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval}})
        async for frame in ws:
            if frame.type != web.WSMsgType.TEXT:
                continue
            msg = json.loads(frame.data)
            op = msg.get("op")
            if op == 1:
                await ws.send_json({"op": 11})
            elif op == 2:
                self.identify = msg["d"]
                self.identifies += 1
                await self._send_ready(ws)
            elif op == 6:
                await self._resume(ws, msg.get("d") or {})
        if self._ws is ws:
            self.connected.clear()
        return ws

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        """RESUME: replay what the client missed, then RESUMED; an unknown session is told to IDENTIFY."""
        if data.get("session_id") != self.session_id:
            await ws.send_json({"op": 9, "d": False})
            return
        self.resumes += 1
        sent = data.get("seq") or 0
        while pending := [(seq, text) for seq, text in self._backlog if seq > sent]:  # events may arrive meanwhile
            for seq, text in pending:
                await ws.send_str(text)
                sent = seq
        self.connected.set()  # no await since the last check: nothing dispatched in between is lost
        self._seq += 1
        await ws.send_json({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}})

    async def drop(self, *, abrupt: bool = False, code: int = 4000) -> None:
        """Cut the gateway connection (the client should reconnect and RESUME)."""
        ws = self._ws
        self.connected.clear()
        if ws is None or ws.closed:
            return
        if abrupt:
            transport = request_transport(ws)
            if transport is not None:
                transport.abort()
                return
        await ws.close(code=code, message=b"fake: connection dropped")

    async def invalidate_session(self) -> None:
        """INVALID_SESSION (not resumable): the client must IDENTIFY again; old events are not replayed."""
        self.session_id = f"fake-session-{self.identifies + 1}"
        self._backlog.clear()
        self.connected.clear()
        if self._ws is not None and not self._ws.closed:
            await self._ws.send_json({"op": 9, "d": False})

    async def wait_connected(self, timeout: float = 10.0) -> None:
        await asyncio.wait_for(self.connected.wait(), timeout)

    async def _send_ready(self, ws: web.WebSocketResponse) -> None:
        self._seq += 1
        await ws.send_json({"op": 0, "t": "READY", "s": self._seq, "d": {
            "v": 10, "user": user_payload(BOT_USER_ID, "passerelle", bot=True), "session_id": self.session_id,
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
            "guilds": [{"id": g["id"], "unavailable": True} for g in self.guilds],
            "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [], "relationships": []}})
        self._backlog.clear()  # a new session: nothing from the old one is replayed
        self.connected.set()
        for guild in self.guilds:
            await self.dispatch("GUILD_CREATE", guild)
        self.ready_at = time.perf_counter()
        self.ready.set()
        self.connected.set()

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one event; while the client is disconnected it is kept and replayed when the client RESUMEs."""
        if self._ws is None:
            raise RuntimeError("the bot has not connected to the fake gateway")
        self._seq += 1
        text = json.dumps({"op": 0, "t": event, "s": self._seq, "d": data})
        self._backlog.append((self._seq, text))
        if self._ws.closed or not self.connected.is_set():
            return
        with contextlib.suppress(ConnectionResetError):
            await self._ws.send_str(text)

    # ----- waiting on the bot ----------------------------------------------------------------------------------
    async def wait_for(self, predicate: Callable[[Request], bool], *, start: int = 0, timeout: float = 5.0) -> Request:
        """The first recorded request from index `start` that matches (waits for it)."""

        def find() -> Request | None:
            return next((r for r in self.requests[start:] if predicate(r)), None)

        async with self._changed:
            try:
                async with asyncio.timeout(timeout):
                    while (found := find()) is None:
                        await self._changed.wait()
            except TimeoutError:
                seen = "\n".join(f"  {r.method} {r.path}" for r in self.requests[start:]) or "  (none)"
                raise AssertionError(f"the bot made no matching request within {timeout}s; it made:\n{seen}") from None
        return found

    async def interact(self, payload: dict[str, Any], timeout: float = 5.0) -> Request:
        """Dispatch an INTERACTION_CREATE and return the bot's callback."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Request] = loop.create_future()
        self.callback_waiters[payload["id"]] = future
        await self.dispatch("INTERACTION_CREATE", payload)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            self.callback_waiters.pop(payload["id"], None)
            raise AssertionError(f"no callback for interaction {payload['id']} within {timeout}s") from None

    def since(self, start: int) -> list[Request]:
        return self.requests[start:]

    def mark(self) -> int:
        return len(self.requests)

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[Request]]:
        start = len(self.requests)
        out: list[Request] = []
        yield out
        out.extend(self.requests[start:])


def request_transport(ws: web.WebSocketResponse) -> asyncio.Transport | None:
    """The TCP transport under a server-side websocket (to cut it without a close frame)."""
    req = getattr(ws, "_req", None)
    return getattr(req, "transport", None) if req is not None else None


# ----- payload builders --------------------------------------------------------------------------------------
@dataclass
class Actor:
    """Who performs an interaction: a guild member (with roles/permissions) or a DM user."""

    user_id: int = 410_000_000_000_000_001
    name: str = "practitioner"
    roles: list[int] = field(default_factory=list)
    permissions: int = BASIC_PERMISSIONS
    locale: str = "en-US"
    guild_id: int | None = GUILD_ID
    channel_id: int = CHANNEL_ID


MEMBER = Actor()
MODERATOR = Actor(user_id=420_000_000_000_000_001, name="mod", roles=[MOD_ROLE_ID])
MANAGER = Actor(user_id=430_000_000_000_000_001, name="manager", permissions=BASIC_PERMISSIONS | MANAGE_GUILD)
FRENCH = Actor(user_id=440_000_000_000_000_001, name="francophone", locale="fr")


def _base(kind: int, actor: Actor, data: dict[str, Any], message: dict[str, Any] | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": snowflake(), "application_id": str(APP_ID), "type": kind, "token": f"tok-{snowflake()}", "version": 1,
        "data": data, "locale": actor.locale, "attachment_size_limit": 8 * 1024 * 1024,
        "app_permissions": str(BASIC_PERMISSIONS), "entitlements": [], "authorizing_integration_owners": {},
        "channel_id": str(actor.channel_id),
    }
    if actor.guild_id is not None:
        payload.update(guild_id=str(actor.guild_id), guild_locale="en-US",
                       member=member_payload(actor.user_id, actor.name, actor.roles, actor.permissions),
                       channel={"id": str(actor.channel_id), "type": 0, "guild_id": str(actor.guild_id), "name": "general"},
                       context=0)
    else:
        payload.update(user=user_payload(actor.user_id, actor.name), channel={"id": str(actor.channel_id), "type": 1},
                       context=1)
    if message is not None:
        payload["message"] = message
    return payload


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    return 3


def _options(options: dict[str, Any], focused: str | None = None) -> list[dict[str, Any]]:
    out = []
    for name, value in options.items():
        if isinstance(value, tuple):  # (type, value) for channels (7), attachments (11) …
            kind, value = value
        else:
            kind = _option_type(value)
        opt: dict[str, Any] = {"type": kind, "name": name, "value": value}
        if name == focused:
            opt["focused"] = True
        out.append(opt)
    return out


def slash(name: str, actor: Actor = MEMBER, *, group: str | None = None, resolved: dict[str, Any] | None = None,
          **options: Any) -> dict[str, Any]:
    """A slash command invocation; `group="entry"` for subcommands (`/entry edit` → name="edit")."""
    opts = _options(options)
    data: dict[str, Any] = {"id": snowflake(), "type": 1}
    if group is not None:
        data.update(name=group, options=[{"type": 1, "name": name, "options": opts}])
    else:
        data.update(name=name, options=opts)
    if resolved:
        data["resolved"] = resolved
    return _base(2, actor, data)


def message_command(name: str, content: str, actor: Actor = MEMBER, author: Actor | None = None) -> dict[str, Any]:
    """A message context-menu command ("Apps → Ask Passerelle") on a message by `author` saying `content`."""
    target = snowflake()
    who = author or Actor(user_id=450_000_000_000_000_001, name="colleague")
    message = {"id": target, "channel_id": str(actor.channel_id), "author": user_payload(who.user_id, who.name),
               "content": content, "timestamp": "2026-11-28T00:00:00+00:00", "edited_timestamp": None, "tts": False,
               "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
               "components": [], "pinned": False, "type": 0, "flags": 0}
    data = {"id": snowflake(), "type": 3, "name": name, "target_id": target, "resolved": {"messages": {target: message}}}
    return _base(2, actor, data)


def autocomplete(name: str, focused: str, actor: Actor = MEMBER, *, group: str | None = None, **options: Any) -> dict[str, Any]:
    payload = slash(name, actor, group=group, **options)
    data = payload["data"]
    target = data["options"][0]["options"] if group is not None else data["options"]
    for opt in target:
        if opt["name"] == focused:
            opt["focused"] = True
    payload["type"] = 4
    return payload


def button(custom_id: str, message_id: str, actor: Actor = MEMBER) -> dict[str, Any]:
    message = {"id": message_id, "channel_id": str(actor.channel_id), "author": user_payload(BOT_USER_ID, "passerelle", True),
               "content": "", "timestamp": "2026-11-28T00:00:00+00:00", "edited_timestamp": None, "tts": False,
               "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
               "components": [], "pinned": False, "type": 0, "flags": 0}
    return _base(3, actor, {"custom_id": custom_id, "component_type": 2}, message=message)


def modal_submit(custom_id: str, values: dict[str, str], actor: Actor = MEMBER) -> dict[str, Any]:
    rows = [{"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]} for key, value in values.items()]
    return _base(5, actor, {"custom_id": custom_id, "components": rows})


def message_event(content: str, actor: Actor = MEMBER, *, mention_bot: bool = True) -> dict[str, Any]:
    """A MESSAGE_CREATE payload (in a guild channel, or a DM when `actor.guild_id` is None)."""
    text = f"<@{BOT_USER_ID}> {content}" if mention_bot and actor.guild_id is not None else content
    data: dict[str, Any] = {
        "id": snowflake(), "channel_id": str(actor.channel_id), "author": user_payload(actor.user_id, actor.name),
        "content": text, "timestamp": "2026-11-28T00:00:00+00:00", "edited_timestamp": None, "tts": False,
        "mention_everyone": False, "mentions": [user_payload(BOT_USER_ID, "passerelle", True)] if mention_bot else [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0,
    }
    if actor.guild_id is not None:
        data["guild_id"] = str(actor.guild_id)
        data["member"] = {k: v for k, v in member_payload(actor.user_id, actor.name, actor.roles).items() if k != "user"}
    return data


def channel_option(channel_id: int = WATCH_CHANNEL_ID, guild_id: int = GUILD_ID) -> tuple[tuple[int, str], dict[str, Any]]:
    """(option value, resolved data) for a CHANNEL option."""
    resolved = {"channels": {str(channel_id): {"id": str(channel_id), "type": 0, "name": "registry-watch",
                                               "guild_id": str(guild_id), "permissions": str(BASIC_PERMISSIONS)}}}
    return (7, str(channel_id)), resolved


def attachment_option(attachment: dict[str, Any]) -> tuple[tuple[int, str], dict[str, Any]]:
    return (11, attachment["id"]), {"attachments": {attachment["id"]: attachment}}


# ----- running a bot against the fake -------------------------------------------------------------------------
async def start_client(client: discord.Client, fake: FakeDiscord, token: str = "fake-token", timeout: float = 10.0) -> asyncio.Task[None]:
    """Start `client` against `fake` (already patched) and wait until it is READY; returns the run task."""
    task = asyncio.create_task(client.start(token), name="fake-discord-client")
    waiter = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait({task, waiter}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if waiter not in done:
        waiter.cancel()
        if task in done:
            task.result()  # raises the client's startup error
        raise AssertionError(f"the client did not become ready within {timeout}s")
    return task


async def stop_client(client: discord.Client, task: asyncio.Task[None]) -> None:
    await client.close()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await asyncio.wait_for(task, 5)


@contextlib.asynccontextmanager
async def running(client_factory: Callable[[], discord.Client], **fake_options: Any) -> Any:
    """`async with running(lambda: MyBot(...)) as (fake, client):` — fake Discord up, client READY."""
    async with FakeDiscord(**fake_options) as fake:
        client = client_factory()
        task = await start_client(client, fake)
        try:
            yield fake, client
        finally:
            await stop_client(client, task)
        assert not fake.refused, f"the bot sent requests Discord refuses: {fake.refused[:3]}"
