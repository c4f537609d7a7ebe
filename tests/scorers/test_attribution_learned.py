"""The learned (CRF) attribution taggers: the shipped models load and tag a plain sentence, and
training is deterministic (on a tiny synthetic set, no ../shared needed)."""
from __future__ import annotations

import gzip

import pytest

from analysis.scorers.attribution.learned import (
    KINDS,
    MODEL_PATHS,
    learned_attributions,
    load_taggers,
    spans_of,
)
from analysis.scorers.attribution.training import build_sequences, train_all
from analysis.text.document import parse_article


def _row(text: str, source: str, cue: str, content: str) -> dict:
    def part(piece: str) -> list[dict]:
        start = text.index(piece)
        return [{"start": start, "end": start + len(piece), "text": piece}]
    return {"text": text, "attributions": [{"source": part(source), "cue": part(cue), "content": part(content)}]}


SYNTHETIC = [
    _row("The FBI said on Tuesday that it had no evidence.", "The FBI", "said", "that it had no evidence"),
    _row("Officials told reporters the bridge would reopen.", "Officials", "told",
         "the bridge would reopen"),
    _row("“We will win,” the senator said.", "the senator", "said", "We will win"),
    _row("According to the report, prices rose sharply.", "the report", "According to",
         "prices rose sharply"),
]


def test_shipped_models_are_small_data_files():
    for kind in KINDS:
        path = MODEL_PATHS[kind]
        assert path.exists(), f"missing {path}"
        assert path.stat().st_size < 2_000_000
        assert gzip.decompress(path.read_bytes())[:4] == b"lCRF"  # crfsuite's model format, not a pickle


def test_tags_a_plain_attribution():
    text = "The FBI said on Tuesday that it had no evidence."
    found = learned_attributions(parse_article(text))
    assert len(found) == 1
    a = found[0]
    assert a.cue == "said"
    assert a.source == "The FBI"
    assert a.content is not None and "no evidence" in a.content
    assert (a.cue_start, a.cue_end) == (8, 12)


def test_no_attribution_in_a_plain_statement():
    assert learned_attributions(parse_article("The bridge is closed for repairs.")) == []


def test_spans_of_bio():
    labels = ["O", "B", "I", "O", "I", "I", "B", "B"]
    assert spans_of(labels, range(len(labels))) == [(1, 2), (4, 5), (6,), (7,)]


def test_training_is_deterministic(tmp_path):
    sequences = build_sequences(SYNTHETIC)
    assert len(sequences) == len(SYNTHETIC)
    first, second = tmp_path / "first", tmp_path / "second"
    for directory in (first, second):
        train_all(sequences, {kind: directory / MODEL_PATHS[kind].name for kind in KINDS},
                  max_iterations=30, min_freq=0)
    for kind in KINDS:
        name = MODEL_PATHS[kind].name
        assert (first / name).read_bytes() == (second / name).read_bytes()
    taggers = load_taggers(first)
    found = learned_attributions(parse_article(SYNTHETIC[0]["text"]), taggers=taggers)
    assert [a.cue for a in found] == ["said"]


@pytest.mark.parametrize("kind", KINDS)
def test_models_label_set(kind):
    tagger = load_taggers()[kind]
    assert set(tagger.labels()) == {"B", "I", "O"}
