"""`reconcile match --scheduler`: the inputs read by the workers in chunks give the single
process's bytes (incidents, ids, links, reasons), with 1 and 2 workers, from CSV and from a
directory of Parquet files; a bad record in a middle chunk is the error the single process
gives; and a CSV file is never cut inside a quoted cell.

The cutting and the merging are tested without Dask too (`read.file_parts`, `read.read_chunk`,
`read.assembled` are plain functions); the cluster tests skip when Dask is not installed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from reconcile import read
from reconcile.cli import main
from reconcile.errors import InputError
from reconcile.match.features import READS
from reconcile.read import assembled, file_parts, input_files, load, read_chunk
from tests.conftest import generated_accounts, write
from tests.test_distributed import needs_dask

SMALL = 1 << 16  # bytes per chunk in these tests: a 5,000-account file is 16 chunks


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """A generated file of 100,000 accounts, the 5,000-account mixed file (aggregates, labels,
    undated and placeless accounts), and each as a directory of Parquet files (row groups of
    several sizes, so that a file is read in parts too)."""
    from tests.test_matching import _mixed

    generated, _ = generated_accounts(tmp_path_factory.mktemp("generated"), 100_000, 1)
    mixed = _mixed(tmp_path_factory.mktemp("mixed"), 5_000, 5)
    found: dict[str, list[Path]] = {"generated": [generated], "mixed": [mixed]}
    for name, (path,) in list(found.items()):
        records = pd.read_csv(path, dtype=str, keep_default_na=False)
        table = pa.Table.from_pandas(records, preserve_index=False)
        folder = path.parent / "parts"
        folder.mkdir()
        third = table.num_rows // 3
        for number, (start, group) in enumerate([(0, third // 4), (third, third), (2 * third, 997)]):
            end = table.num_rows if number == 2 else start + third
            part = folder / f"part-{number}.parquet"
            pq.write_table(table.slice(start, end - start), part, row_group_size=group)
        found[f"{name}-parquet"] = [folder]
    jsonl = mixed.with_suffix(".jsonl")
    _as_jsonl(pd.read_csv(mixed, dtype=str, keep_default_na=False), jsonl)
    found["mixed-jsonl"] = [jsonl]
    return found


def _as_jsonl(table: pd.DataFrame, path: Path, newline: str = "\n") -> Path:
    """The table as JSON lines, empty cells left out of their record (so that a chunk may lack
    a key other chunks give)."""
    lines = [json.dumps({k: v for k, v in row.items() if v != ""}) for row in table.to_dict("records")]
    path.write_text(newline.join(lines) + newline, encoding="utf-8", newline="")
    return path


def _chunked(paths: list[Path], chunk_bytes: int = SMALL) -> pd.DataFrame:
    """The chunks read one after the other in this process, as the workers read them (a file
    whose chunks cannot stand on their own read whole, as `distributed.OnDask.read` does)."""
    return assembled(_coded(paths, chunk_bytes), READS)


def _coded(paths: list[Path], chunk_bytes: int = SMALL) -> list[read.Coded]:
    coded = [read_chunk(part, data, READS) for part, data in file_parts(input_files(paths), chunk_bytes)]
    unsure = {c.part.name: c.part.prefix for c in coded if c.unsure}
    whole = {name: read_chunk(*read.whole_part(Path(name), prefix), READS) for name, prefix in unsure.items()}
    return [whole.get(c.part.name, c) for c in coded if c.part.name not in whole or c.part.number == 0]


def _matched(table: pd.DataFrame) -> bytes:
    from reconcile.match import incident_batches, match, write_csv
    from reconcile.values import load_vocabulary, parse_accounts

    parsed = parse_accounts(table, load_vocabulary()).sorted_by_id()
    out = io.BytesIO()
    write_csv(incident_batches(parsed, match(parsed)), out)
    return out.getvalue()


def _same_columns(chunked: pd.DataFrame, whole: pd.DataFrame) -> None:
    """The chunked table holds `load`'s columns that the matcher reads, cell for cell."""
    assert list(chunked.columns) == [c for c in whole.columns if c in (*READS, "file", "row")]
    for column in chunked.columns:
        assert chunked[column].astype(str).tolist() == whole[column].astype(str).tolist(), column


# -- cutting a file -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "start", "cut"),
    [
        (b"a,b\n1,2\n3,4\n", 0, 4),
        (b"a,b\n1,2\n3,4\n", 4, 8),
        (b'a,"b\nc"\n1,2\n', 0, 8),  # the first line break is inside quotes
        (b'a,"b""\n""c"\n1,2\n', 0, 12),  # doubled quotes inside quotes
        (b"a,b\n1,2", 4, None),
    ],
)
def test_a_csv_file_is_cut_after_a_line_break_outside_quotes(
    data: bytes, start: int, cut: int | None
) -> None:
    assert read._cut(data, start, 0) == cut


def test_chunks_put_together_are_the_table_load_gives(tmp_path: Path) -> None:
    header = "id,source,source_type,published,location,killed\n"
    rows = [f'a{k},"Source, {k}",media,2024-01-0{1 + k % 9},"Place\n{k}",{k}\n' for k in range(400)]
    csv = write(tmp_path / "quoted.csv", header + "".join(rows))
    parts = list(file_parts([csv], 512))
    assert len(parts) > 10
    for part, data in parts:
        assert data.count(b'"') % 2 == 0 and data.endswith(b"\n")  # never inside a quoted cell
        assert read.part_data(part) == data  # where it lies in the file, to read it again
        assert not read_chunk(part, data, READS).unsure
    _same_columns(_chunked([csv], 512), load(csv))


def test_a_file_that_quotes_unlike_rfc_4180_is_read_whole(tmp_path: Path) -> None:
    """A quote inside an unquoted cell (5"7) throws the count of quotes off: the chunk after it
    would be cut inside a quoted cell; `read_chunk` sees its last cell end with a line break and
    says the chunk cannot stand alone, and the file is read whole."""
    rows = [f'a{k},src,media,{"5" + chr(34) + "7" if k == 3 else "x"},"q\n{k}"' for k in range(200)]
    csv = write(tmp_path / "stray.csv", "id,source,source_type,location,quote\n" + "\n".join(rows) + "\n")
    coded = [read_chunk(part, data, READS) for part, data in file_parts([csv], 256)]
    assert any(c.unsure for c in coded)
    part, data = read.whole_part(csv, "stray")
    _same_columns(assembled([read_chunk(part, data, READS)], READS), load(csv))


@pytest.mark.parametrize("name", ["mixed", "mixed-parquet", "mixed-jsonl"])
def test_the_chunked_reading_matches_as_the_single_process_does(
    inputs: dict[str, list[Path]], name: str
) -> None:
    whole = load(inputs[name])
    chunked = _chunked(inputs[name])
    _same_columns(chunked, whole)
    assert _matched(chunked) == _matched(whole)


# -- the same error as the single process ------------------------------------------------------


def _broken(tmp_path: Path, change: str, ids: bool = True) -> Path:
    """The mixed file's first 2,000 accounts with one change in the middle (around record 1,000)
    and one near the end, so that problems come from several chunks."""
    from tests.test_matching import _mixed

    table = pd.read_csv(_mixed(tmp_path, 2_000, 5), dtype=str, keep_default_na=False)
    if not ids:
        table = table.drop(columns=["id"])
    for row in (1_000, 1_900):
        if change == "source":
            table.loc[row, "source"] = ""
        elif change == "source_type":
            table.loc[row, "source_type"] = "goverment"
        elif change == "coordinates":
            table.loc[row, "latitude"] = "123"
        elif change == "id":
            table.loc[row, "id"] = table.loc[row - 700, "id"]
    text = table.to_csv(index=False)
    if change == "ragged":  # a cell that holds the separator, unquoted
        lines = text.split("\n")
        lines[1_001] += ",extra"
        text = "\n".join(lines)
    return write(tmp_path / "broken.csv", text)


@pytest.mark.parametrize(
    ("change", "ids"),
    [
        ("source", True),
        ("source", False),  # default ids: the account named by its record number in the file
        ("source_type", True),
        ("coordinates", True),
        ("id", True),
        ("ragged", True),
    ],
)
def test_a_bad_record_in_a_middle_chunk_is_the_error_load_gives(
    tmp_path: Path, change: str, ids: bool
) -> None:
    path = _broken(tmp_path, change, ids)
    with pytest.raises(InputError) as alone:
        load(path)
    with pytest.raises(InputError) as chunked:
        _chunked([path])
    assert str(chunked.value) == str(alone.value)
    assert "line" in str(alone.value)


# -- JSONL ----------------------------------------------------------------------------------------


def _jsonl_records(tmp_path: Path, newline: str = "\n") -> Path:
    """400 records of JSON lines, keys in varying order and some left out, nested and numeric
    values, blank lines between some: about 40 chunks of 512 bytes."""
    lines = []
    for k in range(400):
        record: dict[str, Any] = {"id": f"a{k}", "source": f"Source {k % 7}", "source_type": "media"}
        if k % 3:
            record["killed"] = k % 11
        if k % 5 == 0:
            record = {"location": {"name": "Place", "n": k}, **record}
        lines.append(json.dumps(record, ensure_ascii=k % 2 == 0) + (newline if k % 9 == 0 else ""))
    path = tmp_path / "records.jsonl"
    path.write_text(newline.join(lines) + newline, encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_jsonl_file_is_cut_after_line_breaks_and_put_together_is_the_table_load_gives(
    tmp_path: Path, newline: str
) -> None:
    path = _jsonl_records(tmp_path, newline)
    parts = list(file_parts([path], 512))
    assert len(parts) > 10 and not any(part.whole for part, _ in parts)
    for part, data in parts:
        assert data.endswith(b"\n") and read.part_data(part) == data
        assert not read_chunk(part, data, READS).unsure
    _same_columns(_chunked([path], 512), load(path))


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ('{"id": "new", "source": "S", "source_type": "media", "location": "X\u2028Y"}', False),
        ('{"id": "new", "source": "S", "source_type": "media", "location": "X\rY"}', True),
        ("", False),  # a chunk of blank lines only
        ('["new", "S"]', True),  # a record that is not an object
        ('{"id": "new", "source": "S",', True),  # not JSON
        ('{"id": "new", "id": "new2", "source": "S", "source_type": "media"}', True),  # a key twice
        ('{"id": "new", "source": "", "source_type": "media"}', True),  # a record's problem
        ('{"id": "new", "source": "S", "source_type": "goverment"}', True),
        ('{"id": "a10", "source": "S", "source_type": "media"}', True),  # an id given twice
    ],
)
def test_a_jsonl_chunk_that_cannot_stand_alone_is_read_whole_and_errors_are_those_load_gives(
    tmp_path: Path, change: str, error: bool
) -> None:
    """Where a chunk cannot stand alone (it holds no record, or a record or line that is wrong),
    the file is read whole, and says what `load` says; a record's own problem in a middle chunk is
    merged by record, as in CSV. U+2028 inside a value is no line break in JSON lines."""
    path = _jsonl_records(tmp_path)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[250] = change if change else "\n" * 300
    path.write_bytes("\n".join(lines).encode("utf-8"))
    if not error:
        whole = load(path)
        assert not change or "X\u2028Y" in whole["location"].tolist()  # no line break in JSON lines
        _same_columns(_chunked([path], 512), whole)
        return
    with pytest.raises(InputError) as alone:
        load(path)
    with pytest.raises(InputError) as chunked:
        _chunked([path], 512)
    assert str(chunked.value) == str(alone.value)
    assert "line" in str(alone.value)


def test_a_jsonl_chunk_not_utf8_is_read_whole_and_the_error_is_the_one_load_gives(tmp_path: Path) -> None:
    path = _jsonl_records(tmp_path)
    data = path.read_bytes()
    at = data.index(b"a300")
    path.write_bytes(data[:at] + b"\xe9" + data[at:])
    with pytest.raises(InputError) as alone:
        load(path)
    with pytest.raises(InputError) as chunked:
        _chunked([path], 512)
    assert str(chunked.value) == str(alone.value) and "UTF-8" in str(alone.value)


# -- on a cluster -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clusters() -> Iterator[dict[int, Any]]:
    from distributed import Client, LocalCluster

    started: dict[int, Any] = {}
    try:
        for workers in (1, 2):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
            started[workers] = (cluster, Client(cluster))
        yield {workers: client for workers, (_, client) in started.items()}
    finally:
        for cluster, client in started.values():
            client.close()
            cluster.close()


@needs_dask
@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("name", ["generated", "generated-parquet", "mixed", "mixed-parquet", "mixed-jsonl"])
def test_read_on_workers_in_chunks_is_the_table_load_gives(
    clusters: dict[int, Any], inputs: dict[str, list[Path]], name: str, workers: int
) -> None:
    from reconcile.match.distributed import OnDask

    chunked = OnDask(clusters[workers]).read(inputs[name], chunk_bytes=SMALL * 16)
    _same_columns(chunked, load(inputs[name]))


@needs_dask
@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("name", ["generated", "mixed-parquet", "mixed-jsonl"])
def test_match_reading_on_workers_writes_the_single_process_bytes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, inputs: dict[str, list[Path]], name: str, workers: int
) -> None:
    monkeypatch.setattr(read, "CHUNK_BYTES", SMALL * 16 if name == "generated" else SMALL)
    given = [str(p) for p in inputs[name]]
    runner = CliRunner()
    alone = runner.invoke(main, ["match", *given, "-o", str(tmp_path / "one.csv")])
    spread = runner.invoke(
        main, ["match", *given, "--scheduler", f"local:{workers}", "-o", str(tmp_path / "spread.csv")]
    )
    folder = str(tmp_path / "p") + "/"
    parts = runner.invoke(main, ["match", *given, "--scheduler", f"local:{workers}", "-o", folder])
    assert alone.exit_code == spread.exit_code == parts.exit_code == 0, spread.output + parts.output
    assert (tmp_path / "spread.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()
    from_parts = pd.read_parquet(tmp_path / "p")
    from_csv = pd.read_csv(tmp_path / "one.csv", dtype=str, keep_default_na=False)
    assert len(list((tmp_path / "p").iterdir())) == -(-len(from_csv) // 100_000)
    from_parts["score"] = from_parts["score"].map(lambda v: "" if pd.isna(v) else f"{v:.3f}")
    from_csv["score"] = from_csv["score"].map(lambda v: f"{float(v):.3f}" if v else "")
    pd.testing.assert_frame_equal(from_parts.astype(str), from_csv.astype(str))


@needs_dask
def test_a_bad_record_in_a_middle_chunk_on_the_cluster_is_the_single_process_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(read, "CHUNK_BYTES", SMALL)
    path = str(_broken(tmp_path, "source_type"))
    runner = CliRunner()
    alone = runner.invoke(main, ["match", path, "-o", str(tmp_path / "one.csv")])
    spread = runner.invoke(main, ["match", path, "--scheduler", "local:2", "-o", str(tmp_path / "two.csv")])
    assert alone.exit_code == spread.exit_code == 2
    assert _said(spread.stderr) == _said(alone.stderr), spread.stderr
    assert "unknown source_type 'goverment'" in alone.stderr
    assert "Traceback" not in spread.output


def _said(stderr: str) -> list[str]:
    """The error, from its first line on (Dask may warn before it, of a port in use by the test's
    other clusters)."""
    return stderr[stderr.index("error:") :].splitlines()


@needs_dask
def test_a_worker_killed_holding_a_chunk_not_yet_read_is_survived_with_the_same_table(
    monkeypatch: pytest.MonkeyPatch, inputs: dict[str, list[Path]]
) -> None:
    """The worker a chunk's bytes were sent to is killed (SIGKILL) before it reads them: Dask
    cannot compute sent data again, so the chunk is read again from the file and sent again."""
    import os
    import signal

    from distributed import Client, LocalCluster

    from reconcile.match import distributed
    from reconcile.match.distributed import OnDask

    killed: list[int] = []
    again: list[int] = []
    monkeypatch.setattr(
        distributed, "part_data", lambda part: again.append(part.number) or read.part_data(part)
    )

    class KillingTheFirstChunksWorker(OnDask):
        def _read(self, part: Any, data: Any) -> Any:
            if killed or data is None:
                return super()._read(part, data)
            shipped = self.client.scatter(data, hash=False)
            (holder,) = self.client.who_has(shipped)[shipped.key]
            pid = int(self.client.run(os.getpid, workers=[holder])[holder])
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            return self.client.submit(read_chunk, part, shipped, READS, pure=False)

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    with cluster, Client(cluster) as client:
        chunked = KillingTheFirstChunksWorker(client).read(inputs["mixed"], chunk_bytes=SMALL)
    assert killed and again == [0]  # the first chunk, read again from the file
    _same_columns(chunked, load(inputs["mixed"]))
