"""The parser against the real regulation: counts, structure and every quirk of the text."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from assistant.regulation.corpus import REGULATION_FILE, corpus_lines, corpus_sha256
from assistant.regulation.document import ClauseKind, Level
from assistant.regulation.parse import join_lines, kind_from_heading

APPENDIX_KINDS = {ClauseKind.INTRO, ClauseKind.DUTIES, ClauseKind.KNOWLEDGE,
                  ClauseKind.REQUIREMENTS, ClauseKind.COMPETENCE}


def test_the_corpus_file_is_the_published_text():
    assert corpus_sha256() == "f3be208f549a6ae640f937197e62ae1bec2da059598582d9b6d260878ac0a544"
    readme = (REGULATION_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert corpus_sha256() in readme and "31.03.2022" in readme


def test_the_appendix_has_335_clauses_with_331_numbers(doc):
    appendix = [c for c in doc.clauses if c.kind in APPENDIX_KINDS]
    assert len(appendix) == 335
    numbers = Counter(c.clause for c in appendix if c.chapter != 1)
    assert sorted(n for n, k in numbers.items() if k > 1) == [92, 93, 94, 95]
    assert set(c.clause for c in appendix) == set(range(1, 332))


def test_the_order_has_six_clauses(doc):
    order = [c for c in doc.clauses if c.kind is ClauseKind.ORDER]
    assert [c.clause for c in order] == [1, 2, 3, 4, 5, 6]
    assert all(c.chapter is None and c.id.startswith("order.") for c in order)


def test_ids_are_unique(doc):
    ids = [c.id for c in doc.clauses]
    assert len(ids) == len(set(ids))


def test_ten_chapters_two_sections(doc):
    assert [c.number for c in doc.chapters] == list(range(1, 11))
    assert [s.number for s in doc.sections] == [1, 2]
    sections = {c.number: c.section for c in doc.chapters}
    assert sections == {1: None, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 2, 10: 2}


def test_91_positions_each_with_duties_knowledge_and_requirements(doc):
    assert len(doc.positions) == 91
    assert sum(p.paragraph is not None for p in doc.positions) == 90
    for position in doc.positions:
        kinds = [doc.clause(i).kind for i in position.clause_ids]
        assert kinds[:3] == [ClauseKind.DUTIES, ClauseKind.KNOWLEDGE, ClauseKind.REQUIREMENTS], position.id
        assert kinds[3:] in ([], [ClauseKind.COMPETENCE]), position.id


def test_both_paragraphs_14_of_chapter_3_are_distinct_positions(doc):
    first, second = doc.position("ch3.p14"), doc.position("ch3.p14b")
    assert first.paragraph == second.paragraph == 14
    assert "вожатыйы" in first.title
    assert second.title == "Білім беру ұйымы жанындағы интернат меңгерушісі"
    assert first.clause_ids == ["ch3.p14.c92", "ch3.p14.c93", "ch3.p14.c94", "ch3.p14.c95"]
    assert second.clause_ids == ["ch3.p14b.c92", "ch3.p14b.c93", "ch3.p14b.c94"]
    assert doc.clause("ch3.p15.c95").kind is ClauseKind.DUTIES


def test_chapter_9_is_one_position_without_a_paragraph_heading(doc):
    [position] = [p for p in doc.positions if p.chapter == 9]
    assert position.id == "ch9" and position.paragraph is None
    assert position.title == "Техникалық және кәсіптік, орта білімнен кейінгі білім беру ұйымының басшысы (директоры)"
    assert position.clause_ids == ["ch9.c244", "ch9.c245", "ch9.c246"]


def test_the_chapter_9_heading_is_split_from_the_section_2_heading(doc):
    section = doc.sections[1]
    assert section.title.endswith("лауазымдарының үлгілік біліктілік сипаттамалары")
    assert "тарау" not in section.title
    assert doc.chapters[8].title == doc.position("ch9").title


@pytest.mark.parametrize("position_id, title_start", [
    ("ch2.p1", "Мектепке дейінгі тәрбие және оқыту ұйымының басшысы"),  # «1- Параграф.»
    ("ch10.p11", "Техникалық және кәсіптік, орта білімнен кейінгі"),  # «11- параграф.»
    ("ch10.p16", "Техникалық және кәсіптік, орта білімнен кейінгі"),  # «Параграф 16.»
])
def test_odd_paragraph_heading_spellings(doc, position_id, title_start):
    assert doc.position(position_id).title.startswith(title_start)


def test_position_titles_are_joined_into_one_line(doc):
    title = doc.position("ch2.p7").title
    assert title == ("Мектепке дейінгі тәрбие және оқыту ұйымдарының арнайы педагогі (мұғалім-дефектолог, "
                     "дефектолог, мұғалім-логопед, логопед, олигофренопедагог, сурдопедагог, тифлопедагог)")
    assert doc.position("ch3.p1").title.endswith("басшысы (директор, меңгерушісі)")


@pytest.mark.parametrize("clause_id, kind", [
    ("ch6.p14.c204", ClauseKind.REQUIREMENTS),  # «Бiлiктiлiкке» with Latin i
    ("ch6.p14.c203", ClauseKind.KNOWLEDGE),  # «Бiлуге міндетті» with Latin i
    ("ch5.p2.c138", ClauseKind.KNOWLEDGE),  # «Білуге міндетті»
    ("ch2.p4.c21", ClauseKind.COMPETENCE),  # «құзыреттіліктіі»
    ("ch10.p18.c311", ClauseKind.COMPETENCE),  # «құзыреттлікті»
    ("ch10.p20.c316", ClauseKind.DUTIES),  # starts without its heading
])
def test_misspelt_or_missing_headings_still_give_the_kind(doc, clause_id, kind):
    assert doc.clause(clause_id).kind is kind


def test_clause_316_starts_without_a_heading_and_keeps_its_text(doc):
    clause = doc.clause("ch10.p20.c316")
    assert clause.text.startswith("Жеке тұлғаның психологиялық-медициналық-педагогикалық")
    assert kind_from_heading(clause.text) is None


def test_competence_levels_are_addressable(doc):
    clause = doc.clause("ch2.p2.c13")
    assert [lv.level for lv in clause.levels] == list(Level)
    master = clause.levels[-1]
    assert master.id == "ch2.p2.c13.l5" and master.text.startswith('5) "педагог-шебер":')
    assert sum(len(c.levels) for c in doc.clauses) == 256


def test_levels_numbered_from_moderator_keep_their_canonical_rank(doc):
    clause = doc.clause("ch6.p10.c189")  # printed 1)–3) for модератор … зерттеуші
    assert [(lv.number, lv.level) for lv in clause.levels] == [
        (1, Level.MODERATOR), (2, Level.EXPERT), (3, Level.RESEARCHER)]
    assert clause.levels[0].id == "ch6.p10.c189.l2"


def test_every_competence_clause_has_levels(doc):
    for clause in doc.clauses:
        if clause.kind is ClauseKind.COMPETENCE:
            assert clause.levels, clause.id


def test_amendment_notes_are_attached_not_clauses(doc):
    first = doc.clause("order.c1")
    assert first.text == "Педагог лауазымдарының үлгілік біліктілік сипаттамалары бекітілсін."
    assert [n.text[:20] for n in first.notes] == ["Ескерту. 1-тармақ жа"]
    assert len(doc.notes) == 2  # the order's title and the appendix as a whole
    assert not any("Ескерту" in c.text for c in doc.clauses)


def test_the_signature_is_not_part_of_clause_6(doc):
    assert doc.clause("order.c6").text.endswith("қолданысқа енгізілді.")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_clause_text_is_found_in_the_lines_of_its_span(doc):
    lines = corpus_lines()
    for clause in doc.clauses:
        span = squeeze("".join(lines[clause.line_start - 1: clause.line_end]))
        assert squeeze(clause.text) in span, clause.id
        for level in clause.levels:
            level_span = squeeze("".join(lines[level.line_start - 1: level.line_end]))
            assert squeeze(level.text) in level_span, level.id


def test_clause_spans_do_not_overlap(doc):
    spans = sorted((c.line_start, c.line_end, c.id) for c in doc.clauses)
    for (_, end, a), (start, _, b) in zip(spans, spans[1:]):
        assert end < start, (a, b)


def test_hyphenated_compounds_split_over_lines_are_joined():
    assert join_lines(["педагог-модератор үшін кемінде 2 жыл; педагог- ", "сарапшы үшін"]) == \
        "педагог-модератор үшін кемінде 2 жыл; педагог-сарапшы үшін"
    assert join_lines(["басшысы (", "директор, меңгерушісі)"]) == "басшысы (директор, меңгерушісі)"


def test_page_break_gaps_are_dropped(doc):
    # clause 9 spans a page break (blank lines in the middle of the clause)
    clause = doc.clause("ch2.p1.c9")
    assert "педагогикалық қайта даярлауды растайтын құжат, біліктілікті арттыру" in clause.text
    assert "  " not in clause.text
