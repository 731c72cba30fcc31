"""The README's layout table and docs/architecture.md name only paths that exist (`git ls-files`).

A path in backticks is checked from the repository's root when it starts with one of its top-level
names (``assistant/…``, ``corpus/…``); otherwise it is read inside the directory named first in
its table row (``parse.py`` in the row of ``assistant/regulation/``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TICKED = re.compile(r"`([^`\s]+)`")
FILE_LIKE = re.compile(r"\.(py|yaml|md|txt|js|j2|html|toml|npz|json)$")


def tracked() -> set[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return set(out.splitlines())


def exists(path: str, files: set[str]) -> bool:
    path = path.rstrip("/")
    return path in files or any(f.startswith(path + "/") for f in files)


def layout_rows() -> list[str]:
    """The rows of the README's «Layout» table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


def architecture_lines() -> list[str]:
    return (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines()


def named_paths(lines: list[str], files: set[str]) -> list[str]:
    """Every path the lines name, resolved from the root (or the row's first directory)."""
    roots = {f.split("/", 1)[0] for f in files}
    paths = []
    for line in lines:
        base = None
        for token in TICKED.findall(line):
            if "/" not in token and not FILE_LIKE.search(token):
                continue  # a name (``Frame``, ``answer``), not a path
            absolute = token.split("/", 1)[0] in roots
            path = token if absolute or base is None else base + token
            if base is None and token.endswith("/") and absolute:
                base = token
            paths.append(path)
    return paths


@pytest.mark.parametrize("source", ["README.md layout", "docs/architecture.md"])
def test_every_path_named_exists(source):
    files = tracked()
    lines = layout_rows() if source.startswith("README") else architecture_lines()
    paths = named_paths(lines, files)
    assert paths, "no path found: the parser no longer reads the document"
    assert [p for p in paths if not exists(p, files)] == []


def test_a_stale_path_is_caught():
    files = tracked()
    paths = named_paths(["| `assistant/regulation/` | `parse.py`, `nowhere.py` |"], files)
    assert paths == ["assistant/regulation/", "assistant/regulation/parse.py", "assistant/regulation/nowhere.py"]
    assert not exists(paths[-1], files)


def test_every_package_of_the_tree_is_in_the_layout_table():
    files = tracked()
    packages = {f.rsplit("/", 1)[0] + "/" for f in files if f.startswith("assistant/") and f.endswith("/__init__.py")}
    top = {p for p in packages if p.count("/") == 2 or p.startswith("assistant/channels/") and p.count("/") == 3}
    named = set(named_paths(layout_rows(), files))
    assert sorted(top - named) == []


def test_the_package_root_holds_at_most_eight_modules_beside_its_packages():
    # 27 modules once sat in assistant/ and hid the pipeline; the stages are packages now.
    files = tracked()
    modules = sorted(f for f in files if f.startswith("assistant/") and f.count("/") == 1 and f.endswith(".py")
                     and f != "assistant/__init__.py")
    assert len(modules) <= 8, modules
