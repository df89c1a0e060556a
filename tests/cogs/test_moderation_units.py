"""The moderation cog's plain functions, without Discord: an upload read into jurisdictions (or refused whole, in
the moderator's language), and the start-up warnings about who may moderate."""

from __future__ import annotations

import pytest

from app.permissions import moderation_unconfigured, startup_warnings
from cogs.moderation.uploads import parse_upload
from db.registry import InvalidEdit
from jurisdictions.loader import DATA_DIR
from settings import Settings
from tests.helpers.bot import zipped


def test_an_upload_becomes_jurisdictions() -> None:
    nb, qc = (DATA_DIR / "CA-NB.yaml").read_bytes(), (DATA_DIR / "CA-QC.yaml").read_bytes()
    assert [j.code for j in parse_upload("CA-NB.yaml", nb)] == ["CA-NB"]
    assert sorted(j.code for j in parse_upload("data.zip", zipped({"CA-NB.yaml": nb, "CA-QC.yaml": qc}))) == ["CA-NB", "CA-QC"]


def test_a_bad_upload_is_refused_whole_with_every_problem() -> None:
    nb = (DATA_DIR / "CA-NB.yaml").read_bytes()
    broken = nb.replace(b"code: CA-NB", b"code: CA-NB\ncode: CA-NB", 1)  # a duplicate key
    with pytest.raises(InvalidEdit) as caught:
        parse_upload("data.zip", zipped({"CA-NB.yaml": nb, "CA-QC.yaml": broken}))
    assert "CA-QC.yaml" in caught.value.message
    with pytest.raises(InvalidEdit):
        parse_upload("notes.txt", b"hello")


def test_an_upload_over_the_budget_is_refused_in_the_moderators_language() -> None:
    huge = b"# " + b"x" * (6 * 1024 * 1024)
    with pytest.raises(InvalidEdit) as en:
        parse_upload("CA-NB.yaml", huge, "en")
    with pytest.raises(InvalidEdit) as fr:
        parse_upload("CA-NB.yaml", huge, "fr")
    assert en.value.message != fr.value.message and "CA-NB.yaml" in en.value.message


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_who_may_moderate_warnings() -> None:
    assert moderation_unconfigured(settings(), 1) is False  # one server: its Manage Server members
    assert moderation_unconfigured(settings(), 2) is True  # shared entries, several servers, none trusted
    assert moderation_unconfigured(settings(moderation_guild_ids="1,2"), 2) is False
    warned = startup_warnings(settings(moderator_role="Moderators"), 2)
    assert len(warned) == 2 and "role name" in warned[0] and "MODERATION_GUILD_IDS" in warned[1]
    assert startup_warnings(settings(moderator_role="123456789012345678", moderation_guild_ids="1"), 3) == []
