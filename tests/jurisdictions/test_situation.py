"""Reading the client's situation and the length of the stay from questions (English and French)."""

from __future__ import annotations

import pytest

from jurisdictions.situation import read_duration, read_situation
from jurisdictions.textnorm import fold
from tests.helpers.engine_data import real_engine

DURATIONS = [
    ("client on vacation in Florida for 3 weeks", 21),
    ("for two days", 2),
    ("for the month", 30),
    ("over the summer", 92),
    ("pendant deux mois", 60),
    ("10 jours", 10),
    ("en vacances pendant 15 jours", 15),
    ("a 16-year-old visiting for a week", 7),
    ("for 2 years", 730),
    ("client 15 years old", None),
    ("client de 15 ans", None),
    ("she's 13 y/o", None),
    ("registered in NB, client in Quebec", None),
]


@pytest.mark.parametrize(("text", "days"), DURATIONS)
def test_duration(text: str, days: int | None) -> None:
    assert read_duration(fold(text)) == days


SITUATIONS = [
    ("client on vacation in Florida", "visiting", None),
    ("visiting family in Maine", "visiting", None),
    ("on a work trip to Calgary", "visiting", None),
    ("my client is at college in Vermont", "studying", None),
    ("elle étudie à Montréal", "studying", None),
    ("my existing client moved to Utah", "moving", "existing"),
    ("client relocated to Toronto", "moving", None),
    ("ma cliente a déménagé à Gatineau", "moving", None),
    ("new referral in Ohio", None, "new"),
    ("nouveau client à Moncton", None, "new"),
    ("long-term client in Ohio", None, "existing"),
    ("client en vacances au Maine", "visiting", None),
    ("client in Ohio", None, None),
]


@pytest.mark.parametrize(("text", "situation", "relationship"), SITUATIONS)
def test_situation(text: str, situation: str | None, relationship: str | None) -> None:
    got = read_situation(fold(text))
    assert (got.situation, got.relationship) == (situation, relationship)


def test_the_question_carries_it_to_the_verdict() -> None:
    v = real_engine().answer("registered in Alberta, client on vacation in Winnipeg for 3 weeks, by video")
    assert (v.stay.situation, v.stay.duration_days, v.channel) == ("visiting", 21, "video")
    moved = real_engine().answer("registered in Alberta, my client moved to Vancouver, BC, by video")
    assert moved.modality == "moving" and moved.channel == "video" and moved.stay.situation == "moving"
    assert moved.code == "conditional" and moved.route_applied is not None
    assert moved.route_applied.id == "bc-temporary-transition"
