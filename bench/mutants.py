#!/usr/bin/env python3
"""A small, deterministic mutation tester: does the test suite notice a one-token change?

For each module given, the source is parsed with `ast` and every single-point mutant is listed,
in source order:

    comparisons      <  <->  <=,   >  <->  >=,   ==  <->  !=
    numbers          an int n -> n + 1; a float x -> 1.5 x (0.0 -> 0.1)
    boolean logic    and <-> or;  & <-> | (arrays);  `not` / `~` removed;  True <-> False
    arithmetic       + <-> -  (also += <-> -=)
    extremes         min <-> max,  np.minimum <-> np.maximum (and .min() <-> .max(), fmin <-> fmax)

Left alone: anything inside an f-string, type annotations and `X | None`-style type unions, string
and list concatenation, and lines marked `# pragma: no mutate`. Mutants in the assignment of a
performance knob (a name ending in _AT_ONCE, WORKERS, MATRIX_CELLS) or in a `maxsize=` /
`max_workers=` argument are listed as "equivalent (performance)" and not run: they change how
fast, never what.

Each mutant is made by replacing the operator's or constant's own characters in the source text
(so line numbers stay true), written over the module file, and the given pytest command is run
(`-x -q -p no:cacheprovider`, a timeout of 3x the clean run; a timeout counts as killed). The
original bytes are written back after every mutant and in a `finally`, also on Ctrl-C or SIGTERM,
and `git diff --quiet` on the module is checked at the end. Mutants run one at a time.

    python bench/mutants.py reconcile/values/counts.py --tests tests/test_counts.py tests/test_values.py
    python bench/mutants.py reconcile/match.py --sample 4 --tests tests/test_matching.py ...
    python bench/mutants.py reconcile/checks.py --list            # enumerate only
    python bench/mutants.py reconcile/align.py --lines 150-200 --limit 10 --tests tests/
    python bench/mutants.py reconcile/checks.py --only-survivors bench/mutation/before/reconcile.checks.txt

Results go to bench/mutation/<module>.txt (one line per mutant, survivors listed again at the
end) unless --out says otherwise. A file of known equivalents (--equivalent, lines of
`path:line:col: before  ->  after || reason`) marks those survivors "equivalent" with the reason.
"""

from __future__ import annotations

import argparse
import ast
import bisect
import io
import os
import re
import signal
import subprocess
import sys
import time
import tokenize
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_NAMES = re.compile(r"(_AT_ONCE|^WORKERS|^MATRIX_CELLS)$")
PERFORMANCE_KEYWORDS = frozenset({"maxsize", "max_workers", "chunksize"})
TYPE_NAMES = frozenset({"int", "str", "float", "bool", "bytes", "list", "dict", "tuple", "set", "frozenset"})
NO_MUTATE = "pragma: no mutate"
SWAPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==", "and": "or", "or": "and"}
SWAPS |= {"&": "|", "|": "&", "+": "-", "-": "+", "+=": "-=", "-=": "+=", "&=": "|=", "|=": "&="}
EXTREMES = {"min": "max", "max": "min", "minimum": "maximum", "maximum": "minimum", "fmin": "fmax"}
EXTREMES |= {"fmax": "fmin", "True": "False", "False": "True"}
COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
BINARY = {ast.Add: "+", ast.Sub: "-", ast.BitAnd: "&", ast.BitOr: "|"}

Pos = tuple[int, int]  # (line, column), lines from 1, columns in characters


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the repository
    line: int
    col: int
    start: int  # character offsets of the replaced text in the source
    end: int
    replacement: str
    before: str  # the enclosing expression, as written
    after: str  # the same, mutated
    performance: bool

    @property
    def key(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.before}  ->  {self.after}"


@dataclass
class Result:
    mutant: Mutant
    outcome: str  # killed, timeout, survived, equivalent (performance), equivalent
    detail: str = ""  # the first failing test, or why equivalent
    seconds: float = 0.0


class Finder(ast.NodeVisitor):
    """Walks a module and records the places a mutation can be made."""

    def __init__(self, path: str, source: str) -> None:
        self.path = path
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.starts = [0]
        for text in self.lines:
            self.starts.append(self.starts[-1] + len(text))
        self.tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type in (tokenize.OP, tokenize.NAME)
        ]
        self.token_starts = [t.start for t in self.tokens]
        self.parent: dict[ast.AST, ast.AST] = {}
        self.found: list[Mutant] = []
        self.performance = 0  # depth inside a performance knob

    def offset(self, pos: Pos) -> int:
        line, col = pos
        return self.starts[line - 1] + len(self.lines[line - 1].encode()[:col].decode())

    def token_between(self, start: Pos, end: Pos, texts: set[str]) -> tokenize.TokenInfo | None:
        for t in self.tokens[bisect.bisect_left(self.token_starts, start) :]:
            if t.end > end:
                return None
            if t.string in texts:
                return t
        return None

    def add(self, node: ast.expr | ast.stmt, start: Pos, end: Pos, replacement: str) -> None:
        line = start[0]
        if NO_MUTATE in self.lines[line - 1]:
            return
        a, b = self.offset(start), self.offset(end)
        n0, n1 = self.context(node)
        before, after = describe(self.source[n0:n1], a - n0, b - n0, replacement)
        self.found.append(
            Mutant(self.path, line, start[1], a, b, replacement, before, after, self.performance > 0)
        )

    def context(self, node: ast.expr | ast.stmt) -> tuple[int, int]:
        """Where a mutant is shown: a constant or a name with the expression around it, a dict's
        value with its key."""
        shown: ast.AST = node
        parent = self.parent.get(node)
        if isinstance(parent, ast.Dict) and isinstance(node, ast.expr) and node in parent.values:
            key = parent.keys[parent.values.index(node)]
            if key is not None:
                return self.offset(start(key)), self.offset(end(node))
        elif isinstance(node, ast.Constant | ast.Name | ast.Attribute) and isinstance(
            parent, ast.expr | ast.keyword | ast.Assign | ast.AnnAssign | ast.AugAssign | ast.Return
        ):
            shown = parent
        assert isinstance(shown, ast.expr | ast.stmt | ast.keyword)
        return self.offset(start(shown)), self.offset(end(shown))

    def segment(self, node: ast.expr | ast.stmt) -> str:
        assert node.end_lineno is not None and node.end_col_offset is not None
        a = self.offset((node.lineno, node.col_offset))
        b = self.offset((node.end_lineno, node.end_col_offset))
        return self.source[a:b]

    def add_token(self, node: ast.expr | ast.stmt, start: Pos, end: Pos, texts: set[str]) -> None:
        token = self.token_between(start, end, texts)
        if token is not None:
            self.add(node, token.start, token.end, SWAPS[token.string])

    # --- what is not mutated, or mutated as a performance knob

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        return  # f-strings: wording, not logic

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for child in [*node.decorator_list, node.args]:
            self.visit(child)
        for statement in node.body:
            self.visit(statement)  # the return annotation is skipped

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_arg(self, node: ast.arg) -> None:
        return  # annotations only

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.knob([node.target], node.value)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.knob(node.targets, node.value)

    def knob(self, targets: list[ast.expr], value: ast.expr) -> None:
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        performance = any(PERFORMANCE_NAMES.search(n) for n in names)
        self.performance += performance
        self.visit(value)
        self.performance -= performance
        for target in targets:
            self.visit(target)

    def visit_keyword(self, node: ast.keyword) -> None:
        performance = node.arg in PERFORMANCE_KEYWORDS
        self.performance += performance
        self.visit(node.value)
        self.performance -= performance

    def visit_Expr(self, node: ast.Expr) -> None:
        if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            self.visit(node.value)  # a docstring has nothing to mutate

    # --- mutations

    def visit_Compare(self, node: ast.Compare) -> None:
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            if type(op) in COMPARE:
                self.add_token(node, end(left), start(right), {COMPARE[type(op)]})
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        symbol = BINARY.get(type(node.op))
        if symbol is not None and not self.not_arithmetic(node, symbol):
            self.add_token(node, end(node.left), start(node.right), {symbol})
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        symbol = BINARY.get(type(node.op))
        if symbol is not None and not _is_text_or_list(node.value):
            self.add_token(node, end(node.target), start(node.value), {symbol + "="})
        self.generic_visit(node)

    def not_arithmetic(self, node: ast.BinOp, symbol: str) -> bool:
        operands = (node.left, node.right)
        if symbol == "+":
            return any(_is_text_or_list(o) for o in operands)
        if symbol == "|":
            return any(_is_type(o) for o in operands)  # `int | None`
        return False

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        word = "and" if isinstance(node.op, ast.And) else "or"
        tokens = [
            self.token_between(end(a), start(b), {word})
            for a, b in zip(node.values, node.values[1:], strict=False)
        ]
        if tokens and all(t is not None for t in tokens) and NO_MUTATE not in self.lines[node.lineno - 1]:
            # one mutant: every `and` of the expression becomes `or` (it is one operator in the AST)
            text = self.segment(node)
            n0 = self.offset((node.lineno, node.col_offset))
            mutated = text
            for t in reversed(tokens):
                assert t is not None
                a, b = self.offset(t.start) - n0, self.offset(t.end) - n0
                mutated = mutated[:a] + SWAPS[word] + mutated[b:]
            first = tokens[0]
            assert first is not None
            line, col = first.start
            before, after = short(text), short(mutated)
            self.found.append(
                Mutant(self.path, line, col, n0, n0 + len(text), mutated, before, after, self.performance > 0)
            )
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not | ast.Invert):
            symbol = "not" if isinstance(node.op, ast.Not) else "~"
            token = self.token_between(start(node), start(node.operand), {symbol})
            if token is not None:
                self.add(node, token.start, token.end, "")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self.add(node, start(node), end(node), str(not value))
        elif isinstance(value, int):
            self.add(node, start(node), end(node), str(value + 1))
        elif isinstance(value, float):
            self.add(node, start(node), end(node), repr(round(value * 1.5, 12)) if value else "0.1")

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in ("min", "max"):
            self.add(node, start(node), end(node), EXTREMES[node.id])

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in EXTREMES and node.attr not in ("True", "False"):
            assert node.end_lineno is not None and node.end_col_offset is not None
            tail = (node.end_lineno, node.end_col_offset - len(node.attr))
            self.add(node, tail, end(node), EXTREMES[node.attr])
        self.generic_visit(node)


def start(node: ast.expr | ast.stmt | ast.keyword) -> Pos:
    return node.lineno, node.col_offset


def end(node: ast.expr | ast.stmt | ast.keyword) -> Pos:
    assert node.end_lineno is not None and node.end_col_offset is not None
    return node.end_lineno, node.end_col_offset


def _is_text_or_list(node: ast.expr) -> bool:
    text = isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
    return text or isinstance(node, ast.JoinedStr | ast.List | ast.Tuple | ast.ListComp)


def _is_type(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value is None
    if isinstance(node, ast.Subscript):
        return _is_type(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _is_type(node.left) or _is_type(node.right)
    return isinstance(node, ast.Name) and node.id in TYPE_NAMES


def describe(segment: str, a: int, b: int, replacement: str, width: int = 34) -> tuple[str, str]:
    """The segment before and after the change, cut to `width` characters either side of it."""
    tail = segment[b:]
    head = " ".join(segment[:a].split()) + (" " if segment[:a][-1:].isspace() else "")
    tail = (" " if tail[:1].isspace() else "") + " ".join(tail.split())
    head = head if len(head) <= width else "..." + head[-width:]
    tail = tail if len(tail) <= width else tail[:width] + "..."
    return head + segment[a:b] + tail, " ".join((head + replacement + tail).split())


def short(text: str, width: int = 70) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 3] + "..."


def mutants_of(path: Path) -> list[Mutant]:
    source = path.read_text(encoding="utf-8")
    finder = Finder(str(path.resolve().relative_to(ROOT)), source)
    tree = ast.parse(source)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            finder.parent[child] = node
    finder.visit(tree)
    out = []
    original = ast.dump(tree)
    for m in sorted(finder.found, key=lambda m: (m.start, m.end, m.replacement)):
        text = apply(source, m)
        mutated = ast.dump(ast.parse(text))  # a mutant must parse and differ from the original
        if mutated != original:
            out.append(m)
    return out


def apply(source: str, mutant: Mutant) -> str:
    return source[: mutant.start] + mutant.replacement + source[mutant.end :]


def run_tests(command: list[str], timeout: float) -> tuple[str, str, float]:
    """(killed / survived / timeout, the first failing test, seconds)."""
    began = time.monotonic()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return "timeout", "", time.monotonic() - began
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    seconds = time.monotonic() - began
    if process.returncode == 0:
        return "survived", "", seconds
    failed = re.search(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$", output, re.MULTILINE)
    return "killed", failed.group(1) if failed else f"exit {process.returncode}", seconds


def survivors_in(report: Path) -> set[str]:
    """The survivors a results file lists, as `line:col: before  ->  after`."""
    text = report.read_text(encoding="utf-8")
    return {line for line in text.split("# survivors", 1)[-1].splitlines()[1:] if line.strip()}


def moved(wanted: set[str], path: str, commit: str) -> tuple[set[str], set[str]]:
    """Survivors listed against the module as of `commit`, moved to its lines now: (those on
    lines that did not change, as `line:col: ...`; those on changed lines, as `before  ->  after`,
    to be matched on any line)."""
    import difflib

    then = subprocess.run(
        ["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    now = (ROOT / path).read_text(encoding="utf-8").splitlines()
    line_now: dict[int, int] = {}
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(a=then, b=now, autojunk=False).get_opcodes():
        if tag == "equal":
            line_now.update({i1 + k + 1: j1 + k + 1 for k in range(i2 - i1)})
    kept, loose = set(), set()
    for entry in wanted:
        line, col, rest = entry.split(":", 2)
        if int(line) in line_now:
            kept.add(f"{line_now[int(line)]}:{col}:{rest}")
        else:
            loose.add(rest.strip())
    return kept, loose


def select(mutants: list[Mutant], args: argparse.Namespace) -> list[Mutant]:
    if args.only_survivors:
        wanted = survivors_in(args.only_survivors)
        loose: set[str] = set()
        if args.survivors_at and mutants:
            wanted, loose = moved(wanted, mutants[0].path, args.survivors_at)
        mutants = [
            m
            for m in mutants
            if f"{m.line}:{m.col}: {m.before}  ->  {m.after}" in wanted
            or f"{m.before}  ->  {m.after}" in loose
        ]
    if args.lines:
        low, _, high = args.lines.partition("-")
        mutants = [m for m in mutants if int(low) <= m.line <= int(high or low)]
    if args.sample > 1:
        mutants = mutants[args.offset :: args.sample]
    return mutants[: args.limit] if args.limit else mutants


def load_equivalents(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    known = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.partition(" || ")
            known[key.strip()] = reason.strip()
    return known


def table(results: list[Result], module: str, header: list[str]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
    run = [r for r in results if not r.outcome.startswith("equivalent (performance)")]
    killed = sum(r.outcome in ("killed", "timeout") for r in run)
    lines = [f"# mutants of {module}", *(f"# {h}" for h in header)]
    summary = ", ".join(f"{counts[k]} {k}" for k in sorted(counts))
    lines.append(f"# {len(results)} mutants: {summary}; killed {killed} of {len(run)} run")
    lines.append("")
    lines.append(
        f"{'line':>5}  {'result':<10}  {'seconds':>7}  original -> mutant  [first failing test / reason]"
    )
    for r in results:
        m = r.mutant
        outcome = "equivalent" if r.outcome.startswith("equivalent") else r.outcome
        note = r.detail or ("performance knob" if r.outcome == "equivalent (performance)" else "")
        lines.append(f"{m.line:>5}  {outcome:<10}  {r.seconds:7.1f}  {m.before}  ->  {m.after}  [{note}]")
    survivors = [r for r in results if r.outcome == "survived"]
    lines += ["", f"# survivors ({len(survivors)}): line:column: original -> mutant"]
    lines += [f"{r.mutant.line}:{r.mutant.col}: {r.mutant.before}  ->  {r.mutant.after}" for r in survivors]
    return "\n".join(lines) + "\n"


def interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("modules", nargs="+", type=Path, help="module files to mutate, one after another")
    parser.add_argument("--tests", nargs="+", default=["tests"], help="pytest arguments: files, -k, ...")
    parser.add_argument("--limit", type=int, default=0, help="run at most this many mutants per module")
    parser.add_argument("--sample", type=int, default=1, help="run every k-th mutant (deterministic)")
    parser.add_argument("--offset", type=int, default=0, help="which of the k to start at, with --sample")
    parser.add_argument("--lines", help="only mutants on these lines, A-B")
    parser.add_argument(
        "--only-survivors",
        type=Path,
        help="only the survivors a results file lists (after adding tests: a killed mutant stays killed)",
    )
    parser.add_argument(
        "--survivors-at",
        metavar="COMMIT",
        help="the commit the --only-survivors file was made at: its lines are moved to the module now",
    )
    parser.add_argument("--timeout-factor", type=float, default=3.0, help="x the clean run's time")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "mutation", help="folder for results")
    parser.add_argument("--equivalent", type=Path, help="known equivalent mutants, with reasons")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args(argv)

    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *args.tests]
    known = load_equivalents(args.equivalent)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # also where a shell ignored SIGINT
        signal.signal(signum, interrupt)
    for module in args.modules:
        path = module.resolve()
        every = mutants_of(path)
        chosen = select(every, args)
        name = str(path.relative_to(ROOT))
        if args.list:
            for m in chosen:
                print(f"{m.line:>5}:{m.col:<3} {'perf ' if m.performance else ''}{m.before}  ->  {m.after}")
            print(f"{name}: {len(chosen)} of {len(every)} mutants", file=sys.stderr)
            continue
        if subprocess.run(["git", "diff", "--quiet", "--", str(path)], cwd=ROOT).returncode != 0:
            print(f"{name} has uncommitted changes; commit or stash them first", file=sys.stderr)
            return 2
        clean, failing, seconds = run_tests(command, timeout=3600)
        if clean != "survived":
            print(f"the tests fail without any mutant ({failing}); nothing to measure", file=sys.stderr)
            return 2
        timeout = max(args.timeout_factor * seconds, 10.0)
        print(f"{name}: {len(chosen)} of {len(every)} mutants; clean run {seconds:.1f} s", file=sys.stderr)
        original = path.read_bytes()
        source = original.decode("utf-8")
        results: list[Result] = []
        began = time.monotonic()
        try:
            for number, m in enumerate(chosen, 1):
                if m.performance:
                    results.append(Result(m, "equivalent (performance)"))
                    continue
                path.write_text(apply(source, m), encoding="utf-8")
                try:
                    outcome, failing, took = run_tests(command, timeout)
                finally:
                    path.write_bytes(original)
                if outcome == "survived" and m.key in known:
                    results.append(Result(m, "equivalent", known[m.key], took))
                else:
                    results.append(Result(m, outcome, failing, took))
                print(
                    f"[{number}/{len(chosen)}] {m.line}: {m.before} -> {m.after}: {outcome}", file=sys.stderr
                )
        finally:
            path.write_bytes(original)
            if subprocess.run(["git", "diff", "--quiet", "--", str(path)], cwd=ROOT).returncode != 0:
                print(f"WARNING: {name} differs from git after restoring it", file=sys.stderr)
        header = [
            f"command: {' '.join(['python', *command[1:]])}",
            f"clean run {seconds:.1f} s, timeout {timeout:.0f} s; {len(chosen)} of {len(every)} mutants"
            + (f" (every {args.sample}th from {args.offset})" if args.sample > 1 else "")
            + (f", lines {args.lines}" if args.lines else "")
            + (f", first {args.limit}" if args.limit else "")
            + (f", the survivors of {args.only_survivors}" if args.only_survivors else "")
            + f"; {time.monotonic() - began:.0f} s",
        ]
        args.out.mkdir(parents=True, exist_ok=True)
        report = args.out / (path.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".") + ".txt")
        report.write_text(table(results, name, header), encoding="utf-8")
        print(report.read_text(encoding="utf-8").split("\n")[2], "->", report, file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; the module files are restored", file=sys.stderr)
        sys.exit(130)
