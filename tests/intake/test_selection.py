"""The editor's choices applied to a proposal (no database): what is kept, edited, added,
and what is refused."""

import pytest

from claims.intake.pipeline import extract
from claims.intake.selection import SelectionError, select

TEXT = (
    "Ketamine cut relapse in detoxified alcoholics [1]. It can raise blood pressure in some "
    "patients.\nReferences\n[1] Krupitsky, E. M., et al. (2002). The efficacy of ketamine. "
    "J Subst Abuse Treat, 23(4), 273-283.\n"
)


@pytest.fixture
def proposal():
    return extract(TEXT).as_json()


def test_nothing_named_keeps_every_proposal_with_its_links(proposal):
    citations, claims = select(proposal, text=TEXT)
    assert [c["key"] for c in citations] == ["r1"]
    assert [c["citation_keys"] for c in claims] == [["r1"], []]


def test_a_claim_narrowed_to_part_of_its_sentence_keeps_the_sentences_marker(proposal):
    start = TEXT.index("cut relapse")
    _, claims = select(proposal, text=TEXT, claims=[0], edits={0: (start, start + 11)})
    assert claims[0]["quote"] == "cut relapse"
    assert claims[0]["citation_keys"] == ["r1"]


def test_a_claim_whose_citation_is_not_accepted_keeps_no_link(proposal):
    citations, claims = select(proposal, text=TEXT, citations=[])
    assert citations == [] and claims[0]["citation_keys"] == []


def test_an_added_claim_gets_its_type_wording_and_substances(proposal):
    start = TEXT.index("It can raise")
    end = TEXT.index("patients.") + len("patients.")
    _, claims = select(proposal, text=TEXT, claims=[], added=[(start, end, "safety")])
    assert claims == [{
        "quote": "It can raise blood pressure in some patients.", "start": start, "end": end,
        "claim_type": "safety", "wording": "hedged", "substances": ["none"],
        "citation_keys": [],
    }]  # fmt: skip


def test_the_match_an_editor_picked_goes_with_the_citation(proposal):
    citations, _ = select(proposal, text=TEXT, studies={"r1": 42})
    assert citations[0]["study_id"] == 42


@pytest.mark.parametrize(
    "choices, message",
    [
        ({"claims": [5]}, "No proposed claim 5: there are 2"),
        ({"citations": ["r2"]}, "No proposed citation 'r2'"),
        ({"studies": {"t1": 3}}, "No proposed citation 't1'"),
        ({"edits": {0: (10, 10)}}, "Claim 0: 10-10 is not a span"),
        ({"types": {1: "rumour"}}, "'rumour' is not a claim type"),
        ({"added": [(0, 10_000, "safety")]}, "Added claim 1: 0-10000 is not a span"),
    ],
)
def test_a_choice_that_names_nothing_proposed_is_refused(proposal, choices, message):
    with pytest.raises(SelectionError, match=message):
        select(proposal, text=TEXT, **choices)


@pytest.mark.parametrize(
    "span",
    [(2, 5), (0, 5), (2, 8), (TEXT.index("relapse") + 3, TEXT.index("alcoholics") + 10)],
)
def test_a_span_that_cuts_a_word_is_refused(proposal, span):
    start, end = span
    with pytest.raises(SelectionError, match=f"Claim 0: {start}-{end} is not a span of words"):
        select(proposal, text=TEXT, claims=[0], edits={0: span})
    with pytest.raises(SelectionError, match=f"Added claim 1: {start}-{end} is not a span"):
        select(proposal, text=TEXT, claims=[], added=[(start, end, "efficacy")])


def test_a_span_may_end_before_a_marker_glued_to_its_last_word():
    text = "Ketamine cut relapse in two trials2. It can raise blood pressure13,14 in some.\n"
    proposal = extract(text).as_json()
    for quote in ("Ketamine cut relapse in two trials", "It can raise blood pressure"):
        start = text.index(quote)
        _, claims = select(proposal, text=text, claims=[], added=[(start, start + len(quote), "efficacy")])
        assert claims[0]["quote"] == quote
    with pytest.raises(SelectionError, match="is not a span of words"):
        select(proposal, text=text, claims=[], added=[(0, 5, "efficacy")])  # "Ketam"


def test_a_span_of_whitespace_only_is_refused(proposal):
    at = TEXT.index(" It can")
    with pytest.raises(SelectionError, match=f"Claim 0: {at}-{at + 1} is not a span of words"):
        select(proposal, text=TEXT, claims=[0], edits={0: (at, at + 1)})


@pytest.mark.parametrize(
    "quote",
    ["Ketamine", "cut relapse in detoxified alcoholics [1].", " It can raise", "(2002)", "23(4)"],
)
def test_a_span_may_begin_and_end_at_whitespace_or_punctuation(proposal, quote):
    start = TEXT.index(quote)
    _, claims = select(proposal, text=TEXT, claims=[], added=[(start, start + len(quote), "safety")])
    assert claims[0]["quote"] == quote
