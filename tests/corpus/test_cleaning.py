"""clean_text and find_dateline on the seeds and on pages we wrote."""
import pytest

from analysis.corpus.cleaning import clean_text, find_dateline

SEED_19_DEC = "000_a2f2319523fc04d1"
SEED_9_DEC = "003_fa32939be2f0a779"
FURNITURE = ("Listen Live", "Get short URL", "(59)", "GMT", "Community standards", "Discussion",
             "© East News", "Sony Corp. headquarters building in Tokyo", "US Congress Steps Up",
             "Democratic Republic of North Korea (DPRK)", "Cyber Monday 2014", "0 45", "0 54")


@pytest.mark.parametrize("stem, paragraphs", [(SEED_19_DEC, 7), (SEED_9_DEC, 12)])
def test_seeds_keep_every_body_paragraph_in_order(seed_texts, stem, paragraphs):
    cleaned = clean_text(seed_texts[stem])
    assert len(cleaned.split("\n\n")) == paragraphs
    for furniture in FURNITURE:
        assert furniture not in cleaned


def test_seed_body_sentences_kept(seed_texts):
    cleaned = clean_text(seed_texts[SEED_9_DEC])
    assert cleaned.startswith("The FBI says they have yet not identified the hackers")
    assert '"There is no attribution to North Korea at this point," Demarest said as reported by Reuters.' in cleaned
    assert cleaned.endswith("Steve Mosko, in charge of the television branch.")
    assert "“You, Sony & FBI, cannot find us.”" in cleaned
    # a paragraph break lost by the scraper is given back as a space
    assert "was leaked. The major data theft" in cleaned
    earlier = clean_text(seed_texts[SEED_19_DEC])
    assert "cited CNN." in earlier and "White House press secretary Josh Earnest announced" in earlier


def test_other_site_furniture():
    page = ("Daily Planet\nMenu\nSubscribe\nMarch 3, 2015 10:14 AM\n"
            "The mayor resigned on Monday after a long fight with the council.\n"
            "Photo: City Hall at night\nShare on Facebook\n1,204\n"
            "“I leave with my head high,” she said.\nHe declined to comment.\n"
            "Related stories\nMayor Race Heats Up\nCouncil Votes Again\nLeave a comment")
    assert clean_text(page) == ("The mayor resigned on Monday after a long fight with the council.\n\n"
                                "“I leave with my head high,” she said.\n\nHe declined to comment.")


def test_empty_and_furniture_only():
    assert clean_text("") == ""
    assert clean_text("Listen Live\nGet short URL\n0 45") == ""
    with pytest.raises(TypeError):
        clean_text(None)


@pytest.mark.parametrize("text, place, date, outlet", [
    ("MOSCOW, December 19 (Sputnik) – On Friday, the US", "MOSCOW", "December 19", "Sputnik"),
    ("WASHINGTON (Reuters) - The U.S. said", "WASHINGTON", None, "Reuters"),
    ("(AP) — Officials said on Monday", None, None, "AP"),
    ("PARIS (AFP) - France said", "PARIS", None, "AFP"),
    ("NEW YORK, Dec 5 (Reuters) - Stocks fell", "NEW YORK", "Dec 5", "Reuters"),
])
def test_datelines(text, place, date, outlet):
    dateline = find_dateline(text)
    assert (dateline.place, dateline.date, dateline.outlet) == (place, date, outlet)
    assert text[dateline.end:][:1].isalpha()


def test_dateline_in_second_paragraph_and_absent():
    text = "A summary sentence of the story.\n\nMOSCOW, December 9 (Sputnik) – The FBI said"
    dateline = find_dateline(text)
    assert dateline.outlet == "Sputnik" and text[dateline.start:dateline.start + 6] == "MOSCOW"
    assert find_dateline("The president (R) said nothing.") is None


def test_paragraph_ending_in_markup_is_kept():
    page = ("US officials said on Friday that the attack was serious, CNN reported. <script>x()</script>\n"
            "Related\nSome Headline Here")
    assert clean_text(page) == ("US officials said on Friday that the attack was serious, CNN reported. "
                                "<script>x()</script>")
