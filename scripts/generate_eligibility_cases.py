"""Write the boundary cases tests/eligibility/ch*.yaml from the regulation's own text (issue 17, item 5).

    python scripts/generate_eligibility_cases.py           # write the files, print what was left out
    python scripts/generate_eligibility_cases.py --check   # exit 1 when a committed file differs

The minimums are read here, independently, from each position's requirements clause («Біліктілікке
қойылатын талаптар») as parsed into the document model, with this script's own small reading of the
clause's wording and of Kazakh number words. It never reads ``corpus/rules/`` nor imports
``assistant.eligibility`` — the rules and the checker these cases test (tests/test_eligibility_cases.py
runs it in a subprocess and checks both). So a number misread into the rules data fails its case
instead of being copied into it.

What is read:

* the position's own requirement (level «педагог»), the text before the first level item: «жұмыс
  өтіліне талап қойылмайды» (no experience) with no number, or exactly one «… жұмыс өтілі кемінде N
  жыл» and no «талап қойылмай»; the educations it names (higher, postgraduate, TVET) are the ones
  cased. Chapter 8's «облыс … деңгейінде:» / «аудандар/қалалар деңгейінде:» parts are read one by one
  (org_level regional / district). A special variant («… үшін:») is cut off: only the general rule.
* level items «педагог-модератор (және педагог-сарапшы) үшін кемінде N жыл» under the nearest
  «біліктілігінің жоғары / орта / орта және жоғары деңгейі» (жоғары = higher or postgraduate
  education, орта = TVET); several items for one level and education are alternatives («және
  (немесе)»): the smallest is the minimum.

What is left out, and listed in the files' headers (curated.yaml may cover it): a requirement with
more than one number or with «оның ішінде», «соңғы», a locality («жерде»), a degree, a kind of
experience other than teaching (leadership, enterprise), both «no experience» and a number; a level
item that no «… деңгейі» governs or that adds a condition (a degree, a locality); a clause in which
some number of years is read by none of these. Better fewer cases than guessed ones.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml

from assistant.regulation.corpus import load_document
from assistant.regulation.document import LEVEL_KK, ClauseKind, Document, Level

CASES_DIR = ROOT / "tests" / "eligibility"

NUMBER_WORDS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
                "тоғыз": 9, "он": 10}
_NUM = r"(?<![\w.,])(?P<num>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
# «5 жыл», «5жыл», «5 жылдан», and the text's «4 жы,» (not a calendar year: «1995 жылға дейін»)
YEARS = re.compile(_NUM + r"\s*жы(?:л\w*)?(?!\w)")
_TIER_WORD = r"(жоғары|орта)"
TIER = re.compile(
    rf"(?:біліктілігінің|біліктілігі)\s+{_TIER_WORD}(?:\s+(?:және|немесе)\s+{_TIER_WORD})?\s+деңгей"
    rf"|{_TIER_WORD}(?:\s+(?:және|немесе)\s+{_TIER_WORD})?\s+(?:деңгейдегі\s+біліктілік|біліктілік\s+деңгей)")
_LEVEL = r"педагог\s*[-–]\s*(?:модератор|сарапшы|зерттеуші|шебер)\w*"
LEVEL_NAME = re.compile(r"педагог\s*[-–]\s*(модератор|сарапшы|зерттеуші|шебер)")
LEVEL_OF = {"модератор": Level.MODERATOR, "сарапшы": Level.EXPERT, "зерттеуші": Level.RESEARCHER,
            "шебер": Level.MASTER}
# «педагог-сарапшы және педагог-зерттеуші үшін – кемінде 4 жыл», «педагог-шебер мамандығы бойынша жұмыс
# өтілі – 5 жыл»: the level names, then words with no other level, number or sentence end, then the years.
ITEM = re.compile(rf"(?P<levels>{_LEVEL}(?:\s*(?:,|және|немесе)\s*{_LEVEL})*)"
                  rf"(?P<filler>(?:(?!{_LEVEL})[^;.:\d]){{0,160}}?)" + YEARS.pattern)
NO_EXPERIENCE = re.compile(r"(?:өтіліне|стажына|өтілі)\s+талап(?:тар)?\s+қой")
VARIANT = re.compile(r"[^;.]*үшін(?:\s+біліктілікке қойылатын талаптар)?\s*:")
ORG_LEVELS = (("regional", "облыс, республикалық маңызы бар қалалар деңгейінде:"),
              ("district", "аудандар/қалалар деңгейінде:"))
HIGHER = re.compile(r"жоғары(?!\s+біліктілік)(?!\s+деңгей)")
POSTGRADUATE = re.compile(r"жоғары оқу орнынан кейінгі")
TVET = re.compile(r"техникалық және кәсіптік(?:,? орта білімнен кейінгі)?\s*(?:\([^)]*\)\s*)?"
                  r"(?:педагогикалық\s+)?білім(?!\s+беру)")
# Words that make a position's own requirement more than «N years of teaching».
BASE_DOUBTS = {"оның ішінде": "a part of the years («оның ішінде»)", "соңғы": "recent years («соңғы»)",
               "жерде": "a locality («… жерде»)", "дәреже": "a degree («ғылыми дәреже»)"}
EXPERIENCE_DOUBTS = ("лауазым", "басшы", "кәсіпорын")

EDU_EN = {"higher": "higher education", "postgraduate": "postgraduate education", "tvet": "TVET"}
ORG_EN = {"regional": "at the regional (city of republican significance) level", "district": "at the district/town level"}
HEADER = """\
# Boundary cases for chapter {chapter}: exactly the minimum, just below it, fractional. GENERATED by
# scripts/generate_eligibility_cases.py from the requirements clauses' text (not from corpus/rules/):
# do not edit, run the script. Facts other routes need are given as «none» (no category, no
# leadership, …) so that each verdict is definite.
"""
DEFAULTS = {"academic_degree": False, "categories_held": [], "civil_service_years": 0, "enterprise_years": 0,
            "leadership_years": 0, "retraining": False}


def number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def educations(text: str) -> list[str]:
    found = []
    if HIGHER.search(text):
        found.append("higher")
        if POSTGRADUATE.search(text):
            found.append("postgraduate")
    if TVET.search(text):
        found.append("tvet")
    return found


@dataclass
class Reading:
    """What one requirements clause says: {(level, education, org_level): minimum} and what was not read."""

    position: str
    title: str
    minimums: dict[tuple[Level, str, str | None], int] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)

    def set(self, level: Level, education: str, org_level: str | None, years: int) -> None:
        key = (level, education, org_level)
        self.minimums[key] = min(years, self.minimums.get(key, years))


def read_base(reading: Reading, text: str, org_level: str | None = None) -> None:
    """The position's own requirement (level «педагог») from the text before the level items."""
    where = f" ({org_level})" if org_level else ""
    variant = VARIANT.search(text)
    if variant:
        text = text[:variant.start()]
    numbers = list(YEARS.finditer(text))
    free = NO_EXPERIENCE.search(text)
    if free and len(numbers) == 1 and free.end() < numbers[0].start():
        # «жоғары … білім …, жұмыс өтіліне талап қойылмайды немесе … техникалық және кәсіптік білімі,
        # педагогикалық еңбек өтілі – кемінде 5 жыл»: two alternatives, each with its educations.
        split = re.search(r"\bнемесе\b", text[free.end():numbers[0].start()])
        if split:
            read_base(reading, text[:free.end() + split.start()], org_level)
            read_base(reading, text[free.end() + split.end():], org_level)
            return
    doubts = [why for word, why in BASE_DOUBTS.items() if word in text]
    if free and not numbers:
        years = 0
        if not educations(text):
            reading.left_out.append(f"the position itself{where}: «{text.strip()}» names no education")
            return
    elif len(numbers) == 1 and not free and not doubts:
        if re.search(r";\s*немесе\b", text[:numbers[0].start()]):
            # «жоғары … білім …; немесе … техникалық және кәсіптік білім, … өтілі – 5 жылдан кем емес»:
            # whether the years bind the first alternative too is not plain.
            reading.left_out.append(f"the position itself{where}: the years follow «; немесе», an alternative"
                                    " of its own")
            return
        before = re.split(r"[,;]|немесе", text[:numbers[0].start()])[-1]
        if "өтіл" not in before or any(w in before for w in EXPERIENCE_DOUBTS):
            reading.left_out.append(f"the position itself{where}: «{before.strip()} …» is not plainly years of"
                                    " teaching")
            return
        years = number(numbers[0]["num"])
    else:
        why = doubts or ([f"{len(numbers)} numbers of years"] if len(numbers) > 1 else []) + (
            ["both «no experience» and a number"] if free and numbers else [])
        reading.left_out.append(f"the position itself{where}: " + (", ".join(why) or "no number of years"))
        return
    for education in educations(text):
        reading.set(Level.PEDAGOG, education, org_level, years)


def read_clause(position: str, title: str, text: str) -> Reading:
    reading = Reading(position, title)
    text = " ".join(text.split())
    text = text.split(":", 1)[1] if text.startswith(("Біліктілікке", "Бiлiктiлiкке")) else text
    events = sorted([(m.start(), "tier", m) for m in TIER.finditer(text)]
                    + [(m.start(), "item", m) for m in ITEM.finditer(text)], key=lambda e: e[0])
    first = events[0][0] if events else len(text)
    marks = [(org, text.find(mark)) for org, mark in ORG_LEVELS if mark in text]
    if marks and events:
        reading.left_out.append("organisation levels and level items together")
        return reading
    if marks:
        marks.sort(key=lambda m: m[1])
        for i, (org, start) in enumerate(marks):
            end = marks[i + 1][1] if i + 1 < len(marks) else len(text)
            read_base(reading, text[start:end], org)
    else:
        read_base(reading, text[:first])
    read_levels(reading, text, events)
    if not events and re.search(_LEVEL + r"[^;.]{0,40}үшін[^;.]{0,160}?" + YEARS.pattern, text):
        reading.left_out.append("the levels: no level item read («педагог-… үшін … N жыл»)")
    unread = [m.group(0) for m in YEARS.finditer(text[first:])
              if not any(e[1] == "item" and e[2].start("num") == first + m.start("num") for e in events)]
    if unread:
        reading.left_out.append(f"the levels: {', '.join(f'«{u}»' for u in unread)} read by no level item")
        for key in [k for k in reading.minimums if k[0] is not Level.PEDAGOG]:
            del reading.minimums[key]
    return reading


def read_levels(reading: Reading, text: str, events: list) -> None:
    tier: list[str] | None = None
    last_item_end: int | None = None
    doubtful: set[Level] = set()
    found: list[tuple[Level, list[str], int]] = []
    for i, (start, kind, m) in enumerate(events):
        if kind == "tier":
            words = {w for w in m.groups() if w}
            tier = (["higher", "postgraduate"] if "жоғары" in words else []) + (["tvet"] if "орта" in words else [])
            last_item_end = None
            continue
        levels = [LEVEL_OF[n] for n in LEVEL_NAME.findall(m["levels"])]
        if last_item_end is not None and ":" in text[last_item_end:start]:
            tier = None  # «…; мамандығы бойынша жұмыс өтілі: педагог-модератор …» — a new list, no «деңгейі»
        following = events[i + 1][0] if i + 1 < len(events) else len(text)
        tail = text[m.end():following]
        if tier is None:
            reading.left_out.append(f"{', '.join(lv.kk for lv in levels)}: «{m.group(0)}» under no «… деңгейі»")
            doubtful.update(levels)
        elif "дәреже" in tail or "жерде" in m["filler"] + tail:
            reading.left_out.append(f"{', '.join(lv.kk for lv in levels)}: «{m.group(0)}{tail.rstrip(' ;,.')}» "
                                    "adds a condition")
            doubtful.update(levels)
        else:
            found.extend((lv, tier, number(m["num"])) for lv in levels)
        last_item_end = m.end()
    for level, tier_educations, years in found:
        if level not in doubtful:
            for education in tier_educations:
                reading.set(level, education, None, years)


def read_document(doc: Document) -> list[Reading]:
    readings = []
    for position in doc.positions:
        clauses = [c for c in doc.clauses_of(position.id) if c.kind is ClauseKind.REQUIREMENTS]
        if len(clauses) != 1:
            reading = Reading(position.id, position.title)
            reading.left_out.append(f"{len(clauses)} requirements clauses")
        else:
            reading = read_clause(position.id, position.title, clauses[0].text)
        readings.append(reading)
    return readings


def cases_of(reading: Reading) -> list[dict]:
    cases = []
    order = {e: i for i, e in enumerate(EDU_EN)}
    for (level, education, org_level), minimum in sorted(
            reading.minimums.items(), key=lambda kv: (kv[0][0].rank, order[kv[0][1]], kv[0][2] or "")):
        who = "the position itself" if level is Level.PEDAGOG else f"the level «{LEVEL_KK[level]}»"
        subject = f"{reading.title} ({reading.position}), {who}, with {EDU_EN[education]}"
        if org_level:
            subject += f" {ORG_EN[org_level]}"
        points = [(float(minimum), "eligible", f"exactly the minimum of {minimum} years")]
        if minimum:
            below = f"{minimum - 0.5:g} years, just below the minimum of {minimum}"
            points.append((minimum - 0.5, "not_eligible", below))
        points.append((minimum + 0.5, "eligible", f"a fractional {minimum + 0.5:g} years"))
        for years, verdict, how in points:
            inputs = {"position": reading.position, "level": level.value, "education": education, "years": years}
            if org_level:
                inputs["org_level"] = org_level
            says = "qualifies" if verdict == "eligible" else "does not qualify"
            cases.append({"name": f"{subject} and {how} {says}.", "input": inputs,
                          "output": {"min_years": float(minimum), "verdict": verdict}})
    return cases


def _flow(value) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10 ** 6, sort_keys=True).strip()


def render(chapter: int, readings: list[Reading]) -> str:
    lines = [HEADER.format(chapter=chapter).rstrip("\n")]
    left = [r for r in readings if r.left_out]
    if left:
        lines.append("# Not read from the clause (no case; curated.yaml may cover it):")
        for r in left:
            for why in r.left_out:
                lines.append(f"#   {r.position}: {why}")
    lines.append("defaults: " + _flow(DEFAULTS))
    lines.append("cases:")
    for reading in readings:
        for case in cases_of(reading):
            lines.append("  - name: " + json.dumps(case["name"], ensure_ascii=False))  # a YAML string too
            lines.append("    input: " + _flow(case["input"]))
            lines.append("    output: " + _flow(case["output"]))
    return "\n".join(lines) + "\n"


def generate(doc: Document | None = None) -> dict[str, str]:
    """{file name: text} for every chapter that has a position with a requirements clause."""
    readings = read_document(doc or load_document())
    chapters: dict[int, list[Reading]] = {}
    for reading in readings:
        chapters.setdefault(int(reading.position.split(".")[0][2:]), []).append(reading)
    return {f"ch{ch}.yaml": render(ch, rs) for ch, rs in sorted(chapters.items())
            if any(r.minimums for r in rs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    parser.add_argument("--out", type=Path, default=CASES_DIR, help="where the files go")
    args = parser.parse_args(argv)
    files = generate()
    if args.check:
        stale = [name for name, text in files.items()
                 if not (args.out / name).exists() or (args.out / name).read_text(encoding="utf-8") != text]
        stale += [p.name for p in sorted(args.out.glob("ch*.yaml")) if p.name not in files]
        for name in stale:
            print(f"{name} differs from the generator's output", file=sys.stderr)
        return 1 if stale else 0
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    for path in sorted(args.out.glob("ch*.yaml")):
        if path.name not in files:
            path.unlink()
    count = sum(text.count("\n  - name: ") for text in files.values())
    print(f"{count} cases in {len(files)} files")
    for reading in read_document(load_document()):
        for why in reading.left_out:
            print(f"left out {reading.position}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
