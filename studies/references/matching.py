"""Match a parsed reference against the study library.

Build a `MatchIndex` once from `StudyRecord`s, then call `index.match(parsed)` for each
reference. Following Crossref's finding that search-then-validate beats parse-then-match on
real references (F1 0.963 against 0.925), matching runs in three steps:

1. identifiers: a DOI, PMID, PMCID or URL found in the reference is looked up exactly;
2. retrieval: candidates come from blocking keys — the rarest words of the title (or of the
   whole string when no title was parsed), first author's family name with year ±1, journal
   initials with year, and volume with first page — so only a handful of records are scored;
3. validation: each candidate is scored on every field (RapidFuzz for titles, journals and
   organisations), and the best is accepted only if it scores well *and* clearly beats the
   runner-up.

The score is a sum of per-field agreements and disagreements, each weighted by how much it
tells: a long title matching word for word is nearly an identifier; a matching year alone is
not. A reference whose title is wrong is still matched when its authors, journal, year,
volume and pages point at one study — the title is then reported as a discrepancy. A title
that is wrong with pages that do not confirm the record is not enough.

A reference without a title ("Dakwar E, et al. Am J Psychiatry. 2019;176(11):923-930.") is
matched on its authors, journal, year, volume and pages; a field the record does not give
is not a discrepancy. Its pages must not contradict the record's: without a title they are
all that tells two papers of one author in one volume apart. Journal, volume and pages that
all agree are the paper's address, and count for a little more (`LOCATOR_POINTS`).

`naive_match` scores every record for every reference: the baseline for the benchmark.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz

from studies.labels import work_label
from studies.references.discrepancies import (
    MONTH_WORDS,
    abbreviates,
    family_key,
    find_discrepancies,
    fold,
    initials_of,
    joined_range,
    journal_tokens,
    journal_tokens_match,
    norm_number,
    other_script,
    page_range,
    positioned_authors,
    significant_words,
    word_overlap,
)
from studies.references.identifiers import (
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
    normalise_url,
)
from studies.references.parsing import ParsedReference
from studies.references.trials import split_trial_names

# Decision thresholds on the summed score (see _score for the weights).
ACCEPT_SCORE = 6.0  # e.g. a long exact title alone (9), or author+year+journal+volume+pages
CLEAR_MARGIN = 2.0  # the winner must beat the runner-up by this much
# How sure a match by a trial's name is: the library's record names the trial, and the
# reference names it, but nothing else need agree.
TRIAL_CONFIDENCE = 0.8
# An identifier hit is overruled only when the rest of the reference contradicts it.
CONTRADICTION_SCORE = 0.0
# Below this title similarity the title "differs": then the pages must confirm the record.
TITLE_DIFFERS = 0.75
# Running text that names an author of several works picks one by the words it uses: at
# least this share of the work's title words, and this many more than any other's.
DESCRIBED_SHARE = 0.4
DESCRIBED_LEAD = 3
# Added when a reference without a title agrees with a record on journal, volume and pages.
LOCATOR_POINTS = 1.0
# How many candidates are fully scored per reference, after blocking.
CANDIDATES = 15
# How many of the title's rarest words (or pairs of words) retrieve candidates.
RARE_WORDS = 4
# How many authors, in the record's order, name a work even when the year is one off.
LONG_AUTHOR_LIST = 4
# How many of a record's authors, in another order, are read as its authors reordered.
REORDERED_AUTHORS = 3
# A title written with an author-year mention and nothing else ("In a Review of the Current
# Literature on …, Martinotti et al. (2021)") may be the record's told in other words: at
# this similarity or more, the author and year's one record is the work.
RETOLD_TITLE = 0.5
# How many first authors, in order, with the journal and the year, confirm a record whose
# title a reference gives otherwise, when the record gives no pages.
CONFIRMING_AUTHORS = 3
# A title cut short after this many words, or more (three of them significant), is the
# record's title shortened ("Antidepressant efficacy of ketamine." for "… in treatment-resistant
# major depression: a two-site randomized controlled trial"): it agrees as far as it goes.
SHORTENED_TITLE_WORDS = 4
SHORTENED_TITLE_SIMILARITY = 0.85


@dataclass(frozen=True)
class StudyRecord:
    """The canonical facts of a work that matching needs. Empty string/None = unknown."""

    id: str
    title: str = ""
    # (family, given) pairs, or a plain string for an organisation ("WebMD").
    authors: tuple[tuple[str, str] | str, ...] = ()
    container_title: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    # The trials it is the main report of, as `trials.trial_name_key` gives their names.
    trial_names: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping, id_field: str = "key") -> StudyRecord:
        """Build from a library.json record or a Study-like dict (authors as CSL dicts).

        A PMID or PMCID missing from the record but present in its own URL (a PubMed or PMC
        link) is taken from the URL.
        """
        authors: list[tuple[str, str] | str] = []
        for author in data.get("authors") or ():
            if isinstance(author, Mapping):
                if author.get("literal"):
                    authors.append(str(author["literal"]))
                elif author.get("family"):
                    authors.append((str(author["family"]), str(author.get("given") or "")))
            elif isinstance(author, str):
                authors.append(author)
            else:
                family, given = author
                authors.append((str(family), str(given or "")))
        url = str(data.get("url") or "")
        pmid = normalise_pmid(data.get("pmid")) or (
            normalise_pmid(url) if "pubmed" in url else None
        )
        pmcid = normalise_pmcid(data.get("pmcid")) if data.get("pmcid") else None
        lowered = url.lower()
        if not pmcid and ("/pmc/" in lowered or "pmc.ncbi" in lowered):
            pmcid = normalise_pmcid(url)
        year = data.get("year")
        return cls(
            id=str(data.get(id_field) if data.get(id_field) is not None else data.get("id")),
            title=str(data.get("title") or ""),
            authors=tuple(authors),
            container_title=str(data.get("container_title") or ""),
            year=int(year) if year else None,
            volume=str(data.get("volume") or ""),
            issue=str(data.get("issue") or ""),
            pages=str(data.get("pages") or ""),
            doi=normalise_doi(data.get("doi")) or "",
            pmid=pmid or "",
            pmcid=pmcid or "",
            url=url,
            trial_names=split_trial_names(data.get("trial_names")),
        )


def record_label(record: StudyRecord | None) -> str:
    """How a reason names a record: "Dakwar 2019", "Krupitsky et al. 2002" (studies.labels)."""
    if record is None:
        return ""
    return work_label(
        authors=record.authors, year=record.year, container_title=record.container_title,
        title=record.title,
    )


@dataclass(frozen=True)
class MatchResult:
    """The outcome of matching one reference.

    `study_id` is None when no record was accepted; `closest_id` then names the best
    candidate anyway, so a reason can say what came nearest. Ids are the library's own keys
    (database ids in the app): a reason names a record by its `*_label` (`record_label`).
    """

    study_id: str | None
    confidence: float = 0.0
    method: str | None = None  # "identifier" | "fuzzy" | "trial" | None
    runner_up_id: str | None = None
    runner_up_score: float = 0.0  # the runner-up's confidence, same 0..1 scale
    discrepancies: tuple[dict, ...] = ()
    identifier_conflicts: tuple[dict, ...] = ()
    closest_id: str | None = None
    closest_score: float = 0.0
    # When nothing was accepted: how the closest record differs from the reference.
    closest_discrepancies: tuple[dict, ...] = ()
    decision: str = ""  # why: "identifier", "fields", "no_candidate", "weak", "ambiguous", ...
    library_size: int = 0
    candidates_scored: int = 0
    searched: tuple[str, ...] = field(default=())  # identifiers/keys looked up, for reasons
    # How reasons name the records above: "Dakwar 2019", never an id.
    study_label: str = ""
    closest_label: str = ""
    runner_up_label: str = ""
    closest_title: str = ""
    runner_up_title: str = ""

    @property
    def matched(self) -> bool:
        return self.study_id is not None

    @property
    def identifier_conflict(self) -> dict | None:
        return self.identifier_conflicts[0] if self.identifier_conflicts else None

    def as_dict(self) -> dict:
        return {
            "study_id": self.study_id,
            "confidence": round(self.confidence, 4),
            "method": self.method,
            "runner_up_id": self.runner_up_id,
            "runner_up_score": round(self.runner_up_score, 4),
            "discrepancies": [dict(d) for d in self.discrepancies],
            "identifier_conflicts": [dict(c) for c in self.identifier_conflicts],
            "closest_id": self.closest_id,
            "closest_score": round(self.closest_score, 4),
            "closest_discrepancies": [dict(d) for d in self.closest_discrepancies],
            "decision": self.decision,
            "library_size": self.library_size,
            "candidates_scored": self.candidates_scored,
            "searched": list(self.searched),
            "study_label": self.study_label,
            "closest_label": self.closest_label,
            "runner_up_label": self.runner_up_label,
        }


def confidence(score: float) -> float:
    """Map a summed field score to 0..1: ACCEPT_SCORE is ~0.6, a full agreement ~1."""
    return 1.0 / (1.0 + math.exp(-(score - 5.0) / 2.0))


class _Features:
    """Precomputed comparison keys for one record or one reference."""

    __slots__ = (
        "title",
        "title_tokens",
        "title_set",
        "title_info",
        "main_title",
        "main_set",
        "families",
        "first_initial",
        "literal",
        "journal",
        "journal_key",
        "year",
        "volume",
        "issue",
        "first_page",
        "last_page",
        "raw",
        "raw_set",
        "title_years",
    )

    def __init__(self) -> None:
        self.title = ""
        self.title_tokens: list[str] = []
        self.title_set: frozenset[str] = frozenset()
        self.title_info = 0.0
        self.main_title = ""  # the title before its subtitle, when it has one
        self.main_set: frozenset[str] = frozenset()
        self.families: list[str] = []
        self.first_initial = ""
        self.literal = ""
        self.journal: tuple[str, ...] = ()
        self.journal_key = ""
        self.year: int | None = None
        self.volume = ""
        self.issue = ""
        self.first_page = ""
        self.last_page = ""
        self.raw = ""
        self.raw_set: frozenset[str] = frozenset()
        self.title_years: frozenset[str] = frozenset()  # "the 2021 National Survey"


_TITLE_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")


def _title_keys(tokens: list[str]) -> set[str]:
    """Retrieval keys of a title: its significant words and its pairs of neighbouring ones.

    A pair ("ketamine infusion") is far rarer than either word, so a few pairs pick out
    a title among 100,000 even when every single word in it is common.
    """
    keys = set(tokens)
    keys.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    return keys


def _set_common(
    f: _Features, title: str | None, container: str | None, year, volume, issue, pages
) -> None:
    f.title = fold(title)
    f.title_tokens = significant_words(f.title)
    f.title_set = frozenset(f.title_tokens)
    if title and ":" in title:
        f.main_title = fold(title.split(":")[0])
        f.main_set = frozenset(significant_words(f.main_title))
    # A title of six or more significant words is fully informative; "What to Know About
    # Ketamine" much less so.
    f.title_info = min(1.0, len(f.title_tokens) / 6.0)
    f.title_years = frozenset(_TITLE_YEAR_RE.findall(f.title)) if f.title else frozenset()
    f.journal = _journal(container)
    f.journal_key = "".join(t[0] for t in f.journal)
    f.year = year
    f.volume = _number(volume)
    f.issue = _number(issue)
    f.first_page, f.last_page = page_range(pages)


# Read for every candidate of every reference: a library repeats its journals, volumes,
# issues and given names, so their readings are kept (each a pure function of its text).
@lru_cache(maxsize=1 << 14)
def _journal(container: str | None) -> tuple[str, ...]:
    return tuple(journal_tokens(container))


@lru_cache(maxsize=1 << 14)
def _number(value) -> str:
    return norm_number(value)


@lru_cache(maxsize=1 << 14)
def _initials(given: str | None) -> str:
    return initials_of(given)


@lru_cache(maxsize=1 << 16)
def _family(name: str | None) -> str:
    return family_key(name)


def record_features(record: StudyRecord) -> _Features:
    f = _Features()
    _set_common(
        f,
        record.title,
        record.container_title,
        record.year,
        record.volume,
        record.issue,
        record.pages,
    )
    for author in record.authors:
        if isinstance(author, str):
            f.literal = f.literal or fold(author)
        else:
            f.families.append(_family(author[0]))
            if len(f.families) == 1:
                f.first_initial = _initials(author[1])[:1]
    return f


def reference_features(parsed: ParsedReference) -> _Features:
    f = _Features()
    _set_common(
        f,
        parsed.title,
        parsed.container_title,
        parsed.year,
        parsed.volume,
        parsed.issue,
        parsed.pages,
    )
    # Authors after an APA 7 ellipsis are the last ones: their positions are unknown.
    for family, initials in positioned_authors(parsed):
        if not initials and len(family.split()) >= 3:
            f.literal = f.literal or fold(family)  # an organisation as author
        else:
            f.families.append(family_key(family))
            if len(f.families) == 1:
                f.first_initial = initials[:1]
    f.raw = fold(parsed.raw)
    f.raw_set = frozenset(significant_words(f.raw))
    return f


# Titles of notices about an article (folded): they are not the article.
_NOTICE_RE = re.compile(
    r"^(?:author correction|publisher correction|correction|corrigendum|erratum|retraction(?: note)?|"
    r"retracted|notice of retraction|expression of concern|editorial expression of concern)\b"
)


def _title_similarity(q: _Features, r: _Features) -> float | None:
    """0..1, or None when there is nothing to compare.

    Half character-level (RapidFuzz ratio, tolerant of spelling and punctuation) and half
    word-level (Jaccard of significant words): character similarity alone rates "Efficacy of
    ketamine in the treatment of SUDs: a systematic review" and "Role of ketamine in ..."
    at 0.94, though they are different papers.
    """
    if not r.title:
        return None
    if q.title and bool(_NOTICE_RE.match(q.title)) != bool(_NOTICE_RE.match(r.title)):
        # "Author Correction: Ketamine can reduce harmful drinking …" is a notice, a work
        # of its own, not the article it corrects.
        return 0.0
    sim = None
    if q.title:
        if q.title == r.title:
            return 1.0
        if q.title_years and r.title_years and q.title_years != r.title_years and fuzz.ratio(
            _TITLE_YEAR_RE.sub("", q.title), _TITLE_YEAR_RE.sub("", r.title)
        ) >= 90:
            # "Results from the 2021 National Survey on Drug Use and Health": each year's
            # edition of a series is a work of its own. (A year in a title read with what
            # surrounds it, "2006 | View full text | … in the United States, 2003", is not.)
            return 0.0
        ratio = fuzz.ratio(q.title, r.title) / 100.0
        shorter, longer = sorted((q.title, r.title), key=len)
        if ratio >= 0.6 and len(shorter) >= 0.5 * len(longer) and f" {shorter} " in f" {longer} ":
            return 0.97  # a dropped subtitle, or a label before the title
        if (
            r.title.startswith(f"{q.title} ")
            and len(q.title.split()) >= SHORTENED_TITLE_WORDS
            and len(q.title_tokens) >= 3
        ):
            return SHORTENED_TITLE_SIMILARITY
        jaccard = (
            word_overlap(q.title_set, r.title_set)
            if ratio >= 0.85
            else _jaccard(q.title_set, r.title_set)
        )
        sim = (ratio + (ratio if jaccard is None else jaccard)) / 2.0
        if r.main_title and sim < 0.9 and len(q.title) < len(r.title):
            # The subtitle dropped, and a slip in what is left.
            main_ratio = fuzz.ratio(q.title, r.main_title) / 100.0
            if main_ratio >= 0.85:
                overlap = word_overlap(q.title_set, r.main_set)
                sim = max(sim, 0.97 * (main_ratio + (overlap or main_ratio)) / 2.0)
        if sim >= 0.9:
            return sim
    # No title parsed, or a poor one (the parser may have run title and journal together):
    # look for the record's whole title in the string when all its words are there.
    if len(r.title_tokens) >= 4 and len(q.raw) >= len(r.title) and r.title_set <= q.raw_set:
        partial = fuzz.partial_ratio(r.title, q.raw) / 100.0
        if partial >= 0.9:
            sim = max(sim or 0.0, partial)
    return sim


@lru_cache(maxsize=65536)
def _journals_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    # Libraries repeat journals, so the same pairs come up again and again.
    return journal_tokens_match(a, b)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float | None:
    union = len(a | b)
    return len(a & b) / union if union else None


def _part_of_compound(a: str, b: str) -> bool:
    """One family key is the other's first or last part, the rest a name of its own
    ("rodriguez" in "rodriguezperez"), not a longer name ("roberts" in "robertson")."""
    shorter, longer = sorted((a, b), key=len)
    return (
        len(shorter) >= 4
        and len(longer) - len(shorter) >= 4
        and (longer.startswith(shorter) or longer.endswith(shorter))
    )


def _title_points(sim: float, info: float) -> float:
    """Up to +9 for a title, down to -4.

    Convex above 0.6 so that the top of the scale separates: a title equal word for word
    (+9: nearly an identifier) clearly beats one with a word changed (~+6), which is often
    a different paper ("Efficacy of ..." / "Role of ..."). A dropped subtitle scores 0.97.
    """
    if sim >= 1.0:
        return 9.0 * info
    if sim >= 0.6:
        return 8.0 * info * min(1.0, (sim - 0.6) / 0.37) ** 1.5
    return -4.0 * min(1.0, (0.6 - sim) / 0.3)


def _title_is_journal(q: _Features, r: _Features) -> bool:
    """Whether a reference that names no journal wrote the record's journal where the
    parser looked for a title."""
    if q.journal or not r.journal or not 1 <= len(q.title_tokens) <= _JOURNAL_AS_TITLE_WORDS:
        return False
    return _journals_match(tuple(journal_tokens(q.title)), r.journal)


_JOURNAL_AS_TITLE_WORDS = 6


def _score(q: _Features, r: _Features) -> tuple[float, float | None, bool | None]:
    """(score, title similarity, pages agree) of record `r` for reference `q`.

    Weights are log-odds-like: how much more likely the agreement is for the right record
    than for a wrong one. A field missing on either side counts zero.
    """
    score = 0.0
    title_sim = _title_similarity(q, r)
    q_journal = q.journal
    if title_sim is not None and title_sim < TITLE_DIFFERS and _title_is_journal(q, r):
        # "Berman et al. (2000), Biological Psychiatry": what was read as the title is the
        # record's journal, and no title was written.
        title_sim, q_journal = None, r.journal
    if title_sim is not None:
        score += _title_points(title_sim, r.title_info)

    if q.families and r.families:
        a, b = q.families[0], r.families[0]
        reordered = a != b and _reordered(q.families, r.families)
        if a == b:
            score += 3.0
            if q.first_initial and r.first_initial and q.first_initial != r.first_initial:
                score -= 1.0
        elif _part_of_compound(a, b):
            score += 2.0  # "Rodriguez" for "Rodriguez Perez"
        elif reordered:
            # The record's authors in another order (a page that lists them alphabetically):
            # they are the work's authors, if not its first one. The order is reported as a
            # discrepancy; it does not point at another work.
            score += 1.0
        else:
            score -= 3.0
        if not reordered:
            for x, y in zip(q.families[1:4], r.families[1:4], strict=False):
                score += 0.5 if x == y else -0.5
    elif q.literal and r.literal:
        if q.literal == r.literal or fuzz.ratio(q.literal, r.literal) >= 85:
            score += 2.0

    if q.year and r.year:
        gap = abs(q.year - r.year)
        score += 2.0 if gap == 0 else 0.5 if gap == 1 else -3.0

    same_journal = None
    if q_journal and r.journal:
        same_journal = _journals_match(q_journal, r.journal)
        score += 2.0 if same_journal else -2.0

    same_volume = None
    if q.volume and r.volume:
        same_volume = q.volume == r.volume
        score += 1.0 if same_volume else -1.5
    if q.issue and r.issue:
        score += 0.5 if q.issue == r.issue else -0.5

    pages_agree = None
    if q.first_page and r.first_page:
        first, last = joined_range(q.first_page, q.last_page, r.first_page, r.last_page)
        pages_agree = first == r.first_page and not (last and r.last_page and last != r.last_page)
        if pages_agree:
            score += 3.0
        elif q.first_page == r.first_page:
            score += 1.0  # same first page, different last page: a typo in the range
        else:
            score -= 2.0
    if title_sim is None and pages_agree and same_journal and same_volume:
        # With no title, journal, volume and pages together are the paper's address: they
        # identify it even when the first author is misspelt or wrong.
        score += LOCATOR_POINTS
    return score, title_sim, pages_agree


def _reordered(written: list[str], record: list[str]) -> bool:
    """Whether the authors written are some of the record's, led by another one."""
    return (
        len(written) >= REORDERED_AUTHORS
        and written[0] != record[0]
        and set(written) <= set(record)
    )


def _acceptable(
    score: float, title_sim: float | None, pages_agree: bool | None, authors_confirm: bool = False
) -> bool:
    if title_sim is not None and authors_confirm:
        # Whatever the title costs: authors, journal and year say which paper it is (the
        # record gives no pages, so none can contradict it).
        return True
    if score < ACCEPT_SCORE:
        return False
    if title_sim is None:
        # No title to compare ("Dakwar E, et al. Am J Psychiatry. 2019;176(11):923-930."):
        # authors, journal, year and volume then fit every paper an author published in
        # that volume, and only the pages tell them apart. Pages that differ reject it; a
        # record that gives no pages cannot contradict them, and a missing field is not a
        # discrepancy.
        return pages_agree is not False
    # A title that differs is accepted only when the pages (with the rest) confirm the study;
    # or, when the record gives no pages, its first authors in order with its journal and
    # year (`_authors_confirm`, above).
    return not (title_sim < TITLE_DIFFERS and not pages_agree)


def _authors_confirm(q: _Features, f: _Features) -> bool:
    """Whether a reference's first three authors or more, in order, its journal and its year
    are those of a record that gives no pages: "Dore, J., Turnipseed, B., Dwyer, S., et al.
    (2019). <another title>. Journal of Psychoactive Drugs" names the team's paper of that
    year in that journal. (A record with pages waits for them: they alone can confirm it.)"""
    return (
        not f.first_page
        and len(q.families) >= CONFIRMING_AUTHORS
        and f.families[:CONFIRMING_AUTHORS] == q.families[:CONFIRMING_AUTHORS]
        and bool(q.year) and q.year == f.year
        and bool(q.journal and f.journal) and _journals_match(q.journal, f.journal)
    )  # fmt: skip


def _rest_contradicts(q: _Features, f: _Features, title_sim: float) -> bool:
    """Whether what a reference writes besides its identifier describes another work than
    the identifier's record: a title that differs, another first author, or a year more than
    one apart (one apart may be the online-first year). A score can be low only because the
    reference writes little ("Daly E et al. JAMA Psychiatry. 2019. doi: …"): that is not a
    contradiction, nor is a title in another script (a translation). Nor is a "title" the
    parser put together from the record's own authors and journal ("Lalanne et al BMC
    Psychiatry (2016) 16:395 DOI …", an author line above a journal line): a wrongly read
    string is not another work."""
    named = _names_record_author(q, f)
    if (
        q.title and title_sim < TITLE_DIFFERS and not _title_is_other_fields(q, f, named)
        # A title in another script is a translation of one, not another work's.
        and not other_script(q.title, f.title)
    ):  # fmt: skip
        return True
    if q.families and f.families and q.families[0] != f.families[0] and not named:
        return True
    return bool(q.year and f.year and abs(q.year - f.year) > 1)


def _names_record_author(q: _Features, f: _Features) -> bool:
    """Whether the record's first author's family name is a word of the reference (joined
    words too: "Garcia Romeu" for "garciaromeu")."""
    if not f.families or not q.raw:
        return False
    words = q.raw.split()
    family = f.families[0]
    return family in words or family in {a + b for a, b in zip(words, words[1:], strict=False)}


def _title_is_other_fields(q: _Features, f: _Features, named: bool) -> bool:
    """Whether a parsed title that differs from the record's is made of the record's other
    fields: mostly its authors' names, its journal's words (or their abbreviations), dates
    and numbers; or names its first author in a reference whose year or journal agrees."""
    if named and (
        (q.year and q.year == f.year) or (q.journal and f.journal and _journals_match(q.journal, f.journal))
    ):
        return True
    words = q.title_tokens
    if not words:
        return True
    families = set(f.families)
    explained = sum(
        1
        for w in words
        if w in families
        or w.isdigit()
        or w in MONTH_WORDS
        or any(w == j or abbreviates(w, j) for j in f.journal)
    )
    return explained * 2 >= len(words)


_ID_LABELS = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "url": "URL"}
# What a reference "describes" when an identifier in it leads elsewhere.
DESCRIBED_WORK = "the work the rest of the reference describes"


# Blocking keys: one namespace of strings, so that the same keys can be kept in memory
# (MatchIndex) or in an indexed table (studies.library.match_index). A title key is a
# significant word or a pair of neighbouring ones; the others are named by their prefix.
TITLE_KEY = "t:"
FAMILY_KEY = "f:"  # first author's family name, for a reference without a year
TRIAL_KEY = "r:"  # the name of a trial a study reports
# Keys longer than this are stored by their digest: a URL can be thousands of characters.
MAX_KEY_LENGTH = 200
# How many records of one first author are tried for a reference that gives no year.
FAMILY_BLOCK = 200


def _key(prefix: str, value) -> str:
    key = f"{prefix}{value}"
    if len(key) <= MAX_KEY_LENGTH:
        return key
    return f"{prefix}#" + hashlib.sha256(key.encode()).hexdigest()


def _identifier_keys(doi, pmid, pmcid, url) -> list[tuple[str, str]]:
    """(identifier name, key) for each identifier given, in its canonical form."""
    keys = []
    for name, value in (
        ("doi", normalise_doi(doi)),
        ("pmid", normalise_pmid(pmid)),
        ("pmcid", normalise_pmcid(pmcid)),
        ("url", normalise_url(url)),
    ):
        if value:
            keys.append((name, _key(f"{name}:", value)))
    return keys


def _family_year_key(family: str, year: int) -> str:
    return _key("fy:", f"{family}:{year}")


def _journal_year_key(journal_key: str, year: int) -> str:
    return _key("jy:", f"{journal_key}:{year}")


def _locator_key(volume: str, first_page: str) -> str:
    return _key("vp:", f"{volume}:{first_page}")


def record_keys(record: StudyRecord) -> list[str]:
    """Every blocking key under which `record` is found."""
    return _keys_of(record, record_features(record))


def _keys_of(record: StudyRecord, f: _Features) -> list[str]:
    keys = [key for _name, key in _identifier_keys(record.doi, record.pmid, record.pmcid, record.url)]
    keys.extend(_key(TITLE_KEY, k) for k in sorted(_title_keys(f.title_tokens)))
    if f.families:
        keys.append(_key(FAMILY_KEY, f.families[0]))
        if f.year:
            keys.append(_family_year_key(f.families[0], f.year))
    if f.journal_key and f.year:
        keys.append(_journal_year_key(f.journal_key, f.year))
    if f.volume and f.first_page:
        keys.append(_locator_key(f.volume, f.first_page))
    keys.extend(_key(TRIAL_KEY, name) for name in record.trial_names)
    return list(dict.fromkeys(keys))


def trial_keys(parsed: ParsedReference) -> list[str]:
    """The keys of the trials a reference may name (read for any reference, even one that
    names nothing else: "the KARE trial")."""
    return [_key(TRIAL_KEY, name) for name in parsed.trials]


def title_keys(q: _Features) -> list[str]:
    """The title keys a reference's rarest words are chosen among (see _rare_title_keys)."""
    return [_key(TITLE_KEY, k) for k in _title_keys(q.title_tokens or significant_words(q.raw))]


def lookup_keys(parsed: ParsedReference, q: _Features) -> dict[str, int | None]:
    """The keys other than title words that a reference is looked up by, each with the most
    postings worth reading (None: all; a first author without a year, FAMILY_BLOCK)."""
    keys: dict[str, int | None] = dict.fromkeys(trial_keys(parsed))
    if parsed.unparseable:
        return keys
    for _name, key in _identifier_keys(parsed.doi, parsed.pmid, parsed.pmcid, parsed.url):
        keys[key] = None
    if parsed.pmid and normalise_pmcid(parsed.pmid):
        keys[_key("pmcid:", normalise_pmcid(parsed.pmid))] = None
    if q.families:
        if q.year:
            for y in (q.year - 1, q.year, q.year + 1):
                keys[_family_year_key(q.families[0], y)] = None
        else:
            keys[_key(FAMILY_KEY, q.families[0])] = FAMILY_BLOCK
    if q.journal_key and q.year:
        keys[_journal_year_key(q.journal_key, q.year)] = None
    if q.volume and q.first_page:
        keys[_locator_key(q.volume, q.first_page)] = None
    return keys


def max_df(library_size: int) -> int:
    """Words in more titles than this are too common to retrieve candidates by."""
    return max(200, library_size // 200)


class MatchIndex:
    """Blocking index over a study library; build once, match many references.

    A record is known by its position `idx`; its blocking keys map to posting lists of
    positions, in the order the records were given. A subclass may keep the postings and
    records elsewhere (a database) and read them on demand: retrieval and validation only
    read `_postings`, `_records`, `_features` and `_size` through `_posting`, `_record`,
    `_features_of` and `size`.
    """

    def __init__(self, records: Iterable[StudyRecord]):
        self._records: list[StudyRecord] = []
        self._features: list[_Features] = []
        self._by_id: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}
        for record in records:
            self._add(record)
        self._max_df = max_df(len(self._records))

    def _add(self, record: StudyRecord) -> None:
        idx = len(self._records)
        self._records.append(record)
        f = record_features(record)
        self._features.append(f)
        self._by_id[record.id] = idx
        for key in _keys_of(record, f):
            self._postings.setdefault(key, []).append(idx)

    @property
    def size(self) -> int:
        return len(self._records)

    def _posting(self, key: str):
        return self._postings.get(key, ())

    def _record(self, idx) -> StudyRecord:
        return self._records[idx]

    def _features_of(self, idx) -> _Features:
        return self._features[idx]

    def _query(self, parsed: ParsedReference) -> _Features:
        return reference_features(parsed)

    def __len__(self) -> int:
        return self.size

    def get(self, study_id: str) -> StudyRecord | None:
        idx = self._by_id.get(study_id)
        return None if idx is None else self._records[idx]

    # --- Step 1: identifiers ------------------------------------------------------------

    def _identifier_hits(self, parsed: ParsedReference) -> tuple[dict[int, list[str]], list[int]]:
        """Records each written identifier points to, and records whose PMCID equals a
        number written as a PMID (a PMC number in the PMID's place)."""
        hits: dict[int, list[str]] = {}
        for name, key in _identifier_keys(parsed.doi, parsed.pmid, parsed.pmcid, parsed.url):
            for idx in self._posting(key):
                hits.setdefault(idx, []).append(name)
        pmcid_as_pmid = []
        if parsed.pmid and normalise_pmcid(parsed.pmid):
            pmcid_as_pmid = list(self._posting(_key("pmcid:", normalise_pmcid(parsed.pmid))))
        return hits, pmcid_as_pmid

    # --- Step 2: retrieval --------------------------------------------------------------

    def _df(self, key: str) -> int:
        """How many records a key leads to."""
        return len(self._postings.get(key, ()))

    def _rare_title_keys(self, q: _Features) -> list[tuple[int, str]]:
        """(records, key) of the title's rarest words and pairs that are not too common."""
        return sorted(
            (df, key) for key in title_keys(q) if 0 < (df := self._df(key)) <= self._max_df
        )[:RARE_WORDS]

    def _candidates(self, q: _Features) -> list[int]:
        """Records worth scoring: those sharing the title's rarest words, the first author
        (year ±1), the journal and year, or the volume and first page."""
        weights: dict[int, float] = {}
        rare = self._rare_title_keys(q)
        if rare:
            counts: Counter[int] = Counter()
            for _df, key in rare:
                counts.update(self._posting(key))  # counted in C: the hot loop of retrieval
            # With several rare words searched, one shared word is chance.
            need = 2 if len(rare) >= 3 else 1
            shared = [(c, idx) for idx, c in counts.items() if c >= need]
            if len(shared) > CANDIDATES:
                shared.sort(reverse=True)
                del shared[CANDIDATES:]
            for c, idx in shared:
                weights[idx] = float(c)
        if q.families:
            family = q.families[0]
            if q.year:
                blocks = [
                    self._posting(_family_year_key(family, y))
                    for y in (q.year - 1, q.year, q.year + 1)
                ]
            else:
                blocks = [self._posting(_key(FAMILY_KEY, family))[:FAMILY_BLOCK]]
            for block in blocks:
                for idx in block:
                    weights[idx] = weights.get(idx, 0.0) + 3.0
        if q.journal_key and q.year:
            for idx in self._posting(_journal_year_key(q.journal_key, q.year)):
                weights[idx] = weights.get(idx, 0.0) + 1.5
        if q.volume and q.first_page:
            # Rarer than a first author in a three-year window: with no title and a wrong
            # year, it may be the only key that reaches the record, so it ranks above one.
            for idx in self._posting(_locator_key(q.volume, q.first_page)):
                weights[idx] = weights.get(idx, 0.0) + 3.5
        if len(weights) <= CANDIDATES:
            return list(weights)
        return sorted(weights, key=weights.__getitem__, reverse=True)[:CANDIDATES]

    # --- Step 3: validation -------------------------------------------------------------

    def match(self, parsed: ParsedReference) -> MatchResult:
        """The study this reference points at, or None, with the evidence for the decision."""
        return self._match(parsed, exhaustive=False)

    def _match(self, parsed: ParsedReference, exhaustive: bool) -> MatchResult:
        size = self.size
        if parsed.unparseable:
            # "The Ketamine for reduction of Alcohol Relapse (KARE) trial, led by …": a
            # sentence with nothing to compare, but the name of a trial whose report the
            # library has.
            trial = self._trial_hits(parsed)
            if len(trial) == 1:
                return self._trial_match(parsed, trial[0])
            return MatchResult(None, decision="unparseable", library_size=size)
        q = self._query(parsed)
        if exhaustive:
            id_hits, pmcid_as_pmid = self._scan_identifiers(parsed)
            pool = range(size)
        else:
            id_hits, pmcid_as_pmid = self._identifier_hits(parsed)
            pool = set(self._candidates(q))
            pool.update(id_hits)
            pool.update(pmcid_as_pmid)
            pool.update(self._trial_hits(parsed))
        scored = []
        for idx in pool:
            score, title_sim, pages_agree = _score(q, self._features_of(idx))
            scored.append((score, idx, title_sim, pages_agree))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return self._decide(parsed, q, scored, id_hits, pmcid_as_pmid)

    def _trial_hits(self, parsed: ParsedReference) -> list[int]:
        """The records of the trials the reference may name."""
        return sorted({idx for key in trial_keys(parsed) for idx in self._posting(key)})

    def _trial_match(self, parsed: ParsedReference, idx: int) -> MatchResult:
        """The report of the trial a reference names and nothing else (no field to compare)."""
        record = self._record(idx)
        label = record_label(record)
        return MatchResult(
            study_id=record.id,
            confidence=TRIAL_CONFIDENCE,
            method="trial",
            closest_id=record.id,
            closest_score=TRIAL_CONFIDENCE,
            decision="trial",
            library_size=self.size,
            searched=("trial name",),
            study_label=label,
            closest_label=label,
            closest_title=record.title,
        )

    def _scan_identifiers(self, parsed: ParsedReference) -> tuple[dict[int, list[str]], list[int]]:
        """The naive way to find identifier hits: compare with every record."""
        doi, pmid = normalise_doi(parsed.doi), normalise_pmid(parsed.pmid)
        pmcid, url = normalise_pmcid(parsed.pmcid), normalise_url(parsed.url)
        as_pmcid = normalise_pmcid(parsed.pmid) if parsed.pmid else None
        hits: dict[int, list[str]] = {}
        pmcid_as_pmid = []
        for idx, record in enumerate(self._records):
            for name, written, value in (
                ("doi", doi, record.doi),
                ("pmid", pmid, record.pmid),
                ("pmcid", pmcid, record.pmcid),
                ("url", url, record.url),
            ):
                if written and value:
                    canonical = {
                        "doi": normalise_doi,
                        "pmid": normalise_pmid,
                        "pmcid": normalise_pmcid,
                        "url": normalise_url,
                    }[name](value)
                    if written == canonical:
                        hits.setdefault(idx, []).append(name)
            if as_pmcid and record.pmcid and normalise_pmcid(record.pmcid) == as_pmcid:
                pmcid_as_pmid.append(idx)
        return hits, pmcid_as_pmid

    def _decide(self, parsed, q, scored, id_hits, pmcid_as_pmid) -> MatchResult:
        size = self.size
        by_idx = {s[1]: s for s in scored}
        best = scored[0] if scored else None
        runner = scored[1] if len(scored) > 1 else None
        has_fields = bool(q.title or q.families or q.literal)
        base = {
            "library_size": size,
            "candidates_scored": len(scored),
            "searched": _searched(parsed, q),
        }

        def result(idx, method, decision, score, *, runner_up=None, conflicts=()):
            record = self._record(idx)
            other = (
                runner_up
                if runner_up is not None
                else next((s for s in scored if s[1] != idx), None)
            )
            conf = confidence(score)
            if method == "identifier":
                # An identifier that agrees with the fields is as sure as it gets; a bare one
                # is sure of the work but cannot vouch for the written fields.
                conf = max(conf, 0.99 if has_fields else 0.95)
            elif method == "trial":
                conf = max(conf, TRIAL_CONFIDENCE)
            conflicts = list(conflicts) + self._conflicts_with(parsed, idx, id_hits, pmcid_as_pmid)
            other_record = self._record(other[1]) if other else None
            label = record_label(record)
            return MatchResult(
                study_id=record.id,
                confidence=conf,
                method=method,
                runner_up_id=other_record.id if other_record else None,
                runner_up_score=confidence(other[0]) if other else 0.0,
                discrepancies=tuple(find_discrepancies(parsed, record)),
                identifier_conflicts=tuple(_unique(conflicts)),
                closest_id=record.id,
                closest_score=conf,
                decision=decision,
                study_label=label,
                closest_label=label,
                runner_up_label=record_label(other_record),
                closest_title=record.title,
                runner_up_title=other_record.title if other_record else "",
                **base,
            )

        # 1. An identifier that points at a record wins, unless the rest contradicts it.
        if id_hits:
            target = max(id_hits, key=lambda i: (by_idx[i][0], -i))
            target_score = by_idx[target][0]
            if (
                not has_fields
                or target_score >= CONTRADICTION_SCORE
                or not _rest_contradicts(q, self._features_of(target), by_idx[target][2])
            ):
                return result(target, "identifier", "identifier", target_score)
            # The identifier names another work than the one the reference describes.
            pointed = [
                self._pointer_conflict(parsed, name, i)
                for i, names in id_hits.items()
                for name in names
            ]
            if best and best[1] not in id_hits and _acceptable(*self._unpack(q, best)):
                if runner is None or best[0] - runner[0] >= CLEAR_MARGIN or runner[1] in id_hits:
                    return result(
                        best[1], "fuzzy", "fields_over_identifier", best[0], conflicts=pointed
                    )
            pointed_at = self._record(target)
            return MatchResult(
                None,
                identifier_conflicts=tuple(_unique(pointed)),
                closest_id=pointed_at.id,
                closest_score=confidence(target_score),
                closest_discrepancies=tuple(find_discrepancies(parsed, pointed_at)),
                decision="identifier_contradicted",
                closest_label=record_label(pointed_at),
                closest_title=pointed_at.title,
                **base,
            )

        # 2. An author-year mention ("Krupitsky et al. 2002") names its work when one record
        # alone has that first author (and second, if given) in that year: it has nothing
        # else to be scored on.
        # So does one that gives a first author and a journal ("Samuel T Wilkinson et al. Am J
        # Psychiatry."), with or without the year, or names only authors ("Ravi Das and
        # colleagues", an author line): when one record alone has them all, in that order,
        # with the first author's initial if one is written (names alone: when it is the
        # library's one work by that first author).
        if _author_year_only(q) or _author_journal_only(q) or _authors_only(q):
            named = [
                s for s in scored
                if (not q.year or _same_year(q, self._features_of(s[1]), journal_given=bool(q.journal)))
                and (not q.journal or _journals_match(q.journal, self._features_of(s[1]).journal))
                and self._features_of(s[1]).families[: len(q.families)] == q.families
                and (not q.first_initial or self._features_of(s[1]).first_initial in ("", q.first_initial))
            ]  # fmt: skip
            # Without a year, only the first FAMILY_BLOCK records of the author were read:
            # if that many came, "alone" cannot be told.
            by_author = sum(1 for s in scored if self._features_of(s[1]).families[:1] == q.families[:1])
            read_all = bool(q.year) or by_author < FAMILY_BLOCK
            # Names alone cannot tell a team's papers apart, whatever the order of the names:
            # they name a work only when the library has one by that first author.
            alone = not _authors_only(q) or by_author == 1
            if len(named) == 1 and read_all and alone:
                return result(named[0][1], "fuzzy", "author_year", named[0][0])
            # Running text about one of an author's works says what it did ("Dakwar and
            # colleagues … a single ketamine infusion combined with motivational enhancement
            # therapy … alcohol"): the work whose title those words fill, if one clearly does.
            chosen = self._described(q, named) if len(named) > 1 and read_all else None
            if chosen is not None:
                return result(chosen[1], "fuzzy", "author_context", chosen[0])

        # 2b. An author-year mention with a title and nothing else: the one record of that
        # first author (and second, if given) in that year, when the title is near its own.
        if _author_year_titled(q):
            named = [
                s for s in scored
                if self._features_of(s[1]).year == q.year
                and self._features_of(s[1]).families[: len(q.families)] == q.families
            ]  # fmt: skip
            if len(named) == 1 and named[0][2] is not None and named[0][2] >= RETOLD_TITLE:
                return result(named[0][1], "fuzzy", "author_year", named[0][0])

        # 3. Otherwise the fields decide, if one record clearly wins.
        if best is None:
            conflicts = self._unmatched_problems(parsed)
            return MatchResult(
                None, identifier_conflicts=conflicts, decision="no_candidate", **base
            )
        if _acceptable(*self._unpack(q, best)):
            if runner is None or best[0] - runner[0] >= CLEAR_MARGIN:
                return result(best[1], "fuzzy", "fields", best[0])
            decision = "ambiguous"
        else:
            decision = "weak"
        # 4. What the fields leave open, the name of a trial whose report the library has
        # decides: "Ketamine for the Reduction of Alcoholic Relapse (KARE)", the trial's name
        # given as the title of its report (which is reported as written differently).
        trial = self._trial_hits(parsed)
        if len(trial) == 1 and trial[0] in by_idx:
            named = result(trial[0], "trial", "trial", by_idx[trial[0]][0])
            if parsed.style == "bare_title":
                # The words around the trial's name ("Die Studie Ketamine for reduction of
                # Alcohol Relapse (KARE) wurde von …") were read as a title: none was written.
                named = replace(
                    named, discrepancies=tuple(d for d in named.discrepancies if d["field"] != "title")
                )
            return named
        closest = self._record(best[1])
        runner_record = self._record(runner[1]) if runner else None
        return MatchResult(
            None,
            runner_up_id=runner_record.id if runner_record else None,
            runner_up_score=confidence(runner[0]) if runner else 0.0,
            identifier_conflicts=self._unmatched_problems(parsed),
            closest_id=closest.id,
            closest_score=confidence(best[0]),
            closest_discrepancies=tuple(find_discrepancies(parsed, closest)),
            decision=decision,
            closest_label=record_label(closest),
            runner_up_label=record_label(runner_record),
            closest_title=closest.title,
            runner_up_title=runner_record.title if runner_record else "",
            **base,
        )

    def _unpack(self, q: _Features, entry: tuple) -> tuple[float, float | None, bool | None, bool]:
        score, idx, title_sim, pages_agree = entry
        return score, title_sim, pages_agree, _authors_confirm(q, self._features_of(idx))

    def _described(self, q: _Features, named: list) -> tuple | None:
        """The one of `named` whose title's words the reference's text holds: at least
        DESCRIBED_SHARE of them, and DESCRIBED_LEAD more words than any other's. None when no
        title clearly wins."""
        counts = sorted(
            (
                (len(f.title_set & q.raw_set), len(f.title_set), s)
                for s in named
                for f in [self._features_of(s[1])]
            ),
            key=lambda row: -row[0],
        )
        (best, size, chosen), (second, _size, _other) = counts[0], counts[1]
        if not size or best / size < DESCRIBED_SHARE:
            return None
        return chosen if best >= second + DESCRIBED_LEAD else None

    # --- Identifier conflicts -----------------------------------------------------------

    def _pointer_conflict(self, parsed: ParsedReference, name: str, idx: int) -> dict:
        return pointer_conflict(parsed, name, self._record(idx))

    def _conflicts_with(self, parsed, idx, id_hits, pmcid_as_pmid) -> list[dict]:
        """Identifiers written in the reference that do not belong to the matched record."""
        elsewhere = [
            (name, self._record(other))
            for other, names in id_hits.items()
            if other != idx
            for name in names
        ]
        return identifier_conflicts(parsed, self._record(idx), elsewhere=elsewhere)

    def identifier_conflicts(
        self,
        parsed: ParsedReference,
        record: StudyRecord,
        *,
        described_as: str = DESCRIBED_WORK,
    ) -> list[dict]:
        """Identifiers written in the reference that do not belong to `record`, which need
        not be the record the matcher would choose (an editor's study, say), nor be in the
        index: identifiers leading to other records of the index, identifiers that differ
        from the record's, and problems visible in the reference alone."""
        id_hits, _pmcid_as_pmid = self._identifier_hits(parsed)
        elsewhere = [
            (name, self._record(other))
            for other, names in id_hits.items()
            if self._record(other).id != record.id
            for name in names
        ]
        return _unique(
            identifier_conflicts(parsed, record, elsewhere=elsewhere, described_as=described_as)
        )

    def _unmatched_problems(self, parsed: ParsedReference) -> tuple[dict, ...]:
        return tuple(_problem_conflict(p, None) for p in parsed.identifier_problems)


def pointer_conflict(
    parsed: ParsedReference, name: str, other: StudyRecord, described_as: str = DESCRIBED_WORK
) -> dict:
    """The identifier `name` written in the reference is `other`'s, another work."""
    written = getattr(parsed, name)
    title = f' ("{other.title}")' if other.title else ""
    return {
        "field": name,
        "written": written,
        "canonical": None,
        "points_to": other.id,
        "kind": "points_to_other_study",
        "message": (
            f"the {_ID_LABELS[name]} {written} belongs to {record_label(other)}{title}, "
            f"not to {described_as}"
        ),
    }


def identifier_conflicts(
    parsed: ParsedReference,
    record: StudyRecord,
    *,
    elsewhere: Iterable[tuple[str, StudyRecord]] = (),
    described_as: str = DESCRIBED_WORK,
) -> list[dict]:
    """Identifiers written in the reference that do not belong to `record`.

    `elsewhere` lists (identifier name, other record) for each identifier written that
    leads to another record of the library; the rest is read from the reference and the
    record alone: a PMC number written as the PMID, a DOI, PMID or PMCID that differs from
    the record's, and problems visible in the reference ("PMID: PMC123", a PMID far too low
    for the year) unless the record explains them.
    """
    conflicts = [pointer_conflict(parsed, name, other, described_as) for name, other in elsewhere]
    written_pmid = normalise_pmid(parsed.pmid)
    pmcid_as_pmid = bool(
        written_pmid
        and record.pmcid
        and normalise_pmcid(parsed.pmid) == normalise_pmcid(record.pmcid)
    )
    if pmcid_as_pmid:
        conflicts.append(
            {
                "field": "pmid",
                "written": parsed.pmid,
                "canonical": record.pmid or None,
                "points_to": None,
                "kind": "pmcid_as_pmid",
                "message": (
                    f"the PMID written, {written_pmid}, is this study's PubMed Central number "
                    f"({record.pmcid}), not its PMID"
                    + (f" ({record.pmid})" if record.pmid else "")
                    + "; a PubMed link with it does not lead to this study"
                ),
            }
        )
    pointed_elsewhere = {c["field"] for c in conflicts}
    for name, normalise in (
        ("doi", normalise_doi),
        ("pmid", normalise_pmid),
        ("pmcid", normalise_pmcid),
    ):
        written, canonical = normalise(getattr(parsed, name)), normalise(getattr(record, name))
        if written and canonical and written != canonical and name not in pointed_elsewhere:
            conflicts.append(
                {
                    "field": name,
                    "written": getattr(parsed, name),
                    "canonical": getattr(record, name),
                    "points_to": None,
                    "kind": "differs_from_record",
                    "message": (
                        f"the {_ID_LABELS[name]} written, {getattr(parsed, name)}, is not this "
                        f"study's {_ID_LABELS[name]} ({getattr(record, name)})"
                    ),
                }
            )
    # Problems visible in the reference alone stand unless the record explains them.
    for problem in parsed.identifier_problems:
        if problem.code == "pmid_implausible_for_year" and (
            pmcid_as_pmid or (written_pmid and normalise_pmid(record.pmid) == written_pmid)
        ):
            continue  # a PMC number in the PMID's place, or the library confirms this PMID
        conflicts.append(_problem_conflict(problem, record))
    return conflicts


def _searched(parsed: ParsedReference, q: _Features) -> tuple[str, ...]:
    """What the reference was looked up by, in words (for a "not found" reason)."""
    keys = [
        f"{_ID_LABELS[name]} {getattr(parsed, name)}"
        for name in ("doi", "pmid", "pmcid", "url")
        if getattr(parsed, name)
    ]
    if q.title or q.raw_set:
        keys.append("title words")
    if parsed.authors:
        first = parsed.authors[0][0]
        keys.append(
            f"first author {first}" + (f" with year {parsed.year} ±1" if parsed.year else "")
        )
    if parsed.container_title and parsed.year:
        keys.append("journal and year")
    if parsed.volume and parsed.pages:
        keys.append("volume and first page")
    return tuple(keys)


def _problem_conflict(problem, record: StudyRecord | None) -> dict:
    field_name = {"conflicting_dois": "doi"}.get(problem.code, "pmid")
    return {
        "field": field_name,
        "written": problem.value,
        "canonical": (getattr(record, field_name) or None) if record else None,
        "points_to": None,
        "kind": problem.code,
        "message": problem.message,
    }


def _unique(conflicts: list[dict]) -> list[dict]:
    seen = set()
    out = []
    for conflict in conflicts:
        key = (conflict["field"], conflict["kind"], str(conflict["written"]), conflict["points_to"])
        if key not in seen:
            seen.add(key)
            out.append(conflict)
    return out


def naive_match(index: MatchIndex, parsed: ParsedReference) -> MatchResult:
    """Score every record in the index for this reference (no blocking): the baseline."""
    return index._match(parsed, exhaustive=True)


def _author_year_only(q: _Features) -> bool:
    """A reference that gives authors and a year and nothing else to compare."""
    return bool(
        q.families and q.year and not q.title and not q.journal and not q.volume
        and not q.first_page and not q.literal
    )  # fmt: skip


def _author_year_titled(q: _Features) -> bool:
    """A reference that gives authors, a year and a title, and no journal, volume or pages."""
    return bool(
        q.families and q.year and q.title and not q.journal and not q.volume
        and not q.first_page and not q.literal
    )  # fmt: skip


def _same_year(q: _Features, f: _Features, *, journal_given: bool = False) -> bool:
    """The year of an author-year mention is the record's; one apart (the online-first
    year) when the mention lists so many of the record's authors, in order, that they name
    one work of that team (a repository's record dated by its online release), or names
    the journal too ("Noller et al., American Journal of Drug and Alcohol Abuse, 2017" for
    its 2018 issue): the year is then reported as written differently."""
    if q.year == f.year:
        return True
    one_apart = bool(f.year) and abs(q.year - f.year) == 1
    return one_apart and (journal_given or len(q.families) >= LONG_AUTHOR_LIST)


def _authors_only(q: _Features) -> bool:
    """A reference that names authors and nothing else: no year, title, journal or numbers."""
    return bool(
        q.families and not q.year and not q.title and not q.journal and not q.volume
        and not q.first_page and not q.literal
    )  # fmt: skip


def _author_journal_only(q: _Features) -> bool:
    """A reference that gives a first author and a journal (a year too, perhaps) and nothing
    else to compare: no title, volume or pages."""
    return bool(q.families and q.journal and not q.title and not q.volume and not q.first_page)


def build_index(records: Iterable[StudyRecord | Mapping]) -> MatchIndex:
    """A MatchIndex from StudyRecords or library.json-style dicts."""
    return MatchIndex(
        r if isinstance(r, StudyRecord) else StudyRecord.from_dict(r) for r in records
    )


__all__ = [
    "ACCEPT_SCORE",
    "CLEAR_MARGIN",
    "MatchIndex",
    "MatchResult",
    "StudyRecord",
    "build_index",
    "confidence",
    "identifier_conflicts",
    "naive_match",
    "pointer_conflict",
    "record_label",
]
