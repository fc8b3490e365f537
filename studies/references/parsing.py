"""Parse one reference string, as an article writes it, into bibliographic fields.

`parse_reference(raw)` takes anything — APA, Vancouver/AMA, Harvard, a numbered list entry,
an "et al." in-text form, a bare title, a bare DOI or PubMed link, "Retrieved from URL", or
junk — and returns a `ParsedReference`. It never raises: when nothing usable is found the
result says why in `unparseable`.

The parser is deliberately forgiving and shallow. Matching does not depend on it getting
every field right (the matcher also searches the whole string); parsing is there to say
what was *written*, so that a discrepancy can be reported as "year written 2020, record
says 2019".
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, fields, replace
from functools import lru_cache

from studies.constants import MAX_YEAR, MIN_YEAR
from studies.references import layouts
from studies.references.discrepancies import MONTH_WORDS
from studies.references.identifiers import (
    DOI_RE,
    IdentifierProblem,
    extract_identifiers,
    problems_with_pmid,
)
from studies.references.trials import trial_names
from studies.references.unnamed import is_site_address, names_organisation, why_unnamed

# A single reference is a few hundred characters; grabski2022's 24 authors make ~600. Longer
# input is not one reference, and refusing it keeps the parser's time bounded.
MAX_CHARS = 5000
# An unstructured string longer than this is not a bare title.
MAX_BARE_TITLE_CHARS = 400

# What `ParsedReference.style` may say: how the reference was read ("none" if not at all).
STYLES = (
    "apa", "harvard", "vancouver", "mla", "ieee", "elsevier", "authors", "authors_title", "author_year", "narrative",
    "labelled", "header", "bibtex", "wiki", "bare_title", "identifier", "none",
)  # fmt: skip


@dataclass(frozen=True)
class ParsedReference:
    """What a reference string says, field by field. Fields not written are None/empty."""

    raw: str = ""
    marker: str | None = None
    authors: tuple[tuple[str, str], ...] = ()  # (family name or organisation, initials)
    et_al: bool = False
    # APA 7 lists the first 19 authors, "...", then the last: the number written before the
    # ellipsis, whose positions are known; the ones after it end the list. None: no ellipsis.
    ellipsis_after: int | None = None
    year: int | None = None
    title: str | None = None
    container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    style: str = "none"
    identifier_problems: tuple[IdentifierProblem, ...] = ()
    unparseable: str = ""
    # Words that could be a trial's acronym ("kare", "adapt-2"), as `trials.trial_name_key`
    # gives them: a trial named only by its acronym names its report, if the library has it.
    trials: tuple[str, ...] = ()
    # The authors' given names as written, one for each author, where the reference writes
    # every name as "Family, Given" (BibTeX, RIS, a reference manager's export): what tells
    # "Cappiello, Andrea" from the record's "Cappiello, Angela", whose initials agree. Empty
    # where any name is written otherwise.
    given_names: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        return not self.unparseable

    @property
    def has_identifier(self) -> bool:
        return bool(self.doi or self.pmid or self.pmcid or self.url)

    def as_dict(self) -> dict:
        """JSON-ready fields (for Citation.parsed)."""
        # Field by field, not `asdict`: it copies every value deeply, and the only values
        # that are not plain (the tuples) are converted here anyway.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["authors"] = [list(a) for a in self.authors]
        data["identifier_problems"] = [asdict(p) for p in self.identifier_problems]
        data["trials"] = list(self.trials)
        data["given_names"] = list(self.given_names)
        return data


# --- Cleaning -------------------------------------------------------------------------------

_SURROGATES_RE = re.compile("[\ud800-\udfff]")
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff\ufffd]"
)
_TRANSLATE = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',  # « », as French, Russian and Finnish pages quote
        "\u00bb": '"',
        "\u00a0": " ",
        "\u2026": "...",
    }
)
_SPACE_RE = re.compile(r"\s+")


# Reference lists copied from Markdown (blogs, wikis, READMEs) keep its marks: a link
# "[https://doi.org/10.1/x](https://doi.org/10.1/x)", emphasis "*Biological Psychiatry*, *47*".
_MARKDOWN_LINK_RE = re.compile(
    r"\[([^\[\]]{0,500})\]\(((?:https?:)?//(?:[^()\s]|\([^()\s]{0,100}\)){1,500})\)"
)
# A wiki's citation rendered as Markdown runs its parts together: '(November 2014).["Pilot
# study …"](http://…).*Journal of Psychopharmacology*.**28**(11): 983–992.[doi](…)'. A full
# stop between a link or emphasis and the next one ends a part.
_MARKDOWN_GLUED_RE = re.compile(r"(?<=[)*])\.(?=[\[*])")
# Links to an encyclopaedia's article on what an identifier is ("[doi](http://en.wikipedia.org/
# wiki/Digital_object_identifier)") label the next link, and a journal's ISSN ("[0269-8811](//www.
# worldcat.org/issn/0269-8811)") is no field of a reference: both are dropped.
_DROPPED_LINKS = ("wikipedia.org/wiki/", "/w/index.php", "worldcat.org/issn/")
_MARKDOWN_HEADING_RE = re.compile(r"^\s*#{1,6}\s+")
_MARKDOWN_EMPHASIS_RE = re.compile(r"(?<![\w*])\*{1,3}([^*\n]{1,500}?)\*{1,3}(?![\w*])")


# "Taming the Ketamine Tiger: *Anesthesiology* , 1.": markdown's italics after a colon mark
# the journal (APA sets it in italics), not the rest of a title.
_ITALIC_AFTER_COLON_RE = re.compile(r"(?<=[\w)\]]):\s+(?=\*(?P<italic>[^*\n]{3,120})\*\s*[,.])")


def _italic_journal(match: re.Match) -> str:
    return ". " if looks_like_journal(match.group("italic")) else match.group(0)


def _markdown_link(match: re.Match) -> str:
    text, url = match.group(1).strip(), match.group(2)
    if url.startswith("//"):
        url = "https:" + url
    if any(part in url for part in _DROPPED_LINKS):
        return " "
    if text.isdigit() and text in url:
        return f"{url} "  # "[27354908](//www.ncbi.nlm.nih.gov/pubmed/27354908)"
    # A space after the address: what follows a link ("….Journal of …") is no part of it.
    return f"{url} " if not text or text == url or text.startswith(("http", "doi", "10.")) else f"{text} {url} "


# A link from one note to another in a vault of notes (Obsidian's "[[2017/Noller2017_Ibogaine_
# Opioid_12Month_Outcomes|Noller 2017]]", Markdown's "[Rocha 2023](../2023/Rocha2023_Setting_
# Factors_….md)"), perhaps followed by a dash and what the note is about. A note of a paper is
# named by its first author, year and title words: they are the reference; the description
# after the dash is not.
_WIKI_NOTE_LINK_RE = re.compile(r"\[\[(?P<target>[^\[\]|\n]{1,300})(?:\|(?P<label>[^\[\]\n]{1,300}))?\]\]")
_MARKDOWN_NOTE_LINK_RE = re.compile(r"\[(?P<label>[^\[\]\n]{1,300})\]\((?P<target>[^()\s]{1,300}\.md)\)")
_NOTE_NAME_RE = re.compile(r"^(?P<family>[A-Z][A-Za-z'’-]*?)(?P<year>(?:1[6-9]|20)\d\d)[a-z]?(?:_(?P<words>[^/]+))?$")
_LABEL_AUTHOR_YEAR_RE = re.compile(
    r"^(?P<authors>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?:\s+et\.?\s*al\.?|\s+(?:&|and)\s+[A-Z][\w'’-]+)?),?\s+"
    r"\(?(?P<year>(?:1[6-9]|20)\d\d)[a-z]?\)?\s*(?:[:\u2014\u2013-]\s*(?P<title>.*))?$"
)
_AFTER_NOTE_LINK_RE = re.compile(r"\s+[\u2014\u2013-]\s.*$", re.DOTALL)
# A title of this few words in a link's label is a nickname ("Rocha 2023: Setting Factors"):
# the note's name holds the title.
NOTE_LABEL_TITLE_WORDS = 4


def _note_reference(target: str, label: str | None) -> str | None:
    """"Family (Year). Title." for a link to the note of a paper, or None."""
    name = target.strip().rsplit("/", 1)[-1].removesuffix(".md")
    named = _NOTE_NAME_RE.match(name)
    if not named:
        return None
    words = (named.group("words") or "").replace("_", " ").strip()
    authors, year = named.group("family"), named.group("year")
    if label:
        shown = _LABEL_AUTHOR_YEAR_RE.match(label.strip())
        if not shown:
            return None  # a label that is a title, or words: read as written
        authors, year = shown.group("authors"), shown.group("year")
        title = (shown.group("title") or "").strip()
        if len(title.split()) >= NOTE_LABEL_TITLE_WORDS:
            words = title
    return f"{authors} ({year}). {words}." if words else f"{authors} ({year})."


def _note_links(text: str) -> str:
    for pattern in (_WIKI_NOTE_LINK_RE, _MARKDOWN_NOTE_LINK_RE):
        found = pattern.search(text)
        if found:
            reference = _note_reference(found.group("target"), found.group("label"))
            if reference is not None:
                rest = _AFTER_NOTE_LINK_RE.sub("", text[found.end() :])
                return f"{text[: found.start()]}{reference}{rest}"
            if pattern is _WIKI_NOTE_LINK_RE:
                return pattern.sub(lambda m: m.group("label") or m.group("target"), text)
    return text


# A word broken across two lines of a PDF's text, "behav-\nioral treatment", "J Psy-\nchoact
# Drugs": one word again. (A compound broken at its hyphen, "treatment-\nresistant", loses its
# hyphen too; the title comparison weighs one word of many.)
_LINE_END_HYPHEN_RE = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[a-z])")
# A DOI broken at a line's end after a slash or a hyphen, where no DOI ends: "doi:10.1001/\n
# archgenpsychiatry.2010.116" (and "10.1016/S0740-\n5472(02)00275-1", its hyphen kept).
_BROKEN_DOI_RE = re.compile(r"(\b10\.\d{4,9}/(?:[^\s/]{0,60}-)?)[ \t]*\r?\n[ \t]*(?=\S)")

# A DOI that ends the reference, broken over its last two lines: "https://doi.org/10.1177/02698\n
# 81116675512". The last line, digits first and nothing after them, is the rest of the DOI
# (not a RIS record's closing "ER").
_DOI_ON_TWO_LINES_RE = re.compile(r"(\b10\.\d{4,9}/[^\s\"<>|,]+)[ \t]*\r?\n[ \t]*(\d[\w.()/-]*)\s*$")
# A DOI link as a PDF's text spaces it, "https:// doi. org/ 10. 1080/ 00952 990. 2020. 18089
# 82": to the end of the reference, or to a PMID after it.
_SPACED_DOI_RE = re.compile(
    r"(?:https?:/{2}\s*)?(?:dx\.\s?)?doi\.\sorg/\s*(?P<doi>10\.\s*\d{4,9}\s*/.*?)\s*\.?\s*(?=\bPMID\b|\bPMCID\b|$)",
    re.DOTALL,
)


def _spaced_doi(found: re.Match) -> str:
    doi = re.sub(r"\s+", "", found.group("doi"))
    # A space after it: the match took the spaces before a PMID that follows.
    return f"https://doi.org/{doi} " if DOI_RE.fullmatch(doi) else found.group(0)


def clean_text(raw: str) -> str:
    """One line of plain text: no control characters or lone surrogates, one kind of dash
    and quote, no Markdown marks or HTML entities, single spaces. Lone surrogates (from badly
    decoded input) become spaces."""
    text = _SURROGATES_RE.sub(" ", raw)
    if "&" in text and ";" in text:
        # A page's source copied: "Noller, Frampton, &amp; Yazar-Klosinski".
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    if "-\n" in text or "- \n" in text:
        text = _LINE_END_HYPHEN_RE.sub("", text)
    if "/\n" in text or "/ \n" in text or "-\n" in text:
        text = _BROKEN_DOI_RE.sub(r"\1", text)
    if "\n" in text and "10." in text:
        text = _DOI_ON_TWO_LINES_RE.sub(r"\1\2", text)
    text = _CONTROL_RE.sub(" ", text).translate(_TRANSLATE)
    if "doi. org/" in text or "doi.\norg/" in text:
        text = _SPACED_DOI_RE.sub(_spaced_doi, text)
    if "[[" in text or ".md)" in text:
        text = _note_links(text)
    if "](" in text:
        text = _MARKDOWN_LINK_RE.sub(_markdown_link, _MARKDOWN_GLUED_RE.sub(". ", text))
        # The wiki's note on its own upkeep after a citation: "CS1 maint: PMC format ( [link](…) )".
        text = text.split(" CS1 maint:", 1)[0]
    if "*" in text:
        text = _ITALIC_AFTER_COLON_RE.sub(_italic_journal, text)
        text = _MARKDOWN_EMPHASIS_RE.sub(r"\1", text)
    if text.startswith("#"):
        text = _MARKDOWN_HEADING_RE.sub("", text)
    # "Authors · Journal (2018)": a middle dot between parts is a full stop.
    text = text.replace(" \u00b7 ", ". ")
    text = _SPACE_RE.sub(" ", text).strip()
    if _FOREIGN_ET_AL_HINT_RE.search(text):
        text = _FOREIGN_ET_AL_RE.sub(", et al.", text)
    return text


# "et al." as references in other languages write it, after a name or its initials: German
# "u. a.", Polish "i wsp." and "i in.", Russian "и др." and "и соавт.", Scandinavian "m.fl.",
# Finnish "ym.", Dutch "e.a.", Spanish and Portuguese "y cols." and "e col.", Italian "e
# coll.", Czech "a kol.", Hungarian "és mtsai.". Read as "et al.".
_FOREIGN_ET_AL = (
    r"u\.\s?a\.|i\s+wsp\.|i\s+in\.|и\s+др\.|и\s+соавт\.|m\.\s?fl\.|ym\.|e\.\s?a\.|"
    r"[ye]\s+cols?\.|e\s+coll\.|a\s+kol\.|és\s+mtsai\."
)
_FOREIGN_ET_AL_HINT_RE = re.compile(r"\s(?:" + _FOREIGN_ET_AL + r")")
_FOREIGN_ET_AL_RE = re.compile(r"(?<=[A-Za-z\u00c0-\u024f])\s*,?\s+(?:" + _FOREIGN_ET_AL + r")(?=\s|$|[,;:])")


# --- Pieces of a reference ------------------------------------------------------------------

# "[12]", "(12)", "12." or "12)" before a reference. Four-digit numbers in the year range are
# left alone unless in square brackets: "(2019)" is a year, not the 2019th reference.
_MARKER_RE = re.compile(
    r"^(?:\[\s*\d{1,4}\s*\]|\(\s*(?!(?:1[6-9]|20)\d\d\s*\))\d{1,4}\s*\)|(?!(?:1[6-9]|20)\d\d[.)])\d{1,4}[.)])"
    r"(?=\s|[A-Z\"'])\s*"
)
_BULLET_RE = re.compile(r"^[-*\u2022\u00b7\u25aa\u25cf]+\s+")
# A manuscript's citation as EndNote leaves it before formatting: "{Beaglehole, 2023 #61}",
# the author, the year and the record's number in the author's library.
_ENDNOTE_CITATION_RE = re.compile(
    r"^\{(?P<authors>[^{}#;,]+?(?:\s+et\s+al\.?)?),?\s+(?P<year>(?:1[6-9]|20)\d\d[a-z]?)\s+#\d{1,6}\}$"
)
# A wiki's links back to where a note is cited, before the reference: "↑ 37.0 37.1 Carhart-
# Harris, R. L., …", "^ a b Dakwar, E. …".
_BACKLINKS_RE = re.compile(r"^[↑^]\s*(?:(?:\d{1,3}\.\d{1,3}|[a-z])\s+)*")

_YEAR = r"(?:1[6-9]|20)\d{2}"
_PAREN_YEAR_RE = re.compile(
    # A wiki's citation dates it "(November 2014)" or "(3 January 2011)".
    r"\(\s*(?:(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+)?"
    r"(?:(?P<year>" + _YEAR + r")[a-z]?(?:\s*,\s*[^()]{0,40})?|(?P<nd>n\.\s?d\.?))\s*\)"
)
# "385-388.e1": Elsevier's online pages after the printed ones belong to the range.
_PAGES = r"[A-Za-z]{0,2}\d{1,7}[A-Za-z]?(?:\s*-+\s*[A-Za-z]{0,2}\d{1,7}[A-Za-z]?(?:\.e\d{1,4})?)?"
# The end of an APA/Harvard reference: ", 177(9), 911-918." / ", 176(11), pp. 923-930" /
# ", vol. 23, no. 4, pp. 273-283" / ", 9, 277".
_TAIL_RE = re.compile(
    r",\s*(?:vol(?:ume)?\.?\s*)?(?P<volume>\d{1,5}[A-Za-z]?)"
    r"(?:\s*\(\s*(?P<issue>[^()]{1,20}?)\s*\)|\s*,\s*(?:no|issue|iss)\.?\s*(?P<issue2>[\w-]{1,10}))?"
    r"(?:\s*[,:]\s*(?:pp?\.?\s*|article\s+(?:no\.?\s*)?)?(?P<pages>" + _PAGES + r"))?"
    r"\s*[.;]?\s*$",
    re.IGNORECASE,
)
# Springer's end of a reference, with no comma before the volume: "Br J Pharmacol
# 79:565–575", "Psychopharmacology 233(3):401–410".
_SPACED_TAIL_RE = re.compile(
    r"(?<=[A-Za-z.])\s+(?P<volume>\d{1,5}[A-Za-z]?)(?:\s*\(\s*(?P<issue>[^()]{1,20}?)\s*\))?"
    r"\s*:\s*(?P<pages>" + _PAGES + r")\s*[.;]?\s*$"
)
# The end of a reference that gives pages but no volume: ", 573-589." / ", pp. 573-589" /
# Springer's online-first "J Psychopharmacol:1–9".
_PAGES_TAIL_RE = re.compile(
    r"(?:,|(?<=[A-Za-z.]):)\s*(?:(?:pp?\.?\s*)?(?P<range>[A-Za-z]{0,2}\d{1,7}[A-Za-z]?\s*-+\s*[A-Za-z]{0,2}\d{1,7}[A-Za-z]?)"
    r"|pp?\.\s*(?P<page>[A-Za-z]{0,2}\d{1,7}[A-Za-z]?))\s*[.;]?\s*$",
    re.IGNORECASE,
)
# A volume that ends a journal's segment, pages after it ("J. Psychopharmacol. 30"): a number
# after a word or an abbreviation's full stop, never a year.
_VOLUME_ENDS_JOURNAL_RE = re.compile(r"(?<=[A-Za-z.])\s+(?!" + _YEAR + r"$)(?P<volume>\d{1,4})$")
# The end of a reference whose journal gives an article number (e-locator) and no volume:
# ", 1141836." / ", e0212345" / ", Article 5187". A bare number of six digits or more is no
# volume; a shorter one is read as a volume (by _TAIL_RE) unless labelled.
_ARTICLE_NUMBER_TAIL_RE = re.compile(
    r",\s*(?:(?:article|art\.)\s*(?:no\.?|number)?\s*(?P<labelled>e?\d{1,9})"
    # Google Scholar's e-locators: "appiajp202121030277-appiajp202121030277".
    r"|(?P<number>e\d{3,9}|\d{6,9}|[a-z]{2,12}\d{6,}(?:-[a-z]{2,12}\d{6,})?))\s*[.;]?\s*$",
    re.IGNORECASE,
)
# An author list is at most this long (APA 7 writes 20 names, then "...", then the last); a
# year further on is not the one that ends it.
MAX_AUTHORS_CHARS = 1000
MAX_YEAR_TRIES = 3
_YEAR_AFTER_JOURNAL_RE = re.compile(r"^(?P<journal>.+?)[.,;]?\s+(?P<year>" + _YEAR + r")[a-z]?$")
# Vancouver/AMA source: "2019;176(11):923-30" / "2014 Jul 1;76(1):40-6" / "2018;9:277".
_VANCOUVER_SOURCE_RE = re.compile(
    r"(?:^|(?<=[\s.,;]))(?P<year>" + _YEAR + r")[a-z]?"
    r"(?:\s+[A-Z][a-z]{2,8}\.?(?:-[A-Z][a-z]{2,8})?(?:\s+\d{1,2})?)?"
    # "2019;176(11):923", "2016, 20:128", or a space before "volume:page" ("2014 Oct 64:385")
    r"\s*(?:;|,(?=\s*\d{1,5}(?:\s*\([^()]{1,20}\))?\s*:)|(?<=\s)(?=\d{1,5}:\d))\s*(?P<volume>\d{1,5}[A-Za-z]?)?"
    # "56 Suppl 7:24-9": a supplement of the volume; "18, 4: 289-298": the issue after a comma.
    r"(?:\s+(?:Suppl|Supplement)\.?\s*[\w-]{0,6}(?=\s*:))?"
    r"\s*(?:\(\s*(?P<issue>[^()]{1,20}?)\s*\)|,\s*(?P<issue_after_comma>\d{1,4})(?=\s*:))?"
    r"\s*(?::\s*(?P<pages>" + _PAGES + r"))?"
)
# Harvard with no brackets: "Dakwar, E. and Levin, F., 2014. Title ..."
_BARE_YEAR_RE = re.compile(r"(?:,\s*|\s)(?P<year>" + _YEAR + r")[a-z]?\.\s")
# And with no full stop after the year: "Noller GE, Frampton CM, & Yazar-Klosinski B 2017
# Ibogaine treatment outcomes …" (tried after the year with one, which most write).
_BARE_YEAR_NO_STOP_RE = re.compile(r"(?:,\s*|\s)(?P<year>" + _YEAR + r")[a-z]?\s+(?=[A-Z])")

# Lead-ins and annotations that carry no bibliographic field once identifiers are taken.
_URL_WITH_LEADIN_RE = re.compile(
    r"(?:\b(?:retrieved|available|accessed|downloaded|viewed)\b[^.]{0,40}?\b(?:from|at|on)\b\s*:?\s*)?"
    r"(?:https?://|www\.)[^\s<>\"]+",
    re.IGNORECASE,
)
_LEADIN_ONLY_RE = re.compile(
    r"\b(?:retrieved|available|accessed|downloaded)\s+(?:from|at|on)\s*:?\s*$", re.IGNORECASE
)
_DOI_WITH_LABEL_RE = re.compile(
    r"(?:\bdoi\s*:?\s*|\bdoi\.org/)?\b10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE
)
_ID_LABEL_RE = re.compile(
    r"\b(?:PMID|PMCID|PubMed\s+ID)\s*:?\s*(?:PMC)?\s*\d{1,9}\b|\bPMC\s?\d{4,9}\b|\bdoi\s*:\s*$",
    re.IGNORECASE,
)
_ANNOTATION_RE = re.compile(
    r"\[(?:internet|cited[^\]]{0,40}|accessed[^\]]{0,40}|pubmed[^\]]{0,20}|google scholar|crossref|"
    r"epub[^\]]{0,40}|serial|online|electronic resource)\]"
    r"|\((?:accessed|viewed|retrieved)[^()]{0,60}\)"
    r"|\bepub\s+(?:ahead\s+of\s+print)?\s*(?:"
    + _YEAR
    + r"(?:\s+[A-Z][a-z]{2}\.?)?(?:\s+\d{1,2})?)?\.?"
    r"|\bpublished\s+(?:online\s*)?(?:by\s+[^:]{1,60}:\s*|:\s*)?(?:\d{1,2}\s+)?(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},?\s+)?"
    + _YEAR
    + r"\.?",
    re.IGNORECASE,
)
_ET_AL_RE = re.compile(
    r"[,;]?\s*(?:\bet\.?\s*al\b\.?|\band\s+others\b\.?|\bet\s+coll?\b\.?)\s*$", re.IGNORECASE
)
# How a list that _ET_AL_RE ends can end, once trailing spaces are stripped: a cheap test
# that spares the search (a pattern tried at every position) for the lists that don't.
_ET_AL_ENDINGS = ("al", "al.", "others", "others.", "col", "col.", "coll", "coll.")
# "and", or after a comma its Spanish, German, Portuguese or French word: "…, Mary P. Cosimano,
# MSW, y Roland R. Griffiths, PhD" (a family of two names joined by "y" has no comma before it).
_AND_RE = re.compile(r"\s*(?:&|\band\b|(?<=,)\s*\b(?:y|und|e|et)\b(?=\s+[A-Z]))\s*")
_ELLIPSIS_RE = re.compile(r"\.\s?\.\s?\.|\u2026")  # "...", ". . ." (APA 7), "…"
_TWO_FAMILIES_RE = re.compile(r"^([^,;&]+?)\s+(?:and|&)\s+([^,;&]+)$")
_LIST_SPLIT_RE = re.compile(r"\s*[,;]\s*")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([.,;:])")
_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|\[\s*\]")

_PARTICLES = frozenset(
    "van von de da di del della der den du dos das le la ter ten bin ibn al el st st. mac".split()
)
_NOT_NAME_WORDS = frozenset(
    "the of and in for on with to a an from by at is are as or vs versus using how what why "
    "who when does do new".split()
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# A full stop after one of these is not the end of a title.
_NON_TERMINAL = frozenset(
    "vs v e.g i.e al no nos vol vols st dr mr mrs ms fig figs approx ca cf jr sr inc ltd co "
    "dept univ u.s u.k".split()
)

_VANCOUVER_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")
_DOTTED_INITIALS_RE = re.compile(r"^(?:[A-Z][a-z]?\.\s*-?\s*){1,4}$")
_INITIALS_FIRST_RE = re.compile(r"^((?:[A-Z]\.\s*-?\s*){1,4})\s*(\S.*)$")


# Names recur from one reference to the next, and an author list is tried in several ways:
# the answers for short words and names are kept. Only short ones: a process keeps at most
# this many of them, whatever text it is sent.
_KEPT_ANSWERS = 16384
_KEPT_LENGTH = 80


def _is_name_word(word: str) -> bool:
    return _kept_name_word(word) if len(word) <= _KEPT_LENGTH else _name_word(word)


def _name_word(word: str) -> bool:
    letters = word.replace("'", "").replace("-", "").replace(".", "")
    return (
        bool(letters)
        and letters.isalpha()
        and word[0].isupper()
        and word.lower() not in _NOT_NAME_WORDS
    )


def _is_family(token: str) -> bool:
    """A family name: one to four words, capitalised, with particles (van, de, di) allowed."""
    return _kept_family(token) if len(token) <= _KEPT_LENGTH else _family(token)


def _family(token: str) -> bool:
    words = token.split()
    if not 1 <= len(words) <= 4:
        return False
    # Alone, a word that is elsewhere a particle is the whole name: "Das", "Le", "Van".
    core = words if len(words) == 1 else [w for w in words if w.lower() not in _PARTICLES]
    if not 1 <= len(core) <= 3 or (len(words) > 1 and words[-1].lower() in _PARTICLES):
        return False
    for word in core:
        if not _is_name_word(word) or "." in word:
            # "Falki R. Therapeutics" runs an initial into the next words: not a family name.
            return False
        letters = word.replace("'", "").replace("-", "")
        # "EV" or "CL" alone are initials, not a family name.
        if len(letters) < 2 or (letters.isupper() and len(letters) <= 3 and len(core) == 1):
            return False
    return True


_kept_name_word = lru_cache(maxsize=_KEPT_ANSWERS)(_name_word)
_kept_family = lru_cache(maxsize=_KEPT_ANSWERS)(_family)


def _initials(token: str) -> str | None:
    """Initials as capital letters ("E. V." -> "EV", "Y.-I." -> "YI"), or None."""
    token = token.strip()
    if _DOTTED_INITIALS_RE.match(token) or _VANCOUVER_INITIALS_RE.match(token):
        return "".join(ch for ch in token if ch.isupper())
    return None


def _given_initials(token: str) -> str | None:
    """Initials of full given names ("Frances R." -> "FR"), or None."""
    words = token.split()
    if not 1 <= len(words) <= 3 or not _is_name_word(words[0]) or len(words[0]) < 2:
        return None
    for word in words[1:]:
        if not (_is_name_word(word) or _initials(word)):
            return None
    return "".join(w[0] for w in words if w[0].isupper()) or None


def _vancouver_name(token: str) -> tuple[str, str] | None:
    """'Nunes EV' -> ('Nunes', 'EV'); 'Zarate CA Jr' -> ('Zarate', 'CA'); else None."""
    words = token.split()
    if (
        len(words) >= 3
        and words[-1].lower() in _SUFFIXES
        and _VANCOUVER_INITIALS_RE.match(words[-2])
    ):
        words = words[:-1]
    if not 2 <= len(words) <= 4 or not _VANCOUVER_INITIALS_RE.match(words[-1]):
        return None
    family = " ".join(words[:-1])
    if not _is_family(family):
        return None
    return family, "".join(ch for ch in words[-1] if ch.isupper())


def _initials_first_name(token: str) -> tuple[str, str] | None:
    """'E. V. Nunes' -> ('Nunes', 'EV'), or None."""
    found = _INITIALS_FIRST_RE.match(token)
    if not found or not _is_family(found.group(2)):
        return None
    return found.group(2), "".join(ch for ch in found.group(1) if ch.isupper())


def parse_authors(text: str) -> tuple[tuple[tuple[str, str], ...], bool] | None:
    """Parse a complete author list, or return None if `text` is not one.

    Accepts "Dakwar, E., Nunes, E. V., & Levin, F. R." (APA), "Dakwar E, Nunes EV, et al"
    (Vancouver), "Dakwar, E., Levin, F. and Foltin, R.W." (Harvard), "E. Dakwar, F. Levin",
    the in-text forms "Dakwar et al." and "Dakwar and Levin", and APA 7's long lists with an
    ellipsis ("Grabski, M., ..., Harris, J., ... Morgan, C. J. A.").
    """
    parsed = parse_author_list(text)
    return (parsed[0], parsed[1]) if parsed else None


_AFTER_ELLIPSIS_RE = re.compile(r"^[\s,;]*(?:&|\band\b)?\s*")


def parse_author_list(text: str) -> tuple[tuple[tuple[str, str], ...], bool, int | None] | None:
    """`parse_authors` with, third, how many authors precede an ellipsis (None if none).

    APA 7 writes the first 19 authors, "...", then the last one: the name after the gap is
    not the 20th author, and must not be compared as if it were. An ellipsis that ends the
    list ("Dakwar, E., Nunes, E. V., ...") stands for the authors not named, as "et al." does.
    """
    gap = _ELLIPSIS_RE.search(text)
    if gap:
        head = _plain_author_list(text[: gap.start()])
        rest = _AFTER_ELLIPSIS_RE.sub("", text[gap.end() :], count=1)
        if head and not head[1]:
            if not rest.strip(" .,;:"):
                return head[0], True, None
            tail = _plain_author_list(rest)
            if tail:
                return head[0] + tail[0], tail[1], len(head[0])
    found = _plain_author_list(text)
    return (found[0], found[1], None) if found else None


# A group credited after the people, as Vancouver lists it: "… Nemeroff CB; American
# Psychiatric Association (APA) Council of Research Task Force on Novel Biomarkers and
# Treatments". The people are the authors compared.
_GROUP_AFTER_AUTHORS_RE = re.compile(
    r";\s*[^;.]*\b(?:Task\s+Force|Group|Consortium|Council|Collaborat\w*|Committee|Network|Association|"
    r"Investigators|Study\s+Team)\b[^;.]*\.?$"
)


def _plain_author_list(text: str) -> tuple[tuple[tuple[str, str], ...], bool] | None:
    text = text.strip().strip(",;:").strip()
    if ";" in text:
        text = _GROUP_AFTER_AUTHORS_RE.sub("", text)
    # The full stop that ends a list on a family name ("… P. Chodoff, G. Corssen.").
    text = re.sub(r"(?<=[a-z]{2})\.$", "", text)
    et_al = False
    found = _ET_AL_RE.search(text) if text.rstrip().lower().endswith(_ET_AL_ENDINGS) else None
    if found:
        et_al = True
        text = text[: found.start()].strip().rstrip(",;").strip()
    # In-text "Dakwar and Levin" names two families, not "Dakwar, L."
    pair = _TWO_FAMILIES_RE.match(text)
    if pair and _is_family(pair.group(1)) and _is_family(pair.group(2)):
        return ((pair.group(1), ""), (pair.group(2), "")), et_al
    text = _ELLIPSIS_RE.sub(",", text)
    if ";" in text:
        text = _DEGREES_BEFORE_SEMICOLON_RE.sub("", text)
    last_after_and = bool(re.search(r"(?:,|\s)\s*(?:and|&)\s+[^,;&]+$|,\s*(?:y|und|e|et)\s+[A-Z][^,;&]*$", text))
    if "&" in text or " and " in text or re.search(r",\s*(?:y|und|e|et)\s", text):
        text = _AND_RE.sub(", ", text)
    tokens = [t.strip() for t in _LIST_SPLIT_RE.split(text) if t.strip()]
    if not tokens or len(tokens) > 400:
        return None
    names_first = all(len(t.split()) >= 2 or _DEGREE_RE.match(t.replace(" ", "")) for t in tokens)
    if names_first:
        # PubMed's full names, family first: "Dakwar Elias, Levin Frances, Foltin Richard W".
        full = _family_first_names(tokens)
        if full:
            return full, et_al
        # "Albert Garcia-Romeu & William A. Richards": given names first, not "Family,
        # Given" pairs.
        full = _full_names(tokens, last_after_and)
        if full:
            return full, et_al
    authors: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.lower() in _SUFFIXES and authors:
            i += 1
            continue
        name = _vancouver_name(token) or _initials_first_name(token)
        if name:
            authors.append(name)
            i += 1
            continue
        if _is_family(token) and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            initials = _initials(nxt) or _given_initials(nxt)
            if initials:
                authors.append((token, initials))
                i += 2
                continue
        authors = []
        break
    if authors:
        return tuple(authors), et_al
    # In-text forms name families only: "Dakwar et al.", "Dakwar and Levin".
    if len(tokens) <= 2 and (et_al or len(tokens) == 2) and all(_is_family(t) for t in tokens):
        return tuple((t, "") for t in tokens), et_al
    # Names given first were tried above, when every part could be one.
    full = None if names_first else _full_names(tokens, last_after_and)
    return (full, et_al) if full else None


# Degrees after a name in an article's header: "Samuel T. Wilkinson, M.D., Ph.D."
_DEGREE_RE = re.compile(
    r"^(?:M\.?D|Ph\.?\s?D|M\.?S|M\.?S\.?W|L\.?C\.?S\.?W|M\.?A|M\.?Sc|B\.?Sc|B\.?A|M\.?P\.?H|R\.?N|Pharm\.?D|Psy\.?D|D\.?O|D\.?Clin\.?Psy|"
    r"M\.?B\.?B\.?S|FRCP\w*|FACS|MRCPsych|Dr\.?\s?med)\.?\*?$"
)
_MIDDLE_INITIAL_RE = re.compile(r"^[A-Z]\.(?:-?[A-Z]\.)?$")
_BARE_MIDDLE_INITIAL_RE = re.compile(r"^[A-Z]$")
# A journal's page of authors as "Family, Given I. MD, FACS; …": the degrees end each name.
_DEGREE_WORD = r"(?:M\.?D|Ph\.?D|M\.?S|M\.?Sc|B\.?Sc|B\.?A|M\.?P\.?H|R\.?N|Pharm\.?D|Psy\.?D|D\.?O|FACS|FRCP\w*|FRCSC?)\.?"
_DEGREES_BEFORE_SEMICOLON_RE = re.compile(
    r"(?<=[A-Za-z.])\s+" + _DEGREE_WORD + r"(?:,\s*" + _DEGREE_WORD + r")*(?=\s*(?:;|$))"
)


def _family_first_names(tokens: list[str]) -> tuple[tuple[str, str], ...] | None:
    """PubMed's full author names, family name first and the middle initial bare at the end:
    "Krupitsky Evgeny M, Burakov Andrei M" or "Dakwar Elias, Levin Frances, Foltin Richard
    W", or None. The bare initial at the end tells the order: given first, it stands in the
    middle ("Richard W Foltin"). Half the names at least must end with one, and a list whose
    every name does needs three names or more: Vancouver's "Castro Santos H, Gama Marques J"
    ends each name with initials too, after a family name of two words."""
    if len(tokens) < 2:
        return None
    authors, initialled = [], 0
    for token in tokens:
        words = token.split()
        initials = []
        while len(words) > 2 and _BARE_MIDDLE_INITIAL_RE.match(words[-1]):
            initials.insert(0, words.pop())
        if not 2 <= len(words) <= 3 or not _is_family(words[0]) or len(initials) > 2:
            return None
        if not all(_is_name_word(w) and len(w) >= 2 and not w.isupper() for w in words[1:]):
            return None
        initialled += bool(initials)
        authors.append((words[0], "".join(w[0] for w in words[1:]) + "".join(initials)))
    if initialled * 2 < len(authors) or (initialled == len(authors) and len(authors) < 3):
        return None
    return tuple(authors)


def _full_names(tokens: list[str], last_after_and: bool = False) -> tuple[tuple[str, str], ...] | None:
    """"Jennifer L. Jones", "Albert Garcia-Romeu", "William A. Richards": names written
    given name first, as an article's header prints them, or None. Two names at least, and
    a dotted middle initial or a degree among them: "Ketamine Psychedelic Therapy, Opioid
    Use" is a title's words, not two people."""
    degrees = sum(1 for t in tokens if _DEGREE_RE.match(t.replace(" ", "")))
    names = [t.rstrip("*").strip() for t in tokens if not _DEGREE_RE.match(t.replace(" ", ""))]
    names = [t for t in names if t.lower().rstrip(".") not in ("jr", "sr", "ii", "iii")]
    if len(names) < 2:
        return None
    authors, initialled = [], 0
    for token in names:
        words = token.split()
        # "M. Margaret Knudson": an initial, then the name used.
        initial_first = len(words) >= 3 and bool(_MIDDLE_INITIAL_RE.match(words[0]))
        if not 2 <= len(words) <= 4 or not (initial_first or (_is_name_word(words[0]) and len(words[0]) >= 2)):
            return None
        family = words[-1]
        if len(words) >= 3 and words[-2].lower() in _PARTICLES:
            family = " ".join(words[-2:])
            words = words[:-1]
        if not _is_family(family):
            return None
        middle = words[1:-1]
        # "Andre F Carvalho": news sites print the middle initial without its full stop.
        initials = [w for w in middle if _MIDDLE_INITIAL_RE.match(w) or _BARE_MIDDLE_INITIAL_RE.match(w)]
        if len(initials) + sum(1 for w in middle if _is_name_word(w)) < len(middle):
            return None
        initialled += initial_first or bool(initials)
        authors.append((family, "".join(w[0] for w in words[:-1] if w[0].isupper())))
    # "Tomas Jovaisa, Giedrius Laurinenas, …, and Juozas Ivaskevicius": four names or more,
    # the last after "and", need no initial to be a list of people ("Ketamine Infusions,
    # Opioid Use, and Alcohol Relapse" is three pieces of a title).
    if not (degrees or initialled or (len(authors) >= 4 and last_after_and)):
        return None
    return tuple(authors)


# The characters _sentence_boundaries looks at; the others are skipped in one step.
_BOUNDARY_CHARS_RE = re.compile(r'[()\[\]".?!]')


def _sentence_boundaries(text: str) -> list[int]:
    """Offsets just after a '.', '?' or '!' that ends a sentence (outside brackets/quotes)."""
    cuts = []
    depth = 0
    in_quote = False
    for found in _BOUNDARY_CHARS_RE.finditer(text):
        i, ch = found.start(), found.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == '"':
            in_quote = not in_quote
        elif ch in ".?!" and depth == 0 and not in_quote:
            nxt = text[i + 1 : i + 2]
            if nxt and not nxt.isspace():
                continue
            if ch == ".":
                word = text[text.rfind(" ", 0, i) + 1 : i].lower().lstrip("([\"'")
                if word in _NON_TERMINAL or (len(word) == 1 and word.isalpha()):
                    continue
            cuts.append(i + 1)
    return cuts


def _ends_with_long_lowercase_word(text: str) -> bool:
    word = text.rstrip(".?! ").rsplit(" ", 1)[-1]
    return len(word) >= 4 and word.isalpha() and word.islower()


def split_title_container(segment: str) -> tuple[str | None, str | None]:
    """Split "Title. Journal" at the end of the title.

    The title ends at its first full stop, unless what follows still reads as part of a
    title (a subtitle after "?" ending in an ordinary lower-case word) — journal names are
    capitalised or abbreviated ("Am J Psychiatry", "J. Subst. Abuse Treat.").
    """
    segment = segment.strip(" .,;:")
    if not segment:
        return None, None
    cuts = _sentence_boundaries(segment)
    if not cuts:
        return segment, None
    chosen = cuts[0]
    for cut in cuts[1:]:
        if _ends_with_long_lowercase_word(segment[:cut]):
            chosen = cut
    title = segment[:chosen].strip(" .,;:") or None
    container = segment[chosen:].strip(" .,;:") or None
    return title, container


# Words a journal name leaves in lower case ("Journal of the American ..."), and the longest
# name read as a journal when nothing else says so.
_JOURNAL_LOWER_WORDS = frozenset("of the and in for on & de la le du des und fur y e et".split())
_JOURNAL_MAX_WORDS = 10
# Words that make a longer capitalised segment a journal's name rather than a title.
_JOURNAL_WORDS = frozenset(
    """j journal annals ann archives arch proceedings proc bulletin bull review reviews rev
    reports rep letters lett research res""".split()
)


def looks_like_journal(segment: str | None) -> bool:
    """Whether a lone segment reads as a journal's name or abbreviation, not a title.

    "Am J Psychiatry", "Addiction", "J Subst Abuse Treat", "American Journal of Psychiatry"
    do; "Ketamine for addiction" and "A Single Ketamine Infusion ..." do not. A journal's
    name capitalises every word but the small ones (of, the, and ...); a title in sentence
    case has lower-case words, and one in Title Case starting "A"/"An" or running past six
    words without a word like "Journal" or "Review" is taken as a title.
    """
    words = (segment or "").strip(" .,;:").split()
    if not 1 <= len(words) <= _JOURNAL_MAX_WORDS:
        return False
    if any(ch in segment for ch in ':?!"') or any(ch.isdigit() for ch in segment):
        return False
    if words[0] in ("A", "An"):
        return False
    for position, word in enumerate(words):
        core = word.strip("()[].,")
        if not core:
            continue
        if position and core.lower() in _JOURNAL_LOWER_WORDS:
            continue
        if not core[0].isupper():
            return False
    if len(words) > 6:
        return any(w.strip("().,").lower() in _JOURNAL_WORDS for w in words)
    return True


def _strip_quotes(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip().strip(" ,.;:")
    if len(text) >= 2 and text[0] in "'\"" and text[-1] == text[0]:
        text = text[1:-1].strip(" ,.;:")
    return text or None


def _clean_pages(pages: str | None) -> str | None:
    if not pages:
        return None
    return re.sub(r"\s*-+\s*", "-", pages.strip())


def _year_or_none(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _nature_style(text: str) -> dict | None:
    """Authors, title, journal, volume and pages, with the year after them: the fields, if
    a journal and its volume or pages end the text."""
    lead = _leading_authors(text + ".")
    if not lead:
        return None
    fields = _parse_source_part(lead[1])
    if not (fields.get("title") and fields.get("container_title") and (fields.get("volume") or fields.get("pages"))):
        return None
    return {**fields, **lead[0], "style": "vancouver"}


def _parse_source_part(post: str) -> dict:
    """After the year (APA/Harvard): title, container, volume, issue, pages."""
    fields: dict = {}
    post = post.strip(" .,;:")
    quoted = re.match(r"^([\"'])(.+?)\1(?=\s*[,.]|\s+[A-Z]|\s*$)\s*[,.]?\s*(.*)$", post)
    if quoted and len(quoted.group(2).split()) >= 2:
        fields["title"] = _strip_quotes(quoted.group(2))
        post = quoted.group(3)
        tail = _TAIL_RE.search(post)
        head = post[: tail.start()] if tail else post
        fields["container_title"] = head.strip(" .,;:") or None
    else:
        tail = _TAIL_RE.search(post)
        head = post[: tail.start()] if tail else post
        title, container = split_title_container(head)
        if (
            container is None
            and tail
            and title
            and len(title.split()) <= 6
            and "title" not in fields
        ):
            # "Title. 23(1), 89-96" never happens; a short lone segment before the volume
            # is the journal.
            title, container = None, title
        fields["title"] = _strip_quotes(title)
        fields["container_title"] = container
    if tail:
        fields["volume"] = tail.group("volume")
        fields["issue"] = tail.group("issue") or tail.group("issue2")
        fields["pages"] = _clean_pages(tail.group("pages"))
    elif fields.get("container_title") and _SPACED_TAIL_RE.search(fields["container_title"]):
        container = fields["container_title"]
        tail = _SPACED_TAIL_RE.search(container)
        fields["volume"], fields["issue"] = tail.group("volume"), tail.group("issue")
        fields["pages"] = _clean_pages(tail.group("pages"))
        fields["container_title"] = container[: tail.start()].strip() or None
    elif fields.get("container_title"):
        container = fields["container_title"]
        pages_only = _PAGES_TAIL_RE.search(container) or _ARTICLE_NUMBER_TAIL_RE.search(container)
        if pages_only:
            fields["pages"] = _clean_pages(next(g for g in pages_only.groups() if g))
            container = container[: pages_only.start()].strip()
            volume = _VOLUME_ENDS_JOURNAL_RE.search(container) if pages_only.group(0).startswith(",") else None
            if volume:
                # The ACS and Nature styles: "J. Psychopharmacol. 30, 1165-1180", the
                # volume after the journal's name, a comma, then the pages.
                fields["volume"] = volume.group("volume")
                container = container[: volume.start()].strip()
            fields["container_title"] = container or None
    return fields


def _year_after_journal(fields: dict) -> None:
    """"Am J Psychiatry. 2022." - a work cited online-first, by its year alone: the year
    ends the journal's segment, and is no part of the journal's name."""
    container = fields.get("container_title")
    dated = _YEAR_AFTER_JOURNAL_RE.match(container) if container and not fields.get("year") else None
    if dated:
        fields["year"] = _year_or_none(dated.group("year"))
        fields["container_title"] = dated.group("journal")
        return
    # "Smith J, et al. JAMA. 2019.": a journal, then the year as a segment of its own.
    title = fields.get("title")
    if container and re.fullmatch(_YEAR, container) and title and looks_like_journal(title):
        fields.update(year=int(container), container_title=title, title=None)
        return
    # "Wakefield AJ et al. Lancet 1998.": the one segment after the authors is a journal and
    # a year, no title.
    dated = _YEAR_AFTER_JOURNAL_RE.match(title) if title and not container and not fields.get("year") else None
    if dated and looks_like_journal(dated.group("journal")):
        fields["year"] = _year_or_none(dated.group("year"))
        fields["container_title"] = dated.group("journal")
        fields["title"] = None


def _author_fields(text: str) -> dict | None:
    """The fields an author list sets (authors, et_al, ellipsis_after), or None."""
    parsed = parse_author_list(text) if text else None
    if not parsed:
        return None
    return {"authors": parsed[0], "et_al": parsed[1], "ellipsis_after": parsed[2]}


def _without_others(names: list[str]) -> tuple[list[str], bool]:
    """The names without BibTeX's and RIS's last name "others" (their "et al."), and whether
    it was there."""
    if len(names) > 1 and names[-1].strip().lower() in ("others", "et al", "et al."):
        return names[:-1], True
    return names, False


def given_names_written(names: list[str], authors) -> tuple[str, ...]:
    """The given names of `names` written as "Family, Given" ("Cappiello, Andrea"), one for
    each of the parsed `authors` and in their order; () unless every name is written so."""
    given = []
    for name, (family, _initials) in zip(names, authors, strict=False):
        written_family, comma, rest = name.strip().partition(",")
        if not comma or "," in rest or written_family.strip() != family:
            return ()
        given.append(rest.strip())
    return tuple(given) if len(given) == len(authors) == len(names) else ()


def _leading_authors(text: str) -> tuple[dict, str] | None:
    """An author list at the start of `text` that ends with a full stop (Vancouver/AMA):
    its fields and the text after it.

    Tries each full stop in turn and keeps the longest prefix that parses as authors, so
    dotted initials ("Dakwar E., Nunes E.V.") do not end the list early.
    """
    best = None
    for found in re.finditer(r"\.(?=\s|$)", text[:1500]):
        head = text[: found.end()]
        parsed = _author_fields(head)
        if parsed and (parsed["et_al"] or any(i for _family, i in parsed["authors"])):
            best = (parsed, text[found.end() :])
        elif best is not None:
            break
    return best


# The in-text form of the authors, then a comma: "Dakwar et al., Am J Psychiatry. 2019;..."
_IN_TEXT_AUTHORS_RE = re.compile(
    r"^(?P<authors>[^,;.]+?\s+(?:et\.?\s*al\.?|(?:and|&)\s+[^,;.]+?))\s*,\s*(?P<rest>\S.*)$"
)


_YEAR_THEN_REST_RE = re.compile(r"^(?P<year>" + _YEAR + r")[a-z]?\.\s+(?P<rest>\S.*)$")


def _year_then_authors(text: str, year: int | None) -> tuple[dict, str | None] | None:
    """ "2011. Grob CS, Danforth AL, …, Greer GR. Arch Gen Psychiatry. Jan": what follows the
    title in a list that writes the title first, then the year (the one of the date after
    the journal) and the authors. Their fields and the journal, or None."""
    dated = _YEAR_THEN_REST_RE.match(text)
    if not dated or _year_or_none(dated.group("year")) != year:
        return None
    lead = _leading_authors(dated.group("rest"))
    if not lead or not lead[1].strip(" ."):
        return None
    return lead[0], lead[1].strip(" .")


def _authors_then_journal(text: str) -> dict | None:
    """"Authors. Journal" or "Authors, Journal" and nothing else: the authors' fields and the
    journal, or None."""
    for separator in (". ", ", "):
        head, _, journal = text.rpartition(separator)
        # The journal first: it is the cheaper test, and most texts fail it.
        if not head or not looks_like_journal(journal.strip(" .")):
            continue
        authors = _author_fields(head.strip())
        if authors and (authors["et_al"] or len(authors["authors"]) > 1 or authors["authors"][0][1]):
            return {**authors, "title": None, "container_title": journal.strip(" .")}
    return None


def _in_text_authors(text: str) -> tuple[dict, str] | None:
    """"Dakwar et al., Am J Psychiatry" as authors and what follows them. Two families
    ("Dakwar and Levin, ...") only when a journal's name follows: "Ketamine and Alcohol, a
    review" is a title."""
    found = _IN_TEXT_AUTHORS_RE.match(text)
    parsed = _author_fields(found.group("authors")) if found else None
    if not parsed or any(initials for _family, initials in parsed["authors"]):
        return None
    rest = found.group("rest")
    if not parsed["et_al"] and not looks_like_journal(rest):
        return None
    return parsed, rest


def _tidy(text: str) -> str:
    text = _SPACE_RE.sub(" ", text)
    # No space before punctuation: removing "doi: …. PMID: …" leaves ". . ." behind, which
    # becomes "..."; "E., Nunes" stays as it is.
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    if "(" in text or "[" in text:  # an empty pair left by what was removed, as a space
        text = _SPACE_RE.sub(" ", _EMPTY_BRACKETS_RE.sub(" ", text))
    return text.strip(" ,;:-")


def _remove_identifiers(text: str) -> str:
    # Each pattern runs only when a cheap substring test says it can match: this is the
    # parser's hot path (10,000 references a second).
    lowered = text.lower()
    if "http" in lowered or "www." in lowered:
        text = _URL_WITH_LEADIN_RE.sub(" ", text)
    if "10." in text:
        text = _DOI_WITH_LABEL_RE.sub(" ", text)
    if "pm" in lowered or "doi" in lowered or "pubmed" in lowered:
        text = _ID_LABEL_RE.sub(" ", text)
    if any(word in lowered for word in _ANNOTATION_HINTS):
        text = _ANNOTATION_RE.sub(" ", text)
        if any(word in lowered for word in ("retrieved", "available", "accessed", "downloaded")):
            text = _LEADIN_ONLY_RE.sub(" ", text)
    if "scholar" in lowered or "crossref" in lowered or "pubmed" in lowered:
        text = _LINK_LABELS_RE.sub("", text)
    return _tidy(text)


# The links a publisher's page prints after each reference, copied with it and glued to its
# pages: "Br J Pharmacol 79:565–575PubMedCrossRefGoogle Scholar".
_LINK_LABELS_RE = re.compile(
    r"(?<=[\d.)\s])(?:\s*(?:PubMed(?:\s*Central)?|Google\s*Scholar|Cross[Rr]ef|CAS|Scopus|WorldCat|"
    r"Web\s+of\s+Science))+\s*\.?\s*$"
)


_ANNOTATION_HINTS = (
    "[",
    "epub",
    "published",
    "accessed",
    "viewed",
    "retrieved",
    "available",
    "downloaded",
)


# An author-year mention, as running text cites a work: "(Krupitsky et al. 2002)",
# "Price & Mathew 2015", "Krupitsky and Grinenko (1996)".
_MENTION_AND = r"(?:and|&|y|und|e|et|en)"
# The serial comma before the last name is one separator with its "and": "Noller, Frampton,
# and Yazar-Klosinski 2018" (Chicago's author-date).
_MENTION_AND_RE = re.compile(
    r"\s*,\s*(?:(?:and|y|und|e|et|en)\s+(?=[A-Z])|&\s*)?|\s*&\s*|\s+(?:and|y|und|e|et|en)\s+(?=[A-Z])"
)
_AUTHOR_YEAR_RE = re.compile(
    # The family, its initials sometimes ("Ezquerra-Romano I et al., 2018"), then et al. or
    # "and" a second family.
    # Or every family, the last after "and" ("Noller, Frampton, & Yazar-Klosinski, 2018"),
    # which Spanish, German, Portuguese, French or Dutch text writes "y", "und", "e", "et" or
    # "en" ("Krupitsky y Grinenko (1997)", "(Domino y Warner, 2010)").
    # A given name may come first ("Roland Griffiths (2016)"), and the list's number after
    # ("Alper 1999 (11)").
    r"^\(?\s*(?:[A-Z][a-z]+\s+(?=[A-Z][\w'’-]+\s*,?\s*\(?" + _YEAR + r"[a-z]?\)?(?:\s*[(\[]\d{1,3}[)\]])?\.?$))?"
    r"(?P<authors>[A-Z][\w'’-]+(?:\s+[A-Z]{1,3}\.?(?=\s+(?:et|and|&)\b|\s*,))?"
    r"(?:\s+et\.?\s*al\.?|(?:,\s*[A-Z][\w'’-]+){0,4},?\s+" + _MENTION_AND + r"\s+[A-Z][\w'’-]+)?)"
    r"\s*,?\s*\(?(?P<year>" + _YEAR + r")[a-z]?\)?(?:\s*[(\[]\d{1,3}[)\]])?\s*\)?\.?$"
)


# A colon after an author-year mention, then what the work found: a verb of findings or a
# percentage in the sentence. Or the mention as the subject of running text, "Jones et al.
# (2018) conducted a systematic review of …" (a title never opens with a verb in lower
# case), or a label after a dash, "Griffiths et al. (2016) — Cancer Patients RCT".
_SUMMARY_AFTER_YEAR_RE = re.compile(
    r"^\s*:\s+(?=[^.]*(?:\b(?:resulted|reduced|lowered|showed|found|improved|increased|decreased|"
    r"produced|led|cut|halved|doubled)\b|\d%|\d\s?%))"
    r"|^\s*,?\s*(?:also\s+|then\s+|later\s+)?(?:conducted|found|showed|reported|demonstrated|examined|"
    r"investigated|studied|observed|concluded|suggested|noted|described|performed|published|"
    r"evaluated|compared|reviewed|tested|assessed|explored|administered|gave|randomi[sz]ed|treated|"
    r"analy[sz]ed|looked|discovered|proposed|argued|identified|measured|followed|recruited|"
    r"enrolled|used|had|were|was)\b"
    r"|^\s*[-–—]\s+(?-i:[A-Z])[^.]{0,60}$"
)


# IEEE, and the lists HAL generates: "A. Cipriani, T. A. Furukawa, and G. Salanti,
# Comparative efficacy …, Lancet, vol.7, pp.1357-1366, 2018." (or "“Title,” Journal, vol.
# 391, no. 10128, pp. 1357–1366, Apr. 2018."): initials first, the title, the journal, then
# numbers each with its label.
_IEEE_RE = re.compile(
    # (The authors are taken whole, possessively: giving them back one by one to the title
    # would cost the square of the length.)
    r"^(?P<authors>(?:(?:[A-Z]\.\s*(?:-?[A-Z]\.\s*)*)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?,\s*(?:and\s+)?)++)"
    r"(?P<title>[^,].+?),\s*(?P<journal>[^,]{2,80}?),\s*vol\.\s*(?P<volume>[\w-]+)"
    r"(?:,\s*no\.\s*(?P<issue>[\w-]+))?(?:,\s*pp?\.\s*(?P<pages>\w+(?:\s*[-–]\s*\w+)?))?"
    r",\s*(?:[A-Z][a-z]{2,8}\.?\s+)?(?P<year>" + _YEAR + r")\.?$"
)


# Elsevier's numbered style: "T.K. Brown, K. Alper, Treatment of opioid use disorder with
# ibogaine: …, Am. J. Drug Alcohol Abuse 44 (1) (2018) 24-36.": initials first, the title,
# the journal, then the volume, the issue and the year in brackets, and the pages.
_ELSEVIER_RE = re.compile(
    # (The authors are taken whole, possessively, as in _IEEE_RE. "GE." is a scan's "G.E.")
    r"^(?P<authors>(?:(?:[A-Z][a-z]?\.\s*(?:-?[A-Z][a-z]?\.\s*)*|[A-Z]{2,3}\.\s*)[A-Z][\w'’-]+"
    r"(?:\s+[A-Z][\w'’-]+)?,\s*(?:and\s+)?)++)"
    r"(?P<title>[^,].+?),\s*(?P<journal>[^,]{2,80}?)\s+(?P<volume>\d{1,4})\s*(?:\((?P<issue>[\w–-]{1,12})\)\s*)?"
    r"\((?P<year>" + _YEAR + r")\)\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)\.?$"
)
_RUN_TOGETHER_INITIALS_RE = re.compile(r"^(?P<initials>[A-Z]{2,3})\.\s*(?P<family>\S.*)$")


def _initials_first_fields(found: re.Match, authors: dict, *, style: str) -> dict:
    """The fields of an IEEE or Elsevier reference: the authors, then the named groups."""
    return {
        **authors,
        "title": _strip_quotes(found.group("title").strip(" ,”\"")),
        "container_title": found.group("journal").strip(" ,”\""),
        "volume": found.group("volume"),
        "issue": found.group("issue"),
        "pages": _clean_pages(found.group("pages")),
        "year": _year_or_none(found.group("year")),
        "style": style,
    }


def _elsevier_authors(text: str) -> dict | None:
    """"T.K. Brown, A.-M. Windham-Herman, GE. Noller" as authors, or None."""
    authors = []
    for name in (n.strip() for n in re.split(r",\s*(?:and\s+)?", text) if n.strip()):
        found = _INITIALS_FIRST_RE.match(name) or _RUN_TOGETHER_INITIALS_RE.match(name)
        if not found:
            return None
        initials, family = found.group(1), found.group(2)
        authors.append((family.strip(), re.sub(r"[^A-Z]", "", initials)))
    return {"authors": tuple(authors), "et_al": False, "ellipsis_after": None} if authors else None


# A PDF's journal box, its numbers then (its publisher's notes left out) the authors, each
# with the marks of their affiliations: "Journal of Psychopharmacology 2014, Vol. 28(11)
# 983–992 Matthew W Johnson1, Albert Garcia-Romeu1, Mary P Cosimano1 and Roland R Griffiths1,2".
_JOURNAL_BOX_RE = re.compile(
    r"^(?P<journal>[A-Z][A-Za-z&,\s]{3,80}?)\s+(?P<year>" + _YEAR + r"),\s*Vol\.\s*(?P<volume>\d{1,4})"
    r"\((?P<issue>\d{1,4})\)\s+(?P<pages>\d{1,6}\s*[–-]\s*\d{1,6})(?:\s+" + _YEAR + r")?"
    r"(?:\s+(?P<rest>[A-Z].*))?$"
)
_AFFILIATION_MARKS_RE = re.compile(r"(?<=[a-z])\d{1,2}(?:\s*,\s*\d{1,2})*\*?")


_VOLUME_ARTICLE_RE = re.compile(
    r"^(?P<journal>[A-Z][^()]{2,80}?)\s+volume\s+(?P<volume>\d{1,4}),?\s+"
    r"(?:article\s+number:?|pages?:?)\s*(?P<pages>[A-Za-z]?\d{1,7}(?:\s*[-–]\s*\d{1,7})?)\s*"
    r"\((?P<year>" + _YEAR + r")\)\.?$",
    re.IGNORECASE,
)
# In a table of studies or running text, a mention carries the page's own citation number
# ("Dakwar et al. [65] | 2014", "Krystal et al.[2]") and cells are split by "|".
_CITATION_NUMBER_RE = re.compile(r"\s*\[\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\]")
_TABLE_CELL_RE = re.compile(r"\s*\|\s*")


# Words that start "Ketamine 2010" or "Table 2019" as topics or labels, not as authors.
_NOT_FAMILY_ALONE = frozenset(
    "ketamine esketamine study studies trial trials research review report table figure "
    "page volume issue update version data survey "
    # "… published in Journal of Psychopharmacology, December 2016": a date, not an author.
    "january february march april may june july august september october november december".split()
)


def _families_only(text: str) -> dict | None:
    """"Domino", "Price & Mathew", "Dakwar et al.", "Noller, Frampton, & Yazar-Klosinski":
    family names without initials, as an author-year mention gives them."""
    et_al = bool(re.search(r"\bet\.?\s*al\.?$", text))
    names = re.sub(r"\s*\bet\.?\s*al\.?$", "", text).strip()
    families = [part.strip() for part in _MENTION_AND_RE.split(names) if part.strip()]
    if not families or not all(_is_family(f) and f.lower() not in _NOT_FAMILY_ALONE for f in families):
        return None
    return {"authors": tuple((family, "") for family in families), "et_al": et_al}


# MLA, as Google Scholar gives it: 'Sanacora, Gerard, et al. "Title." JAMA psychiatry 74.4
# (2017): 399-405.'
_MLA_RE = re.compile(
    r'^(?P<authors>[^"]+?)\s+"(?P<title>[^"]+?)[.,]?"\s+(?P<journal>[^"\d][^"]*?)\s+'
    r"(?P<volume>\d+)(?:\.(?P<issue>\d+))?\s*\((?P<year>" + _YEAR + r")\)\s*:\s*"
    r"(?P<pages>\d+(?:\s*[-–]\s*\d+)?)\.?$"
)
# The MLA Handbook's own (9th edition): "Dakwar, Elias, et al. "Title." American Journal of
# Psychiatry, vol. 177, no. 2, 2020, pp. 125-33."; the date may carry its month.
_MLA9_RE = re.compile(
    r'^(?P<authors>[^"]+?)\s+"(?P<title>[^"]+?)[.,]?"\s+(?P<journal>[^"\d,][^",]*?),\s*'
    r"vol\.\s*(?P<volume>[\w-]{1,10})(?:,\s*no\.\s*(?P<issue>[\w-]{1,10}))?,\s*"
    r"(?:(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?)?(?P<year>" + _YEAR + r")"
    r"(?:,\s*(?:pp?\.\s*)?(?P<pages>" + _PAGES + r"))?[.,]?$"
)
_MLA_AUTHORS_RE = re.compile(
    r"^(?P<family>[^,]+),\s*(?P<given>[^,]+?)(?:,?\s*(?P<more>et\s+al\.?|and\s+.+|,.+))?\.?$"
)


def _mla(body: str) -> dict | None:
    found = _MLA_RE.match(body) or _MLA9_RE.match(body)
    if not found:
        return None
    names = _MLA_AUTHORS_RE.match(found.group("authors").strip())
    if not names:
        return None
    given = "".join(part[0] for part in re.split(r"[\s.-]+", names.group("given")) if part)
    return {
        "authors": ((names.group("family").strip(), given.upper()),),
        "et_al": bool(names.group("more")),
        "title": found.group("title"),
        "container_title": found.group("journal").strip(" ,."),
        "year": _year_or_none(found.group("year")),
        "volume": found.group("volume"),
        "issue": found.group("issue"),
        "pages": _clean_pages(found.group("pages")),
        "style": "mla",
    }


# Sources as article headers and databases print them, each the whole of a line:
# "American Journal of Psychiatry, 2018, 175, (2) 150-158", "Frontiers in Psychiatry, 2018,
# 1-10" (journal, year, volume, issue, pages), and Elsevier's "Journal of Substance Abuse
# Treatment 23 (2002) 273-283" (journal, volume, year, pages).
_JOURNAL_NAME = r"(?P<journal>[A-Z][^\d,;:()|]{2,120}?)"
_JOURNAL_YEAR_SOURCE_RE = re.compile(
    "^" + _JOURNAL_NAME + r",\s*(?P<year>" + _YEAR + r")\s*,\s*"
    r"(?:(?P<volume>\d{1,5})\s*(?:,\s*|(?=\s*\()))?(?:\(\s*(?P<issue>[^()]{1,20}?)\s*\)\s*,?\s*)?"
    r"(?P<pages>" + _PAGES + r")?\.?$"
)
_JOURNAL_VOLUME_YEAR_RE = re.compile(
    "^" + _JOURNAL_NAME + r"\s+(?P<volume>\d{1,5})\s*\((?P<year>" + _YEAR + r")\)\s*,?\s*"
    r"(?P<pages>" + _PAGES + r")?\.?$"
)
# A German news style: "Journal of Psychopharmacology (2016; 30: 1165-1180)", the year, the
# volume and the pages in brackets after the journal (the closing bracket may be cut off).
_JOURNAL_BRACKETED_NUMBERS_RE = re.compile(
    "^" + _JOURNAL_NAME + r"\s*\(\s*(?P<year>" + _YEAR + r")\s*;\s*(?P<volume>\d{1,5})(?:\s*\((?P<issue>[^()]{1,10})\))?"
    r"\s*:\s*(?P<pages>" + _PAGES + r")\s*\)?\.?$"
)
# A catalogue's source line (EBSCO's, from MEDLINE): "Frontiers in public health 2024 Dec 03;
# Vol. 12, pp. 1443992. Date of Electronic Publication: …"; what follows the pages is dates.
_CATALOGUE_SOURCE_RE = re.compile(
    "^" + _JOURNAL_NAME + r"\.?\s+(?P<year>" + _YEAR + r")(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?\s*;\s*"
    r"Vol\.\s*(?P<volume>\d{1,5})(?:\s*\((?P<issue>[^()]{1,10})\))?,\s*pp?\.\s*(?P<pages>" + _PAGES + r")(?:\.|$)"
)
# PubMed's line with a date and colons: "Eur Neuropsychopharmacol. 2023 Sep:74:15-21." (the
# month, the volume, the pages), and for a work online ahead of print, with no volume yet,
# "J Subst Use Addict Treat. 2025 May 2:209705. Online ahead of print." (the day, then the
# article number).
_JOURNAL_DATE_ARTICLE_RE = re.compile(
    "^" + _JOURNAL_NAME + r"\.\s+(?P<year>" + _YEAR + r")\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?\s*:\s*"
    r"(?:(?P<volume>\d{1,4})(?:\((?P<issue>[^()]{1,10})\))?\s*:\s*)?"
    r"(?P<pages>[A-Za-z]?\d{1,7}(?:\s*[-–]\s*\d{1,7})?)\.?(?:\s+(?:online|epub)\s+ahead\s+of\s+print\.?)?$",
    re.IGNORECASE,
)
# PubMed's line for a work online first, before it had a volume or an article number, as
# pages copy it: "Crit Care Med. 2018 May 8." (the journal, then the day it went online).
# Without an identifier beside it, it names no work, as a journal and a year do not.
_JOURNAL_DATE_ONLY_RE = re.compile(
    "^" + _JOURNAL_NAME + r"\.?\s+(?P<year>" + _YEAR + r")\s+"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?(?:\s+\d{1,2})?\.?$"
)
# At the end of a reference: BioMed Central's "BMC Psychiatry (2016) 16:395" and Chemical
# Abstracts' "Biological Psychiatry (2000), 47(4), 351-354". The journal is the last
# sentence before it (or what follows an "et al").
_JOURNAL_YEAR_TAIL_RE = re.compile(
    r"\s*\((?P<year>" + _YEAR + r")\)\s*,?\s*(?P<volume>\d{1,5})"
    r"(?:\s*\(\s*(?P<issue>[^()]{1,20}?)\s*\))?\s*[:,]\s*(?P<pages>" + _PAGES + r")\.?$"
)
_BEFORE_JOURNAL_RE = re.compile(r"^(?P<before>.*(?:\.\s|\bet\.?\s*al\.?\s))?(?P<journal>[^.]+)$")


def _source_fields(found: re.Match, journal: str | None = None) -> dict:
    """The fields of a journal-and-numbers match; `journal` when it was found apart."""
    groups = found.groupdict()
    return {
        "container_title": (journal or found.group("journal")).strip(" ,."),
        "year": _year_or_none(groups.get("year")),
        "volume": groups.get("volume"),
        "issue": groups.get("issue"),
        "pages": _clean_pages(groups.get("pages")),
        "style": "vancouver",
    }


def _journal_year_tail(body: str) -> dict | None:
    """A reference ending "Journal (Year) Vol:Pages": the source, and before it the title
    and the authors, found as elsewhere."""
    found = _JOURNAL_YEAR_TAIL_RE.search(body) if "(" in body else None
    parts = _BEFORE_JOURNAL_RE.match(body[: found.start()]) if found else None
    if not parts or not looks_like_journal(parts.group("journal")):
        return None
    fields = _source_fields(found, journal=parts.group("journal"))
    before = (parts.group("before") or "").strip(" .,;:")
    if not before:
        return fields
    if re.search(r"\bet\.?\s*al$", before):
        authors = _author_fields(before) or _families_only(before)
        return {**fields, **(authors or {})}
    lead = _leading_authors(before + ".")
    if lead:
        title, _ = split_title_container(lead[1])
        return {**fields, **lead[0], "title": _strip_quotes(title)}
    # "Title. Authors; …; Last, A. B. Affiliation.": the title, then a list of authors.
    title, after = split_title_container(before)
    lead = _leading_authors(after) if after else None
    return {**fields, **(lead[0] if lead else {}), "title": _strip_quotes(title)}


def _by_authors(body: str) -> str:
    """"Title. By E. F. Domino, P. Chodoff, G. Corssen. Journal 1965; 6:279-91.": the
    authors after "By", moved to the front, where the styles put them."""
    found = re.search(r"(?:^|(?<=\.\s))By\s+(?=[A-Z])", body) if "By " in body else None
    if not found:
        return body
    lead = _leading_authors(body[found.end() :])
    if not lead:
        return body
    names = body[found.end() : len(body) - len(lead[1])].strip()
    return f"{names} {body[: found.start()].strip()} {lead[1].strip()}"


# OUCI's reference lists (Crossref's, as that index prints them): "Berman, Antidepressant
# effects of ketamine in depressed patients, Biol Psychiatry, № 15, с. 351" - the first
# author's family name, the title, the journal, "№" the volume ("No" once normalised) and
# "с." the first page.
_OUCI_RE = re.compile(
    r"^(?P<family>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?),\s+(?P<title>[^,].{3,400}?),\s+"
    r"(?P<journal>[A-Z][^,]{1,100})(?=,\s+(?:No|с\.))(?:,\s+No\s*(?P<volume>\d{1,5}))?"
    r"(?:,\s+с\.\s*(?P<pages>" + _PAGES + r"))?\.?$"
)


# Library discovery systems (Primo): "Journal of psychopharmacology (Oxford) 2021-02,
# Vol.35 (2), p.150-158".
_DISCOVERY_RE = re.compile(
    r"^(?P<journal>[A-Z][^\d,;|]{2,120}?)\s+(?P<year>" + _YEAR + r")(?:-\d{1,2}){0,2},\s*"
    r"Vol\.?\s*(?P<volume>\d{1,5})\s*(?:\(\s*(?P<issue>[^()]{1,20}?)\s*\))?"
    r"(?:,\s*p\.?\s*(?P<pages>" + _PAGES + r"))?\s*[.|]?$"
)


def _ouci(body: str) -> dict | None:
    found = _OUCI_RE.match(body) if "No" in body or "с." in body else None
    if not found or not _is_family(found.group("family")):
        return None
    return {
        "authors": ((found.group("family"), ""),),
        "et_al": True,
        "title": _strip_quotes(found.group("title")),
        "container_title": found.group("journal").strip(),
        "volume": found.group("volume"),
        "pages": _clean_pages(found.group("pages")),
        "style": "vancouver",
    }


# A catalogue's abbreviation of the journal, in brackets between the name and the date:
# "Frontiers in public health [Front Public Health] 2024 Dec 03; Vol. 12, …".
_BRACKETED_ABBREVIATION_RE = re.compile(r"(?<=[a-z])\s+\[[A-Z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*)*\](?=\s+" + _YEAR + r"\b)")


def _structure(body: str) -> dict:
    """Find the authors, year, title and source in `body` (identifiers already removed)."""
    if "[" in body:
        body = _BRACKETED_ABBREVIATION_RE.sub("", body)
    mla = _mla(body) or _ouci(body)
    if mla:
        return mla
    cited = _CITED_SOURCE_RE.match(body.removeprefix("Journal:").lstrip()) if body.startswith("Journal:") else None
    if cited and looks_like_journal(cited.group("container_title")):
        # "Journal: Military Medicine, 2020, № Supplement_1, p. 136-142": the line an index
        # of references prints under a title, taken alone.
        fields = {k: v for k, v in cited.groupdict().items() if v}
        fields.update(year=_year_or_none(cited.group("year")), pages=_clean_pages(cited.group("pages")), style="labelled")
        return fields
    for pattern in (
        _JOURNAL_YEAR_SOURCE_RE, _JOURNAL_VOLUME_YEAR_RE, _JOURNAL_DATE_ARTICLE_RE,
        _JOURNAL_BRACKETED_NUMBERS_RE, _JOURNAL_DATE_ONLY_RE,
    ):  # fmt: skip
        found = pattern.match(body)
        if found and looks_like_journal(found.group("journal")):
            return _source_fields(found)
    # "Vol." and "p." say which is the journal, however it is capitalised.
    found = (_DISCOVERY_RE.match(body) or _CATALOGUE_SOURCE_RE.match(body)) if "Vol" in body else None
    if found:
        return _source_fields(found)
    tail = _journal_year_tail(body)
    if tail:
        return tail
    body = _by_authors(body)
    mention = _AUTHOR_YEAR_RE.match(_TABLE_CELL_RE.sub(", ", _CITATION_NUMBER_RE.sub("", body)))
    if not mention and body.count("|") >= 2:
        # "| Krupitsky 2002 | 70 | Alkohol | RCT | …": a row of an evidence table, whose first
        # cell names the study by its first author and year.
        first_cell = next((cell.strip() for cell in body.split("|") if cell.strip()), "")
        mention = _AUTHOR_YEAR_RE.match(first_cell)
    if mention:
        parsed_authors = _author_fields(mention.group("authors")) or _families_only(
            mention.group("authors")
        )
        if parsed_authors:
            return {
                **parsed_authors,
                "year": _year_or_none(mention.group("year")),
                "style": "author_year",
            }

    # Nature's own citation line: "Nature Communications volume 10, Article number: 5187 (2019)".
    nature = _VOLUME_ARTICLE_RE.match(body)
    if nature:
        return {
            "container_title": nature.group("journal").strip(" ,."),
            "volume": nature.group("volume"),
            "pages": _clean_pages(nature.group("pages")),
            "year": _year_or_none(nature.group("year")),
            "style": "vancouver",
        }

    box = _JOURNAL_BOX_RE.match(body) if "Vol." in body else None
    if box:
        fields = {**_source_fields(box), "style": "header"}
        names = _AFFILIATION_MARKS_RE.sub("", box.group("rest") or "").strip(" ,")
        fields.update(_author_fields(names) or {} if names else {})
        return fields

    ieee = _IEEE_RE.match(body) if "vol." in body else None
    if ieee:
        names = [n for n in re.split(r",\s*(?:and\s+)?", ieee.group("authors")) if n.strip()]
        authors = _initials_first(", ".join(names))
        if authors:
            return _initials_first_fields(ieee, authors, style="ieee")

    elsevier = _ELSEVIER_RE.match(body) if ") (" in body or body.count("(") == 1 else None
    authors = _elsevier_authors(elsevier.group("authors")) if elsevier else None
    if authors:
        return _initials_first_fields(elsevier, authors, style="elsevier")

    # APA and Harvard: the year in brackets after the authors.
    paren = _PAREN_YEAR_RE.search(body)
    if paren:
        pre = body[: paren.start()].strip(" .,;:")
        post = body[paren.end() :]
        fields = _parse_source_part(post)
        fields["year"] = _year_or_none(paren.group("year"))
        parsed_authors = _author_fields(pre)
        if not parsed_authors and _ONE_FAMILY_RE.match(pre) and _TITLE_AFTER_YEAR_RE.match(post):
            # "Rocha (2023). Setting factors associated with improved ibogaine safety.": one
            # family name, no initials, then a title.
            parsed_authors = _families_only(pre)
        if parsed_authors and _SUMMARY_AFTER_YEAR_RE.match(post):
            # "Grabski et al. (2022): Ketamine combined with … resulted in 65.8% abstinent
            # days": a summary of what the work found, not its title.
            return {**parsed_authors, "year": fields["year"], "style": "author_year"}
        if parsed_authors:
            fields.update(parsed_authors)
            harvard = re.match(r"^\s*['\"]", post) or re.search(r"\bpp?\.\s*\d", post)
            fields["style"] = "harvard" if harvard else "apa"
        elif pre and not post.strip(" .") and (nature := _nature_style(pre)):
            # "Johnson, M. W., … & Griffiths, R. R. Title. J. Psychopharmacol. 28, 983–992
            # (2014).": Nature's reference, the year last.
            fields = {**nature, "year": fields["year"]}
        elif pre and (named := _TITLE_THEN_AUTHOR_RE.match(pre)):
            # "In a Review of the Current Literature on …, Martinotti et al. (2021)": running
            # text that names the work, then its first author and year.
            return {
                "title": _strip_quotes(named.group("title")),
                "authors": ((named.group("family"), ""),),
                "et_al": True,
                "year": fields["year"],
                "style": "narrative",
            }
        elif pre and _SUMMARY_AFTER_YEAR_RE.match(post) and (named := _authors_ending(pre)):
            # "In a related study Ross et al. (2016) measured …", "…, Johnson, Garcia-Romeu,
            # Cosimano, and Griffiths (2014) reported …": running text that names the authors
            # just before the year, then says what they did.
            if named.group("first"):
                authors, et_al = ((named.group("first"), ""),), True
            else:
                authors, et_al = tuple((f, "") for f in re.split(r",?\s+(?:and|&)\s+|,\s*", named.group("families"))), False
            return {"authors": authors, "et_al": et_al, "year": fields["year"], "style": "narrative"}
        elif pre and (card := _authors_then_journal(pre)):
            # "Ezquerra-Romano, I. I., Lawn, W., … et al. · Neuropharmacology (2018)": a
            # card's authors and journal, the year after them.
            fields.update(card, style="apa")
        elif pre:
            if fields.get("container_title") or fields.get("volume") or (fields.get("title") and names_organisation(pre)):
                # "Organisation. (2021). Title. Publisher." - the organisation is the author;
                # so it is of "Substance Abuse and Mental Health Services Administration.
                # (2021). Key substance use … (HHS Publication No. …)." with no publisher.
                fields["authors"] = ((pre, ""),)
            else:
                # "Title. (2024). Website." - APA puts the title first when there is no author.
                fields["container_title"] = fields.get("title")
                fields["title"] = _strip_quotes(pre)
            fields["style"] = "apa"
        else:
            fields["style"] = "apa"
        return fields

    # Vancouver / AMA: "Authors. Title. Journal. 2019;176(11):923-930."
    source = None
    for found in _VANCOUVER_SOURCE_RE.finditer(body):
        if found.group("volume") or found.group("pages") or found.group("issue"):
            source = found
    if source is None:
        source = _VANCOUVER_SOURCE_RE.search(body)
    if source:
        before = body[: source.start()].strip(" .,;:")
        fields = {
            "year": _year_or_none(source.group("year")),
            "volume": source.group("volume"),
            "issue": source.group("issue") or source.group("issue_after_comma"),
            "pages": _clean_pages(source.group("pages")),
            "style": "vancouver",
        }
        card = _authors_then_journal(before)
        if card:
            # "Wadia S et al., Ann Emerg Med 2014 Oct 64:385": no title is written.
            return {**fields, **card}
        lead = _leading_authors(before + ".") or _in_text_authors(before)
        if lead:
            fields.update(lead[0])
            before = lead[1]
        title, container = split_title_container(before)
        if container and not lead and (moved := _year_then_authors(container, fields["year"])):
            fields.update(moved[0])
            container = moved[1]
        if (
            container is None
            and (fields["volume"] or fields["pages"])
            and looks_like_journal(title)
        ):
            # "Dakwar E, et al. Am J Psychiatry. 2019;176(11):923-930.": the one segment
            # before the year;volume(issue):pages block is the journal; no title is written.
            title, container = None, title
        fields["title"] = _strip_quotes(title)
        fields["container_title"] = container
        return fields

    # Harvard without brackets: "Dakwar, E. and Levin, F., 2014. Title. Journal, 76(1), 40-46."
    # The year follows the authors, so only the first few years, near the start, can end an
    # author list: trying every year-like number against all the text before it made a long
    # string cost the square of its length.
    for pattern in (_BARE_YEAR_RE, _BARE_YEAR_NO_STOP_RE):
        for tried, found in enumerate(pattern.finditer(body, 0, MAX_AUTHORS_CHARS)):
            if tried == MAX_YEAR_TRIES:
                break
            parsed_authors = _author_fields(body[: found.start()])
            if parsed_authors:
                fields = _parse_source_part(body[found.end() :])
                fields.update(parsed_authors)
                fields["year"] = _year_or_none(found.group("year"))
                fields["style"] = "harvard"
                return fields

    narrative = _narrative(body)
    if narrative:
        return narrative

    # Authors alone, an article's author line: "Tomas Jovaisa, Giedrius Laurinenas, … and
    # Juozas Ivaskevicius." Read before "authors then a title": the full stop of a middle
    # initial ("Matthew W. Johnson, Albert Garcia-Romeu, …") would end a first author there.
    whole = _author_fields(body.strip(" |")) if len(body) <= MAX_AUTHORS_CHARS else None
    if whole and len(whole["authors"]) >= 2 and all(initials for _family, initials in whole["authors"]):
        return {**whole, "style": "authors"}

    # Authors then a title, no year: "Dakwar E, Levin F. Title. Journal."
    lead = _leading_authors(body)
    if lead and lead[1].strip():
        fields = _parse_source_part(lead[1])
        fields.update(lead[0], style="authors_title")
        _year_after_journal(fields)
        _journal_read_as_title(fields)
        return fields

    boxed = _JOURNAL_PAGES_YEAR_RE.match(body)
    if boxed and looks_like_journal(boxed.group("journal")):
        # "Journal of Psychopharmacology 1–17 © The Author(s) 2016": an online-first PDF's
        # journal box, its own page range and the year.
        return {**_source_fields(boxed), "style": "header"}
    cited = _TITLE_BODY_YEAR_RE.match(body)
    if cited:
        # "Guidelines for the management of opioid withdrawal, WHO, 2009": a report cited by
        # its title, the body that issued it and its year.
        return {
            "title": _strip_quotes(cited.group("title")),
            "authors": ((cited.group("body"), ""),),
            "year": _year_or_none(cited.group("year")),
            "style": "author_year",
        }
    return {"title": _strip_quotes(body), "style": "bare_title"}


# One family name alone before the year in brackets, and a title of three words or more
# after it: APA with the initials left out ("Rocha (2023). Setting factors associated …").
_ONE_FAMILY_RE = re.compile(r"^[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?$")
_TITLE_AFTER_YEAR_RE = re.compile(r"^\s*\.\s+[A-Z]\w*(?:\s+\S+){2,}")


_JOURNAL_PAGES_YEAR_RE = re.compile(
    r"^(?P<journal>[A-Z][A-Za-z&\s]{3,80}?)\s+(?P<pages>\d{1,5}\s*[-–]\s*\d{1,5})\s+(?P<year>" + _YEAR + r")$"
)
_TITLE_BODY_YEAR_RE = re.compile(
    r"^(?P<title>[^,]{12,}),\s*(?P<body>[A-Z][A-Z&.\s-]{1,15}),\s*(?P<year>" + _YEAR + r")\.?$"
)


# Running text that names a work by its first author: "Wilkinson et al. conducted …",
# "Elias Dakwar, M.D., and colleagues", "Evgeny Krupitsky and his colleagues", "Berman et al6".
# A family name in running text, whole: "McIntyre", "MacLean", "O'Brien", "DeLeon",
# "Ezquerra-Romano" (never the "Intyre" of "McIntyre").
_RUNNING_FAMILY = r"(?<![A-Za-z'])(?:Mc|Mac|O'|D'|De|Di|Le|La)?[A-Z][a-z']+(?:-[A-Z]?[a-z']+)*"
# "Roland R Griffiths": a middle initial with or without its full stop.
_NARRATIVE_GIVEN = r"(?:(?P<given>(?!(?:In|The|A|An|By|From|And|As|At|On|For|Of|Dr|Prof|Says|Wrote)\b)[A-Z][a-z]+)(?:\s+[A-Z]\.?)?\s+)?"
_NARRATIVE_AUTHOR_RE = re.compile(
    _NARRATIVE_GIVEN
    + r"(?P<family>" + _RUNNING_FAMILY + r")(?:,?\s+(?:Jr|Sr)\.?)?"
    r"(?:,?\s+(?:M\.?D|Ph\.?D|M\.?Sc?|M\.?P\.?H)\.?)*"
    # "Elias Dakwar, M.D., of Columbia University Medical Center and colleagues"; "Roland R
    # Griffiths, PhD, from the Department of … at Johns Hopkins University School of
    # Medicine, and colleagues"
    # "Dr. Ravi K. Das vom University College London und Kollegen"
    # "Andrea Cipriani, Psychiater an der Universität Oxford, und Kollegen": a few words on who
    # the author is, between commas, before "and colleagues".
    r"(?:,?\s+(?:of|from|at|vom|von\s+der|von|de\s+la|del|da|do)\s+[^,;.]{3,160}?"
    r"|,\s+(?:[^\s,;.]+\s+){0,7}[^\s,;.]+(?=,\s+(?:and|und|e|y|et)\s))?,?\s+"
    r"(?:et\.?\s*al(?![a-z])\.?|and\s+(?:his\s+|her\s+|their\s+)?(?:colleagues|co-?workers|team|study|trial)(?![a-z])"
    # "Ravi Das, a UCL psychopharmacologist and the study's lead researcher"
    r"|(?:a|an|the)\s[^.;]{0,60}?\b(?:lead|first|senior)\s+(?:author|researcher|investigator)\b"
    # "Ravi Das, study co-author and a psychopharmacologist at University College London"
    r"|(?<=,\s)(?:the\s+)?study(?:['’]s)?\s+(?:lead\s+|first\s+|senior\s+|co-?)?author\b"
    # In German, Portuguese, Spanish, French and Italian news: "und Kollegen", "e seus
    # colegas", "y un grupo de colegas", "et ses collègues"; "Ravi Das, primer autor del
    # estudio", "Elias Dakwar, … e primo autore del studio".
    r"|(?:und|e|y|et)\s+(?:seus\s+|sus\s+|ses\s+|un\s+grupo\s+de\s+)?(?:Kollegen|colegas|collègues|colleghi)(?![a-z])"
    r"|(?<=,\s)[^.;]{0,120}?\b(?:primer|primeir[oa]|prim[oa]|principal)\s+(?:co-?)?aut(?:or|ore|rice)[ae]?\s+(?:del?|do|da|dello)\s+(?:estudio|estudo|studio|trabajo))"
)
# "In the landmark meta-analysis The Effect of a Single Dose of Intravenous Ketamine on
# Suicidal Ideation by Wilkinson et al. (2018)": the title, then "by" its first author.
_TITLE_THEN_AUTHOR_RE = re.compile(
    r"^(?:[Ii]n\s+(?:a|an|the|their|this|his|her)\s+)?(?P<title>[^,]{3}.{9,}?)(?:,\s+|\s+by\s+)"
    r"(?P<family>" + _RUNNING_FAMILY + r")\s+et\.?\s*al\.?$"
)
# The authors that end running text: "… study Ross et al", "…, Johnson, Garcia-Romeu, Cosimano,
# and Griffiths".
_AUTHORS_ENDING_RE = re.compile(
    r"(?:^|(?<=[\s,]))(?:(?P<first>" + _RUNNING_FAMILY + r")\s+et\.?\s*al\.?"
    r"|(?P<families>" + _RUNNING_FAMILY + r"(?:,\s*" + _RUNNING_FAMILY + r")*,?\s+(?:and|&)\s+" + _RUNNING_FAMILY + r"))$"
)
AUTHORS_ENDING_CHARS = 300


def _authors_ending(text: str) -> re.Match | None:
    """The authors that end `text`, looked for in its last few hundred characters (whole
    words): a list of names is short, and a long text of names is not read from each one."""
    if len(text) > AUTHORS_ENDING_CHARS:
        text = text[-AUTHORS_ENDING_CHARS:].split(" ", 1)[-1]
    return _AUTHORS_ENDING_RE.search(text)


# "lead author Elias Dakwar, MD", "psychiatry professor John Olney": the role first, then
# the name.
# "research coauthor Ravi Das"; and in French, Italian, Spanish and German news, the one who
# led the study: "l'étude, menée par Elias Dakwar", "un team … guidato da Ravi Das".
_ROLE_THEN_AUTHOR_RE = re.compile(
    r"\b(?:(?:lead|first|senior)\s+(?:author|researcher|investigator),?|[Pp]rofessor|psychiatrist|"
    # "Network meta-analysis led by Dr Andrea Cipriani", "…, wrote Ella J. Daly, MD, of …"
    # ("Led by Principal Investigator Matthew W. Johnson": the role that follows names him.)
    r"(?<![A-Za-z])[Ll]ed\s+by(?!\s+(?:[Pp]rincipal|[Cc]o-|[Pp]rofessor)\b)|(?<![A-Za-z])wr(?:ote|ites)|"
    # "Led by Principal Investigator Matthew W. Johnson, Ph.D., and Co-Investigator …"
    r"(?:[Pp]rincipal\s+|[Cc]o-)[Ii]nvestigator|"
    r"psychologist|neuroscientist|pharmacologist|scientist|researcher|co-?author|"
    r"(?:men|dirig|conduit)[ée]e?s?\s+par|(?:guidat|condott|dirett)[oa]\s+da|"
    r"(?:dirigid|liderad|realizad)[oa]\s+por|geleitet\s+von|"
    # "co-autor do estudo, Ravi Das", "die Leiterin der Studie, Celia Morgan", "l'auteur
    # principal, le Dr Elias Dakwar", "britische Wissenschaftler um Ravi K. Das"
    r"(?:co-?)?autor[a]?\s+(?:principal\s+)?(?:del?|do|da)\s+(?:estudio|estudo),?|"
    # "ha affermato l'autore principale dello studio, il Dottor Ravi Das"
    r"autore\s+principale\s+(?:dello|del)\s+studio,?|"
    # "Ako uviedol hlavný autor štúdie Ravi Das" (Slovak and Czech)
    r"hlavn[íýá]\s+autork?a?(?:\s+\w+)?|"
    r"Leiter(?:in)?\s+der\s+Studie,?|auteur\s+principal,?|"
    r"(?:Team|Wissenschaftler|Forscher(?:innen)?)\s+um|"
    # "автор исследования Рави Дас (Ravi Das)": the name as Russian news spells it, then in
    # Latin letters.
    r"автор[а-я]*\s+исследования\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+\s*\()(?:\s+|(?<=\())"
    r"(?:(?:el|la|le|il|der|die)\s+)?(?:(?:Dr|[Dd]octor|[Dd]octora|[Dd]ottor|[Dd]ottoressa|Prof)\.?\s+)?"
    r"(?P<given>[A-Z][a-z]+)(?:\s+[A-Z]\.?)?\s+(?P<family>" + _RUNNING_FAMILY + r")\b"
    # "led by Johns Hopkins University": a place, not a person.
    r"(?!\s+(?:University|College|Institute|Medical|Hospital|School|Center|Centre|Foundation)\b)"
)
# A title quoted in running text: "this article entitled “Adjunctive Ketamine with …”", "the
# scientific article, “Mystical-type experiences occasioned by ketamine …”".
_QUOTED_TITLE_RE = re.compile(
    # "… and is a co-author of “Rapid and Sustained Symptom Reduction …” published in …"
    r"\b(?:(?:entitled|titled|called|(?:co-?)?author\s+of)\s+|(?:article|paper|study|review|report|publication)\s*[,:]?\s+)"
    r"\"(?P<title>[^\"]{15,400})\"",
    re.IGNORECASE,
)
# An author-year citation at the end of running text: "the KARE trial, Grabski 2022",
# "(Dakwar et al., 2019)".
_TRAILING_AUTHOR_YEAR_RE = re.compile(
    r"(?:,\s*|\(\s*)(?P<family>" + _RUNNING_FAMILY + r")(?:\s+et\.?\s*al\.?)?,?\s+"
    # "… Dose-Comparison RCT (Krupitsky 2002, Leningrad Regional Centre of Addictions)": where
    # the work was done may follow the year.
    r"\(?(?P<year>" + _YEAR + r")[a-z]?(?:,\s+[A-Z][^()]{1,80})?\)?\)?\.?$"
)
# One author-year citation in brackets inside a note or a heading: "Ketamine = NMDA antagonist
# (Zarate 2006) ★", "… heart rate occur [Source 1: Griffiths 2016]."
_BRACKETED_AUTHOR_YEAR_RE = re.compile(
    r"[(\[](?:[^()\[\]:]{1,30}:\s*)?(?P<family>" + _RUNNING_FAMILY + r")(?:\s+et\.?\s*al\.?)?,?\s+"
    r"(?P<year>" + _YEAR + r")[a-z]?[)\]]"
)
# A LaTeX citation by one key made of the first author's family name, the year and a word of
# the title, as Google Scholar and most reference managers make them: "\cite{holze2022direct}".
# EndNote's unformatted citation at the end of a sentence: "… psychological support
# {Griffiths, 2016 \#11}." (the "#" escaped when the text went through LaTeX or Markdown).
_INLINE_ENDNOTE_RE = re.compile(
    r"\{(?P<family>" + _RUNNING_FAMILY + r")(?:\s+et\s+al\.?)?,\s*(?P<year>" + _YEAR + r")[a-z]?\s+\\?#\d{1,6}\}"
)
_LATEX_CITE_RE = re.compile(r"\\cite[pt]?\{(?P<family>[a-z]{2,})(?P<year>(?:19|20)\d\d)[a-z]*\}")
# A quoted title and its author-year citation: "“Psychedelic Integration: …” (Bathje et al.,
# 2022)".
_QUOTED_THEN_AUTHOR_YEAR_RE = re.compile(
    r'^"(?P<title>[^"]{15,400}?)[,.]?"\s*\((?P<family>' + _RUNNING_FAMILY + r")(?P<et_al>\s+et\.?\s*al\.?)?,?\s+"
    r"(?P<year>" + _YEAR + r")[a-z]?\)\.?$"
)
# Running text ending on every author's family name and the year: "Synthesized definition of
# integration from Bathje, Majeski, & Kudowor, 2022".
_TRAILING_AUTHORS_YEAR_RE = re.compile(
    r"(?:\b(?:from|by|in)\s+|\(\s*)(?P<families>" + _RUNNING_FAMILY + r"(?:,\s*" + _RUNNING_FAMILY + r")*"
    r",?\s+(?:&|and)\s+" + _RUNNING_FAMILY + r"),?\s+\(?(?P<year>" + _YEAR + r")[a-z]?\)?\)?\.?$"
)
# One first author's works of several years: "Zarate et al. 2004, 2005".
_YEARS_AFTER_ET_AL_RE = re.compile(
    r"\bet\.?\s*al\.?,?\s+(?P<year>" + _YEAR + r")[a-z]?(?:\s*[,;]\s*" + _YEAR + r"[a-z]?)+\b"
)
# Two authors, then the page's numbered marker, opening a sentence: "Yarkoni and Westfall [2]
# suggest taking into account …".
_PAIR_THEN_MARKER_RE = re.compile(
    r"^(?P<family>" + _RUNNING_FAMILY + r")\s+(?:and|&)\s+" + _RUNNING_FAMILY
    + r"\s*\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]\s+[a-z]"
)
# Where running text says a work appeared: "published in the American Journal of
# Psychiatry", "in the journal Addiction", "in Archives of General Psychiatry"; in French and
# Italian news, "publiée le 2 décembre dans la revue American Journal of Psychiatry",
# "pubblicato su Nature Communications".
_NARRATIVE_JOURNAL_RE = re.compile(
    # "… and colleagues report in the Journal of Clinical Psychiatry".
    r"\b(?:published\s+(?:[^;]{0,40}?\s)?in|published\s+by|appeared\s+in|in\s+the\s+journal|featured\s+in|"
    r"report(?:s|ed)?\s+in|wr(?:ite|ites|ote)\s+in|"
    r"publi[ée]e?s?\s+(?:[^;]{0,40}?\s)?dans(?:\s+la\s+revue)?|"
    r"pubblicat[oaie]\s+(?:[^;]{0,40}?\s)?(?:su|sulla\s+rivista|nella\s+rivista|in))\s+"
    r"(?:the\s+)?(?:journal\s+)?(?P<journal>[A-Z][\w-]*(?:\s+(?:of|and|&|the|[A-Z][\w-]*)){0,8})"
)
_NARRATIVE_JOURNAL_WORDS = frozenset(
    """journal archives annals psychiatry medicine pharmacology psychopharmacology neuroscience
    lancet jama review reviews reports research addiction biology""".split()
)


# Words without which running text names no author (a cheap test before the patterns).
# Chinese, Japanese and Korean news write a Western author's name in Latin letters, beside
# the role it gives them: "首席研究员Ravi Das博士" (lead researcher Dr Ravi Das), "Ravi Das是
# 《自然通讯》…的主要作者" (… is the lead author of …). A name alone in such text may be anyone's:
# only one beside a researcher's role, or one the text calls an author.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CJK_ROLES = (
    r"首席研究员|主要研究者|研究负责人|研究员|研究者|研究人员|主要作者|第一作者|筆頭著者|主著者|責任著者|"
    r"주저자|제1저자|책임연구자|연구원|연구자"
)
# Given name, middle initial and family name, as in English running text.
_CJK_LATIN_NAME = (
    r"(?P<given>[A-Z][a-z]+)(?:\s+[A-Z]\.?)?\s+(?P<family>" + _RUNNING_FAMILY + r")(?![A-Za-z])"
)
_CJK_ROLE_THEN_NAME_RE = re.compile(r"(?:" + _CJK_ROLES + r")\s*" + _CJK_LATIN_NAME)
_CJK_NAME_THEN_AUTHOR_RE = re.compile(
    r"(?<![A-Za-z])" + _CJK_LATIN_NAME + r"\s*(?:博士|教授|氏|박사|교수)?\s*(?:是|は|는|은|가|이)"
    r"[^。.!?]{0,60}?(?:主要作者|第一作者|作者|筆頭著者|著者|주저자|저자)"
)

_NARRATIVE_CUES = (
    "et al", "colleagues", "workers", "team", "lead", "first", "senior", "study", "trial",
    "professor", "psychiatrist", "psychologist", "scientist", "pharmacologist", "researcher",
    "author", " par ", " da ", " por ", " von ", "autor", "kollegen", "colegas", "collègues",
    "colleghi", " um ", "leiter", "auteur", "автор",
)


def _narrative(body: str) -> dict | None:
    """The first author, year and journal that running text names a work by ("Wilkinson et
    al. … published in the American Journal of Psychiatry in 2018"), or None. One year only:
    text giving two does not say which is the work's."""
    lowered = body.lower()
    found = None
    cited = _QUOTED_THEN_AUTHOR_YEAR_RE.match(body) if body.startswith('"') else None
    if cited and cited.group("family").lower() not in _NOT_FAMILY_ALONE:
        return {
            "title": cited.group("title"),
            "authors": ((cited.group("family"), ""),),
            "et_al": bool(cited.group("et_al")),
            "year": _year_or_none(cited.group("year")),
            "style": "narrative",
        }
    listed = _TRAILING_AUTHORS_YEAR_RE.search(body) if "," in body else None
    if listed:
        families = re.split(r",?\s+(?:&|and)\s+|,\s*", listed.group("families"))
        return {
            "authors": tuple((family, "") for family in families if family),
            "et_al": False,
            "year": _year_or_none(listed.group("year")),
            "style": "narrative",
        }
    quoted = _QUOTED_TITLE_RE.search(body) if '"' in body else None
    if quoted:
        return {"title": _strip_quotes(quoted.group("title")), "style": "narrative"}
    if "(" in body and "et al" in lowered:
        # "A consensus statement published by the Journal of the American Medical
        # Association (Sanacora et al., 2017)": one citation in brackets says whose work it
        # is more surely than the words around it.
        cited = _BRACKETED_AUTHOR_YEAR_RE.findall(body)
        found = _BRACKETED_AUTHOR_YEAR_RE.search(body) if len(cited) == 1 else None
    if found is None and any(word in lowered for word in _NARRATIVE_CUES):
        found = _NARRATIVE_AUTHOR_RE.search(body) or _ROLE_THEN_AUTHOR_RE.search(body)
    if found is None and _CJK_RE.search(body):
        found = _CJK_ROLE_THEN_NAME_RE.search(body) or _CJK_NAME_THEN_AUTHOR_RE.search(body)
    if found is None and "[" in body:
        found = _PAIR_THEN_MARKER_RE.match(body)
    if found is None and ("," in body or "(" in body):
        found = _TRAILING_AUTHOR_YEAR_RE.search(body)
    if found is None and "\\cite" in body:
        found = _LATEX_CITE_RE.search(body)
    if found is None and "#" in body:
        found = _INLINE_ENDNOTE_RE.search(body)
    if found is None and ("(" in body or "[" in body):
        # One citation only: several would name several works.
        cited = _BRACKETED_AUTHOR_YEAR_RE.findall(body)
        found = _BRACKETED_AUTHOR_YEAR_RE.search(body) if len(cited) == 1 else None
    if not found or found.group("family").lower() in _NOT_FAMILY_ALONE:
        return None
    # The year beside the author when there is one, else the one year the text gives.
    beside = found.groupdict().get("year")
    years = {beside} if beside else set(re.findall(r"\b" + _YEAR + r"\b", body))
    listed_years = _YEARS_AFTER_ET_AL_RE.search(body) if len(years) > 1 else None
    if listed_years:
        # "(Zarate et al. 2004, 2005)": one first author's works, the first of them.
        years = {listed_years.group("year")}
    given = found.groupdict().get("given")
    family = found.group("family")
    fields = {
        "authors": ((family[0].upper() + family[1:] if family.islower() else family, given[0] if given else ""),),
        "et_al": True,
        "year": _year_or_none(years.pop()) if len(years) == 1 else None,
        "style": "narrative",
    }
    journal = _NARRATIVE_JOURNAL_RE.search(body)
    name = journal.group("journal").strip() if journal else None
    if name is None:
        # "Samuel T Wilkinson et al. Am J Psychiatry.": the journal follows the authors (and
        # the year may follow it: "Noller et al., American Journal of Drug and Alcohol Abuse,
        # 2017").
        after, _ = split_title_container(body[found.end() :])
        if after and fields["year"]:
            after = re.sub(r"[,.]?\s*\(?" + str(fields["year"]) + r"[a-z]?\)?\.?$", "", after).strip() or None
        # Not "(UCL Clinical Psychopharmacology Unit)": where the author works, in brackets.
        name = after if after and after[0] != "(" and looks_like_journal(after) and len(after.split()) >= 2 else None
    elif not (
        looks_like_journal(name)
        and (len(name.split()) >= 2 or name.lower() in _NARRATIVE_JOURNAL_WORDS)
        and any(w.lower() in _NARRATIVE_JOURNAL_WORDS for w in name.split())
    ):
        name = None
    fields["container_title"] = name
    return fields


_DATE_RE = re.compile(r"^(?P<year>" + _YEAR + r")(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?\.?$")


def _journal_read_as_title(fields: dict) -> None:
    """"Daly E et al. JAMA Psychiatry. 2019 Jun 5.": a reference without a title, whose
    journal comes where the title would and whose date where the journal would."""
    title, source = fields.get("title"), fields.get("container_title")
    date = _DATE_RE.match(source or "")
    if title and date and looks_like_journal(title) and not fields.get("year"):
        fields.update(title=None, container_title=title, year=_year_or_none(date.group("year")))


# A trial's registration number: ClinicalTrials.gov, ISRCTN, EudraCT, ANZCTR, ChiCTR.
_TRIAL_REGISTRATION_RE = re.compile(
    r"NCT\d{8}|ISRCTN\d{8}|EudraCT\s?(?:No\.?\s?)?20\d\d-\d{6}-\d\d|ACTRN\d{14}|ChiCTR(?:-[A-Z]{2,4}-)?\d{8,10}"
)


# "Murrough et al. Ketamine vs. Midazolam MDD (2013)", as a table of studies lists one: the
# first author, then a few words saying what the study did, then its year.
_AUTHOR_THEN_DESCRIPTION_RE = re.compile(
    r"^(?:\|\s*\d{1,3}\s*\|\s*)?(?P<family>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\s+et\s+al\.?\s+(?P<rest>\S.*)$"
)


def _author_read_as_title(fields: dict) -> None:
    """A first author with "et al." read as the start of a title: the author, and the words
    after it, which describe the study in a few words, no title to compare."""
    found = _AUTHOR_THEN_DESCRIPTION_RE.match(fields.get("title") or "")
    if found and fields.get("year") and len(found.group("rest").split()) <= 8:
        fields.update(authors=((found.group("family"), ""),), et_al=True, title=None)


def _title_is_usable(title: str | None) -> bool:
    if not title:
        return False
    words = [w for w in re.split(r"[\s\-/]+", title) if sum(ch.isalpha() for ch in w) >= 3]
    return len(words) >= 2


_TRAILING_MARKER_RE = re.compile(r"\s*\[\d{1,3}\]\.?$")
# Only a reference that opens with an author's name and initials ("Berman RM,", "Berman, R.
# M."): a quoted sentence is someone's words, not a reference.
_QUOTED_WHOLE_RE = re.compile(
    r'^"([A-Z][\w\'-]+,?\s(?:[A-Z]{1,3}\b|[A-Z]\.)[^"]{10,})"\s*(?:\d{1,3}|\[\d{1,3}\])?\.?$'
)


def _unwrapped(text: str) -> str:
    """"[Murrough JA et al. Am J Psychiatry 2013]", "(J Med Toxicol 2018. doi: …)": a whole
    reference in brackets, as running text cites one, without them (and without the page's
    own marker after them: "(Guidelines for …, WHO, 2009) [3]")."""
    if text.startswith('"'):
        # A whole reference quoted, a note's number after it: '"Berman RM, … ym.
        # Antidepressant..."1', as a Finnish page quotes its sources (_QUOTED_WHOLE_RE).
        quoted = _QUOTED_WHOLE_RE.match(text)
        return quoted.group(1).strip() if quoted else text
    bare = _TRAILING_MARKER_RE.sub("", text.rstrip(".")) if text.startswith("(") else text.rstrip(".")
    if len(bare) > 2 and (bare[0], bare[-1]) in (("[", "]"), ("(", ")")):
        inner = bare[1:-1].strip()
        opener, closer = bare[0], bare[-1]
        # Only when the brackets enclose the whole: "(2019) Title (Journal)" keeps them.
        depth = 0
        for ch in inner:
            depth += (ch == opener) - (ch == closer)
            if depth < 0:
                return text
        if depth == 0 and inner:
            return inner
    return text


# "Published online: 2 December 2019", "Published online by Cambridge University Press: 23
# December 2021": the parser drops these notes; when the reference writes no other year,
# this is the year it gives (and, one before the record's, the online-first year).
_ONLINE_YEAR_RE = re.compile(
    r"\bpublished\s+online\b[^0-9]{0,60}?(?:\d{1,2}\s+)?(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},?\s+)?"
    r"(?P<year>" + _YEAR + r")\b",
    re.IGNORECASE,
)


def _online_year(text: str) -> int | None:
    found = _ONLINE_YEAR_RE.search(text) if "online" in text.lower() else None
    return _year_or_none(found.group("year")) if found else None


def _laid_out(raw: str) -> dict | None:
    """The fields of a reference laid out otherwise than as one running line (see
    `layouts`): a BibTeX entry, labelled fields, or an article's header copied line by
    line. None for the ordinary case."""
    if "@" in raw[:20]:
        entry = layouts.bibtex_fields(raw)
        if entry:
            return _bibtex(entry)
    if "{{" in raw[:40]:
        entry = layouts.wiki_citation_fields(raw)
        if entry:
            return _wiki_citation(entry)
    if ',"' in raw or raw.startswith('"'):
        row = _csv_row(layouts.csv_cells(raw))
        if row:
            return _labelled(row)
    if raw.startswith("{") and '":' in raw:
        # A record in JSON, as a page's source holds it: each "key": a label of its own line.
        raw = _JSON_KEY_RE.sub(lambda found: f"\n{found.group(1)}: ", raw.rstrip(" }"))
    if layouts.looks_labelled(raw):
        labelled = layouts.labelled_fields(_remove_identifiers_keeping_lines(raw))
        if labelled:
            first = _remove_identifiers(clean_text(layouts.lines_of(raw)[0])).strip(" |")
            return _labelled(labelled, first_line=first)
    if "\n" in raw:
        lines = layouts.lines_of(raw)
        # "To cite this article: Jennifer Dore, …": the label is no line of the layout.
        lines = [line for line in (layouts.strip_lead_label(lines[0]), *lines[1:]) if line]
        by_lines = layouts.ris_fields(lines) or layouts.line_labelled_fields(lines) or layouts.dublin_core_fields(lines)
        if by_lines:
            return _labelled(by_lines)
        if _runs_on(lines):
            return None
        # Without a line of authors, perhaps a journal's first page.
        return _name_roll(lines) or _header(lines) or _journal_first_page(lines) or _journal_year_above_title(lines)
    return _glued_names(raw)


_JSON_KEY_RE = re.compile(r'[{,]\s*"([A-Za-z][\w-]{0,30})"\s*:\s*')
# A JSON string: its characters and its escapes, which cannot be confused (linear time).
_JSON_STRING_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _json_unescaped(found: re.Match) -> str:
    """The JSON string as its text says it, quoted again; a quotation mark inside it becomes
    a single one, so that the string still ends where it did."""
    if "\\" not in found.group(0):
        return found.group(0)
    try:
        text = json.loads(found.group(0))
    except ValueError:
        return found.group(0)
    return '"' + text.replace('"', "'") + '"'


_YEAR_CELL_RE = re.compile(r"^" + _YEAR + r"$")
_NUMBERS_AFTER_JOURNAL = (
    ("volume", re.compile(r"^\d{1,5}$")), ("issue", re.compile(r"^[\w-]{1,8}$")), ("pages", re.compile(r"^" + _PAGES + r"$")),
)  # fmt: skip


def _csv_row(cells: list[str] | None) -> dict | None:
    """The fields of a row of a CSV export (`layouts.csv_cells`), as `layouts.labelled_fields`
    returns them: the first cell that is a list of two authors or more, the first that is only
    a year, as the title the first other cell that reads as one without a year (an abstract
    is longer, PubMed's citation cell has the year), as the journal the first that reads as
    one (not a month, not a name), and the volume, issue and pages in the cells after it. None
    unless the row has authors, a year and a title."""
    if not cells:
        return None
    cells = [_remove_identifiers(clean_text(cell)).strip(" |") for cell in cells]
    named = [len((parse_authors(cell) or ((),))[0]) for cell in cells]
    authors = next((cell for cell, n in zip(cells, named, strict=True) if n >= 2), None)
    year = next((cell for cell in cells if _YEAR_CELL_RE.match(cell)), None)
    title = next(
        (
            cell for cell in cells
            if cell not in (authors, year) and len(cell.split()) >= 3 and len(cell) <= MAX_BARE_TITLE_CHARS
            and not re.search(_YEAR, cell) and _title_is_usable(cell)
        ),
        None,
    )  # fmt: skip
    if not (authors and year and title):
        return None
    found = {"title": title, "authors": authors, "year": year}
    at = next(
        (
            i for i, cell in enumerate(cells)
            if cell not in (authors, title) and not named[i] and cell.lower().rstrip(".") not in MONTH_WORDS
            and looks_like_journal(cell)
        ),
        None,
    )  # fmt: skip
    if at is not None:
        found["journal"] = cells[at]
        for (name, pattern), cell in zip(_NUMBERS_AFTER_JOURNAL, cells[at + 1 :], strict=False):
            if cell == year or not pattern.match(cell):
                break
            found[name] = cell
    return {**found, "rest": ""}


# The first page of a SAGE article's PDF, copied: the title wrapped over several lines, the
# journal's name at the end of one of them (printed beside the title), then the journal's
# line "2016, Vol. 30(12) 1165–1180".
_FIRST_PAGE_NUMBERS_RE = re.compile(
    r"^(?P<year>" + _YEAR + r"),\s*Vol\.?\s*(?P<volume>\d{1,5})\s*(?:\(\s*(?P<issue>[^()]{1,20}?)\s*\))?"
    r"\s+(?P<pages>" + _PAGES + r")$"
)
_JOURNAL_AT_LINE_END_RE = re.compile(
    r"\s(?P<journal>(?:[A-Z][a-z]+\s+)?(?:Journal|Annals|Archives)\s+of\s+(?:the\s+)?"
    r"[A-Z][\w-]*(?:\s+(?:(?:and|&|of)\s+)?[A-Z][\w-]*)*)$"
)


def _journal_first_page(lines: list[str]) -> dict | None:
    lines = [clean_text(line) for line in lines]
    at = next((n for n, line in enumerate(lines) if _FIRST_PAGE_NUMBERS_RE.match(line)), None)
    if not at:
        return None
    numbers = _FIRST_PAGE_NUMBERS_RE.match(lines[at])
    journal, title = None, []
    for line in lines[:at]:
        found = _JOURNAL_AT_LINE_END_RE.search(line) if journal is None else None
        if found:
            journal, line = found.group("journal"), line[: found.start()]
        title.append(line.strip())
    title = " ".join(part for part in title if part)
    if not _title_is_usable(title):
        return None
    return {
        "title": title,
        "container_title": journal,
        "year": _year_or_none(numbers.group("year")),
        "volume": numbers.group("volume"),
        "issue": numbers.group("issue"),
        "pages": _clean_pages(numbers.group("pages")),
        "style": "header",
    }


# A paper's page that heads its title with its journal and year on a line of their own: "The
# New England journal of medicine | 2021", then "Bupropion and Naltrexone in …".
_JOURNAL_YEAR_LINE_RE = re.compile(r"^(?P<journal>[^|]{3,120}?)\s*\|\s*(?P<year>" + _YEAR + r")$")


def _journal_year_above_title(lines: list[str]) -> dict | None:
    if len(lines) != 2:
        return None
    found = _JOURNAL_YEAR_LINE_RE.match(clean_text(lines[0]))
    title = clean_text(lines[1]).strip(" .")
    if not found or len(title.split()) < 3:
        return None
    # PubMed's own casing of a journal's name ("The New England journal of medicine").
    journal = found.group("journal")
    if not (looks_like_journal(journal) or any(w.lower() in layouts.JOURNAL_WORDS for w in journal.split())):
        return None
    return {
        "title": title,
        "container_title": journal,
        "year": _year_or_none(found.group("year")),
        "style": "header",
    }


def _runs_on(lines: list[str]) -> bool:
    """Whether the lines are one running reference wrapped ("…, Andrea Turnipseed, Julane",
    "Andries, German Ascani, …", "Wolfson (2019): Ketamine Assisted …"): read joined, they
    give three authors at least, then a year and a title."""
    # Its number in the list ("(13) Ross, S., …") is no part of the first author.
    joined = _MARKER_RE.sub("", clean_text(" ".join(lines)), count=1)
    fields = _structure(_remove_identifiers(joined))
    return bool(
        len(fields.get("authors") or ()) >= 3
        and fields.get("year") and fields.get("title")
        and fields.get("style") in ("apa", "harvard")
    )


# A paper page's list of its authors, copied with what the page prints around each name:
# affiliation marks on a line of their own ("by", "Giovanni Martinotti", "1,2,†,", …) or an
# "Affiliation:" label and its line after each name. The full names are the authors, each
# given name(s) first.
_ROLL_NOISE_RE = re.compile(r"^(?:by|and|[\d,*†‡§¶\s]+(?:\s*and)?)$", re.IGNORECASE)
_ROLL_AFFILIATION_RE = re.compile(r"^affiliations?\s*:?$", re.IGNORECASE)
_FULL_NAME_RE = re.compile(
    r"^(?P<given>(?:[A-Z][\w'’-]*\.?\s+)+?)"
    r"(?P<family>(?:(?:Di|De|Da|Del|Della|Van|Von|van|von|der|den|Le|La|Du|dos|da|de)\s+)*"
    r"[A-Z][\w'’-]+)$"
)
ROLL_MIN_NAMES = 3


def _full_name(text: str) -> tuple[str, str] | None:
    """"Stefano L. Sensi" -> ("Sensi", "SL"); "Francesco Di Carlo" -> ("Di Carlo", "F")."""
    found = _FULL_NAME_RE.match(text.strip(" *†‡,"))
    if not found:
        return None
    initials = "".join(word[0] for word in re.split(r"[\s.]+", found.group("given")) if word)
    return found.group("family"), initials


def _name_roll(lines: list[str]) -> dict | None:
    names, after_label = [], False
    for line in (clean_text(line).strip() for line in lines):
        if after_label or not line or _ROLL_NOISE_RE.match(line):
            after_label = False
            continue
        if _ROLL_AFFILIATION_RE.match(line):
            after_label = True
            continue
        name = _full_name(re.sub(r"[\s\d,*†‡§¶]+(?:and)?$", "", line)) if len(line.split()) <= 5 else None
        if name is None:
            return None
        names.append(name)
    if len(names) < ROLL_MIN_NAMES:
        return None
    return {"authors": tuple(names), "et_al": False, "ellipsis_after": None, "style": "header"}


# A page that prints each author's name twice, glued ("Mary R ShenMary R ShenDylan E
# CampbellDylan E Campbell…"), once as a link and once as its text.
# A name is a few words of bounded length, so that each try costs the same on any string.
_GLUED_TWICE_RE = re.compile(
    r"(?P<name>[A-Z][\w'’-]{0,30}(?: [A-Z][\w'’.-]{0,30}){0,3}? [A-Z][\w'’-]{0,30}?)(?P=name)\*? ?"
)


def _glued_names(raw: str) -> dict | None:
    if not raw[:1].isupper() or len(raw) > MAX_AUTHORS_CHARS:
        return None
    text = re.sub(r"\s+", " ", raw).strip()
    names, at = [], 0
    while at < len(text):
        found = _GLUED_TWICE_RE.match(text, at)
        if not found:
            return None
        names.append(_full_name(found.group("name")))
        at = found.end()
    if len(names) < ROLL_MIN_NAMES or not all(names):
        return None
    return {"authors": tuple(names), "et_al": False, "ellipsis_after": None, "style": "header"}


def _remove_identifiers_keeping_lines(raw: str) -> str:
    lines = layouts.lines_of(raw)
    # A label alone on its line labels the next: 'title:\n  "Ketamine and Beyond …",' as a
    # page's source code lists a study.
    joined = []
    for line in lines:
        if joined and _LONE_LABEL_RE.fullmatch(joined[-1]):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return " | ".join(_remove_identifiers(clean_text(line)) for line in joined)


_LONE_LABEL_RE = re.compile(r"[A-Za-z][\w ]{0,20}:")


def _bibtex(entry: dict) -> dict:
    authors = None
    if entry.get("author"):
        names = [n.strip() for n in re.split(r"\s+and\s+", entry["author"]) if n.strip()]
        names, others = _without_others(names)
        authors = _author_fields(", ".join(names) if all("," not in n for n in names) else "; ".join(names))
        if authors:
            authors["given_names"] = given_names_written(names, authors["authors"])
            authors["et_al"] = authors["et_al"] or others
    volume = entry.get("volume")
    # BibLaTeX writes "date = {1996-03}" and "journaltitle" where BibTeX has year and journal.
    dated = re.match(_YEAR + r"(?!\d)", entry.get("year") or entry.get("date") or "")
    return {
        **(authors or {}),
        "title": _strip_quotes(entry.get("title")),
        "container_title": (
            entry.get("journal") or entry.get("journaltitle") or entry.get("booktitle") or entry.get("publisher")
        ),
        "year": _year_or_none(dated.group(0)) if dated else None,
        "volume": volume if volume and volume.isdigit() else None,
        "issue": entry.get("number"),
        "pages": _clean_pages(entry.get("pages")),
        "style": "bibtex",
    }


# A wiki's list of authors: "((Kapur, S.)), ((Seeman, P.))" (each name kept whole) or a
# Vancouver list ("Kapur S, Seeman P"); or numbered "last1"/"first1" pairs.
_WIKI_NAME_RE = re.compile(r"\(\((?P<name>[^()]+)\)\)")
_WIKI_LINK_RE = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]")


def _wiki_citation(entry: dict) -> dict:
    """The fields of a wiki's citation template (`layouts.wiki_citation_fields`)."""
    entry = {name: _WIKI_LINK_RE.sub(r"\1", value).strip(" '") for name, value in entry.items()}
    authors = None
    listed = entry.get("vauthors") or entry.get("authors")
    if listed and _WIKI_NAME_RE.search(listed):
        names = [found.group("name").strip() for found in _WIKI_NAME_RE.finditer(listed)]
        authors = _author_fields("; ".join(names))
    elif listed:
        authors = _author_fields(listed)
    else:
        names = []
        for n in ("", *map(str, range(1, 60))):
            family = entry.get(f"last{n}") or entry.get(f"surname{n}") or entry.get(f"author{n}")
            if family:
                given = entry.get(f"first{n}") or entry.get(f"given{n}") or ""
                names.append(f"{family}, {given}".strip(" ,"))
        authors = _author_fields("; ".join(names)) if names else None
    dated = re.search(_YEAR, entry.get("year") or entry.get("date") or "")
    volume = entry.get("volume")
    return {
        **(authors or {}),
        "title": _strip_quotes(entry.get("title")),
        "container_title": next(
            (entry[name] for name in ("journal", "work", "newspaper", "magazine", "website", "periodical", "publisher") if entry.get(name)),
            None,
        ),
        "year": _year_or_none(dated.group(0)) if dated else None,
        "volume": volume if volume and volume.isdigit() else None,
        "issue": entry.get("issue") or entry.get("number"),
        "pages": _clean_pages(entry.get("pages") or entry.get("page")),
        "style": "wiki",
    }


_VANCOUVER_NAME = r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s[A-Z]{1,3}(?:\s(?:Jr|Sr|II|III|IV)\.?)?"
_VANCOUVER_NAMES_RE = re.compile(_VANCOUVER_NAME + r"(?:\s*,\s*" + _VANCOUVER_NAME + r")*(?:,?\s+et\s+al)?")


def _labelled(found: dict, first_line: str = "") -> dict:
    """Labelled fields read as fields: a title, authors and a journal with what follows it
    ("Journal: Br J Pharmacol; 2015 Sep; 172(17):4254-76") are read as the styles read them;
    numbers by their labels; the journal, if not labelled, is the unlabelled piece that
    reads as one, and the year the one written anywhere. An unlabelled `first_line` above
    the labelled ones is the title when it reads as one."""
    fields: dict = {"style": "labelled"}
    cited = _CITED_SOURCE_RE.match(found.get("journal") or "")
    if cited:
        # "Journal: Molecular Psychiatry, 2016, № 1, p. 76-81", as indexes of references print it.
        fields.update({k: v for k, v in cited.groupdict().items() if v})
        fields["year"] = _year_or_none(cited.group("year"))
        fields["pages"] = _clean_pages(cited.group("pages"))
    elif found.get("journal"):
        # The journal with what follows it ("Br J Pharmacol; 2015 Sep; 172(17):4254-76"),
        # read as the end of a reference is read.
        source = _structure(found["journal"].strip(" .") + ".")
        journal = source.get("container_title") or source.get("title")
        fields.update({k: v for k, v in source.items() if v and k in ("year", "volume", "issue", "pages")})
        fields["container_title"] = journal if journal and looks_like_journal(journal) else found["journal"]
    if found.get("title"):
        fields["title"] = _strip_quotes(found["title"])
    listed = found.get("authors")
    if listed:
        others = False
        if ";" in listed:
            names, others = _without_others(listed.split(";"))
            listed = ";".join(names)
        # "First Author: Zarate CA Jr", "Authors: Zanos P, Gould TD": Vancouver's family names,
        # then undotted initials, are not given names first.
        vancouver = _VANCOUVER_NAMES_RE.fullmatch(listed.strip(" ."))
        fields.update(
            (None if vancouver else _given_names_first(listed)) or _author_fields(listed)
            or _initials_first(listed) or {}
        )  # fmt: skip
        if fields.get("authors") and ";" in listed:
            fields["given_names"] = given_names_written(listed.split(";"), fields["authors"])
        if others and fields.get("authors"):
            fields["et_al"] = True
    for name in ("volume", "issue", "pages"):
        if found.get(name):
            fields[name] = _clean_pages(found[name]) if name == "pages" else found[name]
    raw_pieces = [p for p in found.get("rest", "").split(" | ") if p]
    pieces = [layouts.strip_lead_label(p) for p in raw_pieces]
    if (
        not fields.get("title")
        and first_line
        and pieces[:1] == [first_line]
        and len(first_line.split()) >= 4
        and _title_is_usable(first_line)
        and not re.search(_YEAR, first_line)
    ):
        fields["title"] = _strip_quotes(first_line)
    if not fields.get("container_title"):
        # What follows "Published in" is the journal, however it is capitalised.
        journal = next((p for p, raw in zip(pieces, raw_pieces, strict=True) if p != raw and p), None)
        # A name with its degrees ("Bard, Michael R. MD, FACS") is an author, not a journal.
        journal = journal or next(
            (p for p in pieces if looks_like_journal(p) and not _with_degree(p)), None
        )
        if journal:
            fields["container_title"] = journal
    if not fields.get("year"):
        year = found.get("year") or next(
            (m.group(0) for p in pieces for m in [re.search(_YEAR, p)] if m), None
        )
        fields["year"] = _year_or_none(year) if year and year.isdigit() else None
    return fields


_CITED_SOURCE_RE = re.compile(
    r"^(?P<container_title>[^,|]{3,}?),\s*(?P<year>" + _YEAR + r")"
    r"(?:,\s*(?:vol\.?|volume)\s*(?P<volume>[\w-]+))?"
    r"(?:,\s*(?:no\.?|№|issue|iss\.)\s*(?P<issue>[\w-]+))?"
    r"(?:,\s*(?:pp?\.|pages?)\s*(?P<pages>\d+(?:\s*[-–]\s*\d+)?|[A-Za-z]?\d+))?\s*\.?$",
    re.IGNORECASE,
)
# "E Dakwar, C L Hart, F R Levin": initials first, undotted, each author between commas; read
# only where a label says these are authors ("J Psychopharmacol" is not one).
_UNDOTTED_INITIALS_FIRST_RE = re.compile(r"^(?P<initials>(?:[A-Z]\.?\s*){1,3})\s+(?P<family>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)$")


def _given_names_first(text: str) -> dict | None:
    """A labelled list of full names, each given name first ("Authors: Sinead Savage, Daqing
    Ma"), or None. Every name has two words at least, the last no initial: "Ko, Kwonmok,
    Rucker, James J." is family names first."""
    parts = [part.strip() for part in re.split(r"\s*[,;]\s*|\s+(?:and|&)\s+", text.strip(" .")) if part.strip()]
    if not parts or any(len(part.split()) < 2 or re.fullmatch(r"[A-Z]\.?", part.split()[-1]) for part in parts):
        return None
    names = [_full_name(part) for part in parts]
    if not all(names):
        return None
    return {"authors": tuple(names), "et_al": False, "ellipsis_after": None}


def _initials_first(text: str) -> dict | None:
    """Authors written initials first ("E Dakwar, C L Hart"), or None."""
    names = [_UNDOTTED_INITIALS_FIRST_RE.match(part.strip()) for part in text.split(",")]
    if not names or not all(names):
        return None
    authors = tuple((m.group("family"), re.sub(r"[^A-Z]", "", m.group("initials"))) for m in names)
    return {"authors": authors, "et_al": False, "ellipsis_after": None}


# A title's line wrapped before a small word ("… Current Status", "and Future Directions"); a
# name's particle ("de Wit, H.", "van der Meer") is none of these.
_TITLE_GOES_ON_RE = re.compile(r"(?:and|or|of|for|in|on|with|to|versus|vs\.?|the|a|an)\s", re.ASCII)

# The most lines an article's header wraps its list of authors over (seen: four).
HEADER_AUTHOR_LINES = 12


def _header(lines: list[str]) -> dict | None:
    """An article's header copied line by line: a line of authors ("Jennifer L. Jones,
    Camilo F. Mateus, … and Sudie E. Back", degrees and all), a line with the journal and
    its numbers, a title line. None unless one line, and not the only one, is a list of
    authors: otherwise the breaks only wrap a running reference."""
    cleaned = [_BULLET_RE.sub("", _remove_identifiers(clean_text(line))).strip() for line in lines]
    # The lines that ended with a colon before cleaning took it off: a title wrapped there.
    before_colon = {kept for line, kept in zip(lines, cleaned, strict=True) if line.rstrip().endswith(":")}
    lines = [
        line for line in cleaned
        if line.strip(" |.,;:") and not _HEADER_NOISE_RE.match(line.strip(" |.")) and not _SECTION_RE.match(line)
    ]  # fmt: skip
    if len(lines) < 2:
        return None
    authors_at = _authors_at(lines)
    bare = [_unmarked_authors(line) for line in lines]
    bare_at = _authors_at(bare) if bare != lines else None
    if bare_at is not None and (authors_at is None or _names_in(bare[bare_at]) > _names_in(lines[authors_at])):
        lines, authors_at = bare, bare_at
    if authors_at is None:
        return None
    # An author line wrapped over several lines ("Robin Carhart-Harris, Ph.D., Bruna
    # Giribaldi, B.Sc.,", "Michelle Baker-Jones, B.A., …"): the lines that read as authors
    # with it are one list.
    # (Each join reads the whole list again: at most HEADER_AUTHOR_LINES lines are joined,
    # so that the work stays linear in the reference's length.)
    joins = 0
    while authors_at + 1 < len(lines) and len(lines[authors_at + 1].split()) >= 2 and joins < HEADER_AUTHOR_LINES:
        joined = _author_line(f"{lines[authors_at]}, {lines[authors_at + 1]}")
        if not joined or len(joined["authors"]) <= len(_author_line(lines[authors_at])["authors"]):
            break
        lines[authors_at : authors_at + 2] = [f"{lines[authors_at]}, {lines[authors_at + 1]}"]
        joins += 1
    # And one whose first lines, without the "and" before the last name, read as names
    # only with the lines after them.
    while authors_at >= 1 and joins < HEADER_AUTHOR_LINES:
        joins += 1
        if _TITLE_GOES_ON_RE.match(lines[authors_at - 1]):
            break  # "and Future Directions": the title's last line, wrapped
        joined = f"{lines[authors_at - 1]}, {lines[authors_at]}"
        found = _author_line(joined)
        if not found or len(found["authors"]) <= len(_author_line(lines[authors_at])["authors"]):
            break
        lines[authors_at - 1 : authors_at + 1] = [joined]
        authors_at -= 1
    # A title wrapped before a word in lower case ("Trial of Psilocybin versus
    # Escitalopram", "for Depression").
    if authors_at >= 2 and lines[authors_at - 1][:1].islower():
        lines[authors_at - 2 : authors_at] = [lines[authors_at - 2] + " " + lines[authors_at - 1]]
        authors_at -= 1
    fields: dict = {**_author_line(lines[authors_at]), "style": "header"}
    # A repository lists the authors one per line ("Krystal, JH", "Petrakis, IL", …).
    end = authors_at + 1
    while end < len(lines) and len(fields["authors"]) == end - authors_at and _one_author(lines[end]):
        fields["authors"] += _one_author(lines[end])
        end += 1
    above = lines[:authors_at]
    if len(above) == 2 and _wrapped_title(*above):
        above = [f"{above[0]} {above[1]}"]
    elif len(above) >= 2 and above[-2] in before_colon and _title_is_usable(f"{above[-2]}: {above[-1]}"):
        # A title wrapped after its colon, right above the names ("Ketamine and Ketamine
        # Metabolite Pharmacology:", "Insights into Therapeutic Mechanisms").
        above[-2:] = [f"{above[-2]}: {above[-1]}"]
    if len(above) == 1 and _title_is_usable(above[0]) and not re.search(_YEAR, above[0]):
        # The only line above the names is the title, even one that reads like a journal's
        # name ("Psychedelics and Psychedelic-Assisted Psychotherapy").
        fields["title"] = _strip_quotes(above.pop().strip(" |"))
    for line in above + lines[end:]:
        line = line.strip(" |")
        source = None
        for pattern in (_JOURNAL_YEAR_SOURCE_RE, _JOURNAL_VOLUME_YEAR_RE):
            found = pattern.match(line)
            if found and looks_like_journal(found.group("journal")):
                source = _source_fields(found)
        if source is None and re.search(_YEAR, line):
            # "Biol Psychiatry 2000 Feb 15; 47(4):351-4", below lines of affiliations.
            read = _structure(line)
            if read.get("container_title") and read.get("volume") and not (read.get("authors") or read.get("title")):
                source = read
        if source:
            fields.update({k: v for k, v in source.items() if v and k != "style"})
        elif looks_like_journal(line) and not fields.get("container_title") and not _with_degree(line):
            fields["container_title"] = line
        elif (
            not fields.get("title") and _title_is_usable(line) and not re.search(_YEAR, line)
            and not _affiliation(line)
        ):  # fmt: skip
            fields["title"] = _strip_quotes(line)
        elif not fields.get("year") and re.search(_YEAR, line):
            fields["year"] = _year_or_none(re.search(_YEAR, line).group(0))
    return fields


_INSTITUTION_RE = re.compile(
    r"\b(?:Universit(?:y|ies|ät|é|à|ad|ade)|Institut(?:e|o)?|Hospital|Department|Laborator(?:y|ies)|"
    r"Cent(?:er|re)|College|School|Faculty|Clinic|Foundation)\b"
)
_AFFILIATION_WORD_RE = re.compile(r"^(?:[A-Z0-9][\w.'’/&-]*|of|and|the|for|in|de|di|du|la|y|e|und|für)$")


def _affiliation(line: str) -> bool:
    """Whether a header's line is where its authors work, not its title ("Department of
    Psychiatry, Yale University School of Medicine, New Haven, Conn. 06511."): pieces
    between commas, an institution among them and a place after it, every word
    capitalised but the small ones, and none beginning with one ("Ketamine in the
    Emergency Department, the Clinic, and the Ward" is a title)."""
    pieces = [piece.strip(" .") for piece in line.split(",")]
    return (
        len(pieces) >= 3
        and bool(_INSTITUTION_RE.search(pieces[0] + " " + pieces[1]))
        and all(piece[:1].isupper() or piece[:1].isdigit() for piece in pieces)
        and all(_AFFILIATION_WORD_RE.match(word) for piece in pieces for word in piece.split())
    )


def _with_degree(line: str) -> bool:
    """Whether a line holds a degree after a name ("Mathew, M.D.", "Fugate, Mark MD"): the
    end of a wrapped author line, not a journal's name."""
    pieces = [piece.split() for piece in line.split(",")]
    return any(words and _DEGREE_RE.match(words[-1]) for words in pieces)


def _wrapped_title(first: str, second: str) -> bool:
    """Whether two lines above a header's authors are one title wrapped ("Antidepressant
    Efficacy of Ketamine in Treatment-Resistant", "Major Depression: A Two-Site …"): the
    first too long for a journal's name without one of a journal's words ("Drug and Alcohol
    Dependence" has four), neither with a year."""
    words = first.split()
    return (
        len(words) >= 5
        and not any(word.lower().strip(",.:()") in layouts.JOURNAL_WORDS for word in words)
        and not re.search(r"[.:;]$", first)
        and not re.search(_YEAR, first + " " + second)
        # A summary below the title is a sentence; a title's second line is not.
        and len(second.split()) <= 20
        and not second.rstrip().endswith(".")
        and _title_is_usable(f"{first} {second}")
    )


# The journal's section above an article's title, in capitals: "REVIEWS AND OVERVIEWS",
# "ORIGINAL RESEARCH ARTICLE".
_SECTION_RE = re.compile(
    r"^(?:[A-Z]+\s+)*(?:REVIEWS?|ARTICLES?|OVERVIEWS|RESEARCH|REPORTS?|COMMENTARY|EDITORIAL|LETTERS?)(?:\s+[A-Z]+)*$"
)
# Affiliation marks glued to the names of a PDF's author line: "J. W. Murrough1,2,3*†,
# L. Soleimani1†, …".
_NAME_MARKS_RE = re.compile(r"(?<=[a-z])(?:\d{1,2}(?:,\d{1,2})*[*†‡§¶]*|[*†‡§¶]+)(?=,|\s|$)")


def _authors_at(lines: list[str]) -> int | None:
    """Where a header's line of authors is: the line naming the most."""
    counts = [_names_in(line) if len(line.split()) >= 2 else 0 for line in lines]
    most = max(counts, default=0)
    return counts.index(most) if most else None


def _names_in(line: str) -> int:
    found = _author_line(line)
    return len(found["authors"]) if found else 0


# A group credited after the authors: "…, William M. McDonald, M.D., and the Work Group on
# Biomarkers and Novel Treatments, a Division of …".
_GROUP_CREDIT_RE = re.compile(
    r",?\s+(?:and|for|on\s+behalf\s+of)\s+the\s+(?:[A-Z][\w-]*\s+){0,6}?"
    r"(?:Work(?:ing)?\s+Group|Group|Consortium|Investigators|Collaborat\w+|Network|Committee|Team)\b.*$"
)


def _unmarked_authors(line: str) -> str:
    """The line without affiliation marks (a name's marks follow a lower-case letter; a
    title's words seldom end in digits) and without a group credited after the names."""
    if _NAME_MARKS_RE.search(line):
        line = _NAME_MARKS_RE.sub("", line).rstrip(" ,")
    return _GROUP_CREDIT_RE.sub("", line) if " the " in line else line


# What a page prints around a header's fields, never a field itself: a label alone
# ("Authors", "作者"), a repository's links ("View/ Open", "Full text"), a count of citations
# ("被引:130", "Cited by 12"), a PDF's copyright line ("© Cambridge University Press 2015").
_HEADER_NOISE_RE = re.compile(
    r"^(?:authors?|author\(s\)|作者|published|view\s*/\s*open|full\s+text|download(?:\s+pdf)?|"
    r"被引\s*[:：]\s*\d+|cited\s+by\s*:?\s*\d+|©.*|"
    # A journal's notes on its first page: "U.S. Government work not protected by U.S.
    # copyright", "ASSOCIATE EDITOR: JEFFREY M. WITKIN".
    r"u\.?s\.?\s+government\s+work\b.*|(?:associate\s+|section\s+)?editor\s*:.*)\s*:?$",
    re.IGNORECASE,
)


def _one_author(line: str) -> tuple | None:
    """The author of a line that names one author and nothing else ("Petrakis, IL")."""
    if len(line.split()) > 4:
        return None
    found = _author_line(line)
    return found["authors"] if found and len(found["authors"]) == 1 and not found["et_al"] else None


def _author_line(line: str) -> dict | None:
    return _author_fields(line.rstrip(" |*"))


def _unparseable(raw: str, reason: str, **fields) -> ParsedReference:
    return ParsedReference(raw=raw, unparseable=reason, **fields)


# A page's summary run straight into the title above it: "… in the Treatment of Alcohol Use
# DisorderThis double-blind placebo-controlled trial (n=96)". Read as the two lines they were.
_GLUED_SUMMARY_RE = re.compile(
    r"(?<=[a-z])(?=(?:This|These)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:study|studies|trial|trials|review|paper|analysis|research|randomi[sz]ed|double-blind|placebo-controlled)\b)"
)


# A blank line between a line that ends without punctuation and one that opens with a
# capital ends a part, as a full stop would: "… psychiatric disorders? A systematic
# review\n\nPorto Biomed J. 2021 …", a page's title above its journal's line. (A title wrapped
# over lines goes on in lower case: "Current Status\n\n\nand Future Directions".)
_PARAGRAPH_BREAK_RE = re.compile(r"(?<=[\w)])[ \t]*\n[ \t]*\n\s*(?=[A-Z])")


# The next item's number, on a line of its own inside a sentence cut by a PDF's page or
# column ("… an N-methyl-D-aspartate antagonist in\n\n26. \n\ntreatment-resistant …"):
# between a line that goes on and one that continues it in lower case, it is no part of
# the reference.
_STRAY_NUMBER_LINE_RE = re.compile(r"(?<=[a-z,])[ \t]*\n\s*\d{1,3}\.[ \t]*\n\s*(?=[a-z])")
# The citing paper's own running head, copied from its PDF into the middle of a reference
# that ran over a page: "…the behavioral impact of ketamine on\n\nPsychopharmacology (2023)
# 240:1547–1560\n\ncocaine use disorder: …".
_RUNNING_HEAD_LINE_RE = re.compile(
    # Spaces and line breaks in classes that never overlap: a run of blank lines is read once.
    r"\n[ \t]*\n[ \t]*[A-Z][\w .&-]{2,60}\s\((?:19|20)\d\d\)\s\d{1,4}:\d{1,6}[-–]\d{1,6}[ \t]*\n[ \t]*\n[ \t]*(?=[a-z])"
)

# A page break of a PDF inside a reference, copied with the page's foot and the next page's
# head: after a line that goes on, blank lines, the page's number on a line of its own, then
# one short line (the running head: "Journal of Humanistic Psychology 00(0)", "J. J.
# Breeksema et al."), and the reference goes on in lower case. It starts only after a letter
# or a comma, so a run of blank lines is not read again from each of its lines.
_PAGE_BREAK_RE = re.compile(
    r"(?<=[a-z,])[ \t]*\n(?:[ \t]*\n)+[ \t]*\d{1,4}[ \t]*\n(?:[ \t]*\n)*[ \t]*\S[^\n]{1,80}\n[ \t]*(?=[a-z])"
)


# The first page of an article's PDF copied whole (BMC's and Springer's layout): the running
# head, which cites the article itself ("Lalanne et al. BMC Psychiatry (2016) 16:395 DOI
# 10.1186/…"), a blank line, the kind of article, its title, then its authors, each with the
# numbers of their affiliations ("Laurence Lalanne1,2*, Chloe Nicot1, …"). Read whole, those
# numbers were taken for a volume.
_FIRST_PAGE_RE = re.compile(
    r"^\s*(?P<head>(?P<family>[A-Z][\w'’-]+)\s+(?:et\s+al\.?|and\s+[A-Z][\w'’-]+)\s+[A-Z][^\n]{1,80}?"
    r"\((?:19|20)\d\d\)\s+\d{1,4}:\d{1,7}(?:\s+DOI\s+\S+)?)[ \t]*\n[ \t]*\n(?P<rest>[^\n].*)$",
    re.S,
)
_ARTICLE_KIND_RE = re.compile(
    r"^(?:\s*(?:CASE\s?REPORT|RESEARCH(?:\s+ARTICLE)?|REVIEW(?:\s+ARTICLE)?|STUDY\s+PROTOCOL|"
    r"SHORT\s+REPORT|COMMENTARY|Open\s+Access)\b)+\s*"
)


def _first_page(raw: str) -> ParsedReference | None:
    """A PDF's first page (see _FIRST_PAGE_RE) as its running head says, with the title
    printed below it: what stands between the kind of article and its first author, whose
    family name the running head gives. None when `raw` is not laid out so."""
    found = _FIRST_PAGE_RE.match(raw)
    if not found:
        return None
    rest = _ARTICLE_KIND_RE.sub("", clean_text(found.group("rest")))
    # The first author's given name (and initial) before the family name and its numbers.
    author = re.search(
        r"\b[A-Z][\w'’-]+(?:\s+[A-Z]\.)?\s+" + re.escape(found.group("family")) + r"(?=\s*[\d*,])",
        rest,
    )
    title = rest[: author.start()].strip(" .,;:") if author else ""
    if len(title.split()) < 3 or not _title_is_usable(title):
        return None
    parsed = _parse(found.group("head"))
    if parsed.unparseable or parsed.title:
        return None
    text = clean_text(_PARAGRAPH_BREAK_RE.sub(". ", raw))
    return replace(parsed, raw=text, title=title)


def _parse(raw: object) -> ParsedReference:
    if isinstance(raw, bytes | bytearray):
        raw = bytes(raw).decode("utf-8", errors="replace")
    if not isinstance(raw, str):
        return _unparseable("", f"not text: got {type(raw).__name__}")
    if len(raw) > MAX_CHARS:
        return _unparseable(
            "", f"too long for one reference: {len(raw)} characters (the limit is {MAX_CHARS})"
        )
    if raw.startswith("{") and '":' in raw and "\\" in raw:
        # A record in JSON from a page's source, often cut short (so not parsed as JSON): its
        # escapes read first ("10.1016\/j.…" is the DOI 10.1016/j.…; "\u00e9" is é).
        raw = _JSON_STRING_RE.sub(_json_unescaped, raw)
    if "This " in raw or "These " in raw:
        raw = _GLUED_SUMMARY_RE.sub("\n", raw)
    if "\n\n" in raw and "(" in raw:
        first_page = _first_page(raw)
        if first_page is not None:
            return first_page
    if "\n" in raw:
        raw = layouts.strip_label_line(raw)
        raw = _STRAY_NUMBER_LINE_RE.sub(" ", raw)
        raw = _RUNNING_HEAD_LINE_RE.sub(" ", raw)
        if "\n\n" in raw:
            raw = _PAGE_BREAK_RE.sub(" ", raw)
    text = clean_text(_PARAGRAPH_BREAK_RE.sub(". ", raw) if "\n\n" in raw else raw)
    if not text:
        return _unparseable("", "empty reference")

    marker = None
    found = _MARKER_RE.match(text)
    if found:
        marker = re.sub(r"\s+", "", found.group(0))
        text = text[found.end() :]
    text = _BULLET_RE.sub("", text).strip()
    if text.startswith("{"):
        text = _ENDNOTE_CITATION_RE.sub(r"\g<authors>, \g<year>", text)
    if text.startswith(("↑", "^")):
        text = _BACKLINKS_RE.sub("", text)
    text = _unwrapped(text)

    text = layouts.strip_lead_label(text)

    ids = extract_identifiers(text)
    laid_out = _laid_out(raw)
    # A website's home address is no identifier: it names no page, let alone a work.
    pages = [url for url in ids.urls if not is_site_address(url)]
    # A trial's registration number names the trial, as a DOI names a paper: the words around
    # it ("This pilot clinical trial aims to assess … NCT Number NCT04892251") may name nothing.
    registered = _TRIAL_REGISTRATION_RE.search(text)
    unnamed = (
        None
        if laid_out
        else why_unnamed(text, has_identifier=bool(ids.doi or ids.pmid or ids.pmcid or pages or registered))
    )
    heading = None if laid_out else _heading(raw)
    if unnamed and not heading:
        return _unparseable(text, unnamed, marker=marker)
    body = _remove_identifiers(_HTML_TAG_RE.sub(" ", text) if "<" in text else text).strip()
    if "Author(s)" in body or "permissions" in body or "sagepub" in body:
        body = _SPACE_RE.sub(" ", _PUBLISHER_NOTES_RE.sub(" ", body)).strip()
    fields = laid_out or (_structure(body) if body else {"style": "identifier"})
    if heading and (
        unnamed
        or (fields.get("style") == "bare_title" and len(body) > MAX_BARE_TITLE_CHARS)
        or why_unnamed(clean_text(" ".join(layouts.lines_of(raw)[1:])), has_identifier=False)
    ):
        # A title above a summary of the work ("This systematic review (2018) examines …") or
        # a list of its authors' full names (a clinic's page of research): the title is what
        # names it.
        body = _remove_identifiers(heading)
        fields = _structure(body)
    elif not laid_out and body and (ids.doi or ids.pmid or ids.pmcid) and why_unnamed(body, has_identifier=False):
        # "published Wednesday (April 14) in <a href="…/10.1056/NEJMoa2032994">The New England
        # Journal of Medicine</a>": the identifier names the work, the words around it no title.
        fields = {"style": "identifier"}

    if not fields.get("authors"):
        _author_read_as_title(fields)
    year = fields.get("year") or _online_year(text)
    problems = list(ids.problems)
    if ids.pmid and year:
        problems.extend(p for p in problems_with_pmid(ids.pmid, year) if p not in problems)

    title = fields.get("title")
    if fields.get("style") == "bare_title":
        if not _title_is_usable(title) or len(title or "") > MAX_BARE_TITLE_CHARS:
            title = None
        registration = _TRIAL_REGISTRATION_RE.search(body)
        if title is None and registration:
            # "(NCT00088699)", "中国临床试验注册,ChiCTR2000041232.": a registered trial, named by
            # its registration number.
            title = registration.group(0)
        if title is None and not (ids.doi or ids.pmid or ids.pmcid or ids.urls):
            if not any(ch.isalnum() for ch in body):
                reason = "no letters or digits that could name a work"
            elif len(body) > MAX_BARE_TITLE_CHARS:
                reason = (
                    "no recognisable reference structure (authors, year, title, source) "
                    f"in {len(body)} characters"
                )
            else:
                reason = f"too little to identify a work: no authors, year or identifier, and {body!r} is not a title"
            return _unparseable(text, reason, marker=marker)
        fields["style"] = "bare_title" if title else "identifier"

    result = ParsedReference(
        raw=text,
        marker=marker,
        authors=tuple(fields.get("authors") or ()),
        et_al=bool(fields.get("et_al")),
        ellipsis_after=fields.get("ellipsis_after"),
        year=year,
        title=title,
        container_title=_journal_or_none(_strip_quotes(fields.get("container_title"))),
        volume=fields.get("volume"),
        issue=fields.get("issue"),
        pages=fields.get("pages"),
        doi=ids.doi,
        pmid=ids.pmid,
        pmcid=ids.pmcid,
        url=ids.urls[0] if ids.urls else None,
        style=fields.get("style", "none"),
        identifier_problems=tuple(problems),
        given_names=tuple(fields.get("given_names") or ()),
    )
    # A journal with its volume and pages ("卷 47, 期 4, 页码 351-354") is an address too.
    located = result.container_title and result.volume and result.pages
    if not (result.authors or result.year or result.title or result.has_identifier or located):
        return _unparseable(text, "no authors, year, title or identifier found", marker=marker)
    if _journal_alone(result):
        return _unparseable(
            text,
            f"it names only a journal ({result.title}){' and a year' if result.year else ''}, and "
            "a journal prints hundreds of works a year",
            marker=marker,
        )
    return result


# What a publisher prints in a PDF's header box beside the journal's numbers, copied with
# them: "© The Author(s) 2016 Reprints and permissions: sagepub.co.uk/journalsPermissions.nav
# … jop.sagepub.com" (the year stays: it may be the only one written).
_PUBLISHER_NOTES_RE = re.compile(
    r"©\s*The\s+Author\(s\)|Reprints\s+and\s+permissions\s*:\s*\S+"
    r"|\b[a-z]+\.sagepub\.com\b(?!/)"
)
# A page's markup copied with a reference: "<a href=…>The New England Journal of Medicine</a>".
_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]{0,500}>")


_WRAPPED_LINE_RE = re.compile(r"^[^\n]*\n[ \t]*[a-z]")


def _heading(raw: str) -> str | None:
    """The first line of a reference written over several lines, when it reads as a title on
    its own (not a sentence, not a whole reference); None otherwise."""
    lines = layouts.lines_of(raw) if "\n" in raw else []
    if len(lines) < 2:
        return None
    first = clean_text(lines[0]).strip()
    if len(first.split()) < 5 or len(first) > MAX_BARE_TITLE_CHARS or not _title_is_usable(first):
        return None
    if first.count("(") > first.count(")"):
        return None  # "… when administered at subanesthetic doses (\n9), and …": cut mid-way
    if _WRAPPED_LINE_RE.match(raw.lstrip()):
        # "… et la ‘crise’ a\natteint des proportions …", "… is shown to improve \ntreatment
        # outcomes …": a sentence wrapped over the lines goes on in lower case on the very
        # next line. (After a blank line, "… Results of the Pain\n\nand Emergency Medicine
        # …", a heading may still go on.)
        return None
    if why_unnamed(first, has_identifier=False) or _structure(first).get("style") != "bare_title":
        return None
    return first


# Words of journals' names: a string of only these names a journal ("Nature Communications").
_JOURNAL_NAME_WORDS = layouts.JOURNAL_WORDS | {"of", "the", "and", "in", "&"}


def _journal_alone(parsed: ParsedReference) -> bool:
    """"(Nat Comm 2019; online 26. November)": a journal's abbreviation read as the title,
    with a year and nothing else. Only abbreviations of two words or more count ("Nat Comm",
    "Am J Psychiatry"): a short title in Title Case ("Taming the Ketamine Tiger") looks like
    a journal's name too."""
    if parsed.authors or parsed.has_identifier or parsed.container_title or parsed.volume or parsed.pages:
        return False
    title = parsed.title or ""
    words = title.replace(".", " ").split()
    # One word is as likely a name ("(Koob, 2020; …)") as a journal.
    if not 2 <= len(words) <= 5 or not looks_like_journal(title):
        return False
    if not parsed.year:
        return all(w.lower() in _JOURNAL_NAME_WORDS for w in words)
    abbreviated = [w for w in words if len(w) <= 5 and w[0].isupper()]
    named = [w for w in words if w.lower() in _NARRATIVE_JOURNAL_WORDS]
    return bool(abbreviated) and len(abbreviated) + len(named) == len(words)


# Publishers that catalogues print where the journal goes ("2019; Cell Press; Volume: 101"),
# as written in lower case: the name of no journal.
_PUBLISHERS = frozenset(
    {
        "cell press", "elsevier", "elsevier inc", "elsevier bv", "elsevier ltd", "elsevier science inc",
        "springer", "springer nature", "springer science and business media llc", "wiley",
        "wiley-blackwell", "john wiley & sons", "taylor & francis", "sage publications",
        "oxford university press", "cambridge university press", "wolters kluwer",
        "lippincott williams & wilkins", "ovid technologies (wolters kluwer health)",
        "frontiers media sa", "mdpi", "mdpi ag", "nature publishing group", "bmj publishing group",
        "hindawi", "american medical association", "american psychiatric association publishing",
    }
)  # fmt: skip


def _journal_or_none(name: str | None) -> str | None:
    """A journal's name, or None for what has no letter in it (the "(" left of a publisher's
    "(www.drugtestinganalysis.com)") or is a publisher's name: either would be reported as
    a wrong journal."""
    if not name or not any(ch.isalpha() for ch in name):
        return None
    return None if " ".join(name.lower().replace(".", "").split()) in _PUBLISHERS else name


def parse_reference(raw: str) -> ParsedReference:
    """Parse one reference string. Never raises; see `ParsedReference.unparseable`."""
    try:
        parsed = _parse(raw)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"; tests call _parse
        return _unparseable("", f"the parser failed on this input ({type(exc).__name__})")
    names = trial_names(parsed.raw) if parsed.raw else ()
    return replace(parsed, trials=names) if names else parsed
