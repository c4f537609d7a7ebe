"""The relay-set evaluation counts relays and traps per half."""
from __future__ import annotations

from analysis.evaluation.relays import RELAY_CASES, read_cases, score_relays


def test_counts_relays_right_and_false_relays_per_half():
    cases = [
        {"half": "dev", "kind": "relay", "text": "Demarest told Reuters that there was no proof.",
         "via": ["Reuters"], "source": "Demarest"},
        {"half": "dev", "kind": "relay", "text": "Demarest said there was no proof.",
         "via": ["Reuters"], "source": "Demarest"},
        {"half": "heldout", "kind": "trap", "text": "The senator told reporters that the bill was dead.",
         "via": [], "source": "The senator"},
        {"half": "heldout", "kind": "trap", "text": "The senator told CNN that the bill was dead.",
         "via": [], "source": "The senator"},
    ]
    scores = score_relays(cases)
    assert (scores["dev"].relays, scores["dev"].relay_sources_found, scores["dev"].via_right) == (2, 2, 1)
    assert (scores["heldout"].traps, scores["heldout"].false_relays) == (2, 1)
    assert "via exactly right 1/2 = 0.50" in scores["dev"].lines("dev")[0]


def test_the_shipped_relay_set_has_both_halves_and_real_sources():
    cases = read_cases(RELAY_CASES)
    assert {c["half"] for c in cases} == {"dev", "heldout"}
    assert sum(c["kind"] == "relay" for c in cases) >= 150 and sum(c["kind"] == "trap" for c in cases) >= 100
    assert all(c["file"] and c["doc_id"] and c["text"] for c in cases)
