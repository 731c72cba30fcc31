"""``assistant check``: the deterministic eligibility checker on the command line."""

from __future__ import annotations

import argparse

from ...eligibility import check
from ...eligibility.rules import Education, Locality, OrgLevel
from .corpus_commands import settings_document


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("check", help="does this experience meet a position's or a level's rule?")
    p.add_argument("--position", required=True, help="an id (ch2.p2), a Kazakh or Russian title, or a common name")
    p.add_argument("--level", help="pedagog, moderator, expert, researcher, master (or their kk/ru names)")
    p.add_argument("--education", choices=[e.value for e in Education])
    p.add_argument("--locality", choices=[e.value for e in Locality])
    p.add_argument("--org-level", choices=[e.value for e in OrgLevel], help="for methodical centres (chapter 8)")
    p.add_argument("--variant", help="a kind of the position with its own rules (e.g. small_school)")
    p.add_argument("--years", required=True, type=float, help="years of experience of the kind the rule asks")
    p.add_argument("--nested-years", type=float, help="of which, in the setting a «соңғы N жыл» rule names")
    p.add_argument("--leadership-years", type=float, help="years as head or deputy head")
    p.add_argument("--civil-service-years", type=float, help="years as a civil servant in education")
    p.add_argument("--enterprise-years", type=float, help="years at enterprises of the profile")
    p.add_argument("--category", dest="categories", action="append", help="a category held (repeatable); 'none' for none")
    p.add_argument("--retraining", choices=["yes", "no"], help="a document of (pedagogical) retraining held")
    p.add_argument("--academic-degree", choices=["yes", "no"], help="an academic degree held")
    p.add_argument("--lang", choices=["kk", "ru"], default="kk", help="language of the explanation")
    p.add_argument("--json", action="store_true", help="print the whole result as JSON")
    p.set_defaults(handler=check_command)


def check_command(args: argparse.Namespace) -> int:
    categories = None if args.categories is None else [c for c in args.categories if c != "none"]
    result = check(
        args.position, args.level, args.education, args.locality, args.years,
        variant=args.variant, org_level=args.org_level, nested_years=args.nested_years,
        leadership_years=args.leadership_years, civil_service_years=args.civil_service_years,
        enterprise_years=args.enterprise_years, categories_held=categories,
        retraining=_flag(args.retraining), academic_degree=_flag(args.academic_degree), document=settings_document(),
    )
    if args.json:
        print(result.model_dump_json(indent=2))
    else:
        print(result.verdict.value)
        print(result.explanation_kk if args.lang == "kk" else result.explanation_ru)
    return 0


def _flag(value: str | None) -> bool | None:
    return None if value is None else value == "yes"
