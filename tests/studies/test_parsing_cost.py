"""The parser's work is bounded per reference, whatever its length: counted in characters
read by the author-list reader, not timed (a loaded machine would make a timed test flaky;
`make bench` times it)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from studies.references import parsing

# Pieces references are made of, repeated to the longest a reference may be.
PIECES = ["A, 2019. ", "Smith J, ", "(2019) ", "et al. ", "Dakwar, E., ", "2019;176(11):923-930. ", "Title. "]


def characters_read(raw: str, monkeypatch) -> int:
    total = 0
    original = parsing.parse_author_list

    def counting(text):
        nonlocal total
        total += len(text)
        return original(text)

    monkeypatch.setattr(parsing, "parse_author_list", counting)
    parsing.parse_reference(raw)
    monkeypatch.setattr(parsing, "parse_author_list", original)
    return total


def test_a_long_run_of_years_is_read_a_bounded_number_of_times(monkeypatch):
    # Before the bound every year-like number re-read all the text before it: 0.4 s here.
    raw = ("A, 2019. " * 600)[: parsing.MAX_CHARS]
    assert characters_read(raw, monkeypatch) < 250_000


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6), st.integers(100, parsing.MAX_CHARS))
def test_the_author_reader_reads_a_bounded_amount_whatever_the_length(pieces, length):
    from _pytest.monkeypatch import MonkeyPatch

    raw = ("".join(pieces) * (length // len("".join(pieces)) + 1))[:length]
    with MonkeyPatch.context() as monkeypatch:
        read = characters_read(raw, monkeypatch)
    # At most the author window re-read at each of its full stops: a constant, not a
    # multiple of the length.
    assert read <= 250_000


def test_a_header_with_its_authors_wrapped_over_many_lines_is_read_a_bounded_number_of_times(monkeypatch):
    # A header's author list is joined line by line, each join reading the list again:
    # joined without a bound, 150 wrapped lines were read about 750,000 characters.
    for line in ("Stephen Ross1, Anthony Bossis2,", "Stephen Ross, Anthony Bossis,"):
        raw = ("Title of a work here\n" + f"{line}\n" * 200 + "James Babb and Brian L Schmidt")[: parsing.MAX_CHARS]
        assert characters_read(raw, monkeypatch) < 250_000
