"""The command line: a thin shell over the library. The only place that knows exit codes.

Exit status: 0 done; 1 conflicts found when `--fail-on conflict` asks for it;
2 any error (bad input, bad option, unreadable file, an output that is one of the inputs);
130 interrupted (SIGINT, Ctrl-C); 143 terminated (SIGTERM): an interrupted command leaves every
file it was writing as it was before (reconcile.files writes through a temporary file); 141
(128 + SIGPIPE, as `cat` and `grep` give) when the reader of standard output closed it early
(`| head`), quietly: the output was cut short on purpose, but it is not all there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import signal
import sys
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec

import click

from reconcile.align import resolved_place
from reconcile.bulk import collector_paused
from reconcile.cells import visible
from reconcile.errors import InputError, Problem
from reconcile.files import clashing, write_text_atomically
from reconcile.match.evidence.dates import DATE_VETO_DAYS
from reconcile.match.evidence.places import DATASET_WINDOW_KM
from reconcile.match.features import MAX_WINDOW_DAYS, Windows
from reconcile.pipeline import build_report
from reconcile.read import load, record_lines
from reconcile.report import FORMATS, format_for, render
from reconcile.report.claimreview import iso_date
from reconcile.schema import Kind, column_key
from reconcile.values import ParsedAccounts, actors, load_vocabulary, parse_accounts
from reconcile.values.dates import parse_published, read_published
from reconcile.values.taxonomy import Taxonomy, load_taxonomy
from reconcile.values.vocab import read_yaml_mapping
from reconcile.words import counted, number

if TYPE_CHECKING:
    from reconcile.match.distributed import OnDask

EXIT_CONFLICTS = 1
EXIT_ERROR = 2
EXIT_PIPE_CLOSED = 128 + 13  # killed by SIGPIPE, as a shell reports `cat` in `cat big | head`
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, as shells report a command stopped by Ctrl-C
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143

_inputs = click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
_aliases = click.option(
    "--aliases",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of your own places and actors; its format: reconcile docs aliases.",
)
_fields = click.option(
    "--fields",
    "fields_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML mapping of extra columns to kinds: count, date, place, actor, category, text "
    "(reconcile docs aliases).",
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


def _parse(
    inputs: tuple[Path, ...], aliases: Path | None, fields_file: Path | None, runner: OnDask | None = None
) -> ParsedAccounts:
    """The inputs read (a file, or a directory of Parquet files) and every value parsed; read on
    the cluster's workers, in chunks, when `runner` is one (only the columns matching reads), and
    each column's distinct values parsed there."""
    missing = [p for p in inputs if not p.is_file() and not p.is_dir()]
    if missing:
        raise click.BadParameter("no such file: " + ", ".join(str(p) for p in missing), param_hint="INPUTS")
    if runner is None:
        return parse_accounts(load(list(inputs)), load_vocabulary(aliases), _kinds(fields_file))
    table = runner.read(list(inputs))
    return parse_accounts(table, load_vocabulary(aliases), _kinds(fields_file), runner.parse_distinct)


def _taxonomy(path: Path | None) -> Taxonomy:
    """The built-in taxonomy, with the user's `--taxonomy` file over it; its errors exit 2."""
    try:
        return load_taxonomy(path)
    except InputError as error:
        _fail(error)


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
    for line in error.more_lines():
        click.echo(f"  {line}", err=True)
    _exit_after_error()


def _exit_after_error() -> NoReturn:
    """Exit 2; with --debug, first the traceback of the error being handled."""
    context = click.get_current_context(silent=True)
    if context is not None and context.find_root().params.get("debug"):
        click.echo(traceback.format_exc().rstrip("\n"), err=True)
    sys.exit(EXIT_ERROR)


def _stdout_closed() -> NoReturn:
    """The reader of our standard output has gone (`reconcile report ... | head`): stop at once
    and quietly, with the status a shell gives `cat` there (141), so that `set -o pipefail`
    scripts see what they would see with any Unix tool. Standard output is pointed at /dev/null
    first, so that Python's last flush at exit does not fail a second time."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(EXIT_PIPE_CLOSED)


P = ParamSpec("P")


def _windows(command: Callable[P, None]) -> Callable[P, None]:
    """--within-days and --within-km: how far apart one incident's accounts may lie."""
    days = click.option(
        "--within-days",
        type=click.IntRange(0, MAX_WINDOW_DAYS),
        default=DATE_VETO_DAYS,
        show_default=True,
        help="Accounts whose dates lie more days apart are never one incident.",
    )
    km = click.option(
        "--within-km",
        type=click.FloatRange(0, 20_000, min_open=True),
        default=DATASET_WINDOW_KM,
        show_default=True,
        help="Records of event datasets (source_type dataset) whose precise points lie more km apart "
        "are never one incident (a point of UCDP where_prec 3+ or ACLED geo_precision 3 is an area's).",
    )
    taxonomy = click.option(
        "--taxonomy",
        "taxonomy_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="YAML file of your codebook's event types on the shared levels, over the built-in "
        "taxonomy of UCDP, ACLED and GTD types (reconcile docs taxonomy).",
    )
    return days(km(taxonomy(command)))


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that `finally` blocks run (a file being written
    is removed, the old one kept) before the process exits 143."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


@contextlib.contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """While a command runs, SIGTERM raises Terminated (signal handlers can only be set from
    the main thread; elsewhere SIGTERM keeps its default)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _errors_exit_2(command: Callable[P, None]) -> Callable[P, None]:
    """Any failure exits with status 2, never 1 (which means conflicts were found); an interrupt
    exits 130 (SIGINT) or 143 (SIGTERM), after every file being written is cleaned up."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            with _terminate_as_exception():
                command(*args, **kwargs)
        except InputError as error:
            _fail(error)
        except BrokenPipeError:
            _stdout_closed()
        except OSError as error:
            what = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {what}{error.strerror or error}", err=True)
            _exit_after_error()
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except KeyboardInterrupt:  # not click's "Aborted!" and status 1, which means conflicts found
            click.echo("\ninterrupted; no output was changed", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Terminated:
            click.echo("terminated; no output was changed", err=True)
            sys.exit(EXIT_TERMINATED)
        except Exception as error:  # a bug of ours: say so, and keep the exit-code contract
            click.echo(f"error: internal error ({type(error).__name__}: {error}); please report it", err=True)
            _exit_after_error()

    return wrapper


def _refuse_to_overwrite_an_input(output: str, *inputs: Path | None) -> None:
    """Exit 2 before anything is read when the output is one of the inputs, by any path."""
    if output == "-":
        return
    clash = clashing(output, inputs)
    if clash is not None:
        raise click.BadParameter(
            f"{output} is one of the inputs ({clash}, the same file): write the output elsewhere",
            param_hint="--output",
        )


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
    help="An ISO 8601 date or date-time to print in the report (2024-08-27, 2024-08-27T09:00:00Z); "
    "left out by default, so reports are byte-identical.",
)
@_windows
@_aliases
@_fields
@_errors_exit_2
def report(
    inputs: tuple[Path, ...],
    output: str,
    fmt: str | None,
    fail_on: str,
    generated_at: str | None,
    within_days: int,
    within_km: float,
    taxonomy_file: Path | None,
    aliases: Path | None,
    fields_file: Path | None,
) -> None:
    """Write a report of where the accounts in INPUTS agree and conflict.

    \b
    reconcile report article.csv other-outlets.yaml -o report.html
    reconcile report accounts.yaml -o - --format md
    """
    chosen = fmt or (format_for(output) if output != "-" else None) or "html"
    if output != "-" and fmt is None and format_for(output) is None:
        raise click.BadParameter(
            f"cannot tell the format from {output!r}; give --format or an extension "
            ".html, .md, .json, .csv or .jsonld (ClaimReview)",
            param_hint="--output",
        )
    if generated_at is not None and iso_date(generated_at) is None:
        raise click.BadParameter(
            f"{generated_at!r} is not an ISO 8601 date or date-time; give e.g. 2024-08-27 or "
            "2024-08-27T09:00:00Z (ClaimReview publishes it as datePublished)",
            param_hint="--generated-at",
        )
    _refuse_to_overwrite_an_input(output, *inputs, aliases, fields_file, taxonomy_file)
    parsed = _parse(inputs, aliases, fields_file)
    result = build_report(
        parsed,
        generated_at=generated_at,
        windows=Windows(within_days, within_km),
        taxonomy=_taxonomy(taxonomy_file),
    )
    text = render(result, chosen)
    if output == "-":
        click.echo(text, nl=False)
        sys.stdout.flush()  # a closed pipe is found here, inside the command, not at exit
    else:
        target = Path(output)
        write_text_atomically(target, text)
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
    sys.stdout.flush()


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "codebook",
    required=True,
    type=click.Choice(["ucdp-ged", "acled", "gtd"]),
    help="The dataset whose CSV export FILES are, with its published column names.",
)
@click.option("-o", "--output", default="-", show_default=True, help="accounts.csv; - for stdout.")
@_errors_exit_2
def convert(files: tuple[Path, ...], codebook: str, output: str) -> None:
    """Write accounts v1 (source_type dataset) from the records of an event dataset.

    \b
    reconcile convert --from ucdp-ged GEDEvent_v25_1.csv -o ged.csv
    reconcile convert --from acled acled-export.csv -o acled.csv
    reconcile match ged.csv acled.csv --within-km 5 --within-days 1 -o linked.csv
    """
    from reconcile.convert import accounts_csv, convert_files

    if output != "-" and not output.endswith(".csv"):
        raise click.BadParameter("write the accounts to a .csv file, or - for stdout", param_hint="--output")
    _refuse_to_overwrite_an_input(output, *files)
    try:
        accounts = convert_files(files, codebook)
    except InputError as error:
        _fail(error)
    text = accounts_csv(accounts)
    if output == "-":
        click.echo(text, nl=False)
        sys.stdout.flush()
    else:
        write_text_atomically(Path(output), text)
        click.echo(
            f"{output}: {counted(len(accounts), 'account')} from {counted(len(files), 'file')}", err=True
        )


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

    Who said each figure is read from a dependency parse (spaCy's English model,
    installed with the package). One account per source per incident, and one more
    each time a source gives a field another figure, with the sentence behind it as
    quote, its position, a confidence per value and what to check first (`review`).
    Review the file, then give it to `reconcile report`.

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
    _refuse_to_overwrite_an_input(output, *files, aliases)
    rows = run_extract(list(files), published=published, via=via, vocab=load_vocabulary(aliases))
    text = write_rows(rows, fmt)
    if output == "-":
        click.echo(text, nl=False)
        return
    write_text_atomically(output, text)
    flagged = sum(1 for r in rows if r["review"])
    click.echo(
        f"{output}: {counted(len(rows), 'proposed account')}, {number(flagged)} with something to check"
        " (column 'review')",
        err=True,
    )


DOCS = ("aliases", "evidence", "taxonomy")  # the pages `reconcile docs` prints


@main.command("docs")
@click.argument("topic", type=click.Choice(DOCS))
@_errors_exit_2
def docs_command(topic: str) -> None:
    """Print a page of the documentation that comes with reconcile, as Markdown.

    \b
    aliases   the --aliases file (your own places and actors) and the --fields file
    evidence  how accounts are matched: the kinds of evidence, their levels and weights
    taxonomy  event datasets' types on shared levels, and the --taxonomy file
    """
    click.echo(docs_page(topic), nl=False)


def docs_page(topic: str) -> str:
    """A page of DOCS: the aliases page is package data (reconcile/docs/aliases.md); the evidence
    page is written from the matcher's own list of kinds, as docs/evidence.md is."""
    if topic == "evidence":
        from reconcile.match.evidence import describe

        return describe() + "\n"
    if topic == "taxonomy":
        from reconcile.values.taxonomy import describe_taxonomy

        return describe_taxonomy()
    return (resources.files("reconcile") / "docs" / f"{topic}.md").read_text(encoding="utf-8")


@main.command("match")
@_inputs
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="incidents.csv, .parquet or .json; a directory (incidents/, new or empty) for the table in "
    "Parquet files of 100,000 accounts each; - for CSV on stdout.",
)
@click.option(
    "--explain",
    "explain_id",
    default=None,
    metavar="ID",
    help="Print why account ID joined its incident, and its near misses.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Match on a Dask cluster: its scheduler's address (tcp://host:8786), or local:N to start "
    "N worker processes here. Same output. Needs pip install 'reconcile[dask]'.",
)
@_windows
@_aliases
@_fields
@_errors_exit_2
def match_command(
    inputs: tuple[Path, ...],
    output: str,
    explain_id: str | None,
    scheduler: str | None,
    within_days: int,
    within_km: float,
    taxonomy_file: Path | None,
    aliases: Path | None,
    fields_file: Path | None,
) -> None:
    """Group the accounts in INPUTS into incidents, for every account saying which and why.

    Writes one row per account: its incident, the account it was linked to, the score and the
    reasons in words. Built for whole datasets: a million accounts on two cores.
    The kinds of evidence and their weights: reconcile docs evidence.

    \b
    reconcile match events.csv -o incidents.parquet
    reconcile match events.csv --explain A017
    reconcile match events.csv --scheduler tcp://10.0.0.5:8786 -o incidents.csv
    reconcile match events/ --scheduler local:2 -o incidents/
    """
    parts = output.endswith(("/", os.sep)) or Path(output).is_dir()
    if output != "-" and not parts and not output.endswith((".csv", ".parquet", ".json")):
        raise click.BadParameter(
            "write incidents to a .csv, .parquet or .json file, a directory (incidents/) or - for stdout",
            param_hint="--output",
        )
    if parts and Path(output).exists() and (not Path(output).is_dir() or any(Path(output).iterdir())):
        raise click.BadParameter(
            f"{output} is not an empty directory: give a new or empty directory for the Parquet files",
            param_hint="--output",
        )
    _refuse_to_overwrite_an_input(output, *inputs, aliases, fields_file, taxonomy_file)
    if stderr_is_terminal():
        click.echo(f"reading {counted(len(inputs), 'file')}...", err=True)
    # millions of objects live until the command ends: nothing to collect
    with collector_paused(), _runner(scheduler) as runner:
        settings = (Windows(within_days, within_km), _taxonomy(taxonomy_file))
        _match_command(inputs, output, aliases, fields_file, explain_id, runner, *settings, parts)


@contextlib.contextmanager
def _runner(scheduler: str | None) -> Iterator[OnDask | None]:
    """Where matching runs: in this process (None), or on the Dask cluster `--scheduler` names,
    connected to (or started) before any input is read, and let go of after the block."""
    if scheduler is None:
        yield None
        return
    try:
        from reconcile.match import distributed
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in ("dask", "distributed"):
            raise
        raise click.BadParameter(
            "matching on a Dask cluster needs Dask: pip install 'reconcile[dask]'", param_hint="--scheduler"
        ) from error
    try:
        with distributed.connected(scheduler) as client:
            if stderr_is_terminal():
                workers = counted(distributed.workers(client), "Dask worker")
                click.echo(f"matching on {workers} ({client.scheduler.address})", err=True)
            yield distributed.OnDask(client)
    except distributed.SchedulerError as error:
        raise click.BadParameter(str(error), param_hint="--scheduler") from error


def _match_command(
    inputs: tuple[Path, ...],
    output: str,
    aliases: Path | None,
    fields_file: Path | None,
    explain_id: str | None,
    runner: OnDask | None,
    windows: Windows,
    taxonomy: Taxonomy,
    parts: bool = False,
) -> None:
    from reconcile.match import explain, features, incident_batches, match, write_csv, write_incidents

    parsed = _parse(inputs, aliases, fields_file, runner).sorted_by_id()
    with progress_bar(f"matching {len(parsed.table):,} accounts") as progress:
        # on a cluster, the links' reasons are worded there as the table is written, a batch at a
        # time; the features are shipped there as soon as they are built, and this process keeps
        # what its stages read of them (`OnDask.kept`); the parsed values are let go of: what the
        # table needs of `parsed` is its ids and its `incident` labels
        prepared = None
        if runner is not None and explain_id is None:
            prepared = runner.kept(features(parsed, windows, taxonomy))
            parsed = dataclasses.replace(parsed, values={}, published=[])
        matching = match(
            parsed,
            progress=progress,
            runner=runner,
            windows=windows,
            taxonomy=taxonomy,
            word_later=prepared is not None,
            prepared=prepared,
        )
        del prepared
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
        write_csv(incident_batches(parsed, matching), sys.stdout.buffer)
        sys.stdout.flush()  # a reader that has had enough (`| head`): see _stdout_closed
    else:
        write_incidents(parsed, matching, Path(output), parts)
    if output != "-":
        accounts, incidents = len(parsed.table), len(matching.groups)
        click.echo(f"{output}: {counted(accounts, 'account')} in {counted(incidents, 'incident')}", err=True)


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


def check_text(parsed: ParsedAccounts) -> str:
    table = parsed.table
    lines = []
    unread = 0
    starts: dict[str, list[int] | None] = {}
    for row in range(len(table)):
        # control and bidi characters shown as escapes: an id or a source cannot move the cursor,
        # colour the terminal, return to the start of the line or forge a line of its own
        cell = {c: str(table.at[row, c]) for c in ("id", "file", "row", "source", "published")}
        file, record = cell["file"], int(cell["row"])
        if file not in starts:
            starts[file] = record_lines(file)
        found = starts[file]
        where = f"line {found[record - 1]}" if found and record <= len(found) else f"record {record}"
        lines.append(f"{visible(cell['id'])}  ({visible(file)}, {where}; source: {visible(cell['source'])})")
        _, note = read_published(cell["published"])
        if note:
            unread += 1
            published = visible(repr(cell["published"]))
            lines.append(f" ! {'published':<17} {'date':<8} {published:<40} -> (kept as text)   [{note}]")
        for field, kind in parsed.kinds.items():
            value = parsed.values[field][row]
            if value.missing:
                continue
            # a value derived from a breakdown is read: its note says where from, not what is wrong
            mark = " " if value.parsed and (not value.note or value.derived_from) else "!"
            unread += mark == "!"
            read = visible(value.display) if value.parsed else "(kept as text)"
            line = f" {mark} {visible(field):<17} {kind.value:<8} {value.raw!r:<40} -> {read}"
            if value.note:
                line += f"   [{visible(value.note)}]"
            lines.append(line)
            if kind is Kind.PLACE and (place := resolved_place(parsed, row, value)) is not None:
                lines.append(f"   {'':<17} {'':<8} {'':<40}    resolved: {visible(place.words())}")
        lines.append("")
    lines.append(f"{counted(len(table), 'account')}, {counted(unread, 'value')} marked '!' to look at.")
    lines.extend(unknown_actors_text(parsed))
    return "\n".join(lines) + "\n"


def unknown_actors_text(parsed: ParsedAccounts) -> list[str]:
    """The actor names the vocabulary does not know, per field, with how many accounts give each:
    compared as text (never a conflict) until added with --aliases."""
    lines = []
    for field, kind in parsed.kinds.items():
        if kind is not Kind.ACTOR:
            continue
        column = parsed.values[field]
        accounts: dict[str, int] = {}
        for code, count in sorted(Counter(column.codes.tolist()).items()):
            value = column.uniques[code]
            for name in actors.unknown_names(value.detail) if value.parsed else []:
                accounts[name] = accounts.get(name, 0) + int(count)
        if accounts:
            names = sorted(accounts, key=lambda n: (-accounts[n], n))
            listed = ", ".join(f"{visible(repr(n))} ({counted(accounts[n], 'account')})" for n in names)
            lines.append(f"{visible(field)}: {counted(len(names), 'name')} not in the vocabulary: {listed}")
    if lines:
        lines.insert(0, "")
        lines.append(
            "Names not in the vocabulary are compared as text, never as a conflict; "
            "add them with --aliases (reconcile docs aliases)."
        )
    return lines


if __name__ == "__main__":
    main()
