#!/usr/bin/env python3
"""splink 5 on DuckDB, set up as its documentation recommends for this kind of data.

Columns as splink wants them: a unique id, the event date as a date, the most specific place
name lower-cased, the perpetrator and the death toll as text. Blocking on the same date, the same
place within the same year, and the same first three letters of the place within the same month
(transliteration variants share a prefix more often than a spelling); comparisons: date
difference at 1, 2 and 7 days,
Jaro-Winkler on place and perpetrator, exact toll and event type. Trained without labels:
the match prior from deterministic rules, u by random sampling, m by EM on two blocking rules.
Writes id,cluster (clusters at match probability 0.5) and every link predicted above 0.05 with
its probability, so that the benchmark can give splink its best link threshold.
"""

from __future__ import annotations

import sys
import tempfile

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def prepare(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, engine="pyarrow")
    out = pd.DataFrame({"unique_id": df["id"]})
    out["event_date"] = pd.to_datetime(df["event_date"], errors="coerce").dt.date
    published = pd.to_datetime(df["published"], errors="coerce")
    out["published_week"] = published.dt.strftime("%G-%V").replace("", None)
    out["place"] = df["location"].str.split(",").str[0].str.strip().str.lower().replace("", None)
    out["perpetrator"] = df["perpetrator"].str.lower().replace("", None)
    out["killed"] = df["killed"].str.lower().replace("", None)
    out["event_type"] = df["event_type"].str.lower().replace("", None)
    return out


def main(accounts: str, out_clusters: str, out_links: str) -> None:
    df = prepare(accounts)
    import duckdb

    spill = tempfile.mkdtemp(prefix="splink-duckdb-")  # DuckDB spills to disk here, never into the repo
    db_api = DuckDBAPI(connection=duckdb.connect(config={"temp_directory": spill}))
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("event_date", "substr(place, 1, 1)"),
            block_on("place", "published_week"),
            block_on("substr(place, 1, 3)", "event_date"),
        ],
        comparisons=[
            cl.AbsoluteDateDifferenceAtThresholds(
                "event_date", input_is_string=False, metrics=["day", "day", "day"], thresholds=[1, 2, 7]
            ),
            cl.JaroWinklerAtThresholds("place", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("perpetrator", [0.9, 0.7]),
            cl.ExactMatch("killed"),
            cl.ExactMatch("event_type"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(db_api.register(df), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("event_date", "place")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("event_date", "event_type"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("place", "published_week"))
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5)
    clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]].rename(
        columns={"unique_id": "id", "cluster_id": "cluster"}
    ).to_csv(out_clusters, index=False)
    predictions.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]].rename(
        columns={"unique_id_l": "id_l", "unique_id_r": "id_r"}
    ).to_csv(out_links, index=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
