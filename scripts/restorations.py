"""Propose restorations of the law titles the PDF extraction scrambled (issue 13, item 4).

    python scripts/restorations.py            # print the proposals and the clauses left as printed
    python scripts/restorations.py --write    # write them into corpus/restorations.yaml (titles kept)

How the damage came about: in the PDF the law titles were hyperlinks, and the extraction printed the
words around the links first and the linked words later (sometimes a line or two later), each in
their own order. So the printed passage interleaves two sequences whose order is intact: the
skeleton («Қазақстан Республикасының , … " ", " " заңдары») with empty slots, and the linked words
(«Конституциясы Білім туралы Педагог мәртебесі туралы …»). A proposal takes the linked words out,
cuts them into the titles of the list in corpus/restorations.yaml (and the one-word links
«Конституциясы», «кодексі», «конвенцияны»), and puts them back into the slots in order. It is kept
only when the slots and the titles are as many, the letters are the same, every quoted text is a
listed title and nothing scrambled is left; otherwise the clause is reported and stays as printed.
The data file, checked by hand, is the source of truth; this script only proposes.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.regulation.corpus import load_document  # noqa: E402
from assistant.regulation.restorations import RESTORATIONS_FILE, letters, quoted, scrambled  # noqa: E402

REASON = "hyperlinked law titles printed out of place by the PDF extraction; put back into their slots in printed order"
# Entries written by hand (corpus/restorations.yaml) start with this; their clauses are not proposed.
HAND_REASON = REASON + " (by hand)"
TOKEN_RE = re.compile(r'"|[,;:()]|[^\s",;:()]+')
ONE_WORD_LINKS = {"Конституциясы", "Конституциясын", "кодексі", "кодексін", "Кодексі", "Кодексін", "конвенцияны"}
# The marriage code's title is never a link in this text: it stays in the skeleton.
SKELETON_TITLE = "Неке (ерлі-зайыптылық) және отбасы туралы"
LAWS_RE = re.compile(r"^[Зз]аңдар")
CONJUNCTIONS = {"және", "мен"}


@dataclass
class Token:
    text: str
    start: int
    end: int
    spaced: bool  # whitespace before it in the printed text


def tokens(text: str, offset: int = 0) -> list[Token]:
    out = []
    for m in TOKEN_RE.finditer(text):
        word, start = m.group(0), m.start() + offset
        spaced = m.start() > 0 and text[m.start() - 1].isspace()
        # «бағыттарытуралы»: a displaced «туралы» glued to the word before it
        if len(word) > len("туралы") + 2 and word.endswith("туралы"):
            cut = len(word) - len("туралы")
            out += [Token(word[:cut], start, start + cut, spaced), Token("туралы", start + cut, m.end() + offset, False)]
        else:
            out.append(Token(word, start, m.end() + offset, spaced))
    return out


def words(text: str) -> list[str]:
    return [t.text for t in tokens(text)]


def is_word(text: str) -> bool:
    return text not in {'"', ",", ";", ":", "(", ")"}


def classify(toks: list[Token], vocab: set[str]) -> list[bool]:
    """True for the linked words (those that go back into slots)."""
    link = [False] * len(toks)
    skeleton_title = _skeleton_title(toks)
    last_laws = max((i for i, t in enumerate(toks) if LAWS_RE.match(t.text)), default=len(toks))
    for i, tok in enumerate(toks):
        if i in skeleton_title or not is_word(tok.text):
            continue
        nxt = next((t.text for t in toks[i + 1:] if is_word(t.text)), "")
        if tok.text == "Қазақстан":
            link[i] = nxt.startswith("Республикасында")
        else:
            link[i] = tok.text in vocab or tok.text in ONE_WORD_LINKS
    _conjunctions(toks, link)
    _after_laws(toks, link, last_laws)
    return link


def _skeleton_title(toks: list[Token]) -> set[int]:
    """The marriage code's words, wherever links were pushed in between them."""
    start = next((i for i, t in enumerate(toks) if t.text == "Неке"), None)
    if start is None:
        return set()
    wanted, found = words(SKELETON_TITLE), set()
    for i in range(start, len(toks)):
        if wanted and toks[i].text == wanted[0]:
            found.add(i)
            wanted.pop(0)
    return found


def _conjunctions(toks: list[Token], link: list[bool]) -> None:
    """«және» is a link's only between linked words."""
    idx = [i for i, t in enumerate(toks) if is_word(t.text)]
    for n, i in enumerate(idx):
        if toks[i].text in CONJUNCTIONS and link[i]:
            before = link[idx[n - 1]] if n else False
            after = link[idx[n + 1]] if n + 1 < len(idx) else False
            link[i] = before and after


def _after_laws(toks: list[Token], link: list[bool], last_laws: int) -> None:
    """After «заңдары» the prose goes on: only runs of linked words ending in «туралы» are links."""
    i = last_laws + 1
    while i < len(toks):
        if not link[i]:
            i += 1
            continue
        j = i
        while j < len(toks) and (link[j] or not is_word(toks[j].text)) and toks[j].text not in {";"}:
            j += 1
        run = [k for k in range(i, j) if link[k]]
        ends = [k for k in run if toks[k].text == "туралы"]
        keep = {k for k in run if ends and k <= ends[-1]}
        while keep and toks[min(keep)].text in CONJUNCTIONS:
            keep.discard(min(keep))
        for k in run:
            link[k] = k in keep
        i = j


def segment(linked: list[str], titles: list[list[str]]) -> list[str] | None:
    """The linked words cut into one-word links and listed titles, in order (None if they do not cut)."""
    units, i = [], 0
    while i < len(linked):
        if linked[i] in ONE_WORD_LINKS:
            units.append(linked[i])
            i += 1
            continue
        match = max((t for t in titles if linked[i:i + len(t)] == t), key=len, default=None)
        if match is None:
            return None
        units.append(" ".join(match))
        i += len(match)
    return units


def slots(skeleton: list[Token], removed_before: list[bool]) -> list[int]:
    """Where the links stood: between two quote marks holding nothing, and before a comma that a
    link was glued to or that stands after a space («Республикасының ,»)."""
    out, quotes = [], 0
    for i, tok in enumerate(skeleton):
        if tok.text == '"':
            quotes += 1
            if quotes % 2 == 0 and skeleton[i - 1].text == '"':
                out.append(i)
        elif tok.text == "," and i and (tok.spaced or removed_before[i]) and skeleton[i - 1].text not in {",", '"('}:
            if is_word(skeleton[i - 1].text) or skeleton[i - 1].text == '"':
                out.append(i)
    return out


def render(parts: list[str]) -> str:
    text, quotes = "", 0
    for part in parts:
        if part == '"':
            quotes += 1
            opening = quotes % 2 == 1
            text += (" " if text and opening and not text.endswith(("(", " ")) else "") + '"'
            continue
        glue = not text or part[0] in ",;:)" or text.endswith(("(",)) or (text.endswith('"') and quotes % 2 == 1)
        text += ("" if glue else " ") + part
    return text


def propose(clause, titles: list[list[str]], listed: set[str]) -> tuple[dict | None, str]:
    text = clause.text
    start = text.find("Қазақстан Республикасы")
    if start < 0 or not scrambled(text):
        return None, "no scrambled passage"
    end = text.find(";", start)
    while end >= 0 and end + 1 < len(text) and not text[end + 1].isspace():
        end = text.find(";", end + 1)  # «Заңдары;Қазақстан …»: a glued semicolon ends no item
    end = len(text) if end < 0 else end
    toks = tokens(text[start:end], start)
    vocab = {w for t in titles for w in t}
    link = classify(toks, vocab)
    units = segment([t.text for t, is_link in zip(toks, link) if is_link], titles)
    if units is None:
        return None, "linked words do not cut into listed titles: " + " ".join(t.text for t, k in zip(toks, link) if k)
    skeleton, removed_before, removed = [], [], False
    for tok, is_link in zip(toks, link):
        if is_link:
            removed = True
            continue
        skeleton.append(tok)
        removed_before.append(removed)
        removed = False
    places = slots(skeleton, removed_before)
    if len(places) != len(units):
        return None, f"{len(places)} slots for {len(units)} titles: {units}"
    fill = dict(zip(places, units))
    parts = []
    for i, tok in enumerate(skeleton):
        if i in fill:  # a link goes back before the comma or the closing quote mark of its slot
            parts.append(fill[i])
        parts.append(tok.text)
    damaged, restored = _trim(text[start:end], render(parts))
    after = re.match(r"\s+(\S+)", text[start + len(damaged):])
    if restored.endswith(";") and after:
        # «Заңдары;Қазақстан … туралы білім»: the printed semicolon is glued to the next word, so no
        # item ends there; keep it glued («Заңдары;білім»), or the restored passage would be cut in
        # two items and a quote of the first one could not be shown as printed.
        damaged, restored = damaged + after.group(0), restored + after.group(1)
    problems = _check(damaged, restored, listed)
    if problems:
        return None, problems
    return {"clause_id": clause.id, "damaged": damaged, "restored": restored, "reason": REASON}, ""


def _trim(damaged: str, restored: str) -> tuple[str, str]:
    """Leave out the words both end with: the passage is what changed."""
    dw, rw = damaged.split(" "), restored.split(" ")
    while len(dw) > 1 and len(rw) > 1 and dw[-1] == rw[-1]:
        dw.pop()
        rw.pop()
    return " ".join(dw), " ".join(rw)


def _check(damaged: str, restored: str, titles: set[str]) -> str:
    if letters(damaged) != letters(restored):
        return "letters differ"
    if scrambled(restored):
        return f"still scrambled: {restored}"
    unknown = [q for q in quoted(restored) if q not in titles]
    return f"quotes not in the list: {unknown}" if unknown else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the proposals into corpus/restorations.yaml")
    args = parser.parse_args()
    data = yaml.safe_load(RESTORATIONS_FILE.read_text(encoding="utf-8"))
    titles = [words(t) for t in data["titles"]]
    by_hand = [r for r in data.get("restorations") or [] if r["reason"] != REASON]
    # A clause restored by hand (a title split across quote marks, a word glued elsewhere, …) is not
    # proposed again; what is left of it is checked by the tests, like the listed unrestorable passages.
    hand_ids = {r["clause_id"] for r in by_hand if r["reason"].startswith(HAND_REASON)}
    proposals, left = [], []
    for clause in load_document().clauses:
        if clause.id in hand_ids:
            continue
        proposal, why = propose(clause, titles, set(data["titles"]))
        if proposal:
            proposals.append(proposal)
        elif why != "no scrambled passage":
            left.append(f"{clause.id}: {why}")
    for p in proposals:
        print(f"{p['clause_id']}\n  - {p['damaged']}\n  + {p['restored']}")
    unrestorable = [f"{u['clause_id']}: {u['reason']}" for u in data.get("unrestorable") or []]
    print(f"\n{len(proposals)} proposed; {len(hand_ids)} restored by hand; {len(left)} left as printed:", *left,
          f"{len(unrestorable)} passages listed unrestorable:", *unrestorable, sep="\n", file=sys.stderr)
    if args.write:
        data["restorations"] = proposals + by_hand
        RESTORATIONS_FILE.write_text(_dump(data), encoding="utf-8")
    return 0


def _dump(data: dict) -> str:
    head = RESTORATIONS_FILE.read_text(encoding="utf-8").split("\ntitles:")[0]
    body = yaml.safe_dump({"titles": data["titles"], "restorations": data["restorations"],
                           "unrestorable": data.get("unrestorable") or []},
                          allow_unicode=True, sort_keys=False, width=10_000)
    return head.rstrip() + "\n" + body


if __name__ == "__main__":
    raise SystemExit(main())
