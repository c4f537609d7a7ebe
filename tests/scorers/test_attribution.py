import csv

import pytest

from analysis.scorers.attribution.extract import SOURCE_TYPES, Attribution, extract_attributions
from analysis.corpus.cleaning import clean_text
from analysis.paths import LEXICON_DIR


def one(text, **kwargs) -> Attribution:
    found = extract_attributions(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def by_cue(attributions, cue):
    return [a for a in attributions if a.cue == cue]


@pytest.mark.parametrize("text, source", [
    ("Smith said the plan had failed.", "Smith"),
    ("The plan had failed, said Smith.", "Smith"),
    ("The plan had failed, Smith said.", "Smith"),
    ("Smith, who led the team, said the plan had failed.", "Smith"),
    ("The plan had failed, according to Smith.", "Smith"),
])
def test_speaker_in_every_order(text, source):
    a = one(text)
    assert a.resolved == source and a.source_type == "person"
    assert a.source.startswith(source)
    assert "plan had failed" in a.content


def test_fields_are_offsets_into_the_text():
    text = "Officials warned on Monday that the dam could break."
    a = one(text)
    assert text[a.source_start:a.source_end] == a.source == "Officials"
    assert text[a.cue_start:a.cue_end] == a.cue == "warned"
    assert text[a.content_start:a.content_end] == a.content == "that the dam could break"
    assert a.source_type == "anonymous" and a.cue_kind == "speech" and a.chain == ("Officials",)


def test_belief_cue_is_flagged():
    a = one("Analysts believe the merger will fail.")
    assert a.cue_kind == "belief" and a.source_type == "anonymous"


def test_direct_quote_and_scare_quote():
    a = one('"We will rebuild the bridge," the mayor said.')
    assert a.direct and a.content == "We will rebuild the bridge," and a.source_type == "official"
    b = one('Critics called the plan a "woke" giveaway.')
    assert not b.direct


def test_quote_continuation_keeps_speaker_and_relay():
    text = '"Stop the film now," GOP said as reported by Bloomberg. "You cannot find us."'
    found = extract_attributions(text)
    assert [a.content for a in found] == ["Stop the film now,", "You cannot find us."]
    assert all(a.source == "GOP" and a.via == ("Bloomberg",) and a.direct for a in found)


def test_negated_generic_source_is_no_attribution():
    assert extract_attributions("Nobody said the vote would be easy.") == []


@pytest.mark.parametrize("text, source_type", [
    ("A senior administration official said the talks would resume.", "official"),
    ("US officials said the talks would resume.", "anonymous"),
    ("People familiar with the talks said they would resume.", "anonymous"),
    ("The ministry said the talks would resume.", "organization"),
    ("The FBI said the talks would resume.", "organization"),
    ("Pyongyang denied the talks would resume.", "organization"),
    ("A new report found that the talks would resume.", "document"),
    ("Bloomberg reported that the talks would resume.", "outlet"),
    ("State television reported that the talks would resume.", "outlet"),
])
def test_source_types(text, source_type):
    assert one(text).source_type == source_type


def test_resolution_pronoun_surname_and_agency():
    text = ("FBI assistant director Joe Demarest spoke on Tuesday. Demarest said there was no proof. "
            "He said the search would go on. The FBI said it had no suspect. "
            "The agency said it would help Sony.")
    found = extract_attributions(text)
    assert [a.resolved for a in by_cue(found, "said")] == [
        "Joe Demarest", "Joe Demarest", "The FBI", "The FBI"]
    assert by_cue(found, "said")[1].source == "He"


@pytest.mark.parametrize("text, via", [
    ("Demarest said as reported by Reuters that there was no proof.", ("Reuters",)),
    ("Hultquist told Bloomberg that the attackers used known tools.", ("Bloomberg",)),
    ("In an interview with Fox News, Smith said the deal was dead.", ("Fox News",)),
    ("Analysts cited by CNN said the costs could reach $500 million.", ("CNN",)),
    ("The sanctions will be lifted, the minister told state television, a claim later cited by CNN.",
     ("state television", "CNN")),
    ("As previously reported by The New York Times, officials viewed the breach as serious.",
     ("The New York Times",)),
])
def test_relays(text, via):
    assert one(text).via == via


@pytest.mark.parametrize("text, written", [
    ("Demarest said as reported by Reuters that there was no proof.", ["Reuters"]),
    ("Hultquist told CNN's Jake Tapper that the attackers used known tools.", ["CNN"]),
    ("The sanctions will be lifted, the minister told state television, a claim later cited by CNN.",
     ["state television", "CNN"]),
    ("Reuters reported on Tuesday, citing three sources familiar with the matter, that the deal collapsed.",
     ["Reuters"]),
    ("According to a Washington Post report, officials said the talks failed.", ["Washington Post"]),
    ("Bloomberg economist Tom Orlik said growth would slow.", []),
])
def test_relay_offsets_align_with_via(text, written):
    a = one(text)
    assert len(a.via_spans) == len(a.via)
    assert [text[start:end] for start, end in a.via_spans] == written


def test_own_outlet_drops_its_relay_offsets_too():
    text = "The sanctions will be lifted, the minister told state television, a claim later cited by CNN."
    every, own = one(text), one(text, outlet="CNN")
    assert every.via == ("state television", "CNN") and own.via == ("state television",)
    assert own.via_spans == every.via_spans[:1]


def test_outlet_citing_sources_becomes_their_relay():
    a = one("Reuters reported on Tuesday, citing three sources familiar with the matter, that the deal collapsed.")
    assert a.source == "three sources familiar with the matter" and a.via == ("Reuters",)
    assert a.source_type == "anonymous" and a.content == "that the deal collapsed"


def test_according_to_an_outlet_report_relays_the_speaker():
    a = one("According to a Washington Post report, officials said the talks failed.")
    assert a.source == "officials" and a.via == ("The Washington Post",)


@pytest.mark.parametrize("text", [
    "Bloomberg economist Tom Orlik said growth would slow.",
    "CNN's Jake Tapper asked whether the report was true.",
])
def test_employer_is_no_relay(text):
    a = one(text)
    assert a.via == () and a.source_type == "person"


def test_outlet_as_topic_is_no_source():
    assert extract_attributions("Trump attacked The New York Times on Monday.") == []


def test_own_outlet_ends_the_chain_and_is_no_relay():
    a = one("Hultquist told Bloomberg that it was North Korea.", outlet="Bloomberg")
    assert a.via == () and a.chain == ("Hultquist", "Bloomberg")
    b = one("Hultquist told Bloomberg that it was North Korea.", outlet="sputniknews.com")
    assert b.chain == ("Hultquist", "Bloomberg", "Sputnik")


def test_odd_text_never_raises():
    for text in ["", '"', 'He said "unbalanced', "\x00\xff said", "said said said"]:
        assert isinstance(extract_attributions(text), list)


def test_nine_december_seed(seed_texts):
    text = clean_text(seed_texts["003_fa32939be2f0a779"])
    found = extract_attributions(text, outlet="Sputnik")
    reuters = [a for a in found if a.source == "Demarest"][0]
    assert reuters.resolved == "Joe Demarest" and reuters.via == ("Reuters",) and reuters.direct
    assert reuters.chain == ("Joe Demarest", "Reuters", "Sputnik")
    he = [a for a in found if a.source == "He"][0]
    assert he.resolved == "Joe Demarest"
    hultquist = [a for a in found if a.resolved == "John Hultquist"]
    assert hultquist and all(a.via == ("Bloomberg",) for a in hultquist)
    gop = [a for a in found if a.source == "GOP" and a.direct]
    assert [a.content for a in gop][-1] == "You, Sony & FBI, cannot find us."
    assert all(a.via == ("Bloomberg",) for a in gop)
    campbell = [a for a in found if "Campbell" in (a.source or "")][0]
    assert campbell.resolved == "FBI spokesman Joshua Campbell" and campbell.via == ("Reuters",)
    for a in found:
        assert [text[start:end] for start, end in a.via_spans] == list(a.via)


def test_nineteen_december_seed(seed_texts):
    text = clean_text(seed_texts["000_a2f2319523fc04d1"])
    found = extract_attributions(text, outlet="Sputnik")
    officials = [a for a in found if a.cue.lower() == "according to"][0]
    assert "officials" in officials.source and officials.via == ("CNN",)
    nyt = [a for a in found if a.cue == "viewed"][0]
    assert nyt.source == "US officials" and nyt.via == ("The New York Times",) and nyt.cue_kind == "belief"
    assert all(a.source_type in SOURCE_TYPES for a in found)


def test_lexicons_have_term_category_and_note():
    for name in ("reporting_cues.csv", "source_nouns.csv", "relay_patterns.csv"):
        with (LEXICON_DIR / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows and all(row["category"] and row["note"] for row in rows), name


def test_passive_quoted_by_outlet_as_saying():
    a = one("Smith was quoted by Reuters as saying that the deal was dead.")
    assert a.source == "Smith" and a.via == ("Reuters",) and a.content == "that the deal was dead"


def test_cue_keeps_auxiliaries_and_adverbs():
    assert one("The FBI has also said it will help.").cue == "has also said"


def test_quote_with_speaker_in_the_next_sentence():
    a = one('"We will win."\nJones said so on Monday.')
    assert a.source == "Jones" and a.direct and a.content == "We will win."


def test_quote_over_paragraphs_takes_the_speaker_of_its_last_part():
    text = 'He spoke at length.\n\n"We will win. We always do.\n\n"And we will keep winning," said Jones.'
    found = extract_attributions(text)
    assert [a.content for a in found] == ["We will win. We always do.", "And we will keep winning,"]
    assert all(a.source == "Jones" and a.direct for a in found)


def test_mixed_quote_is_direct():
    a = one('The spokesman said the incident is "being treated as a serious national security matter."')
    assert a.direct and a.source_type == "official"
    assert a.content.startswith("the incident is")


def test_reporting_noun_and_generic_outlet():
    a = one("The hackers gained access to the building, US media reports.")
    assert a.source == "US media" and a.source_type == "outlet" and a.content.startswith("The hackers")


def test_relayed_nested_claim_inside_outlet_report():
    found = extract_attributions(
        "The government will reveal its findings on the attack, which, it claims, was carried out "
        "by foreign agents, CNN reported.")
    claims = [a for a in found if a.cue == "claims"][0]
    assert claims.via == ("CNN",)
    assert [a.source_type for a in found if a.cue == "reported"] == ["outlet"]


def test_clause_final_cited_outlet_relays_the_sentence():
    a = one("According to statements by senior officials, the response could include sanctions, cited CNN.")
    assert a.source == "senior officials" and a.via == ("CNN",) and a.source_type == "anonymous"


def test_dateline_is_not_part_of_the_source():
    a = one("WASHINGTON — Sen. Chuck Grassley said the bill would pass.")
    assert a.source == "Sen. Chuck Grassley"
    assert one("Some non-affiliated researchers said the bill would pass.").source == \
        "Some non-affiliated researchers"


def test_naming_with_called_is_no_attribution():
    assert extract_attributions("A group of hackers called Guardians of Peace stole the files.") == []


@pytest.mark.parametrize("text, via", [
    ("The senator told CNN's Jake Tapper that he would run.", ("CNN",)),
    ("The company said in a statement to Reuters that it was hacked.", ("Reuters",)),
    ("Smith said on Fox News that the deal was dead.", ("Fox News",)),
    ("According to Reuters, officials said the deal was dead.", ("Reuters",)),
    ("Smith, speaking to Reuters on Monday, said the deal was dead.", ("Reuters",)),
    ("Trump told Fox News host Sean Hannity that the deal was dead.", ("Fox News",)),
])
def test_more_relays(text, via):
    assert one(text).via == via


def test_social_media_is_no_relay():
    assert one("Smith wrote on Twitter that the deal was dead.").via == ()


def test_outlet_as_original_source():
    a = one("According to Reuters, the deal was dead.")
    assert a.source == "Reuters" and a.source_type == "outlet" and a.via == ()
    b = one("The resignation was first reported by MSNBC.")
    assert b.source == "MSNBC" and b.source_type == "outlet" and b.content == "The resignation"


@pytest.mark.parametrize("text", [
    "Smith, a former Fox News host, said the deal was dead.",
    "Trump criticized The New York Times for its coverage.",
    "Smith said on Monday that CNN had lied.",
])
def test_more_traps_without_relay(text):
    assert all(a.via == () for a in extract_attributions(text))


# ---------------------------------------------------------------- relay constructions (relay set work)
@pytest.mark.parametrize("text, via", [
    ("The mayor told the Springfield Gazette that the bridge would reopen.", ("Springfield Gazette",)),
    ("A spokeswoman said in a statement to the Riverside Chronicle that the plant was safe.", ("Riverside Chronicle",)),
    ("The senator said on NBC's \"Meet the Press\" that the bill was dead.", ("NBC News",)),
    ("The governor told WXYZ that schools would stay closed.", ("WXYZ",)),
    ("The minister told state broadcaster VTV that the vote was fair.", ("VTV",)),
    ("The senator, speaking on Fox News, said the deal was bad.", ("Fox News",)),
    ("The general said in a CNN interview that the troops would stay.", ("CNN",)),
    ("The economist wrote in the Wall Street Journal that rates would rise.", ("The Wall Street Journal",)),
    ("The budget will be cut, according to a memo obtained by Politico.", ("Politico",)),
])
def test_named_relay_constructions(text, via):
    found = [a for a in extract_attributions(text) if a.via]
    assert found and found[0].via == via


@pytest.mark.parametrize("text", [
    "The senator told reporters that the bill was dead.",
    "The test succeeded, state media reported.",
    "The mayor said on Twitter that the road was closed.",
    "Bloomberg economist Jane Doe said inflation would ease.",
    "The senator told Friday's hearing that the bill was dead.",
])
def test_unnamed_channels_are_no_relay(text):
    assert all(a.via == () for a in extract_attributions(text))


def test_dateline_does_not_stop_extraction():
    found = extract_attributions("WASHINGTON (AP) — The defense secretary said Thursday that the troops would stay.")
    assert [a.source for a in found] == ["The defense secretary"]
