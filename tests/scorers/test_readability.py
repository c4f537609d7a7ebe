"""Readability: equal to textstat's own functions, values reasoned by hand, and offline."""
from __future__ import annotations

import math
import subprocess
import sys

import pytest
import textstat

from analysis.corpus.cleaning import clean_text
from analysis.scorers.readability import READABILITY_FEATURES, readability_measures, sentence_count

TEXTSTAT = {
    "read_flesch_reading_ease": textstat.flesch_reading_ease,
    "read_flesch_kincaid_grade": textstat.flesch_kincaid_grade,
    "read_smog": textstat.smog_index,
    "read_dale_chall": textstat.dale_chall_readability_score,
    "read_gunning_fog": textstat.gunning_fog,
    "read_coleman_liau": textstat.coleman_liau_index,
    "read_ari": textstat.automated_readability_index,
}

WRITTEN = [
    "The cat sat on the mat. The dog ran to the big red barn.",
    "Investigators characterised the unprecedented intrusion as extraordinarily sophisticated. "
    "Nobody knows. It's over, isn't it? The agency's spokeswoman declined to elaborate!",
    'He said: "We will respond proportionally... at a time and place of our choosing."\n\n'
    "Hackers—reportedly linked to Pyongyang—stole 100 terabytes of data in 2014.",
]


def test_simple_text_by_hand():
    # 14 one-syllable words in 2 sentences: 7 words/sentence, 1 syllable/word
    m = readability_measures(WRITTEN[0])
    assert m["read_flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 7 - 84.6 * 1)
    assert m["read_flesch_kincaid_grade"] == pytest.approx(0.39 * 7 + 11.8 * 1 - 15.59)
    assert m["read_syllables_per_word"] == 1.0
    assert m["read_polysyllable_share"] == 0.0
    assert m["read_smog"] == pytest.approx(3.1291)  # no polysyllables: the constant alone


def test_longer_words_read_harder():
    easy, hard = readability_measures(WRITTEN[0]), readability_measures(WRITTEN[1])
    assert hard["read_flesch_reading_ease"] < easy["read_flesch_reading_ease"]
    assert hard["read_flesch_kincaid_grade"] > easy["read_flesch_kincaid_grade"]
    assert hard["read_polysyllable_share"] > 0


def test_equal_to_textstat_on_written_texts_and_seeds(seed_texts):
    texts = WRITTEN + [clean_text(raw) for raw in seed_texts.values()]
    for text in texts:
        m = readability_measures(text)
        for column, function in TEXTSTAT.items():
            assert m[column] == pytest.approx(function(text), rel=1e-9, abs=1e-9), column
        assert sentence_count(text) == textstat.sentence_count(text)


def test_no_words_gives_missing_values():
    for text in ("", "   ", "— … !!"):
        assert all(math.isnan(v) for v in readability_measures(text).values())


def test_odd_text_never_raises():
    m = readability_measures("\x00\x01 ÿþ “unbalanced zzzqqq xkcdwq")
    assert list(m) == list(READABILITY_FEATURES)
    assert 0 <= m["read_difficult_word_share"] <= 1


def test_not_a_string_raises():
    with pytest.raises(TypeError):
        readability_measures(3.5)  # type: ignore[arg-type]


OFFLINE_SCRIPT = r"""
import socket, sys
def refuse(*args, **kwargs):
    raise RuntimeError("network use attempted")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
from analysis.scorers.readability import readability_measures
from analysis.scorers.style import style_measures
from analysis.text.article import Article
text = "Zxqvbn flarbigated the quintessentially unpronounceable Qwertyuiop. It worked."
m = readability_measures(text)
style_measures(Article(text, "A Title"))
assert m["read_syllables_per_word"] > 1, m
print("nltk imported" if "nltk" in sys.modules else "ok")
"""


def test_works_offline_and_downloads_nothing():
    """With every socket connection refused, readability works (words outside the CMU
    dictionary fall back to Pyphen) and NLTK, whose downloader textstat 0.7.9+ calls, is never
    imported."""
    done = subprocess.run([sys.executable, "-c", OFFLINE_SCRIPT], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_three_word_tokens_pattern_equals_counting_tokens():
    """``_THREE_WORD_TOKENS`` is found exactly where textstat's ``\\S*\\w\\S*`` finds 3+ tokens."""
    import random
    import re

    from analysis.scorers.readability import _THREE_WORD_TOKENS

    token = re.compile(r"\S*\w\S*")
    alphabet = ["a", "Z", "7", "_", "-", "—", "'", ",", " ", "  ", "\n", "\t", "é", "“"]
    rng = random.Random(3)
    for _ in range(3000):
        run = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert bool(_THREE_WORD_TOKENS.search(run)) == (len(token.findall(run)) >= 3), repr(run)


def _sample_words() -> list[str]:
    import random

    from textstat.backend.utils import get_cmudict

    words = random.Random(2).sample(sorted(get_cmudict("en_US")), 3000)
    return words + ["zxqvbn", "republicanleaning", "antiislam", "2019", "51seat", "a", "ab",
                    "x" * 30, "don't", "'tis", "café", "naïve", "o'neill", "trump’s", "e-mail",
                    "l'état", "_x_"]


def test_equal_to_textstat_on_many_words():
    """Words of the CMU dictionary and others that fall back to Pyphen, capitalised or not."""
    words = _sample_words()
    words = [w.capitalize() if i % 3 == 0 else w for i, w in enumerate(words)]
    text = " ".join(w + ("." if i % 11 == 10 else "") for i, w in enumerate(words))
    m = readability_measures(text)
    for column, function in TEXTSTAT.items():
        assert m[column] == pytest.approx(function(text), rel=1e-9, abs=1e-9), column
