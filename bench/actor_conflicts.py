#!/usr/bin/env python3
"""Perpetrator conflicts in a report (JSON) between names of one group, by the generator's lists.

A perpetrator field in conflict is counted as "one group" when two of its conflict groups each
hold a name from one of bench/gen_accounts.py's alias lists of the same group (the generator
wrote both for one true perpetrator): such a conflict says two sources disagree where they
do not. Generic words ("terrorists") and empty cells are no group's name.

Usage: python bench/actor_conflicts.py report.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import gen_accounts


def group_of() -> dict[str, int]:
    """Each name in the generator's alias lists -> the number of its group (names shared by two
    lists, such as 'Daesh', belong to both and are left out)."""
    seen: dict[str, set[int]] = {}
    lists = [names for country in gen_accounts.COUNTRIES.values() for names, *_ in country["groups"]]
    canon = {names[0] for names in lists}
    numbers = {name: i for i, name in enumerate(sorted(canon))}
    for names in lists:
        for name in names:
            seen.setdefault(name.casefold(), set()).add(numbers[names[0]])
    return {name: next(iter(groups)) for name, groups in seen.items() if len(groups) == 1}


def main(path: str) -> None:
    report = json.loads(Path(path).read_text("utf-8"))
    groups = group_of()
    conflicts = same_group = 0
    for incident in report["incidents"]:
        for field in incident["fields"]:
            if field["field"] != "perpetrator" or field["status"] != "conflict":
                continue
            conflicts += 1
            raw = {v["account"]: v["raw"].strip().casefold() for v in field["values"]}
            found = [{groups[raw[a]] for a in group if raw.get(a) in groups} for group in field["groups"]]
            if any(x & y for i, x in enumerate(found) for y in found[i + 1 :]):
                same_group += 1
    print(f"{path}: {conflicts} perpetrator conflicts, {same_group} of them between names of one group")


if __name__ == "__main__":
    main(sys.argv[1])
