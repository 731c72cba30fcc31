"""Question sets as QA staff write them: JSONL, CSV or XLSX with the same columns.

Questions: ``id, lang, question, answerable, gold_clauses, must_mention, evidence`` (+ optional
``tags``). Eligibility cases: the columns of :class:`Case`. These two models (with the dialogue
turn of :mod:`.dialogues`, a question) are the only set models; every suite reads them.

A gold clause is held as its clause id (``ch2.p2.c12``), the form every committed set uses. As
input it may also be a ``chapter.paragraph.clause`` triple (``2.2.12``, ``9.-.244`` for no
paragraph) or the JSON object ``{"chapter", "paragraph", "clause", "position_kk"}``; a case's
clause may be a number with ``chapter``, ``paragraph`` and ``position_kk`` columns. Each is
resolved to the one clause id it names, or the row is left out. In CSV and XLSX a list cell is
``;``-separated. Columns nobody asked for are ignored (feedback exports carry some), so are
blank rows.

Every row is validated on its own: a bad row becomes a :class:`RowProblem` with its line
(JSONL) or row (CSV/XLSX, the header is row 1) and the reason, and the other rows still run.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from ..regulation.document import Clause, ClauseKind, Document
from ..errors import AssistantError, InputError
from ..regulation.references import resolve_clause
from .gold import GoldClause, clauses_named

FORMATS = (".jsonl", ".csv", ".xlsx")
QUESTION_COLUMNS = ["id", "lang", "question", "answerable", "gold_clauses", "must_mention", "evidence", "tags"]
# What a spreadsheet user may write for true/false, besides true/false/yes/no/1/0.
WORDS_FOR_BOOL = {"да": True, "нет": False, "иә": True, "ия": True, "жоқ": False}
# A JSON object, or a run of text up to the next «;».
LIST_ITEM_RE = re.compile(r"\{[^{}]*\}|[^;]+")
_BOOL = TypeAdapter(bool)


class RowProblem(BaseModel):
    """A row that was left out, and why."""

    file: str
    row: int = Field(description="line number (JSONL) or spreadsheet row number, header = row 1 (CSV/XLSX)")
    unit: str = Field(description="«line» or «row»")
    id: str | None = None
    reason: str

    def __str__(self) -> str:
        named = f" ({self.id})" if self.id else ""
        return f"{self.file}, {self.unit} {self.row}{named}: {self.reason}"


class Question(BaseModel):
    """A question of a set: what was asked, and the clause ids that answer it."""

    id: str
    lang: Literal["kk", "ru"]
    question: str
    answerable: bool
    gold_clauses: list[str] = Field(description="clause ids, e.g. ch2.p2.c12")
    must_mention: list[str] = []
    evidence: str = ""
    row: int = 0
    tags: list[str] = Field(default_factory=list)
    pair: str | None = Field(default=None, description="id of the same question in another script (Latin ↔ Cyrillic)")


class Case(BaseModel):
    """An eligibility case: a person's facts, the requirements clause they are judged by, the verdict."""

    id: str
    lang: str
    question: str
    clause: str = Field(description="the id of the requirements clause, e.g. ch2.p2.c12")
    category: str | None = None
    education: str | None = None
    locality: str | None = None
    years: float
    eligible: bool
    min_years: float | None = None
    evidence: str = ""
    row: int = 0
    tags: list[str] = Field(default_factory=list)


Item = TypeVar("Item", Question, Case)


class LoadedSet(BaseModel, Generic[Item]):
    path: str
    items: list[Item]
    problems: list[RowProblem]


class RowError(Exception):
    """One row's reason for being left out (internal: becomes a RowProblem)."""


# -- reading rows ---------------------------------------------------------------------------

def read_rows(path: Path) -> tuple[str, Iterator[tuple[int, dict[str, Any] | str]]]:
    """(unit, rows): each row is (number, values by column) or (number, why it cannot be read)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"{path.name}: unknown question set format; use one of {', '.join(FORMATS)}")
    if not path.is_file():
        raise InputError(f"no question set at {path}")
    if suffix == ".jsonl":
        return "line", _jsonl_rows(path)
    table = _csv_table(path) if suffix == ".csv" else _xlsx_table(path)
    return "row", _table_rows(path.name, table)


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"not JSON ({exc.msg}, column {exc.colno})"
            continue
        yield number, value if isinstance(value, dict) else "not a JSON object"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc


def _csv_table(path: Path) -> list[list[Any]]:
    """Rows of a CSV file; the separator (``,`` ``;`` or tab) is the one the header line uses most."""
    text = _read_text(path)
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_table(path: Path) -> list[list[Any]]:
    """Rows of the sheet named «questions» or «cases» if there is one, else of the first sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError) as exc:
        raise InputError(f"{path.name} is not a readable XLSX workbook ({exc})") from exc
    try:
        named = [s for s in book.worksheets if s.title.strip().lower() in ("questions", "cases")]
        sheet = (named or book.worksheets)[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _table_rows(name: str, table: list[list[Any]]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    header_at = next((i for i, row in enumerate(table) if any(cell_text(c) for c in row)), None)
    if header_at is None:
        raise InputError(f"{name} is empty: the first row must name the columns")
    columns = [cell_text(c).lower().replace(" ", "_") for c in table[header_at]]
    for number, row in enumerate(table[header_at + 1:], start=header_at + 2):
        cells = [cell_text(c) for c in row]
        if any(cells):
            yield number, {col: value for col, value in zip(columns, cells) if col}


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: whole numbers without «.0», booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# -- cells -----------------------------------------------------------------------------------

def split_list(value: Any) -> list[Any]:
    """A list cell: a JSON list (JSONL) or ``;``-separated items (JSON objects kept whole)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    text = str(value).strip()
    if text.startswith("["):
        try:
            return list(json.loads(text))
        except json.JSONDecodeError as exc:
            raise RowError(f"the list {text[:40]!r} is not valid JSON ({exc.msg})") from exc
    return [item.strip() for item in LIST_ITEM_RE.findall(text) if item.strip()]


def parse_bool(value: Any, column: str, default: bool | None = None) -> bool:
    if value in (None, "") and default is not None:
        return default
    word = str(value).strip().lower()
    if word in WORDS_FOR_BOOL:
        return WORDS_FOR_BOOL[word]
    try:
        return _BOOL.validate_python(word if isinstance(value, str) else value)
    except ValidationError:
        raise RowError(f"{column} must be true or false, not {value!r}") from None


def blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


# -- gold clauses ----------------------------------------------------------------------------

def parse_gold(doc: Document, value: Any) -> str:
    """The clause id of a gold clause written as a clause id, a triple or the JSON object; it must name one clause."""
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise RowError(f"gold clause {value!r} is not valid JSON ({exc.msg})") from exc
    if isinstance(value, dict):
        try:
            gold = GoldClause.model_validate(value)
        except ValidationError as exc:
            raise RowError(f"gold clause {json.dumps(value, ensure_ascii=False)}: {_first_error(exc)}") from exc
        return gold_clause(doc, gold).id
    try:
        return resolve_clause(doc, str(value)).id
    except AssistantError as exc:
        raise RowError(f"gold clause: {exc}") from exc


def gold_clause(doc: Document, gold: GoldClause) -> Clause:
    """The one clause a written label names (RowError if none or two)."""
    found = clauses_named(doc, gold)
    triple = f"{gold.chapter}.{gold.paragraph if gold.paragraph is not None else '-'}.{gold.clause}"
    if len(found) == 1:
        return found[0]
    same = [c.id for c in doc.clauses if (c.chapter, c.paragraph, c.clause) == (gold.chapter, gold.paragraph, gold.clause)]
    if len(same) > 1:
        raise RowError(f"gold clause {triple} is printed twice ({', '.join(same)}); write the clause id, "
                       "or position_kk exactly as the regulation prints the title")
    raise RowError(f"gold clause {triple}: the regulation has no such clause")


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


# -- questions -------------------------------------------------------------------------------

def question_from_row(doc: Document, raw: dict[str, Any], row: int) -> Question:
    answerable = parse_bool(raw.get("answerable"), "answerable", default=True)
    golds = [parse_gold(doc, g) for g in split_list(raw.get("gold_clauses"))]
    if answerable and not golds:
        raise RowError("an answerable question needs at least one gold clause")
    if not answerable and golds:
        raise RowError("a question marked answerable=false cannot have gold clauses")
    data = {
        "id": raw.get("id"), "lang": raw.get("lang"), "question": raw.get("question"),
        "answerable": answerable, "gold_clauses": golds,
        "must_mention": [str(m) for m in split_list(raw.get("must_mention"))],
        "evidence": raw.get("evidence") or "", "tags": [str(t) for t in split_list(raw.get("tags"))], "row": row,
        "pair": blank_to_none(raw.get("pair")),
    }
    return _validated(Question, data)


def _validated(model: type[Item], data: dict[str, Any]) -> Item:
    for key in ("id", "question"):
        if not str(data.get(key) or "").strip():
            raise RowError(f"{key} is empty")
    data["id"] = str(data["id"]).strip()
    if isinstance(data.get("lang"), str):
        data["lang"] = data["lang"].strip().lower()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RowError(_first_error(exc)) from exc


def load_question_set(path: Path, doc: Document) -> LoadedSet[Question]:
    return _load(path, lambda raw, row: question_from_row(doc, raw, row))


# -- eligibility cases ------------------------------------------------------------------------

CLAUSE_COLUMNS = ("chapter", "paragraph", "position_kk")  # an input form only: resolved to the clause id


def case_from_row(doc: Document, raw: dict[str, Any], row: int) -> Case:
    data = {key: blank_to_none(value) for key, value in raw.items()}
    data["clause"] = case_clause_id(doc, data)
    for key in CLAUSE_COLUMNS:
        data.pop(key, None)
    for key in ("years", "min_years"):
        if isinstance(data.get(key), str):
            data[key] = data[key].replace(",", ".")  # «2,5» as Russian and Kazakh spreadsheets write it
    data["eligible"] = parse_bool(data.get("eligible"), "eligible")
    data["tags"] = [str(t) for t in split_list(data.get("tags"))]
    return _validated(Case, data | {"row": row, "evidence": data.get("evidence") or ""})


def case_clause_id(doc: Document, data: dict[str, Any]) -> str:
    """The requirements clause a case row names: an id or triple in ``clause``, or the clause number
    with the ``chapter``, ``paragraph`` and ``position_kk`` columns (RowError if it names none)."""
    ref = data.get("clause")
    if ref is None:
        raise RowError("clause is empty")
    if isinstance(ref, str) and not ref.strip().isdigit():
        try:
            clause = resolve_clause(doc, ref)
        except AssistantError as exc:
            raise RowError(f"clause: {exc}") from exc
    else:
        paragraph = data.get("paragraph")
        try:
            gold = GoldClause(chapter=data.get("chapter"), clause=ref, position_kk=data.get("position_kk"),
                              paragraph=None if paragraph in ("-", "0") else paragraph)
        except ValidationError as exc:
            raise RowError(f"clause: {_first_error(exc)}") from exc
        clause = gold_clause(doc, gold)
    if clause.kind is not ClauseKind.REQUIREMENTS:
        raise RowError(f"clause {clause.id} is not a requirements clause (it is {clause.kind.value})")
    return clause.id


def case_clause(doc: Document, case: Case) -> Clause:
    """The requirements clause a case is about."""
    return doc.clause(case.clause)


def load_case_set(path: Path, doc: Document) -> LoadedSet[Case]:
    return _load(path, lambda raw, row: case_from_row(doc, raw, row))


# -- both --------------------------------------------------------------------------------------

def _load(path: Path, build: Callable[[dict[str, Any], int], Item]) -> LoadedSet[Item]:
    unit, rows = read_rows(path)
    items: list[Item] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, raw in rows:
        row_id = (str(raw.get("id") or "").strip() or None) if isinstance(raw, dict) else None
        try:
            if isinstance(raw, str):
                raise RowError(raw)
            if row_id in seen:
                raise RowError(f"the id is already used on {unit} {seen[row_id]}")
            item = build(raw, number)
        except RowError as exc:
            problems.append(RowProblem(file=path.name, row=number, unit=unit, id=row_id, reason=str(exc)))
            continue
        seen[item.id] = number
        items.append(item)
    return LoadedSet[Item](path=str(path), items=items, problems=problems)
