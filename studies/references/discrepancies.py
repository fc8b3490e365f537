"""Compare a reference as written with the canonical record of the work, field by field.

`find_discrepancies(written, canonical)` returns `[{"field", "written", "canonical"}]` for the
fields that really differ. What does not matter is tolerated: case, punctuation, diacritics,
abbreviated journal names ("Am J Psychiatry" for "American Journal of Psychiatry"), short page
ranges ("923-30" for "923-930"), initials for given names, "et al.", a shortened author list.
A dropped subtitle still names the work (`same_title`), but is reported: the title as
written is not the work's title. A field the reference does not give, or the record does
not confirm, is never a discrepancy.

The normalising helpers here are shared with matching, so that "the same" means the same
thing when a candidate is scored and when a discrepancy is reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from studies.references.identifiers import normalise_doi, normalise_pmid

if TYPE_CHECKING:
    from studies.references.matching import StudyRecord
    from studies.references.parsing import ParsedReference

# The fields a discrepancy may name, in the order they are reported.
FIELDS = ("authors", "year", "title", "container_title", "volume", "issue", "pages", "doi", "pmid")

FIELD_LABELS = {
    "authors": "authors",
    "year": "year",
    "title": "title",
    "container_title": "journal",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "doi": "DOI",
    "pmid": "PMID",
}

# Words that journal abbreviations drop ("Journal of the American ..." -> "J Am ...").
_JOURNAL_STOPWORDS = frozenset("the of and in for on de la le und fur des du y e &".split())
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_PARENTHETICAL_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_GIVEN_SPLIT_RE = re.compile(r"[\s.\-]+")
_PAGE_SPLIT_RE = re.compile(r"\s*[-\u2013\u2014]+\s*")
_PAGE_RE = re.compile(r"^([a-z]*)(\d+)$")
_NUMBER_LABEL_RE = re.compile(r"^(?:vol(?:ume)?|no|issue|iss|nr)\s*")
_LEADING_ZEROS_RE = re.compile(r"\b0+(\d)")

# A title is the same when it differs only by spelling variants or small slips: close
# character by character, with every significant word found on the other side.
TITLE_SAME_RATIO = 90

# Words too common to tell titles apart (or to retrieve them by).
TITLE_STOPWORDS = frozenset(
    """a an and are as at be by for from in into is of on or the to with without versus vs
    its their this that these those we our after before between during among than""".split()
)


@lru_cache(maxsize=1 << 16)
def fold(text: str | None) -> str:
    """Lower case, no diacritics, "&" as "and", punctuation as single spaces. Cached: the
    names of authors and journals recur across the candidates of every reference."""
    if not text:
        return ""
    if not text.isascii():  # the common case skips decomposing (it is most of the cost)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ").replace("'", "")
    return _NON_ALNUM_RE.sub(" ", text).strip()


def latin_script(text: str | None) -> bool | None:
    """Whether most of a text's letters are Latin ones (None: no letters): a title written
    in Chinese, Russian or Arabic cannot be compared with one in English, word by word."""
    latin = other = 0
    for ch in text or "":
        if ch.isalpha():
            if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"):
                latin += 1
            else:
                other += 1
    return None if latin == other == 0 else latin >= other


def other_script(written: str | None, canonical: str | None) -> bool:
    """Whether two titles are written in different scripts: a translation of the title
    (a Chinese mirror of an English paper), which neither names another work nor is the
    work's title as published."""
    ours, theirs = latin_script(written), latin_script(canonical)
    return ours is not None and theirs is not None and ours != theirs


def significant_words(folded: str) -> list[str]:
    """The words of a folded title that tell it apart: three letters or more, no stopwords."""
    return [t for t in folded.split() if len(t) >= 3 and t not in TITLE_STOPWORDS]


def word_overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float | None:
    """Jaccard of two sets of words, counting a misspelt word (one or two edits, a swap of
    two letters counting as one) as the same word; None when both are empty.

    Character similarity alone rates "Efficacy of ketamine in the treatment of substance use
    disorders: a systematic review" and "Role of ketamine in ..." at 0.94, though they are
    different papers; by words they are 7 of 9.
    """
    union = len(a | b)
    if not union:
        return None
    same = len(a & b)
    spare = list(b - a)
    for word in a - b:
        partner = next((other for other in spare if _misspelt(word, other)), None)
        if partner is not None:
            spare.remove(partner)
            same += 1
            union -= 1
        elif any(_misspelt(word, other) for other in b):
            union -= 1  # a slip in a word the title also has spelt right ("cocaine ... cocian")
    return same / union


def _misspelt(word: str, other: str) -> bool:
    return abs(len(word) - len(other)) <= 2 and OSA.normalized_similarity(word, other) >= 0.7


# Words that open a family name as its particle ("dos Santos", "van der Meer", "De Wit"),
# written or left out as the page's style has it.
FAMILY_PARTICLES = frozenset("van von de da di del della der den du dos das des le la ter ten".split())


# Cached, as `fold` is: the same authors' names come up for every candidate of a batch.
@lru_cache(maxsize=1 << 14)
def family_key(name: str | None) -> str:
    """A family name for comparison: folded, no spaces, hyphens or apostrophes, and without
    the particles it opens on, which pages keep or drop ("Santos et al. 2017" for "dos
    Santos"): the name itself is what tells one author from another."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in FAMILY_PARTICLES:
        words = words[1:]
    return "".join(words)


@lru_cache(maxsize=1 << 14)
def initials_of(given: str | None) -> str:
    """Initials from a given name as written: "E. M." -> "EM", "Elias" -> "E", "C. A. Jr." -> "CA"."""
    if not given:
        return ""
    words = _GIVEN_SPLIT_RE.split(given.strip())
    letters = []
    for word in words:
        if not word or word.lower().rstrip(".") in ("jr", "sr", "ii", "iii", "iv"):
            continue
        if word.isupper() and len(word) <= 4:
            letters.extend(word)  # "EV" written without dots
        else:
            letters.append(word[0].upper())
    return "".join(letters)


# What a reference writes around its journal's name that is not part of it: "In press,",
# "Republished in", a year or a volume run in ("1965. Anesthesiology", "Lancet 391:1357").
_JOURNAL_NOISE_RE = re.compile(r"^(?:(?:in press|republished in|reprinted in|published in)\b[\s,.:]*)+", re.IGNORECASE)


def journal_tokens(name: str | None) -> list[str]:
    """Journal name as tokens without parentheticals, numbers, a lead-in ("In press,") or
    the words abbreviations drop."""
    if not name:
        return []
    text = _JOURNAL_NOISE_RE.sub("", _PARENTHETICAL_RE.sub(" ", name).strip())
    tokens = [t for t in fold(text).split() if t not in _JOURNAL_STOPWORDS and not t.isdigit()]
    # The month run into the name: "AEM December 2024".
    while len(tokens) > 1 and tokens[-1] in MONTH_WORDS:
        tokens.pop()
    # PubMed's abbreviation with the place of publication: "J Psychopharmacol Oxf Engl" is
    # the Journal of Psychopharmacology (Oxford, England).
    while len(tokens) > 2 and tokens[-1] in _PLACE_WORDS:
        tokens.pop()
    # PNAS's "… of the United States of America", abbreviated "U S A": a suffix many drop.
    if tokens[-3:] in (["u", "s", "a"], ["united", "states", "america"]) and len(tokens) > 3:
        del tokens[-3:]
    elif tokens[-1:] == ["usa"] and len(tokens) > 1:
        tokens.pop()
    return tokens


# The places PubMed's journal abbreviations end with ("Oxf Engl", "Lond", "Phila"), as words
# that no journal's own name ends with.
_PLACE_WORDS = frozenset("oxf engl lond phila chic amst berl".split())

MONTH_WORDS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)


def abbreviates(short: str, full: str) -> bool:
    """True if `short` could abbreviate `full`: same first letter, letters in order."""
    if not short or not full or short[0] != full[0] or len(short) > len(full):
        return False
    position = 0
    for ch in short:
        position = full.find(ch, position)
        if position < 0:
            return False
        position += 1
    return True


# A publisher written after the journal's name: "Brain Sciences. MDPI AG".
_PUBLISHER_AFTER_RE = re.compile(
    r"[.,]\s+(?:[A-Z][\w&.-]*\s+){0,4}(?:AG|Inc|Ltd|LLC|GmbH|S\.?A|B\.?V|Press|Publishing|Publishers|"
    r"Elsevier|Springer(?: Nature)?|Wiley|MDPI(?: AG)?|Taylor (?:&|and) Francis|SAGE|Wolters Kluwer|"
    r"Frontiers Media(?: SA)?)\.?$"
)
# A journal's name with a second part after a hyphen that its abbreviation leaves out:
# "Journal of Trauma-Injury Infection & Critical Care" is abbreviated "J Trauma".
_SECOND_PART_RE = re.compile(r"(?<=[a-z])-(?=[A-Z])|\s*:\s+")


_BRACKETS_RE = re.compile(r"[()]")


def same_journal(a: str | None, b: str | None) -> bool:
    """Whether two journal (or website, publisher) names name the same thing.

    "Am J Psychiatry" = "American Journal of Psychiatry"; "J Subst Abuse Treat" = "Journal of
    Substance Abuse Treatment"; "Medicina (Kaunas)" = "Medicina" = "Med. Kaunas"; "Addiction" != "Addictive
    Behaviors"; "Brain Sciences. MDPI AG" = "Brain Sciences" (a publisher after the name);
    "J Trauma" = "Journal of Trauma-Injury Infection & Critical Care" (its first part).
    """
    if journal_tokens_match(journal_tokens(a), journal_tokens(b)):
        return True
    if not a or not b:
        return False
    a_named, b_named = _PUBLISHER_AFTER_RE.sub("", a), _PUBLISHER_AFTER_RE.sub("", b)
    a_first, b_first = _SECOND_PART_RE.split(a_named)[0], _SECOND_PART_RE.split(b_named)[0]
    # "Med. Kaunas" for "Medicina (Kaunas)": the place in brackets written as a word.
    a_open, b_open = _BRACKETS_RE.sub(" ", a_named), _BRACKETS_RE.sub(" ", b_named)
    tried = {(a_named, b_named), (a_first, b_named), (a_named, b_first), (a_open, b_open)} - {(a, b)}
    return any(journal_tokens_match(journal_tokens(x), journal_tokens(y)) for x, y in tried)


def journal_tokens_match(ta: Sequence[str], tb: Sequence[str]) -> bool:
    """`same_journal` on names already split by `journal_tokens` (matching precomputes them)."""
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if len(ta) == len(tb) and all(
        abbreviates(x, y) or abbreviates(y, x) for x, y in zip(ta, tb, strict=True)
    ):
        return True
    sa, sb = " ".join(ta), " ".join(tb)
    if fuzz.ratio(sa, sb) >= 92:
        return True
    # An acronym of the whole name: "AEM" for Academic Emergency Medicine, "JAMA".
    for short, full in ((ta, tb), (tb, ta)):
        if len(short) == 1 and len(full) >= 3 and short[0] == "".join(word[0] for word in full):
            return True
    # Publishers and report series are written in many orders, with parts added or left
    # out and acronyms for names ("SAMHSA"): long names agree when one's words (acronyms
    # expanded) are all in the other. A word put in place of another is a different name.
    if min(len(ta), len(tb)) < 4:
        return False
    set_a, set_b = _expand_acronyms(ta, tb), _expand_acronyms(tb, ta)
    return set_a <= set_b or set_b <= set_a


def _expand_acronyms(tokens: Sequence[str], other: Sequence[str]) -> set[str]:
    """`tokens` as a set, with an acronym of a run of words in `other` replaced by them."""
    out = set(tokens)
    for token in tokens:
        if len(token) < 3 or token in other:
            continue
        for start in range(len(other) - len(token) + 1):
            run = other[start : start + len(token)]
            if "".join(word[0] for word in run) == token:
                out.discard(token)
                out.update(run)
                break
    return out


# Terms titles write both spelled out and abbreviated, folded: the same title either way.
# Each with words it cannot match without, looked for first: nearly no title holds them, and
# a batch folds tens of thousands of titles.
_TITLE_TERMS = (
    ("n methyl", re.compile(r"\bn methyl d aspartate\b"), "nmda"),
    ("gamma amino", re.compile(r"\bgamma aminobutyric acid\b"), "gaba"),
    # "5-HT2A receptor" is written "5-HT2AR", and "5-HT2A R" as a PDF's text spaces it.
    ("5 ht", re.compile(r"\b5 ht(\d[a-z]?) (?:receptor|r)\b"), r"5 ht\1r"),
)


def _title_key(text: str | None) -> str:
    folded = fold(text)
    for words, pattern, short in _TITLE_TERMS:
        if words in folded:
            folded = pattern.sub(short, folded)
    return folded


def same_title(written: str | None, canonical: str | None) -> bool:
    """Whether a title as written is the record's title (tolerating a dropped subtitle)."""
    a, b = _title_key(written), _title_key(canonical)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if (
        len(shorter) >= 0.5 * len(longer)
        and len(shorter.split()) >= 4
        and f" {shorter} " in f" {longer} "
    ):
        return True
    if _close_titles(a, b):
        return True
    # The subtitle dropped on one side, with a slip in what is left. (When both give a
    # subtitle, a different subtitle is a different title.)
    if (":" in written) == (":" in canonical):
        return False
    if ":" in written:
        a = _title_key(_main_title(written))
    else:
        b = _title_key(_main_title(canonical))
    return len(min(a, b, key=len).split()) >= 4 and _close_titles(a, b)


def _only_main_title(written: str, canonical: str) -> bool:
    """The title as written is the record's title before its subtitle (perhaps with a slip)."""
    if ":" not in canonical or ":" in written:
        return False
    a, main = _title_key(written), _title_key(_main_title(canonical))
    return len(main.split()) >= 4 and (a == main or _close_titles(a, main))


def subtitle_left_out(written: ParsedReference, canonical: str | None) -> bool:
    """Whether the reference gives the record's title without its subtitle ("Synthesizing
    the Evidence for Ketamine and Esketamine in Treatment-Resistant Depression" for "…: An
    International Expert Opinion on the Available Evidence and Implementation"), perhaps with
    a slip in what is left. The same work (`same_title`), but not its title: a discrepancy to
    report. Not when the whole title stands in the string, where the parser cut it at its
    colon."""
    if not written.title or not canonical or not _only_main_title(written.title, canonical):
        return False
    return not _title_present_in(written.raw, canonical)


# Words a title may lose at its end before it counts as cut short: one or two lost are taken
# for a slip in copying, three or more for a title the page shortened.
TITLE_CUT_WORDS = 3


def _cut_short(written: str, canonical: str) -> bool:
    a, b = _title_key(written), _title_key(canonical)
    return b.startswith(a + " ") and len(b.split()) - len(a.split()) >= TITLE_CUT_WORDS


def title_cut_short(written: ParsedReference, canonical: str | None) -> bool:
    """Whether the reference gives the record's title cut short, its last words left out
    ("Psilocybin produces substantial and sustained decreases in depression and anxiety" for
    "… in patients with life-threatening cancer: A randomized double-blind trial"). The same
    work (`same_title` accepts a run of the title half its length or more), but not its
    title: a discrepancy to report, however much of it is left. Not when the whole title
    stands in the string, where the parser cut it."""
    if not written.title or not canonical or not _cut_short(written.title, canonical):
        return False
    return not _title_present_in(written.raw, canonical)


def _close_titles(a: str, b: str) -> bool:
    if fuzz.ratio(a, b) < TITLE_SAME_RATIO:
        return False
    return word_overlap(set(significant_words(a)), set(significant_words(b))) in (1.0, None)


def _main_title(title: str | None) -> str:
    """The title before its subtitle ("Title: a randomized trial" -> "Title")."""
    return (title or "").split(":")[0]


def page_range(pages: str | None) -> tuple[str, str]:
    """(first, last) page, with a short last page expanded: "923-30" -> ("923", "930")."""
    if not pages:
        return "", ""
    parts = [p for p in _PAGE_SPLIT_RE.split(str(pages).strip().lower()) if p]
    if not parts:
        return "", ""
    first = parts[0].lstrip("0") or parts[0]
    if len(parts) < 2:
        return first, ""
    last = parts[-1].lstrip("0") or parts[-1]
    head = _PAGE_RE.match(first)
    tail = _PAGE_RE.match(last)
    if head and tail and len(tail.group(2)) < len(head.group(2)):
        digits = head.group(2)
        last = head.group(1) + digits[: len(digits) - len(tail.group(2))] + tail.group(2)
    elif head and tail and not tail.group(1):
        last = head.group(1) + tail.group(2)
    return first, last


def joined_range(first: str, last: str, other_first: str, other_last: str) -> tuple[str, str]:
    """A range whose dash was lost in copying ("154:805811" for 805-811, "391:135766" for
    1357-66) as the other side's range; otherwise (first, last) unchanged."""
    if last or not other_first or not other_last or not first.startswith(other_first):
        return first, last
    rest = first[len(other_first) :]
    if rest and other_last.endswith(rest) and len(rest) <= len(other_last):
        return other_first, other_last
    return first, last


def same_pages(a: str | None, b: str | None) -> bool | None:
    """True/False when both give pages; None when either does not. Only ends that both
    give are compared (a record may confirm only the first page)."""
    fa, la = page_range(a)
    fb, lb = page_range(b)
    fa, la = joined_range(fa, la, fb, lb)
    if not fa or not fb:
        return None
    if fa != fb:
        return False
    return not (la and lb and la != lb)


@lru_cache(maxsize=1 << 14)
def norm_number(value: str | None) -> str:
    """Volume or issue for comparison: folded, no "vol."/"no.", no leading zeros. Cached: a
    batch compares the same few hundred volumes and issues again and again."""
    text = fold(value)
    text = _NUMBER_LABEL_RE.sub("", text)
    return _LEADING_ZEROS_RE.sub(r"\1", text).replace(" ", "")


def _canonical_authors(record: StudyRecord) -> list[tuple[str, str, bool]]:
    """(family or organisation, initials, is_literal) for each canonical author."""
    out = []
    for author in record.authors:
        if isinstance(author, str):
            out.append((author, "", True))
        else:
            family, given = author
            out.append((family, initials_of(given), False))
    return out


def _same_family(written: str, canonical: str) -> bool:
    a, b = family_key(written), family_key(canonical)
    if not a or not b:
        return False
    if a == b:
        return True
    # Compound surnames are often shortened: "Rodriguez Perez" written as "Rodriguez".
    wa, wb = fold(written).split(), fold(canonical).split()
    return (len(wa) > 1 or len(wb) > 1) and bool(set(wa) & set(wb))


def _same_literal(written: str, canonical: str) -> bool:
    a, b = fold(written), fold(canonical)
    return bool(a and b) and (a == b or fuzz.ratio(a, b) >= 85 or fuzz.partial_ratio(a, b) >= 95)


def authors_agree(written: ParsedReference, record: StudyRecord) -> bool | None:
    """Whether the written authors agree with the record, as far as both go.

    Compared position by position over the authors both give: the record may confirm only
    the first author, and the reference may stop at "et al.". A different family name at a
    shared position, or a different first initial, is a disagreement. Authors written after
    an APA 7 ellipsis are the last ones, whose positions are unknown (the record may keep
    only the first few): they are not compared.
    """
    canonical = record.authors
    if not written.authors or not canonical:
        return None
    if any(isinstance(author, str) for author in canonical):
        first = canonical[0]
        organisation = first if isinstance(first, str) else first[0]
        return any(_same_literal(family, organisation) for family, _i in written.authors[:1])
    # Only the record's authors that the written ones meet are read: a record may list dozens.
    for (w_family, w_initials), (c_family, c_given) in zip(
        positioned_authors(written), canonical, strict=False
    ):
        if not _same_family(w_family, c_family):
            return False
        if w_initials and (c_initials := initials_of(c_given)) and w_initials[0] != c_initials[0]:
            return False
    return True


def _spelled_out(given: str | None) -> str:
    """The first given name, folded, when it is written out ("Andrea" of "Andrea M."); ""
    for initials ("A. M.", "AM", "A")."""
    first = (given or "").strip().split(" ")[0].strip(".,")
    if len(first) < 2 or (first.isupper() and len(first) <= 3) or "." in first:
        return ""
    return fold(first)


def _same_given(a: str, b: str) -> bool:
    """Two written-out given names of one person: equal, one short for the other ("Rob",
    "Robert"), or spelt in another transliteration ("Evgeny", "Evgeniy")."""
    return a == b or a.startswith(b) or b.startswith(a) or OSA.normalized_similarity(a, b) >= 0.75


def given_names_differ(written: ParsedReference, record: StudyRecord) -> tuple[str, str] | None:
    """("Cappiello, Andrea", "Cappiello, Angela"): the authors whose given names both the
    reference and the record write out, differently, as each writes them; None if there
    are none. Their initials agree, so `authors_agree` cannot tell them apart; a reference
    manager's export (BibTeX, RIS) writes given names whole."""
    if not written.given_names or not record.authors:
        return None
    mine, theirs = [], []
    pairs = zip(positioned_authors(written), written.given_names, record.authors, strict=False)
    for (family, _initials), given, author in pairs:
        if isinstance(author, str):
            return None
        c_family, c_given = author
        a, b = _spelled_out(given), _spelled_out(c_given)
        if a and b and not _same_given(a, b):
            mine.append(f"{family}, {given}")
            theirs.append(f"{c_family}, {c_given}")
    return ("; ".join(mine), "; ".join(theirs)) if mine else None


def positioned_authors(written: ParsedReference) -> tuple[tuple[str, str], ...]:
    """The written authors whose positions in the list are known: those before an ellipsis."""
    cut = written.ellipsis_after
    return written.authors if cut is None else written.authors[:cut]


def format_written_authors(written: ParsedReference) -> str:
    names = [f"{family} {initials}".strip() for family, initials in written.authors]
    cut = written.ellipsis_after
    if cut is not None:
        names = [*names[:cut], "...", *names[cut:]]
    text = ", ".join(names)
    return text + (", et al." if written.et_al else "")


def format_canonical_authors(record: StudyRecord, limit: int = 6) -> str:
    names = [
        f"{family} {initials}".strip() for family, initials, _lit in _canonical_authors(record)
    ]
    text = ", ".join(names[:limit])
    return text + (", et al." if len(names) > limit else "")


def _title_present_in(raw: str, title: str) -> bool:
    """The record's title appears (nearly) verbatim in the reference string.

    Guards against reporting a title discrepancy that is really the parser splitting the
    title from the journal in the wrong place.
    """
    t, r = fold(title), fold(raw)
    # A string shorter than the title holds a part of it at most (partial_ratio would find
    # the string inside the title).
    if len(t) < 25 or len(t.split()) < 4 or len(r) < len(t):
        return False
    return fuzz.partial_ratio(t, r) >= 97


def find_discrepancies(written: ParsedReference, canonical: StudyRecord) -> list[dict]:
    """Fields the reference gives differently from the record: [{"field", "written", "canonical"}]."""
    found: list[dict] = []

    def add(field_name: str, written_value, canonical_value) -> None:
        found.append(
            {"field": field_name, "written": str(written_value), "canonical": str(canonical_value)}
        )

    agree = authors_agree(written, canonical)
    if agree is False:
        add("authors", format_written_authors(written), format_canonical_authors(canonical))
    elif agree and (names := given_names_differ(written, canonical)):
        add("authors", *names)
    if written.year and canonical.year and written.year != canonical.year:
        add("year", written.year, canonical.year)
    if (
        written.title
        and canonical.title
        and not same_title(written.title, canonical.title)
        and not _title_present_in(written.raw, canonical.title)
        # "Berman et al. (2000), Biological Psychiatry": the journal, read as a title.
        and not (not written.container_title and same_journal(written.title, canonical.container_title))
    ):
        add("title", written.title, canonical.title)
    elif subtitle_left_out(written, canonical.title) or title_cut_short(written, canonical.title):
        add("title", written.title, canonical.title)
    if (
        written.container_title
        and canonical.container_title
        and not same_journal(written.container_title, canonical.container_title)
    ):
        add("container_title", written.container_title, canonical.container_title)
    for name in ("volume", "issue"):
        w, c = getattr(written, name), getattr(canonical, name)
        if w and c and norm_number(w) != norm_number(c):
            add(name, w, c)
    if same_pages(written.pages, canonical.pages) is False:
        add("pages", written.pages, canonical.pages)
    w_doi, c_doi = normalise_doi(written.doi), normalise_doi(canonical.doi)
    if w_doi and c_doi and w_doi != c_doi:
        add("doi", written.doi, canonical.doi)
    w_pmid, c_pmid = normalise_pmid(written.pmid), normalise_pmid(canonical.pmid)
    if w_pmid and c_pmid and w_pmid != c_pmid:
        add("pmid", written.pmid, canonical.pmid)
    return found


def describe_discrepancies(discrepancies: list[dict]) -> str:
    """In words: "year written 2020, record says 2019; pages written 911-918, record says 923-930"."""
    parts = []
    misplaced = any(item["field"] in _LOCATOR_FIELDS for item in discrepancies)
    for item in discrepancies:
        label = FIELD_LABELS.get(item["field"], item["field"])
        written, canonical = item["written"], item["canonical"]
        if item["field"] in _QUOTED_FIELDS:
            written, canonical = f'"{written}"', f'"{canonical}"'
        note = ""
        if item["field"] == "year" and not misplaced:
            note = _year_note(item)
        elif item["field"] == "title" and _only_main_title(item["written"], item["canonical"]):
            note = " (the same title without its subtitle)"
        elif item["field"] == "title" and _cut_short(item["written"], item["canonical"]):
            note = " (the title cut short)"
        elif item["field"] == "title" and other_script(item["written"], item["canonical"]):
            note = " (in another script: a translation of the title, perhaps)"
        parts.append(f"{label} written {written}, record says {canonical}{note}")
    return "; ".join(parts)


# Where a work was published: when one of these differs too, a year apart is one more sign
# of another work (or a muddle of two), not of an online-first date.
_LOCATOR_FIELDS = frozenset({"container_title", "volume", "issue", "pages"})


def _year_note(item: dict) -> str:
    """Why a year one off may still be this work: journals publish online first, often in
    the year before the printed issue, and references give either year. The work is still
    identified; the year is still reported, since it may as well be a slip."""
    try:
        gap = int(item["written"]) - int(item["canonical"])
    except (TypeError, ValueError):
        return ""
    if gap == -1:
        return " (a year earlier: it may be the online-first year, the record's the print year)"
    if gap == 1:
        return " (a year later: the record's year may be the online-first year, this the print year)"
    return ""


# Fields whose values are phrases, quoted so that the sentence still reads.
_QUOTED_FIELDS = frozenset({"authors", "title", "container_title"})
