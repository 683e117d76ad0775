"""The command line: a thin shell over the library. The only place that knows exit codes.

Exit status: 0 done; 1 conflicts found when `--fail-on conflict` asks for it;
2 any error (bad input, bad option, unreadable file).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, ParamSpec

import click

from reconcile.bulk import collector_paused
from reconcile.errors import InputError, Problem
from reconcile.pipeline import build_report
from reconcile.read import load
from reconcile.report import FORMATS, format_for, render
from reconcile.schema import Kind, column_key
from reconcile.values import ParsedAccounts, load_vocabulary, parse_accounts
from reconcile.values.dates import parse_published
from reconcile.values.vocab import read_yaml_mapping

EXIT_CONFLICTS = 1
EXIT_ERROR = 2

_inputs = click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
_aliases = click.option(
    "--aliases",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of your own places and actors (see docs/aliases.md).",
)
_fields = click.option(
    "--fields",
    "fields_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML mapping of extra columns to kinds: count, date, place, actor, category, text.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reconcile")
@click.option(
    "--debug",
    is_flag=True,
    envvar="RECONCILE_DEBUG",
    help="After an error's message, show the traceback behind it (or set RECONCILE_DEBUG=1).",
)
def main(debug: bool) -> None:
    """Reconcile conflicting accounts of violent events.

    Reads accounts (CSV, TSV, JSON, JSONL, YAML; format v1), matches them to
    incidents, aligns them field by field and reports where sources agree,
    are compatible, or conflict.
    """


def _parse(inputs: tuple[Path, ...], aliases: Path | None, fields_file: Path | None) -> ParsedAccounts:
    missing = [p for p in inputs if not p.is_file()]
    if missing:
        raise click.BadParameter("no such file: " + ", ".join(str(p) for p in missing), param_hint="INPUTS")
    table = load(list(inputs))
    return parse_accounts(table, load_vocabulary(aliases), _kinds(fields_file))


def _kinds(fields_file: Path | None) -> dict[str, Kind]:
    if fields_file is None:
        return {}
    document = read_yaml_mapping(fields_file, "fields file", "`displaced: count`")
    allowed = [k.value for k in Kind]
    kinds = {}
    for column, kind in document.items():
        if kind not in allowed:
            raise InputError(
                [
                    Problem(
                        str(fields_file),
                        f"unknown kind {kind!r} for column {column!r}",
                        "use one of " + ", ".join(allowed),
                        column=str(column),
                    )
                ]
            )
        kinds[column_key(str(column))] = Kind(kind)
    return kinds


def _fail(error: InputError) -> NoReturn:
    click.echo("error: the input cannot be used:", err=True)
    for problem in error.problems:
        click.echo(f"  {problem}".replace("\n", "\n  "), err=True)
    _exit_after_error()


def _exit_after_error() -> NoReturn:
    """Exit 2; with --debug, first the traceback of the error being handled."""
    context = click.get_current_context(silent=True)
    if context is not None and context.find_root().params.get("debug"):
        click.echo(traceback.format_exc().rstrip("\n"), err=True)
    sys.exit(EXIT_ERROR)


P = ParamSpec("P")


def _errors_exit_2(command: Callable[P, None]) -> Callable[P, None]:
    """Any failure exits with status 2, never 1 (which means conflicts were found)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except InputError as error:
            _fail(error)
        except OSError as error:
            click.echo(f"error: {error.filename or ''}: {error.strerror or error}", err=True)
            _exit_after_error()
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except Exception as error:  # a bug of ours: say so, and keep the exit-code contract
            click.echo(f"error: internal error ({type(error).__name__}: {error}); please report it", err=True)
            _exit_after_error()

    return wrapper


@main.command()
@_inputs
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Where to write the report; - for stdout.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Report format. Default: from the output's extension, else html.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["conflict", "never"]),
    default="never",
    show_default=True,
    help="Exit with status 1 when any conflict is found.",
)
@click.option(
    "--generated-at",
    default=None,
    help="A timestamp to print in the report (left out by default, so reports are byte-identical).",
)
@_aliases
@_fields
@_errors_exit_2
def report(
    inputs: tuple[Path, ...],
    output: str,
    fmt: str | None,
    fail_on: str,
    generated_at: str | None,
    aliases: Path | None,
    fields_file: Path | None,
) -> None:
    """Write a report of where the accounts in INPUTS agree and conflict.

    \b
    reconcile report fixtures/balochistan-2024-08-26/*.csv -o report.html
    reconcile report accounts.yaml -o - --format md
    """
    chosen = fmt or (format_for(output) if output != "-" else None) or "html"
    if output != "-" and fmt is None and format_for(output) is None:
        raise click.BadParameter(
            f"cannot tell the format from {output!r}; give --format or an extension "
            ".html, .md, .json, .csv or .jsonld (ClaimReview)",
            param_hint="--output",
        )
    parsed = _parse(inputs, aliases, fields_file)
    result = build_report(parsed, generated_at=generated_at)
    text = render(result, chosen)
    if output == "-":
        click.echo(text, nl=False)
    else:
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        s = result.summary
        click.echo(
            f"{target}: {s.accounts} accounts, {s.single_incidents} incidents, {s.aggregates} aggregates, "
            f"{s.conflicts} conflicts",
            err=True,
        )
    if fail_on == "conflict" and result.summary.conflicts:
        sys.exit(EXIT_CONFLICTS)


@main.command()
@_inputs
@_aliases
@_fields
@_errors_exit_2
def check(inputs: tuple[Path, ...], aliases: Path | None, fields_file: Path | None) -> None:
    """Show how every value in INPUTS was read: raw text beside what it became.

    Nothing is matched or reported; use it to trust the parse before a report.
    Values that could not be read are marked with '!' and a note.
    """
    parsed = _parse(inputs, aliases, fields_file)
    click.echo(check_text(parsed), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--published", default="", help="When the text was published (ISO date); anchors 'on Sunday'.")
@click.option("--via", default="", help="The outlet whose text this is; unattributed claims are its own.")
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="accounts.csv or accounts.yaml; - for CSV on stdout.",
)
@_aliases
@_errors_exit_2
def extract(files: tuple[Path, ...], published: str, via: str, output: str, aliases: Path | None) -> None:
    """Propose accounts from articles and statements (plain text or HTML) in FILES.

    One account per source per incident, with the sentence behind it as quote, its
    position, a confidence per value and what to check first (`review`). Review the
    file, then give it to `reconcile report`.

    \b
    reconcile extract article.txt --published 2024-08-26 --via "Al Jazeera" -o accounts.csv
    """
    from reconcile.extract import extract as run_extract
    from reconcile.extract import write_rows

    missing = [p for p in files if not p.is_file()]
    if missing:
        raise click.BadParameter("no such file: " + ", ".join(str(p) for p in missing), param_hint="FILES")
    if published and parse_published(published) is None:
        raise click.BadParameter(
            f"{published!r} is not a date; give e.g. 2024-08-26", param_hint="--published"
        )
    fmt = "yaml" if output.endswith((".yaml", ".yml")) else "csv"
    if output != "-" and not output.endswith((".csv", ".yaml", ".yml")):
        raise click.BadParameter(
            "write accounts to a .csv or .yaml file, or - for stdout", param_hint="--output"
        )
    rows = run_extract(list(files), published=published, via=via, vocab=load_vocabulary(aliases))
    text = write_rows(rows, fmt)
    if output == "-":
        click.echo(text, nl=False)
        return
    Path(output).write_text(text, encoding="utf-8")
    flagged = sum(1 for r in rows if r["review"])
    click.echo(
        f"{output}: {len(rows)} proposed accounts, {flagged} with something to check (column 'review')",
        err=True,
    )


@main.command("match")
@_inputs
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="incidents.csv, .parquet or .json; - for CSV on stdout.",
)
@click.option(
    "--explain",
    "explain_id",
    default=None,
    metavar="ID",
    help="Print why account ID joined its incident, and its near misses.",
)
@_aliases
@_fields
@_errors_exit_2
def match_command(
    inputs: tuple[Path, ...],
    output: str,
    explain_id: str | None,
    aliases: Path | None,
    fields_file: Path | None,
) -> None:
    """Group the accounts in INPUTS into incidents, for every account saying which and why.

    Writes one row per account: its incident, the account it was linked to, the score and the
    reasons in words. Built for whole datasets: a million accounts on two cores.

    \b
    reconcile match events.csv -o incidents.parquet
    reconcile match events.csv --explain A017
    """
    if output != "-" and not output.endswith((".csv", ".parquet", ".json")):
        raise click.BadParameter(
            "write incidents to a .csv, .parquet or .json file, or - for stdout", param_hint="--output"
        )
    if stderr_is_terminal():
        click.echo(f"reading {len(inputs)} file(s)...", err=True)
    with collector_paused():  # millions of objects live until the command ends: nothing to collect
        _match_command(inputs, output, aliases, fields_file, explain_id)


def _match_command(
    inputs: tuple[Path, ...],
    output: str,
    aliases: Path | None,
    fields_file: Path | None,
    explain_id: str | None,
) -> None:
    from reconcile.match import explain, match

    parsed = _parse(inputs, aliases, fields_file).sorted_by_id()
    with progress_bar(f"matching {len(parsed.table):,} accounts") as progress:
        matching = match(parsed, progress=progress)
    if explain_id is not None:
        try:
            click.echo(explain(parsed, matching, explain_id), nl=False)
        except KeyError as error:
            raise click.BadParameter(
                f"no account has the id {explain_id!r}", param_hint="--explain"
            ) from error
        return
    if output == "-":
        sys.stdout.flush()  # text already written goes first
        try:
            _write_csv(incident_batches(parsed, matching), sys.stdout.buffer)
        except BrokenPipeError:  # the reader has had enough (`| head`): stop quietly, as cat does
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    elif output.endswith(".parquet"):
        incidents_table(parsed, matching).to_parquet(output, index=False)
    elif output.endswith(".json"):
        frame = incidents_table(parsed, matching)
        Path(output).write_text(
            frame.to_json(orient="records", force_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    else:
        _write_csv(incident_batches(parsed, matching), output)
    if output != "-":
        accounts, incidents = len(parsed.table), len(matching.groups)
        click.echo(f"{output}: {accounts} accounts in {incidents} incidents", err=True)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr while the block runs; nothing at all when stderr is not a terminal
    (a pipe, a log file, CI), so that logs stay clean."""
    if not stderr_is_terminal():
        yield None
        return
    with contextlib.ExitStack() as stack:
        bars: list[Any] = []

        def update(done: int, total: int) -> None:
            if not bars:
                bars.append(
                    stack.enter_context(click.progressbar(length=total, label=label, file=sys.stderr))
                )
            bars[0].update(done - bars[0].pos)

        yield update


ROWS_AT_ONCE = 100_000  # accounts per batch of the per-account table: their reasons texts stay small


def incidents_table(parsed: ParsedAccounts, matching: Any) -> Any:
    """One row per account, in the table's order: its incident, and the strongest link that joined
    it (ties to the lowest other row), with its reasons: `incident_batches`, as one DataFrame
    whose text columns are Arrow strings."""
    import pandas as pd
    import pyarrow as pa

    table = pa.Table.from_batches(list(incident_batches(parsed, matching)))
    return pd.DataFrame(
        {
            name: pd.Series(column.to_numpy())
            if name == "score"
            else pd.Series(column.combine_chunks(), dtype="str")
            for name, column in zip(table.column_names, table.columns, strict=True)
        }
    )


def incident_batches(
    parsed: ParsedAccounts, matching: Any, rows_at_once: int = ROWS_AT_ONCE
) -> Iterator[Any]:
    """The per-account table as Arrow record batches of `rows_at_once` rows (id, incident, scope,
    linked_to, score, reasons), built by Arrow's kernels: a million rows' texts never pass
    through Python one by one, and only a batch of reasons is written out at a time."""
    import itertools

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from reconcile.match import reasons_text

    n = len(parsed.table)
    sizes = np.fromiter(map(len, matching.groups), dtype=np.int64, count=len(matching.groups))
    members = np.fromiter(itertools.chain.from_iterable(matching.groups), dtype=np.int64, count=n)
    incident = np.zeros(n, dtype=np.int64)
    incident[members] = np.repeat(np.arange(1, len(sizes) + 1), sizes)
    scope = np.zeros(n, dtype=np.int8)
    scope[members] = np.repeat(np.asarray(matching.scopes) == "aggregate", sizes)
    joins = matching.joins
    row = np.concatenate([joins["row_a"].to_numpy(), joins["row_b"].to_numpy()])
    other = np.concatenate([joins["row_b"].to_numpy(), joins["row_a"].to_numpy()])
    score = np.concatenate([joins["score"].to_numpy(), joins["score"].to_numpy()])
    link = np.concatenate([np.arange(len(joins)), np.arange(len(joins))])
    order = _strongest_first(row, score, other, n)
    first = order[np.concatenate([[True], row[order][1:] != row[order][:-1]])] if len(order) else order
    linked = np.zeros(n, dtype=bool)
    other_of, link_of, best_score = (
        np.zeros(n, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.full(n, np.nan),
    )
    at = row[first]
    linked[at], other_of[at], link_of[at], best_score[at] = True, other[first], link[first], score[first]
    ids = parsed.ids
    reasons = reasons_text(joins) if len(joins) else None
    scopes = pa.array(["incident", "aggregate"])
    names = ["id", "incident", "scope", "linked_to", "score", "reasons"]
    for start in range(0, max(n, 1), rows_at_once):  # an empty table still has its one batch
        part = slice(start, start + rows_at_once)
        has_link = pa.array(linked[part])
        number = pc.cast(pa.array(incident[part]), pa.string())
        # where an account has no link, position 0 stands in for the take (Arrow takes at null
        # positions slowly), and _where_linked blanks it
        columns = [
            ids[part],
            pc.binary_join_element_wise("incident-", pc.utf8_lpad(number, 6, "0"), ""),
            pc.take(scopes, pa.array(scope[part])),
            _where_linked(has_link, pc.take(ids, pa.array(other_of[part]))),
            pa.array(best_score[part], from_pandas=True),  # NaN (no link) as null: an empty cell
            _where_linked(
                has_link, pc.take(reasons, pa.array(link_of[part])) if reasons is not None else ids[part]
            ),
        ]
        yield pa.RecordBatch.from_arrays(columns, names=names)


def _where_linked(has_link: Any, taken: Any) -> Any:
    """The texts where the account has a link, "" elsewhere."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.if_else(has_link, taken, pa.scalar("", taken.type))


def _strongest_first(row: Any, score: Any, other: Any, n: int) -> Any:
    """The order of (row, -score, other), as np.lexsort gives it; one sort of one int64 key where
    scores are held to three decimals (as links' are) and the key fits, four times faster."""
    import numpy as np

    from reconcile.match import thousandths

    held = thousandths(score)
    if held is not None and n and 1001 * n * n < 2**62:
        return np.argsort(row * (1001 * n) + (1000 - held) * n + other, kind="stable")
    return np.lexsort((other, -score, row))


def _write_csv(batches: Iterable[Any], sink: str | BinaryIO) -> None:
    """CSV through pyarrow's writer, batch by batch, straight to the file or stream (a million
    rows in a fraction of pandas' time, never held whole in memory), every text value quoted,
    and every text cell that a spreadsheet would evaluate as a formula prefixed with an
    apostrophe (as the report's CSV does: see report/as_csv.py)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as arrow_csv

    from reconcile.report.as_csv import FORMULA_STARTS

    starts = pa.array(list(FORMULA_STARTS))
    writer = None
    for batch in batches:
        columns = list(batch.columns)
        for position, field in enumerate(batch.schema):
            if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
                column = columns[position]
                risky = pc.is_in(pc.utf8_slice_codeunits(column, 0, 1), value_set=starts)
                if pc.any(risky).as_py():
                    quoted = pc.binary_join_element_wise(
                        pa.scalar("'", field.type), column, pa.scalar("", field.type)
                    )
                    columns[position] = pc.if_else(risky, quoted, column)
        safe = pa.RecordBatch.from_arrays(columns, schema=batch.schema)
        if writer is None:
            writer = arrow_csv.CSVWriter(sink, batch.schema)
        writer.write_batch(safe)
    if writer is not None:
        writer.close()


def check_text(parsed: ParsedAccounts) -> str:
    table = parsed.table
    lines = []
    unread = 0
    for row in range(len(table)):
        cell = {c: str(table.at[row, c]) for c in ("id", "file", "row", "source")}
        lines.append(f"{cell['id']}  ({cell['file']}, row {cell['row']}; source: {cell['source']})")
        for field, kind in parsed.kinds.items():
            value = parsed.values[field][row]
            if value.missing:
                continue
            mark = " " if value.parsed and not value.note else "!"
            unread += mark == "!"
            read = value.display if value.parsed else "(kept as text)"
            line = f" {mark} {field:<17} {kind.value:<8} {value.raw!r:<40} -> {read}"
            if value.note:
                line += f"   [{value.note}]"
            lines.append(line)
        lines.append("")
    lines.append(f"{len(table)} accounts, {unread} value(s) marked '!' to look at.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
