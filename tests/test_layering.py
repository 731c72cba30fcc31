"""The layering of the package, read from the import graph (every import, relative and inside functions).

Channels (``assistant/channels/web``, ``telegram``, ``cli``) never import each other: what they share is
in ``assistant/channels/service.py``, the one module of ``assistant.channels`` a channel imports. The domain
(regulation, language, search, answering, eligibility, storage, evaluation, settings, errors) never
imports ``assistant.channels``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assistant"
CHANNELS = ("web", "telegram", "cli")
DOMAIN = ("regulation", "language", "search", "answering", "eligibility", "storage", "evaluation", "settings",
          "errors")
SERVICE = "assistant.channels.service"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str, is_package: bool) -> set[str]:
    """Every module ``source`` imports (absolute names; ``from x import y`` also counts ``x.y``)."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "assistant" or name.startswith("assistant.")}


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p.read_text(encoding="utf-8"), module_name(p), p.name == "__init__.py")
            for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str | None:
    """``channel:<name>`` for a channel's module, ``domain`` for the domain's, None for the rest."""
    parts = module.split(".")
    if parts[1:2] == ["channels"]:
        return f"channel:{parts[2]}" if len(parts) > 2 and parts[2] in CHANNELS else None
    return "domain" if len(parts) > 1 and parts[1] in DOMAIN else None


def violations(imports: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(imports.items()):
        layer = layer_of(module)
        for target in sorted(targets):
            if not target.startswith("assistant.channels"):
                continue
            if layer == "domain":
                found.append(f"{module} (domain) imports {target}")
            elif layer and layer.startswith("channel:"):
                own = f"assistant.channels.{layer.split(':')[1]}"
                if target in ("assistant.channels", SERVICE) or target == own or target.startswith(own + "."):
                    continue
                if target.startswith(SERVICE + "."):  # `from ..service import name`
                    continue
                found.append(f"{module} (a channel) imports {target}: go through {SERVICE}")
    return found


def test_channels_go_through_the_service_and_the_domain_never_imports_channels():
    assert violations(graph()) == []


def test_the_graph_sees_every_kind_of_import():
    source = (
        "from ..web.guards import RateLimiter\n"
        "def f():\n"
        "    from ...channels.web import app\n"
        "    import assistant.channels.cli\n"
    )
    found = imports_of(source, "assistant.channels.telegram.context", False)
    assert {"assistant.channels.web.guards", "assistant.channels.web", "assistant.channels.cli"} <= found


@pytest.mark.parametrize(("module", "target"), [
    ("assistant.channels.telegram.context", "assistant.channels.web.guards"),   # a channel importing another
    ("assistant.channels.cli.ask_commands", "assistant.channels.telegram.bot"),
    ("assistant.channels.web.app", "assistant.channels.plaintext"),             # past the service
    ("assistant.storage.ratelimit", "assistant.channels.web.guards"),           # the domain importing a channel
    ("assistant.settings", "assistant.channels.service"),
])
def test_a_planted_violation_fails(module, target):
    imports = graph()
    imports.setdefault(module, set()).add(target)
    assert violations(imports) != []


def test_assistant_has_few_top_level_modules():
    """The tree reads as the pipeline: packages, and at most eight modules beside them."""
    modules = [p.name for p in PACKAGE.glob("*.py")]
    assert len(modules) <= 8, modules
