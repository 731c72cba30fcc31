"""The language layer: one reading of each message, carried across turns (cases in YAML)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.language import carry, read

HERE = Path(__file__).parent
FRAMES = yaml.safe_load((HERE / "frames.yaml").read_text(encoding="utf-8"))
DIALOGUES = yaml.safe_load((HERE / "dialogues.yaml").read_text(encoding="utf-8"))


def value(frame, field):
    got = getattr(frame, field)
    if field == "kinds":
        return [max(got, key=got.get)] if got else []
    if isinstance(got, list):
        return [getattr(g, "value", g) for g in got]
    return getattr(got, "value", got)


@pytest.mark.parametrize("case", FRAMES, ids=[c["name"] for c in FRAMES])
def test_a_message_is_read_into_its_frame(case):
    frame = read(case["message"])
    for field, expected in case["expect"].items():
        assert value(frame, field) == expected, f"{field}: {value(frame, field)!r} (frame: {frame.evidence})"


@pytest.mark.parametrize("case", DIALOGUES, ids=[c["name"] for c in DIALOGUES])
def test_a_follow_up_is_read_with_the_turns_before_it(case):
    frame, route = None, None
    for text, next_route in zip(case["turns"], case["routes"]):
        frame = carry(frame, read(text), route)
        route = next_route
    for field, expected in case["expect"].items():
        assert value(frame, field) == expected, f"{field}: {value(frame, field)!r}"


def test_every_value_keeps_the_words_it_came_from():
    frame = read("Воспитатель в городском садике, колледж, стаж 2 года. Могу ли я стать методистом?")
    words = {e.fact: e.words for e in frame.evidence}
    assert words["education"] == "колледж" and words["years"] == "2 года" and "город" in words["locality"]
