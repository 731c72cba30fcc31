"""Position names in the language of the request (Kazakh as printed, Russian from the glossary)."""

from __future__ import annotations

from ...regulation.document import Document
from ...language.glossary import russian_title


def position_title(doc: Document, position_id: str, lang: str) -> str:
    return russian_title(position_id) if lang == "ru" else doc.position(position_id).title
