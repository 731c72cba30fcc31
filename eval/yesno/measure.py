"""Yes/no questions about duties (issue 13 item 2): how the assistant answers them today.

    python eval/yesno/measure.py eval/yesno/dev.jsonl

Prints, per language: how often the duties clause of the position asked about is the first
citation (and among the first 3), and — for `supported` rows — how often the supporting item is
quoted within the first 600 characters of the answer; and the yes/no lead: how many answers start
«Да — … / Иә — …», how many of those quote the supporting item of a `supported` row (right), and how
many were given to a `not_mentioned` row or quote another item (wrong). No answer ever says «Нет»:
absence from a list is not a «no».
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FIRST_CHARS = 600


def main(path: str) -> None:
    from assistant.answering.chain import get_assistant

    assistant = get_assistant()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        answer = assistant.answer(row["question"])
        cited = [c.id for c in answer.citations]
        tally = counts[row["lang"]]
        tally["rows"] += 1
        tally["clause@1"] += cited[:1] == [row["clause"]]
        tally["clause@3"] += row["clause"] in cited[:3]
        if row["answer"] == "supported":
            tally["supported"] += 1
            tally["item shown"] += row["item"][:40] in answer.answer[:FIRST_CHARS]
        lead = answer.answer.split("\n", 1)[0]
        if lead.startswith(("Да —", "Иә —")):
            tally["yes"] += 1
            right = row["answer"] == "supported" and row["item"][:40] in lead
            tally["yes right" if right else "yes wrong"] += 1
    for lang, tally in sorted(counts.items()):
        n, s = tally["rows"], tally["supported"] or 1
        print(f"{lang}: {n} rows · duties clause first {tally['clause@1'] / n:.2f}, in top 3 {tally['clause@3'] / n:.2f}"
              f" · supporting item in the first {FIRST_CHARS} characters {tally['item shown'] / s:.2f} ({s} rows)"
              f" · «yes» leads {tally['yes']} (right {tally['yes right']}, wrong {tally['yes wrong']})")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python eval/yesno/measure.py eval/yesno/<split>.jsonl")
    main(sys.argv[1])
