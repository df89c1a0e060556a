"""The buttons and forms of members' reports (issue 15). The buttons are `DynamicItem`s: their custom_id carries
what they act on (the jurisdiction and fact of an answer; the report's number), so they keep working after a
restart. What happens on a press or a submit is the reports cog's business (`cogs.reports`), found at run time.

custom_ids: `rp:<kind>:<code>[:<path>]` on answers (kind v = verdict, r = regulator card, m = minors notes),
`rv:<report id>:<accept|dismiss|source>` on a review post.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol

import discord

from app.embeds import plain
from app.i18n import interaction_lang, t

log = logging.getLogger("passerelle")
NO_MENTIONS = discord.AllowedMentions.none()
CUSTOM_ID_MAX = 100
KINDS = {"v": "canserve", "r": "regulator", "m": "minors"}
ACTIONS = ("accept", "dismiss", "source")
REVIEW_STYLES = {"accept": discord.ButtonStyle.success, "dismiss": discord.ButtonStyle.danger,
                 "source": discord.ButtonStyle.secondary}
REVIEW_LABELS = {"accept": "review_accept", "dismiss": "review_dismiss", "source": "review_source"}


class ReportFlows(Protocol):
    """What the reports cog does for these components."""

    async def file_report(self, interaction: discord.Interaction, kind: str, code: str, path: str | None, answer: str,
                          problem: str, source_url: str, value: str) -> None: ...

    async def review(self, interaction: discord.Interaction, report_id: int, action: str) -> None: ...

    async def dismiss(self, interaction: discord.Interaction, report_id: int, reason: str) -> None: ...


def flows(interaction: discord.Interaction) -> ReportFlows | None:
    cog: Any = interaction.client.get_cog("Reports")  # type: ignore[attr-defined]
    return cog


async def unavailable(interaction: discord.Interaction) -> None:
    await interaction.response.send_message(t("no_registry", interaction_lang(interaction)), ephemeral=True,
                                            allowed_mentions=NO_MENTIONS)


def report_custom_id(kind: str, code: str, path: str | None) -> str:
    """The answer's button id; the fact path is left out when it would not fit (the report then names none)."""
    base = f"rp:{kind}:{code}"
    with_path = f"{base}:{path}" if path else base
    return with_path if len(with_path) <= CUSTOM_ID_MAX else base


class ReportButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"rp:(?P<kind>[vrm]):(?P<code>[A-Z0-9-]{2,16})(?::(?P<path>[\w.\-]{1,90}))?"):
    """"Report a problem" under an answer: opens the report form."""

    def __init__(self, kind: str, code: str, path: str | None = None, lang: str = "en") -> None:
        super().__init__(discord.ui.Button(label=t("report_button", lang), style=discord.ButtonStyle.secondary,
                                           custom_id=report_custom_id(kind, code, path), emoji="⚠️"))
        self.kind, self.code, self.path = kind, code, path

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button[Any],  # type: ignore[override]
                             match: re.Match[str]) -> ReportButton:
        return cls(match["kind"], match["code"], match["path"], interaction_lang(interaction))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        if flows(interaction) is None:
            await unavailable(interaction)
            return
        message = interaction.message
        title = message.embeds[0].title if message is not None and message.embeds else None
        answer = f"/{KINDS[self.kind]} {self.code}" + (f" — {title}" if title else "")
        await interaction.response.send_modal(ReportModal(self.kind, self.code, self.path, answer,
                                                          interaction_lang(interaction)))


class ReportModal(discord.ui.Modal):
    """What is wrong (required), the source URL and the correct value (optional)."""

    def __init__(self, kind: str, code: str, path: str | None, answer: str, lang: str) -> None:
        super().__init__(title=plain(f"{t('report_button', lang)} · {code}", 45), timeout=1800)
        self.kind, self.code, self.path, self.answer = kind, code, path, answer
        self.problem = discord.ui.TextInput(label=t("report_problem", lang), custom_id="problem",
                                            style=discord.TextStyle.paragraph, max_length=1000, required=True)
        self.source = discord.ui.TextInput(label=t("report_source", lang), custom_id="source_url", max_length=500,
                                           placeholder="https://…", required=False)
        self.value = discord.ui.TextInput(label=t("report_value", lang), custom_id="value",
                                          style=discord.TextStyle.paragraph, max_length=500, required=False)
        for item in (self.problem, self.source, self.value):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        cog = flows(interaction)
        if cog is None:
            await unavailable(interaction)
            return
        await cog.file_report(interaction, self.kind, self.code, self.path, self.answer, self.problem.value,
                              self.source.value, self.value.value)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await interaction.client.tree.on_error(interaction, error)  # type: ignore[attr-defined, arg-type]


class ReviewButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"rv:(?P<id>\d{1,18}):(?P<action>accept|dismiss|source)"):
    """Accept / Dismiss / Needs source on a review post (moderators only; the cog checks)."""

    def __init__(self, report_id: int, action: str, lang: str = "en") -> None:
        super().__init__(discord.ui.Button(label=t(REVIEW_LABELS[action], lang), style=REVIEW_STYLES[action],
                                           custom_id=f"rv:{report_id}:{action}"))
        self.report_id, self.action = report_id, action

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button[Any],  # type: ignore[override]
                             match: re.Match[str]) -> ReviewButton:
        return cls(int(match["id"]), match["action"], interaction_lang(interaction))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        cog = flows(interaction)
        if cog is None:
            await unavailable(interaction)
            return
        await cog.review(interaction, self.report_id, self.action)


def review_view(report_id: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in ACTIONS:
        view.add_item(ReviewButton(report_id, action, lang))
    return view


class DismissModal(discord.ui.Modal):
    """Why the report is dismissed: the reporter is told this."""

    def __init__(self, report_id: int, lang: str) -> None:
        super().__init__(title=plain(t("dismiss_title", lang, id=report_id), 45), timeout=1800)
        self.report_id = report_id
        self.reason = discord.ui.TextInput(label=t("dismiss_reason", lang), custom_id="reason",
                                           style=discord.TextStyle.paragraph, max_length=1000, required=True)
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        cog = flows(interaction)
        if cog is None:
            await unavailable(interaction)
            return
        await cog.dismiss(interaction, self.report_id, self.reason.value)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await interaction.client.tree.on_error(interaction, error)  # type: ignore[attr-defined, arg-type]
