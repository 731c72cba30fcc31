"""Deciding what kind of message a question is, before any retrieval.

Greetings and requests for help are answered directly; topics the regulation
does not cover (pay, leave, pensions, the attestation procedure, …) are said
to be out of scope. Matching is on normalised, Kazakh-folded text, so
«жалакы» meets «жалақы». Eligibility and regulation questions are told apart
later, by the slots the question carries.
"""

from __future__ import annotations

import re

from ..language.textnorm import fold_kazakh, normalise

GREETING_RE = re.compile(
    r"^(салем\w*|салеметсиз\w*|сәлем\w*|ассалаумағалейкум|привет\w*|здравствуй\w*|добр\w+ (день|утро|вечер)|"
    r"кайырлы (кун|таң|тан|кеш)|hi|hello|hey)[\s!.,)]*$"
)
HELP_RE = re.compile(
    r"^(/?help|/start|комек|помощь|помоги\w*|что ты умеешь|что умеешь|не истей аласын\w*|сен кимсин|кто ты)[\s?!.]*$"
)
# Topics outside the regulation: regular expressions over folded text, matched at word starts.
OUT_OF_SCOPE_STEMS = [
    # pay and allowances
    "жалакы", "айлык", "айлыг", "зарплат", "заработн", "оклад", "надбавк", "доплат", "устемеакы",
    "косымша акы", "премия", "сыйакы", "отпускн", r"сколько\W+(?:\w+\W+)?(?:получа|плат)",
    # leave, health, pensions
    "демалыс", "отпуск", "больничн", "декрет", "зейнет", "пенси", "медосмотр", "медицинский осмотр",
    "медициналык тексеру",
    # the attestation procedure (the regulation names the levels, not the procedure)
    r"когда\W+(?:\w+\W+){0,2}аттестац", r"аттестац\w*\W+(?:\w+\W+){0,3}(?:срок|месяц|когда)", "аттестаттау тартиб",
    "кайта аттестатта", "порядок аттестации", "сроки аттестации", "на аттестаци", "аттестацияга",
    "аттестаттаудан", r"документ\w*\W+(?:\w+\W+){0,3}аттестац", "тестилеу", "тестирован", "балл",
    # employment law
    "совместительств", "косымша жумыс", "испытательн", "сынак мерзим", "увольнен", "жумыстан шыгар",
    "сокращен", "трудовой договор", "енбек шарт", "нагрузк", "часов в неделю", "сагат жуктеме", "дресс",
    # other matters
    "нострифик", "ипотек", "налог", "салык",
]
_OOS_RE = re.compile(r"(?<!\w)(" + "|".join(OUT_OF_SCOPE_STEMS) + ")")
# How the regulation itself words a topic (folded Kazakh stems): a topic word is only a prior, and
# when the position asked about has the topic in its own clauses (a psychologist's «тестілеу»,
# the orphanage deputy's «зейнетақы», a counsellor's «демалыс»), the question is in scope.
TOPIC_IN_REGULATION = {
    "пенси": ["зейнет"], "зейнет": ["зейнет"], "отпуск": ["демалыс"], "демалыс": ["демалыс"],
    "тестирован": ["тестиле", "диагност"], "тестилеу": ["тестиле", "диагност"], "нагрузк": ["жуктеме"],
    "сагат жуктеме": ["жуктеме"], "зарплат": ["жалакы", "енбекакы"], "жалакы": ["жалакы", "енбекакы"],
    "премия": ["сыйакы"], "сыйакы": ["сыйакы"], "балл": ["балл"], "медицинский осмотр": ["медициналык"],
    "медициналык тексеру": ["медициналык тексеру"], "медосмотр": ["медициналык"], "декрет": ["декрет"],
}


def regulation_words(topic: str) -> list[str]:
    """The folded Kazakh stems the regulation would use for an out-of-scope topic word."""
    return TOPIC_IN_REGULATION.get(topic, [topic] if not re.search(r"[^\w ]", topic) else [])


def _key(text: str) -> str:
    return fold_kazakh(normalise(text)).strip()


def is_greeting(text: str) -> bool:
    return bool(GREETING_RE.match(_key(text)))


def is_help(text: str) -> bool:
    return bool(HELP_RE.match(_key(text)))


def out_of_scope_topic(text: str) -> str | None:
    """The out-of-scope topic a question is about, or None."""
    match = _OOS_RE.search(_key(text))
    return match.group(1) if match else None


# «can I / may I» in both languages, folded: «бола ма», «аламын ба», «могу ли», «можно ли», …
PERMISSION_RE = re.compile(
    r"(бола ма|болады ма|аламын ба|алам ба|боламын ба|жете ме|жетеди ме|могу ли|можно ли|смогу ли|"
    r"достаточно ли|хватит ли|хватает ли|подхожу ли|имею ли право|(?<!чтобы )получить|присвоят|претендовать)"
)  # «чтобы получить …» is the purpose of what is asked («что нужно уметь»), not a «may I»


def asks_permission(text: str) -> bool:
    return bool(PERMISSION_RE.search(_key(text)))
