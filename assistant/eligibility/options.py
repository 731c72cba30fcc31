"""The checker's choices (levels, education, locality, organisation level), labelled in Kazakh or Russian.

``form_options`` is the fixed form of ``GET /api/eligibility/options?lang=`` (without a position); the
guided check of one position (:mod:`.dialog`) labels its choices with the same wording. The levels'
names come from the document model.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..regulation.document import Level
from .rules import Education, Locality, OrgLevel


class Choice(BaseModel):
    value: str
    label: str


class FormOptions(BaseModel):
    level: list[Choice]
    education: list[Choice]
    locality: list[Choice]


# The form's wording of the checker's inputs (the levels' names come from the document model).
EDUCATION_LABEL = {
    "kk": {Education.HIGHER: "Жоғары", Education.POSTGRADUATE: "Жоғары оқу орнынан кейінгі",
           Education.TVET: "Техникалық және кәсіптік"},
    "ru": {Education.HIGHER: "Высшее", Education.POSTGRADUATE: "Послевузовское",
           Education.TVET: "Техническое и профессиональное"},
}
LOCALITY_LABEL = {
    "kk": {Locality.URBAN: "Қала", Locality.RURAL: "Ауылдық жер"},
    "ru": {Locality.URBAN: "Город", Locality.RURAL: "Сельская местность"},
}
ORG_LEVEL_LABEL = {
    "kk": {OrgLevel.REGIONAL: "Облыс (республикалық маңызы бар қала) деңгейі", OrgLevel.DISTRICT: "Аудан (қала) деңгейі"},
    "ru": {OrgLevel.REGIONAL: "Областной (города республиканского значения) уровень",
           OrgLevel.DISTRICT: "Районный (городской) уровень"},
}


def form_options(lang: str = "kk") -> FormOptions:
    """The choices of the guided check, labelled in ``lang``."""
    return FormOptions(
        level=[Choice(value=lv.value, label=getattr(lv, lang)) for lv in Level],
        education=[Choice(value=e.value, label=label) for e, label in EDUCATION_LABEL[lang].items()],
        locality=[Choice(value=loc.value, label=label) for loc, label in LOCALITY_LABEL[lang].items()],
    )
