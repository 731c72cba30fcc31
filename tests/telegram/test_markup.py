"""Telegram HTML: escaping and splitting at sentence boundaries under the 4,096-character limit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.channels.telegram.markup import MESSAGE_LIMIT, Span, render_all, to_messages, units

from .fake_bot_api import parse_html


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_a_short_text_is_one_message_with_everything_escaped():
    [message] = to_messages([Span("Заголовок\n\n", "b"), Span("a < b & c > d «бес жыл»")])
    assert message == "<b>Заголовок</b>\n\na &lt; b &amp; c &gt; d «бес жыл»"
    assert parse_html(message) == "Заголовок\n\na < b & c > d «бес жыл»"


def test_a_long_text_is_split_between_sentences():
    sentences = [f"Бұл {i}-сөйлем, ол біршама ұзын болуы керек." for i in range(200)]
    text = " ".join(sentences)
    messages = to_messages([Span(text)], limit=1000)
    assert len(messages) > 1 and all(units(m) <= 1000 for m in messages)
    assert all(m.endswith("керек.") for m in messages)  # every part ends where a sentence ends
    assert squeeze(" ".join(messages)) == squeeze(text)


def test_a_line_break_is_a_boundary_too_and_styles_survive_the_split():
    spans = [Span("Тақырып\n", "b")] + [Span(f"• {'сөз ' * 30}\n") for _ in range(20)]
    messages = to_messages(spans, limit=400)
    assert messages[0].startswith("<b>Тақырып</b>") and all(units(m) <= 400 for m in messages)
    assert all(parse_html(m) for m in messages)


def test_a_sentence_longer_than_a_message_is_split_between_words_and_a_word_between_characters():
    [first, *rest] = to_messages([Span("сөз " * 100 + "х" * 250, "i")], limit=100)
    assert first.startswith("<i>") and first.endswith("</i>")
    assert all(units(m) <= 100 and parse_html(m) for m in [first, *rest])
    assert "".join(parse_html(m).replace(" ", "") for m in [first, *rest]) == "сөз" * 100 + "х" * 250


def test_entities_count_towards_the_limit_and_are_never_cut():
    messages = to_messages([Span("&" * 50)], limit=20)
    assert all(units(m) <= 20 and set(m.replace("&amp;", "")) == set() for m in messages)
    assert "".join(parse_html(m) for m in messages) == "&" * 50


def test_length_is_counted_as_telegram_counts_it_in_utf16_units():
    assert units("👍") == 2 and units("ә") == 1
    messages = to_messages([Span("👍" * 30)], limit=21)
    assert all(units(m) <= 21 for m in messages) and "".join(messages) == "👍" * 30


text = st.text(alphabet=st.sampled_from(list("абвәіңғүұқөһ xyz.,!?;\n<>&«»\"'👍")), max_size=600)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(text, st.sampled_from([None, "b", "i"])), max_size=5), st.integers(20, 300))
def test_any_text_becomes_valid_messages_within_the_limit_and_loses_nothing(parts, limit):
    spans = [Span(t, s) for t, s in parts]
    messages = to_messages(spans, limit=limit)
    assert all(units(m) <= limit and m == m.strip() and m for m in messages)
    shown = [parse_html(m) for m in messages]  # Telegram's parser accepts every one
    assert squeeze("".join(shown)).replace(" ", "") == squeeze("".join(t for t, _ in parts)).replace(" ", "")
    assert parse_html(render_all(spans)) == "".join(t for t, _ in parts).strip()  # one message: exactly the text
