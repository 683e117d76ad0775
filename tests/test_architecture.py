"""The pipeline's shape: imports run one way down the stages; every module says what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reconcile"
# Stages in pipeline order; a module may import only from its own stage, earlier ones, or the leaves.
STAGES = ["read", "values", "extract", "match", "align", "checks", "pipeline", "report", "cli"]
LEAVES = {"schema", "errors", "model", "bulk", "cells"}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_has_a_docstring(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text("utf-8")))
    assert docstring and len(docstring) > 30, f"{path} needs a docstring saying what it owns"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path: Path) -> None:
    own = _stage(_name(path))
    if own == "__init__":
        return
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reconcile"):
            target = _stage(node.module)
            if node.module == "reconcile":
                target = node.names[0].name
            if target in LEAVES or target == own:
                continue
            assert own not in LEAVES, f"{path}: leaf module imports {node.module}"
            assert target in STAGES, f"{path}: unknown stage {node.module}"
            assert STAGES.index(target) < STAGES.index(own), (
                f"{path} ({own}) imports {node.module} ({target})"
            )
