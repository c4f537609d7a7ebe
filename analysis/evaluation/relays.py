"""``python -m analysis evaluate relays``: relay outlets on the project's relay set.

The set is ``data/gold/relay_cases.jsonl`` (annotation rules in ``data/gold/RELAY_RULES.md``):
real sentences from PolNeAR train/dev and from AllSides articles outside the ``test`` split, each
a relayed statement (expected ``via``, nearest the source first) or a trap (no relay: "told
reporters", state media, platforms, an employer, the outlet as the source itself, a dateline's
wire). Its ``dev`` half was read while the relay rules were written; its ``heldout`` half was
annotated after they were frozen and is reported apart, so the gap between the two shows how
far the rules generalise.

Per half: the share of relayed statements whose source is found with exactly the right outlets
(via-exact recall), and the share of traps whose source is given a relay (false relays).
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.evaluation.attribution import _names_match, _via_ok
from analysis.paths import DATA_DIR
from analysis.scorers.attribution.extract import attributions_from_doc
from analysis.text.document import parse_articles

RELAY_CASES = DATA_DIR / "gold" / "relay_cases.jsonl"
HALVES = ("dev", "heldout")


@dataclass
class RelayScores:
    """Counts of one half: relayed statements and traps, sources found, relays right or false."""

    relays: int = 0
    relay_sources_found: int = 0
    via_right: int = 0
    traps: int = 0
    trap_sources_found: int = 0
    false_relays: int = 0

    def lines(self, half: str) -> list[str]:
        """Report lines of this half."""
        recall = self.via_right / self.relays if self.relays else float("nan")
        false = self.false_relays / self.traps if self.traps else float("nan")
        return [f"  {half:8} relayed statements {self.relays:3}: source found {self.relay_sources_found}, "
                f"via exactly right {self.via_right}/{self.relays} = {recall:.2f}",
                f"  {half:8} traps {self.traps:3}: source found {self.trap_sources_found}, "
                f"false relays {self.false_relays}/{self.traps} = {false:.2f}"]


def read_cases(path: Path = RELAY_CASES) -> list[dict]:
    """The cases of the relay set, in file order."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score_relays(cases: Sequence[dict]) -> dict[str, RelayScores]:
    """Scores per half of the rule extractor on ``cases`` (one parse per sentence)."""
    scores = {half: RelayScores() for half in HALVES}
    for case, doc in zip(cases, parse_articles([c["text"] for c in cases]), strict=True):
        found = [a for a in attributions_from_doc(doc) if _names_match([case["source"]], (a.source, a.resolved))]
        half = scores.setdefault(case["half"], RelayScores())
        if case["kind"] == "relay":
            half.relays += 1
            half.relay_sources_found += bool(found)
            half.via_right += any(_via_ok(case, a.via) for a in found)
        else:
            half.traps += 1
            half.trap_sources_found += bool(found)
            half.false_relays += any(a.via for a in found)
    return scores


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis evaluate relays", description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=Path, default=RELAY_CASES, help="a relay set (JSON lines)")
    args = parser.parse_args(argv)
    print(f"Relay set {args.cases.name}:")
    for half, scores in score_relays(read_cases(args.cases)).items():
        print("\n".join(scores.lines(half)))
    return 0
