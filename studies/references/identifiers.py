"""Normalise and extract the identifiers a reference may carry: DOI, PMID, PMCID and URLs.

Plain functions on strings; no Django. A reference is often written with its identifier in
an awkward shape (`https://doi.org/…`, `doi:`, upper case, a trailing full stop, a PubMed
link), and sometimes with the wrong identifier altogether — a PubMed Central number where a
PubMed ID belongs is the commonest. Those are reported as `IdentifierProblem`s, never
silently accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

# A DOI is "10.", a registrant code of 4-9 digits, "/", then any non-space suffix.
# No "|": it separates a wiki template's parameters ("doi=10.1007/s10615-018-0676-3|s2cid=…").
# A comma ends a DOI: the DOI standard allows one, but Crossref's own pattern for the DOIs it
# registers (letters, digits and -._;()/:) leaves it out, and a row of a CSV file puts one
# after every DOI ("10.1177/0269881114548296,,Pilot study").
DOI_RE = re.compile(r"\b10\.\d{4,9}/[^\s\"<>|,]+", re.IGNORECASE)
_DOI_PREFIX_RE = re.compile(
    r"^(?:https?://)?(?:dx\.)?(?:www\.)?doi\.org/|^doi\s*:?\s*", re.IGNORECASE
)
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)

# Labelled identifiers in running text: "PMID: 123", "PMID 123", "PMCID: PMC123".
_PMID_LABEL_RE = re.compile(r"\b(?:PMID|PubMed\s+ID)\s*:?\s*(PMC\s*)?(\d{1,9})\b", re.IGNORECASE)
_PMCID_LABEL_RE = re.compile(r"\bPMCID\s*:?\s*(?:PMC\s*)?(\d{1,9})\b", re.IGNORECASE)
_BARE_PMCID_RE = re.compile(r"\bPMC\s?(\d{4,9})\b")

# PubMed and PubMed Central links, also when wrapped inside a proxy or mirror URL.
_PUBMED_PATH_RE = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/|europepmc\.org/(?:abstract|article)/med/)"
    r"(PMC)?(\d{1,9})",
    re.IGNORECASE,
)
_PMC_PATH_RE = re.compile(
    r"(?:ncbi\.nlm\.nih\.gov/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/|europepmc\.org/(?:abstract|article)/pmc/)"
    r"(?:PMC)?(\d{1,9})",
    re.IGNORECASE,
)

# Characters that end a sentence or a list around an identifier but are not part of it.
_TRAILING = ".,;:'\"”’]>"

# Approximate first PMID assigned in some years. PMIDs are handed out in sequence as records
# enter PubMed, so a work published in year Y cannot carry a PMID far below those being
# assigned a year or two before Y (epub ahead of print). The figures are rounded down and the
# check below allows two years and a further 10%, so it only catches numbers off by millions —
# typically a PMC number pasted where the PMID belongs.
_PMID_AT_START_OF_YEAR = (
    (2003, 12_400_000),
    (2005, 15_600_000),
    (2008, 18_000_000),
    (2010, 20_000_000),
    (2012, 22_000_000),
    (2014, 24_200_000),
    (2016, 26_500_000),
    (2018, 29_000_000),
    (2020, 31_800_000),
    (2022, 34_800_000),
    (2024, 38_000_000),
)


@dataclass(frozen=True)
class IdentifierProblem:
    """Something wrong with an identifier as written, with a machine code and a sentence."""

    code: str  # "pmcid_as_pmid", "pmid_implausible_for_year", "conflicting_dois", ...
    value: str
    message: str


@dataclass(frozen=True)
class Identifiers:
    """Identifiers found in a piece of text, normalised."""

    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    urls: tuple[str, ...] = ()
    problems: tuple[IdentifierProblem, ...] = field(default=())


def _strip_trailing(value: str) -> str:
    """Drop sentence punctuation after an identifier, and a closing bracket with no opener.

    DOIs may contain brackets (10.1016/S0740-5472(02)00275-1), so a ")" is kept when it
    closes a "(" inside the identifier.
    """
    while value:
        last = value[-1]
        if last in _TRAILING:
            value = value[:-1]
        elif last == ")" and value.count("(") < value.count(")"):
            value = value[:-1]
        elif last == "}" and value.count("{") < value.count("}"):
            # A wiki's citation template closes after the DOI: "| doi=10.1038/sj.mp.4001093}}".
            value = value[:-1]
        else:
            break
    return value


# The links a journal's web page prints after each reference, copied with it and glued to
# the DOI: "doi:10.1177/0269881116675513PubMedGoogle ScholarCrossref".
_GLUED_LABELS_RE = re.compile(r"(?<=[0-9.])(?:PubMed|Google(?:\s*Scholar)?|Cross[Rr]ef|CAS|Scopus|WorldCat)+$")


def normalise_doi(value: str | None) -> str | None:
    """Return the DOI in `value` in lower case with no prefix, or None if there is none.

    >>> normalise_doi("https://doi.org/10.1176/APPI.AJP.2019.18101123.")
    '10.1176/appi.ajp.2019.18101123'
    """
    if not value or not isinstance(value, str):
        return None
    if len(value) > _KEPT_LENGTH:  # a whole address or reference: not kept
        return _normalised_doi.__wrapped__(value)
    return _normalised_doi(value)


# Matching a batch normalises the same few thousand DOIs (each reference's, each candidate's)
# several times over. Only values of a DOI's length are kept, so the answers kept stay small.
_KEPT_LENGTH = 300


@lru_cache(maxsize=8192)
def _normalised_doi(value: str) -> str | None:
    text = unquote(value.strip())
    text = _DOI_PREFIX_RE.sub("", text)
    found = DOI_RE.search(text)
    if not found:
        return None
    doi = _strip_trailing(_GLUED_LABELS_RE.sub("", _strip_trailing(found.group(0))))
    return doi.lower() if "/" in doi and not doi.endswith("/") else None


_PMID_PREFIX_RE = re.compile(r"^PMID\s*:?\s*", re.IGNORECASE)
_PMID_DIGITS_RE = re.compile(r"\d{1,9}")


def normalise_pmid(value: str | int | None) -> str | None:
    """Return a PubMed ID as digits with no leading zeros, or None.

    A PMC number ("PMC123") is not a PMID and gives None; `problems_with_pmid` says why.
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if text.isascii() and text.isdigit():
        # The usual case, a record's own PMID, or empty: no pattern to run (matching reads
        # a hundred thousand records).
        return (text.lstrip("0") or None) if len(text) <= 9 else None
    linked = _PUBMED_PATH_RE.search(text)
    if linked:
        return None if linked.group(1) else linked.group(2).lstrip("0") or None
    text = _PMID_PREFIX_RE.sub("", text)
    if not _PMID_DIGITS_RE.fullmatch(text):
        return None
    return text.lstrip("0") or None


_PMCID_PREFIX_RE = re.compile(r"^PMCID\s*:?\s*", re.IGNORECASE)
_PMCID_DIGITS_RE = re.compile(r"(?:PMC)?\s*(\d{1,9})", re.IGNORECASE)


def normalise_pmcid(value: str | int | None) -> str | None:
    """Return a PubMed Central ID as "PMC" and digits, or None.

    Bare digits are accepted only when the caller knows the number is a PMCID.
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    linked = _PMC_PATH_RE.search(text)
    if linked:
        return "PMC" + linked.group(1).lstrip("0")
    text = _PMCID_PREFIX_RE.sub("", text)
    found = _PMCID_DIGITS_RE.fullmatch(text)
    if not found or not found.group(1).lstrip("0"):
        return None
    return "PMC" + found.group(1).lstrip("0")


def normalise_url(url: str | None) -> str | None:
    """A comparison key for a URL: no scheme, no "www.", lower-case host, no trailing slash.

    Two ways of writing the same page (http vs https, with or without "www." or a final
    slash, a #fragment) give the same key; different pages stay different.
    """
    if not url or not isinstance(url, str):
        return None
    text = _strip_trailing(url.strip())
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, flags=re.IGNORECASE):
        text = "http://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.removeprefix("www.")
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = unquote(parts.path).rstrip("/")
    key = host + path
    if parts.query:
        key += "?" + parts.query
    return key


def find_urls(text: str) -> list[str]:
    """URLs in the text, in order, without the punctuation that follows them."""
    return [_strip_trailing(m.group(0)) for m in URL_RE.finditer(text or "")]


def pmid_plausible_for_year(pmid: str | int | None, year: int | None) -> bool:
    """False when a PMID is far too low for a work published in `year`.

    True whenever it cannot tell (no year, year before 2005, no PMID): this is a check for
    gross errors, not a validator.
    """
    digits = normalise_pmid(pmid) if pmid is not None else None
    if digits is None or year is None or year < 2005:
        return True
    floor = 0
    for table_year, first_pmid in _PMID_AT_START_OF_YEAR:
        if table_year <= year - 2:
            floor = first_pmid
    return int(digits) >= floor * 0.9


def problems_with_pmid(written: str, year: int | None = None) -> list[IdentifierProblem]:
    """What is wrong with a PMID as written ("PMC123", a PMC link, a number too low)."""
    problems = []
    text = (written or "").strip()
    if re.search(r"PMC\s*\d", text, flags=re.IGNORECASE):
        problems.append(
            IdentifierProblem(
                "pmcid_as_pmid",
                text,
                f"the PubMed ID is written as {text}, which is a PubMed Central (PMC) number, "
                "not a PMID",
            )
        )
        return problems
    digits = normalise_pmid(text)
    if digits and not pmid_plausible_for_year(digits, year):
        problems.append(
            IdentifierProblem(
                "pmid_implausible_for_year",
                digits,
                f"PMID {digits} is far lower than any PMID given to a work published in {year}; "
                f"it may be a PMC number (PMC{digits}) written where the PMID belongs",
            )
        )
    return problems


# A publisher's article page whose address carries the DOI: doi.org/10.x/y, …/doi/10.x/y,
# frontiersin.org/articles/10.3389/fpsyt.2022.917199/full, link.springer.com/article/10.1007/…
# The view after the DOI ("/full", "/abstract", "/pdf") is not part of it.
_DOI_IN_PATH_RE = re.compile(r"/(10\.\d{4,9}/[^?#\s]+)", re.IGNORECASE)
_PAGE_VIEW_RE = re.compile(
    r"/(?:full|abstract|fulltext|full-text|pdf|epdf|pdfft|html|meta|references|figures|"
    r"supplementary|summary|download)(?:/.*)?$",
    re.IGNORECASE,
)
# nature.com's article address is the DOI's suffix under Springer Nature's prefix 10.1038:
# nature.com/articles/s41467-019-13162-w is 10.1038/s41467-019-13162-w.
_NATURE_ARTICLE_RE = re.compile(r"^https?://(?:www\.)?nature\.com/articles/([a-z0-9][a-z0-9.-]{3,60})/?(?:[?#].*)?$", re.IGNORECASE)


def doi_in_url(url: str) -> str | None:
    """The DOI an article page's address carries, or None."""
    if re.search(r"doi\.org/|/doi/", url, re.IGNORECASE):
        return normalise_doi(url)
    nature = _NATURE_ARTICLE_RE.match(url)
    if nature:
        return normalise_doi("10.1038/" + nature.group(1))
    found = _DOI_IN_PATH_RE.search(unquote(url))
    if found:
        return normalise_doi(_PAGE_VIEW_RE.sub("", found.group(1)))
    return None


# A DOI hyphenated where a PDF's line broke inside a word: "doi:10.1001/archgen-\npsychiatry.2010.116".
# Only between letters, and only when what follows goes on as a DOI does (a dot or a digit in
# it): a hyphen before a digit ("s41467-\n019-…") is the DOI's own, and kept where it is.
_BROKEN_DOI_RE = re.compile(r"(\b10\.\d{4,9}/[^\s\"<>|]*[a-z])-\s+([a-z][a-z0-9]*[.\d][^\s\"<>|]*)", re.IGNORECASE)


def extract_identifiers(text: str, year: int | None = None) -> Identifiers:
    """Find the DOI, PMID, PMCID and URLs in a reference string.

    The first of each kind wins; a second, different DOI is reported as a problem. `year`
    (if known) lets an implausibly low PMID be reported.
    """
    text = text or ""
    if "- " in text or "-\n" in text:
        text = _BROKEN_DOI_RE.sub(r"\1\2", text)
    urls = find_urls(text)
    problems: list[IdentifierProblem] = []

    dois: list[str] = []
    guessed: list[str] = []
    for url in urls:
        doi = doi_in_url(url)
        if doi:
            (guessed if _NATURE_ARTICLE_RE.match(url) else dois).append(doi)
    without_urls = URL_RE.sub(" ", text)
    for found in DOI_RE.finditer(without_urls):
        doi = normalise_doi(found.group(0))
        if doi:
            dois.append(doi)
    # nature.com's address gives the DOI of a recent article only: an older one's is longer
    # (nature.com/articles/4001093 is 10.1038/sj.mp.4001093). A DOI written out wins.
    if not dois:
        dois = guessed
    distinct_dois = list(dict.fromkeys(dois))
    if len(distinct_dois) > 1:
        problems.append(
            IdentifierProblem(
                "conflicting_dois",
                " ".join(distinct_dois),
                "the reference gives more than one DOI: " + ", ".join(distinct_dois),
            )
        )

    pmid = None
    pmcid = None
    for url in urls:
        linked = _PUBMED_PATH_RE.search(url)
        if linked and pmid is None:
            if linked.group(1):
                problems.append(
                    IdentifierProblem(
                        "pmcid_as_pmid",
                        "PMC" + linked.group(2),
                        f"the PubMed link points to PMC{linked.group(2)}, "
                        "a PubMed Central number, not a PMID",
                    )
                )
                pmcid = pmcid or normalise_pmcid(linked.group(2))
            else:
                pmid = normalise_pmid(linked.group(2))
        linked_pmc = _PMC_PATH_RE.search(url)
        if linked_pmc and pmcid is None:
            pmcid = normalise_pmcid(linked_pmc.group(1))

    for found in _PMID_LABEL_RE.finditer(without_urls):
        if found.group(1):
            problems.append(
                IdentifierProblem(
                    "pmcid_as_pmid",
                    "PMC" + found.group(2),
                    f"the PMID is written as PMC{found.group(2)}, "
                    "which is a PubMed Central number, not a PMID",
                )
            )
            pmcid = pmcid or normalise_pmcid(found.group(2))
        elif pmid is None:
            pmid = normalise_pmid(found.group(2))
    if pmcid is None:
        labelled = _PMCID_LABEL_RE.search(without_urls) or _BARE_PMCID_RE.search(without_urls)
        if labelled:
            pmcid = normalise_pmcid(labelled.group(1))

    if pmid:
        problems.extend(
            p for p in problems_with_pmid(pmid, year) if p.code == "pmid_implausible_for_year"
        )
    return Identifiers(
        doi=distinct_dois[0] if distinct_dois else None,
        pmid=pmid,
        pmcid=pmcid,
        urls=tuple(urls),
        problems=tuple(problems),
    )
