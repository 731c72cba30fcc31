"""Entity linking of positions and clause kinds, on real phrasings in Kazakh and Russian."""

from __future__ import annotations

import pytest

from assistant.errors import AmbiguousReference, UnknownReference
from assistant.language.linking import detect_kinds, link_positions, resolve_position

METHODISTS = {"ch2.p2", "ch4.p4", "ch6.p12", "ch6.p13", "ch7.p3", "ch8.p5", "ch10.p8", "ch10.p23"}


def _generic_keys() -> set[str]:
    from assistant.language.glossary import load_glossary
    from assistant.language.textnorm import folded_tokens

    return {" ".join(folded_tokens(n)) for g in load_glossary().generic for n in g.names}


def _titles(doc, lang):
    """(position id, title) pairs, without the titles that are also generic names (the
    official «Педагог-ассистент» of chapter 10 is what everybody calls the school one)."""
    from assistant.language.glossary import russian_title
    from assistant.language.textnorm import folded_tokens

    pairs = [(p.id, p.title if lang == "kk" else russian_title(p.id)) for p in doc.positions]
    return [(pid, t) for pid, t in pairs if " ".join(folded_tokens(t)) not in _generic_keys()]


def test_resolve_by_id_and_titles(doc):
    assert resolve_position("ch3.p14b").how == "id"
    assert len(_titles(doc, "kk")) >= 89
    for pid, title in _titles(doc, "kk"):
        assert (resolve_position(title).position_id, resolve_position(title).how) == (pid, "title_kk")


def test_every_russian_title_resolves_to_its_position(doc):
    assert len(_titles(doc, "ru")) >= 89
    for pid, title in _titles(doc, "ru"):
        assert resolve_position(title).position_id == pid, title


def test_a_title_that_is_also_a_generic_name_stays_ambiguous():
    with pytest.raises(AmbiguousReference) as err:
        resolve_position("Оқу бөлімінің меңгерушісі")
    assert set(err.value.candidates) == {"ch6.p6", "ch10.p10"}


def test_every_alias_resolves_to_its_position():
    from assistant.language.glossary import load_glossary

    for pid, names in load_glossary().positions.items():
        for alias in [*names.ru_aliases, *names.kk_aliases]:
            assert resolve_position(alias).position_id == pid, alias


def test_resolve_reports_titles_in_both_languages():
    match = resolve_position("методист детского сада")
    assert match.position_id == "ch2.p2"
    assert match.title_kk == "Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері"
    assert match.title_ru == "Методист организации дошкольного воспитания и обучения"
    assert match.how == "alias" and 0 < match.score <= 1


def test_a_bare_methodist_is_ambiguous():
    with pytest.raises(AmbiguousReference) as err:
        resolve_position("методист")
    assert set(err.value.candidates) == METHODISTS
    assert "Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері" in str(err.value)
    assert "Методист организации дошкольного воспитания и обучения" in str(err.value)


@pytest.mark.parametrize("name", ["абракадабра", "xyz", "квантовый физик"])
def test_unknown_names(name):
    with pytest.raises(UnknownReference):
        resolve_position(name)


def test_empty_name_is_unknown():
    with pytest.raises(UnknownReference):
        resolve_position("  ")


@pytest.mark.parametrize(
    "name, position_id",
    [
        ("методист детского сада", "ch2.p2"),
        ("завуч", "ch3.p4"),
        ("завуч колледжа", "ch10.p2"),
        ("завуч школы", "ch3.p4"),
        ("завуч детского дома", "ch4.p2"),
        ("методист колледжа", "ch10.p8"),
        ("методист в детском саду", "ch2.p2"),
        ("методист методического кабинета", "ch8.p5"),
        ("әдіскер балабақша", "ch2.p2"),
        ("балабакша адискери", "ch2.p2"),
        ("воспитатель", "ch2.p4"),
        ("тарбиеши", "ch2.p4"),
        ("мектепке дейинги тарбиеши", "ch2.p4"),
        ("логопед школы", "ch3.p10"),
        ("логопед в садике", "ch2.p7"),
        ("директор колледжа", "ch9"),
        ("мектеп директоры", "ch3.p1"),
        ("заместитель директора спецшколы", "ch5.p2"),
        ("вожатый", "ch3.p14"),
        ("соцпедагог", "ch3.p12"),
        ("педагог доп образования", "ch6.p3"),
        ("тренер", "ch6.p9"),
        ("психолог школы", "ch3.p9"),
        ("директор ИПК", "ch7.p1"),
        ("тәрбиеші-ана", "ch4.p9"),
        ("восптатель детского сада", "ch2.p4"),  # typo
        ("Мектепке дейінгі тәрбие және оқыту ұйымының тәрбиешiсi", "ch2.p4"),  # Latin i
    ],
)
def test_resolve_position(name, position_id):
    assert resolve_position(name).position_id == position_id


@pytest.mark.parametrize(
    "name, candidates",
    [
        ("логопед", {"ch2.p7", "ch3.p10", "ch5.p4"}),
        ("музрук", {"ch2.p3", "ch6.p5"}),
        ("психолог или логопед", None),
    ],
)
def test_ambiguous_names(name, candidates):
    with pytest.raises(AmbiguousReference) as err:
        resolve_position(name)
    if candidates:
        assert set(err.value.candidates) == candidates


# Real user phrasings: the position a question is about must be the top link.
@pytest.mark.parametrize(
    "question, position_id",
    [
        ("завуч стажы қанша?", "ch3.p4"),
        ("сколько стажа нужно завучу", "ch3.p4"),
        ("методист детского сада требования", "ch2.p2"),
        ("тарбиешинин міндеттері қандай", "ch2.p4"),
        ("балабақшадағы әдіскерге қойылатын талаптар", "ch2.p2"),
        ("мектепке дейинги уйымнын адискери не билуге тиис", "ch2.p2"),
        ("какой стаж нужен воспитателю в селе чтобы стать модератором", "ch2.p4"),
        ("что должен знать логопед в школе", "ch3.p10"),
        ("колледж оқытушысы сарапшы болу үшін қанша жыл керек", "ch10.p12"),
        ("обязанности вожатого", "ch3.p14"),
        ("мектеп психологінің міндеттері", "ch3.p9"),
        ("Какие требования к директору школы?", "ch3.p1"),
        ("директор колледжа болу үшін қандай өтіл керек", "ch9"),
        ("завуч колледжа стаж", "ch10.p2"),
        ("тренер-преподаватель ДЮСШ требования", "ch6.p9"),
        ("сколько лет стажа нужно учителю математики на эксперта", "ch3.p7"),
        ("мұғалімге модератор санаты үшін қанша жыл өтіл керек", "ch3.p7"),
        ("социальный педагог колледжа обязанности", "ch10.p20"),
        ("мастер производственного обучения требования", "ch10.p17"),
        ("өндірістік оқыту шеберінің міндеттері", "ch10.p17"),
        ("аға вожатыйдың міндеттері", "ch3.p14"),
        ("интернат меңгерушісіне қойылатын талаптар", "ch3.p14b"),
        ("тәрбиеші-ананың міндеттері", "ch4.p9"),
        ("балалар үйінің тәрбиешісі", "ch4.p8"),
        ("воспитатель детского дома стаж", "ch4.p8"),
        ("концертмейстер требования", "ch6.p8"),
        ("методист ИПК что должен знать", "ch7.p3"),
        ("әдістемелік кабинеттің әдіскері", "ch8.p5"),
        ("методист дворца школьников", "ch6.p12"),
        ("педагог-ассистент в садике обязанности", "ch2.p8"),
        ("воспитатель общежития колледжа", "ch10.p18"),
        ("инспектор по делам молодежи требования", "ch10.p22"),
        ("заведующий детским садом стаж", "ch2.p1"),
        ("балабақша меңгерушісі болу үшін қанша жыл", "ch2.p1"),
        ("дефектолог коррекционной школы", "ch5.p4"),
        ("арнайы мектептің мұғалімі", "ch5.p5"),
        ("восптатель дедского сада требования", "ch2.p4"),  # two typos
        ("логопед мектепте", "ch3.p10"),
        ("психолог колледжа", "ch10.p14"),
        ("педагог дополнительного образования стаж", "ch6.p3"),
    ],
)
def test_link_positions_top_link(question, position_id):
    links = link_positions(question)
    assert links and links[0].position_id == position_id, links
    assert all(0 < link.score <= 1 for link in links)


@pytest.mark.parametrize(
    "question",
    ["отилі канша жыл", "сколько лет нужно для категории", "I am a teacher", "", "педагогикалық жұмыс өтілі",
     "мастерская", "шеберхана", "что такое педагогический стаж",
     "Как считается стаж работы в селе?", "Какой приказ утвердил эти характеристики?",
     "Біліктілік санаты дегеніміз не?", "Педагог-модератор болу үшін қанша жыл керек?",
     "Сколько лет нужно на эксперта с высшим образованием?", "Ауылдық жерде өтіл қалай есептеледі?",
     "Қайта даярлау курсынан өткен құжат жарай ма?", "Можно ли работать без педагогического образования?",
     "Техникалық және кәсіптік білімі бар адамға қандай талап?", "Мастер-класс өткізу міндетті ме?",
     "Экспертиза портфолио как проходит?", "Исследовательская работа обязательна?",
     "Мемлекеттік қызметтегі өтіл есептеле ме?", "Педагогтің жүктемесі қанша сағат?",
     "Мен кадетский корпуста істедім, ұсынып отыр"],
)
def test_link_positions_finds_nothing_where_nothing_is_named(question):
    assert link_positions(question) == []


def test_a_bare_methodist_links_to_every_methodist_weakly():
    links = link_positions("методист стаж", limit=10)
    assert {link.position_id for link in links} == METHODISTS
    assert max(link.score for link in links) < 0.5


def test_specific_links_outrank_defaults():
    assert link_positions("методист детского сада")[0].score > link_positions("завуч")[0].score


def test_link_positions_respects_the_limit():
    assert len(link_positions("методист", limit=3)) == 3


@pytest.mark.parametrize(
    "question, kind",
    [
        ("тәрбиешінің міндеттері", "duties"),
        ("обязанности завуча", "duties"),
        ("что делает методист", "duties"),
        ("функции социального педагога", "duties"),
        ("логопед не білуге тиіс", "knowledge"),
        ("что должен знать воспитатель", "knowledge"),
        ("біліктілікке қойылатын талаптар", "requirements"),
        ("требования к директору", "requirements"),
        ("стаж работы", "requirements"),
        ("отили канша жыл", "requirements"),
        ("какое образование нужно", "requirements"),
        ("сколько лет", "requirements"),
        ("модератор санаты", "competence"),
        ("категория эксперт", "competence"),
        ("құзыреттілік", "competence"),
        ("компетенции педагога-исследователя", "competence"),
    ],
)
def test_detect_kinds(question, kind):
    kinds = detect_kinds(question)
    assert kinds.get(kind) == max(kinds.values()) and 0 < kinds[kind] <= 1, kinds


def test_detect_kinds_is_empty_when_nothing_is_asked():
    assert detect_kinds("привет") == {}
    assert detect_kinds("методист детского сада") == {}


@pytest.mark.parametrize(
    "question, position_id",
    [
        ("техникалық және кәсіптік білімі бар тәрбиешіге қойылатын талаптар", "ch2.p4"),
        ("окончил колледж, какой стаж нужен воспитателю", "ch2.p4"),
    ],
)
def test_an_education_received_is_not_the_organisation(question, position_id):
    assert link_positions(question)[0].position_id == position_id


def test_organisation_names_are_not_kind_cues():
    # «образования» inside «дополнительного образования» names an organisation, not a requirement
    assert "requirements" not in detect_kinds("педагог дополнительного образования")


@pytest.mark.parametrize(
    "question, position_id",
    [
        # a deputy's field, named apart from «замдиректора»
        ("замдиректора колледжа по учебно-воспитательной работе стаж", "ch10.p3"),
        ("замдиректора по профессиональному обучению в колледже обязанности", "ch10.p4"),
        ("замдиректора колледжа по информационным технологиям", "ch10.p5"),
        ("замдиректора по воспитательной - что делает", "ch3.p5"),
        ("замдиректора детдома по воспитательной работе требования", "ch4.p3"),
        ("колледж директорының оқу-өндірістік жұмысы жөніндегі орынбасары", "ch10.p6"),
        # «директорының ... орынбасары» is a deputy, not a head
        ("Жетім балаларға арналған ұйым директорының оқу ісі жөніндегі орынбасарына қанша өтіл керек?", "ch4.p2"),
        # the organisation nearest the name decides
        ("Балалар үйінде тәрбие ісі жөніндегі орынбасар болғым келеді, мектептегі өтілім 4 жыл", "ch4.p3"),
        ("Институттың бөлім меңгерушісі болуға: мектепте бір жыл істедім", "ch7.p5"),
        # a more specific organisation beats the one inside an alias
        ("арнайы мектептегі логопед педагог-модератор болу үшін қанша жыл", "ch5.p4"),
        ("учитель-предметник в коррекционной школе: требования", "ch5.p5"),
        # the position asked about outranks the one held
        ("Мен мектепте 4 жыл мұғалім болып істедім. Мектеп директорына қандай талап қойылады?", "ch3.p1"),
        ("Я воспитатель в детском саду уже 3 года. Хочу перейти методистом в этот же садик.", "ch2.p2"),
    ],
)
def test_link_positions_in_longer_questions(question, position_id):
    assert link_positions(question)[0].position_id == position_id, link_positions(question)


def test_word_forms_that_only_look_like_names_are_ignored():
    # «психолого-педагогической» is no psychologist, «воспитательной» no educator
    assert link_positions("заведующий кабинетом психолого-педагогической коррекции")[0].position_id == "ch5.p1"
    assert [link.position_id for link in link_positions("замдиректора по воспитательной работе")] == ["ch3.p5"]


def test_resolve_position_uses_qualifiers_and_context():
    assert resolve_position("замдиректора колледжа по учебно-воспитательной работе").position_id == "ch10.p3"
    assert resolve_position("колледж директорының оқу жұмысы жөніндегі орынбасары").position_id == "ch10.p2"
    with pytest.raises(AmbiguousReference) as err:
        resolve_position("заместитель директора")
    assert len(err.value.candidates) > 10
