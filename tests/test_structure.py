"""The architecture as a rule the code is held to: the faces meet the stages only through ``pipeline``.

The command line, the web app and batch mode never import ``analyze`` or ``write``; the writers never import
``analyze`` (what they need of the analysis travels in ``Analysis``; text handling both stages need lives in
``threadline.text``). Imports are read from the source with ``ast``, deferred ones inside functions included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "threadline"

# which files, and the packages they must not import
RULES = {
    "faces": (["cli.py", "web", "batch"], ("threadline.analyze", "threadline.write")),
    "writers": (["write"], ("threadline.analyze",)),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module a source imports, absolute: ``from ..x import y`` in ``threadline.web.jobs`` gives
    ``threadline.x`` and ``threadline.x.y`` (y may be a module); ``importlib.import_module("…")`` counts."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def files_of(places: list[str]) -> list[Path]:
    paths = [PACKAGE / p for p in places]
    return sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*.py")))


def breaches(places: list[str], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in files_of(places):
        name = module_name(path)
        for imported in imports_of(path.read_text(encoding="utf-8"), name, path.name == "__init__.py"):
            if any(imported == f or imported.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    return found


@pytest.mark.parametrize("rule", sorted(RULES))
def test_stages_are_reached_only_through_the_pipeline(rule: str) -> None:
    places, forbidden = RULES[rule]
    assert files_of(places), places  # the rule reads real files
    assert breaches(places, forbidden) == []


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from ..analyze.embed import get_embedder", "threadline.batch.worker", "threadline.analyze.embed"),
        ("from .. import write", "threadline.web.jobs", "threadline.write"),
        ("from .write import write", "threadline.cli", "threadline.write"),
        ("import threadline.analyze.tone as t", "threadline.cli", "threadline.analyze.tone"),
        ("def f():\n    from ..analyze import analyze", "threadline.write.post", "threadline.analyze"),
        ("importlib.import_module('threadline.write.llm')", "threadline.web.app", "threadline.write.llm"),
    ],
)
def test_the_import_reader_sees_every_way_of_importing(source: str, module: str, expected: str) -> None:
    assert expected in imports_of(source, module)


def test_a_package_init_resolves_relative_imports_from_itself() -> None:
    assert "threadline.write.verify" in imports_of("from .verify import verify", "threadline.write", True)
    assert "threadline.analyze" in imports_of("from ..analyze import x", "threadline.web", True)
