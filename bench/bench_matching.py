"""Benchmark the reference-checking engine: speed and accuracy on generated data.

    python bench/bench_matching.py                      # 100,000 studies, 10,000 references
    python bench/bench_matching.py --studies 5000 --refs 1000 --naive 50

Everything here is synthetic and generated deterministically from a seed: made-up words,
surnames and journals, never real bibliographic facts. The library holds journal articles
(some off-topic, some ketamine-but-not-addiction) and a few web pages; related records share
first authors and journals, and some titles differ by one word, so blocking and the
runner-up margin are exercised. Each reference string is rendered in APA, Vancouver, AMA,
Harvard, Vancouver without a title ("Dakwar E, et al. Am J Psychiatry. 2019;176(11):923-30.",
as news and clinic pages write them), as a bare title or a bare identifier, with or without
a list marker, and is either
correct, corrupted in one field (year, title, authors, journal, volume, issue, pages), in
two (year and pages), given a wrong DOI, a reference to a work not in the library (a third of
them "near misses": same first author, journal and year as a real record, different title
and pages), a web page, or a placeholder ("Study A").

Reported: index build time; references checked per second on one core (parse + match +
status), with parsing alone separately; status accuracy (also by kind of reference and by
style); match accuracy; discrepancy-field precision, recall and F1; and the same for the
naive matcher that scores every record, run on a subsample and extrapolated to the full run
(stated in the table).

A reference without a title is matched on authors, journal, year, volume and pages; its
pages must then agree with the record's, since they are all that tells two papers of one
author in one volume apart. So a title-less reference with wrong pages (or a wrong first
author) is reported not found rather than matched with a discrepancy: the by-style figures
show what that costs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.checking.status import citation_status  # noqa: E402
from studies.facts import StudyFacts  # noqa: E402
from studies.references.matching import MatchIndex, StudyRecord, naive_match  # noqa: E402
from studies.references.parsing import parse_reference  # noqa: E402

SEED = 20240917

FIELD_CORRUPTIONS = ("year", "title", "authors", "journal", "volume", "issue", "pages")
# How the references are made: kind -> share of the references.
REFERENCE_MIX = (
    ("correct", 0.33),
    ("year", 0.06),
    ("title", 0.06),
    ("authors", 0.06),
    ("journal", 0.06),
    ("volume", 0.06),
    ("issue", 0.05),
    ("pages", 0.06),
    ("year+pages", 0.05),
    ("wrong_doi", 0.06),
    ("not_in_library", 0.10),
    ("web_page", 0.04),
    ("placeholder", 0.01),
)
# The field a corruption shows up as in a discrepancy report.
DISCREPANCY_FIELD = {
    "year": "year",
    "title": "title",
    "authors": "authors",
    "journal": "container_title",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "doi": "doi",
}

_SYLLABLES = (
    "ka ke ki ko ku ta te ti to tu ra re ri ro ru na ne ni no nu ma me mi mo mu sa se si so su "
    "la le li lo lu da de di do du ba be bi bo bu va ve vi vo vu za ze zi zo zu pha pre tri "
    "stro gen lin mor vel sar quen dor fal tis mar ben cor nal ver gal tan"
).split()
_DOMAIN_WORDS = (
    "ketamine alcohol opioid cocaine cannabis craving relapse abstinence withdrawal trial "
    "randomized controlled placebo infusion therapy psychotherapy dependence disorder use "
    "treatment effects efficacy safety outcomes review systematic analysis cohort patients "
    "adults adolescents depression anxiety glutamate receptor antagonist dose response "
    "intravenous intranasal oral session sessions follow-up pilot study clinical evidence "
    "mechanisms brain plasticity memory reconsolidation motivation behavioral cognitive"
).split()
_SUBTITLES = (
    "a randomized controlled trial",
    "a systematic review",
    "a pilot study",
    "a systematic review and meta-analysis",
    "results from a cohort study",
    "a case series",
    "a qualitative study",
)
_FIELDS = (
    "Psychiatry Addiction Pharmacology Neuroscience Behavioral Clinical Experimental Substance "
    "Abuse Treatment Medicine Public Health Psychology Biological Molecular Alcohol Drug "
    "Dependence Research Therapeutics Toxicology Epidemiology Anesthesiology Neurology Nursing "
    "Psychopharmacology Pain Emergency Internal General Family Primary Care Policy Prevention "
    "Psychotherapy Cognitive Affective Disorders Mental Sciences Studies Brain Reports"
).split()
_ABBREVIATIONS = {
    "Journal": "J",
    "American": "Am",
    "International": "Int",
    "European": "Eur",
    "British": "Br",
    "Research": "Res",
    "Reviews": "Rev",
    "Review": "Rev",
    "Clinical": "Clin",
    "Experimental": "Exp",
    "Psychiatry": "Psychiatry",
    "Addiction": "Addict",
    "Pharmacology": "Pharmacol",
    "Neuroscience": "Neurosci",
    "Behavioral": "Behav",
    "Substance": "Subst",
    "Treatment": "Treat",
    "Medicine": "Med",
    "Psychology": "Psychol",
    "Biological": "Biol",
    "Molecular": "Mol",
    "Dependence": "Depend",
    "Therapeutics": "Ther",
    "Sciences": "Sci",
    "Reports": "Rep",
    "Disorders": "Disord",
    "Affective": "Affect",
    "Cognitive": "Cogn",
    "Emergency": "Emerg",
    "General": "Gen",
    "Epidemiology": "Epidemiol",
    "Psychopharmacology": "Psychopharmacol",
    "Anesthesiology": "Anesthesiol",
    "Toxicology": "Toxicol",
    "Prevention": "Prev",
}
_JOURNAL_PATTERNS = (
    "Journal of {a} {b}",
    "{a} {b}",
    "{a} and {b} {c}",
    "American Journal of {a}",
    "International Journal of {a} {b}",
    "{a} Research",
    "European Journal of {a} and {b}",
    "{a} {b} Reviews",
)


@dataclass
class Study:
    """A generated study: the record plus the facts citation_status needs."""

    record: StudyRecord
    facts: StudyFacts
    journal_abbrev: str = ""
    is_web: bool = False


@dataclass
class Reference:
    raw: str
    kind: str
    truth_id: str | None
    expected_status: str
    expected_fields: frozenset = field(default_factory=frozenset)
    style: str = ""


# How a reference is written: style -> share of the references (of the kinds that may take it).
STYLE_MIX = (
    ("apa", 0.35),
    ("vancouver", 0.28),
    ("ama", 0.12),
    ("harvard", 0.15),
    ("vancouver_no_title", 0.08),
    ("bare_title", 0.05),
    ("identifier", 0.05),
)


def _zipf_weights(n: int, exponent: float = 1.0) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, n + 1)]


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        rng = self.rng
        words = set()
        while len(words) < 6000:
            words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.title_words = list(_DOMAIN_WORDS) + sorted(words)
        rng.shuffle(self.title_words)
        self.title_weights = _zipf_weights(len(self.title_words), 0.9)
        names = set()
        while len(names) < 8000:
            name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            if rng.random() < 0.04:  # some names carry diacritics, which references often drop
                name = name.replace("e", "\u00e9", 1).replace("u", "\u00fc", 1)
            names.add(name)
        self.surnames = sorted(names)
        rng.shuffle(self.surnames)
        self.surname_weights = _zipf_weights(len(self.surnames), 0.7)
        self.journals = self._journals(400)
        self.serial = 0

    def _journals(self, count: int) -> list[tuple[str, str, int]]:
        """(full name, abbreviation, first year) for made-up journals."""
        rng = self.rng
        out = {}
        while len(out) < count:
            a, b, c = rng.sample(_FIELDS, 3)
            name = rng.choice(_JOURNAL_PATTERNS).format(a=a, b=b, c=c)
            if name in out:
                continue
            abbrev = " ".join(
                _ABBREVIATIONS.get(w, w[: rng.randint(4, 6)] if len(w) > 6 else w)
                for w in name.split()
                if w not in ("of", "and", "the")
            )
            out[name] = (name, abbrev, rng.randint(1950, 2000))
        return list(out.values())

    def _title(self) -> str:
        rng = self.rng
        words = rng.choices(self.title_words, weights=self.title_weights, k=rng.randint(6, 14))
        title = " ".join(words).capitalize()
        if rng.random() < 0.4:
            title += ": " + rng.choice(_SUBTITLES)
        if rng.random() < 0.5:  # half the records keep their titles in Title Case
            title = " ".join(
                w if w in ("a", "and", "of", "from") else w[:1].upper() + w[1:]
                for w in title.split()
            )
        return title

    def _authors(self, first: str | None = None) -> tuple[tuple[str, str], ...]:
        rng = self.rng
        count = rng.choice((1, 2, 3, 3, 4, 4, 5, 6, 7, 8, 10))
        names = rng.choices(self.surnames, weights=self.surname_weights, k=count)
        if first:
            names[0] = first
        letters = "ABCDEFGHIJKLMNOPRSTVW"
        return tuple(
            (n, ". ".join(rng.sample(letters, rng.choice((1, 1, 2)))) + ".") for n in names
        )

    def study(self, sid: str, *, like: Study | None = None, near_title: str | None = None) -> Study:
        """A journal article; `like` shares its first author and journal (a related paper)."""
        rng = self.rng
        self.serial += 1
        if like is not None:
            journal = next(j for j in self.journals if j[0] == like.record.container_title)
            year = min(2025, max(journal[2], like.record.year + rng.choice((-1, 0, 0, 1, 2))))
            authors = self._authors(first=like.record.authors[0][0])
        else:
            journal = rng.choice(self.journals)
            year = rng.randint(max(1980, journal[2]), 2025)
            authors = self._authors()
        title = near_title or self._title()
        first_page = rng.randint(1, 3000)
        pages = (
            f"{first_page}-{first_page + rng.randint(3, 15)}"
            if rng.random() < 0.95
            else f"e{rng.randint(10000, 99999)}"
        )
        roll = rng.random()
        if roll < 0.90:
            facts = StudyFacts(source_kind="peer_reviewed_article", about_ketamine=True, about_substance_use=True, label=sid)
        elif roll < 0.96:
            facts = StudyFacts(source_kind="peer_reviewed_article", about_ketamine=False, about_substance_use=rng.random() < 0.5, label=sid)
        else:
            facts = StudyFacts(source_kind="peer_reviewed_article", about_ketamine=True, about_substance_use=False, label=sid)
        record = StudyRecord(
            id=sid,
            title=title,
            authors=authors,
            container_title=journal[0],
            year=year,
            volume=str(year - journal[2] + 1),
            issue=str(rng.randint(1, 12)) if rng.random() < 0.8 else "",
            pages=pages,
            doi=f"10.{rng.randint(1000, 9999)}/{journal[1].split()[0].lower()}.{year}.{self.serial:07d}"
            if rng.random() < 0.85
            else "",
            pmid=str(10_000_000 + (year - 1980) * 800_000 + self.serial)
            if rng.random() < 0.7
            else "",
            pmcid=f"PMC{1_000_000 + self.serial}" if rng.random() < 0.2 else "",
        )
        return Study(record, facts, journal_abbrev=journal[1])

    def web_page(self, sid: str) -> Study:
        rng = self.rng
        self.serial += 1
        site = f"Health{rng.choice(self.surnames)}"
        title = self._title()
        slug = "-".join(title.lower().replace(":", "").split()[:6])
        kind = rng.choice(("consumer_health_page", "news_or_explainer", "marketing"))
        record = StudyRecord(
            id=sid,
            title=title,
            authors=(site,),
            container_title=f"{site} (web page)",
            year=rng.randint(2010, 2025),
            url=f"https://www.{site.lower()}.com/articles/{slug}-{self.serial}",
        )
        return Study(record, StudyFacts(source_kind=kind, about_ketamine=True, about_substance_use=True, label=sid), is_web=True)

    def library(self, size: int) -> list[Study]:
        rng = self.rng
        studies: list[Study] = []
        for n in range(size):
            sid = f"S{n:06d}"
            roll = rng.random()
            if roll < 0.03:
                studies.append(self.web_page(sid))
            elif roll < 0.13 and any(not s.is_web for s in studies[-50:]):
                # A related paper: same first author and journal, a year or so apart.
                like = rng.choice([s for s in studies[-50:] if not s.is_web])
                studies.append(self.study(sid, like=like))
            elif roll < 0.16 and studies and not studies[-1].is_web:
                # A near-duplicate title: one significant word changed.
                words = studies[-1].record.title.split()
                position = rng.randrange(len(words))
                words[position] = rng.choice(self.title_words)
                studies.append(self.study(sid, near_title=" ".join(words)))
            else:
                studies.append(self.study(sid))
        return studies


# --- Rendering ------------------------------------------------------------------------------


def _initials_compact(given: str) -> str:
    return "".join(ch for ch in given if ch.isupper())


def _nlm_pages(pages: str) -> str:
    """923-930 -> 923-30, as NLM/Vancouver writes page ranges."""
    if "-" not in pages:
        return pages
    first, last = pages.split("-", 1)
    i = 0
    while i < min(len(first), len(last)) - 1 and first[i] == last[i] and len(first) == len(last):
        i += 1
    return f"{first}-{last[i:]}"


@dataclass
class View:
    """The fields as a reference will write them (possibly corrupted)."""

    authors: tuple
    year: int
    title: str
    journal: str
    journal_abbrev: str
    volume: str
    issue: str
    pages: str
    doi: str
    pmid: str


def add_noise(view: View, rng: random.Random, study_abbrev: str) -> tuple[View, bool]:
    """Differences real references have: none of these is a discrepancy, but for a dropped
    subtitle (the title as written is not the work's title), which the second value says."""
    title = view.title
    if rng.random() < 0.10:  # a typo: two letters swapped in one long word
        words = title.split()
        long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if long:
            i = rng.choice(long)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            title = " ".join(words)
    dropped = ":" in title and rng.random() < 0.15  # the subtitle dropped
    if dropped:
        title = title.split(":")[0]
    authors = view.authors
    if rng.random() < 0.5:  # diacritics dropped
        authors = tuple(
            (
                "".join(
                    ch for ch in unicodedata.normalize("NFKD", f) if not unicodedata.combining(ch)
                ),
                g,
            )
            for f, g in authors
        )
    journal, abbrev = view.journal, view.journal_abbrev
    if rng.random() < 0.10:  # the full name where an abbreviation is expected, and back
        journal, abbrev = abbrev, journal
    return replace(view, title=title, authors=authors, journal=journal, journal_abbrev=abbrev), dropped


def render(view: View, style: str, rng: random.Random, *, with_doi: bool) -> str:
    text = _render(view, style, rng, with_doi=with_doi)
    if style in ("bare_title", "identifier"):
        return text
    if rng.random() < 0.2:
        text = text.replace(view.pages, view.pages.replace("-", "\u2013"))
    if rng.random() < 0.05:
        text += rng.choice((" [PubMed]", " [Google Scholar]", " [CrossRef]"))
    if rng.random() < 0.05:  # copied from a web page: a line break and double spaces
        cut = rng.randrange(len(text) // 3, 2 * len(text) // 3)
        space = text.find(" ", cut)
        if space > 0:
            text = text[:space] + "\n  " + text[space + 1 :]
    return text


def _render(view: View, style: str, rng: random.Random, *, with_doi: bool) -> str:
    doi = f" doi:{view.doi}" if with_doi and view.doi else ""
    if style == "apa":
        names = [f"{f}, {g}" for f, g in view.authors[:7]]
        authors = (
            (", ".join(names[:-1]) + ", & " + names[-1] if len(names) > 1 else names[0])
            if len(view.authors) <= 7
            else ", ".join(names[:6]) + ", et al."
        )
        title = view.title[:1].upper() + view.title[1:].lower()  # APA's sentence case
        source = f"{view.journal}, {view.volume}" + (f"({view.issue})" if view.issue else "")
        source += f", {view.pages}."
        link = f" https://doi.org/{view.doi}" if with_doi and view.doi else ""
        date = (
            f"{view.year}, {rng.choice(('March 3', 'June 24', 'Winter'))}"
            if rng.random() < 0.1
            else view.year
        )
        return f"{authors} ({date}). {title}. {source}{link}"
    if style == "vancouver_no_title":
        # "Dakwar E, et al. Am J Psychiatry. 2019;176(11):923-30.": the journal is the only
        # segment before the source block; no title is written.
        names = [f"{f} {_initials_compact(g)}" for f, g in view.authors]
        if len(names) > 1 and rng.random() < 0.6:
            authors = f"{names[0]}, et al"
        else:
            authors = ", ".join(names[:6]) + (", et al" if len(names) > 6 else "")
        pages = _nlm_pages(view.pages) if rng.random() < 0.5 else view.pages
        issue = f"({view.issue})" if view.issue else ""
        return f"{authors}. {view.journal_abbrev}. {view.year};{view.volume}{issue}:{pages}.{doi}"
    if style in ("vancouver", "ama"):
        limit = 6 if style == "vancouver" else 3
        names = [f"{f} {_initials_compact(g)}" for f, g in view.authors]
        authors = ", ".join(names[:limit]) + (", et al" if len(names) > limit else "")
        pages = _nlm_pages(view.pages) if style == "vancouver" else view.pages
        issue = f"({view.issue})" if view.issue else ""
        pmid = (
            f" PMID: {view.pmid}."
            if style == "vancouver" and view.pmid and rng.random() < 0.3
            else ""
        )
        return f"{authors}. {view.title}. {view.journal_abbrev}. {view.year};{view.volume}{issue}:{pages}.{doi}{pmid}"
    if style == "harvard":
        if len(view.authors) > 3:
            authors = f"{view.authors[0][0]}, {view.authors[0][1]} et al."
        else:
            names = [f"{f}, {g.replace(' ', '')}" for f, g in view.authors]
            authors = (
                " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
            )
        issue = f"({view.issue})" if view.issue else ""
        return f"{authors} ({view.year}) '{view.title}', {view.journal}, {view.volume}{issue}, pp. {view.pages}.{doi}"
    if style == "bare_title":
        return view.title
    if style == "identifier":
        return (
            f"https://doi.org/{view.doi}"
            if view.doi
            else f"https://pubmed.ncbi.nlm.nih.gov/{view.pmid}/"
        )
    raise ValueError(style)


def _marker(rng: random.Random, n: int) -> str:
    return rng.choice(("", "", f"[{n}] ", f"{n}. ", f"({n}) "))


class ReferenceMaker:
    def __init__(self, gen: Generator, studies: list[Study]):
        self.gen = gen
        self.rng = gen.rng
        self.studies = studies
        self.articles = [s for s in studies if not s.is_web]
        self.web = [s for s in studies if s.is_web]
        self.with_doi = [s for s in self.articles if s.record.doi]

    def _view(self, study: Study) -> View:
        r = study.record
        return View(
            r.authors,
            r.year,
            r.title,
            r.container_title,
            study.journal_abbrev,
            r.volume,
            r.issue,
            r.pages,
            r.doi,
            r.pmid,
        )

    def _corrupt(self, view: View, what: str) -> tuple[View, str]:
        """Change one field; return the view and the discrepancy field it should cause."""
        rng = self.rng
        if what == "year":
            return replace(view, year=view.year + rng.choice((-3, -2, -1, 1, 2, 3))), "year"
        if what == "title":
            words = view.title.split()
            spots = rng.sample(range(len(words)), max(3, len(words) // 2))
            for i in spots:
                new = rng.choice(self.gen.title_words)
                while new.lower() == words[i].lower().strip(":"):
                    new = rng.choice(self.gen.title_words)
                words[i] = new
            return replace(view, title=" ".join(words)), "title"
        if what == "authors":
            family = view.authors[0][0]
            new = family
            while new == family:
                new = rng.choice(self.gen.surnames)
            return replace(view, authors=((new, view.authors[0][1]), *view.authors[1:])), "authors"
        if what == "journal":
            other = view.journal
            while other == view.journal:
                name, abbrev, _start = rng.choice(self.gen.journals)
                other = name
            return replace(view, journal=name, journal_abbrev=abbrev), "container_title"
        if what == "volume":
            return replace(view, volume=str(int(view.volume) + rng.randint(1, 9))), "volume"
        if what == "issue":
            return replace(view, issue=str((int(view.issue) % 12) + 1)), "issue"
        if what == "pages":
            if view.pages.startswith("e"):
                return replace(view, pages=f"e{int(view.pages[1:]) + rng.randint(1, 999)}"), "pages"
            first, last = (int(x) for x in view.pages.split("-"))
            shift = rng.randint(10, 500)
            return replace(view, pages=f"{first + shift}-{last + shift}"), "pages"
        raise ValueError(what)

    def make(self, n: int) -> list[Reference]:
        rng = self.rng
        kinds = [k for k, _ in REFERENCE_MIX]
        weights = [w for _, w in REFERENCE_MIX]
        refs = []
        for i in range(n):
            kind = rng.choices(kinds, weights=weights)[0]
            # Numbered as in articles' reference lists, which restart at 1.
            refs.append(self._one(kind, i % 40 + 1))
        return refs

    def _one(self, kind: str, n: int) -> Reference:
        rng = self.rng
        marker = _marker(rng, n)
        if kind == "placeholder":
            return Reference(
                f"{rng.choice(('Study', 'Trial', 'Source'))} {rng.choice('ABCD123')}",
                kind,
                None,
                "anonymous",
                style="placeholder",
            )
        if kind == "web_page":
            page = rng.choice(self.web)
            r = page.record
            raw = f"{r.title}. ({r.year}). {r.authors[0]}. Retrieved from {r.url}"
            return Reference(marker + raw, kind, r.id, "secondary_source", style="web_page")
        if kind == "not_in_library":
            if rng.random() < 1 / 3:
                # A near miss: same first author, journal and year as a real record.
                real = rng.choice(self.articles)
                fake = self.gen.study("NEW", like=real)
                fake = replace(
                    fake,
                    record=replace(fake.record, year=real.record.year, volume=real.record.volume),
                )
            else:
                fake = self.gen.study("NEW")
            style = rng.choice(("apa", "vancouver", "ama", "harvard", "vancouver_no_title"))
            raw = render(self._view(fake), style, rng, with_doi=False)
            return Reference(marker + raw, kind, None, "not_found", style=style)

        if kind == "wrong_doi":
            study = rng.choice(self.with_doi)
        elif kind == "issue":
            study = rng.choice(
                [s for s in rng.sample(self.articles, 20) if s.record.issue] or self.articles
            )
        else:
            study = rng.choice(self.articles)
        view = self._view(study)
        expected: set[str] = set()
        if kind in FIELD_CORRUPTIONS or kind == "year+pages":
            for what in kind.split("+"):
                if what == "issue" and not view.issue:
                    what = "pages"
                view, fld = self._corrupt(view, what)
                expected.add(fld)
        with_doi = rng.random() < 0.5
        if kind == "wrong_doi":
            with_doi = True
            if rng.random() < 0.5:
                other = rng.choice(self.with_doi)
                while other is study:
                    other = rng.choice(self.with_doi)
                view = replace(view, doi=other.record.doi)
            else:
                view = replace(
                    view, doi=f"10.{rng.randint(1000, 9999)}/x{rng.randint(10**6, 10**7)}"
                )
            expected.add("doi")
        style = rng.choices(
            [name for name, _ in STYLE_MIX], weights=[share for _, share in STYLE_MIX]
        )[0]
        if style in ("bare_title", "identifier") and kind != "correct":
            style = "apa"
        if style == "vancouver_no_title" and kind == "title":
            style = "vancouver"  # a wrong title cannot show in a reference without one
        if style == "identifier" and not (view.doi or view.pmid):
            style = "bare_title"
        view, subtitle_dropped = add_noise(view, rng, study.journal_abbrev)
        if subtitle_dropped and style not in ("vancouver_no_title", "identifier"):
            expected.add("title")
        raw = marker + render(view, style, rng, with_doi=with_doi)
        if kind == "wrong_doi":
            status = "identifier_mismatch"
        elif study.facts.about_ketamine is False or study.facts.about_substance_use is False:
            status = "off_topic"
        elif expected:
            status = "metadata_mismatch"
        else:
            status = "verified"
        return Reference(raw, kind, study.record.id, status, frozenset(expected), style=style)


# --- Running --------------------------------------------------------------------------------


@dataclass
class Outcome:
    statuses: list[str]
    study_ids: list[str | None]
    fields: list[frozenset]
    seconds: float


def check_all(refs: list[Reference], matcher, facts: dict[str, StudyFacts]) -> Outcome:
    statuses, ids, fields = [], [], []
    start = time.perf_counter()
    for ref in refs:
        parsed = parse_reference(ref.raw)
        match = matcher(parsed)
        study = facts.get(match.study_id) if match.study_id else None
        status, _reason, _evidence = citation_status(parsed, match, study)
        statuses.append(status)
        ids.append(match.study_id)
        fields.append(frozenset(d["field"] for d in match.discrepancies))
    return Outcome(statuses, ids, fields, time.perf_counter() - start)


def score(refs: list[Reference], outcome: Outcome) -> dict:
    status_ok = sum(r.expected_status == s for r, s in zip(refs, outcome.statuses, strict=True))
    match_ok = sum(r.truth_id == i for r, i in zip(refs, outcome.study_ids, strict=True))
    tp = fp = fn = 0
    per_field = defaultdict(Counter)
    for ref, got in zip(refs, outcome.fields, strict=True):
        if ref.kind in ("placeholder", "not_in_library", "web_page"):
            continue
        for f in got | ref.expected_fields:
            hit = f in got and f in ref.expected_fields
            tp += hit
            fp += f in got and not hit
            fn += f in ref.expected_fields and not hit
            per_field[f]["tp" if hit else ("fp" if f in got else "fn")] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_kind = defaultdict(lambda: [0, 0])
    by_style = defaultdict(lambda: [0, 0])
    for ref, status in zip(refs, outcome.statuses, strict=True):
        by_kind[ref.kind][0] += ref.expected_status == status
        by_kind[ref.kind][1] += 1
        by_style[ref.style][0] += ref.expected_status == status
        by_style[ref.style][1] += 1
    return {
        "status_accuracy": status_ok / len(refs),
        "match_accuracy": match_ok / len(refs),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "per_field": per_field,
        "by_kind": by_kind,
        "by_style": by_style,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--studies", type=int, default=100_000, help="library size (default 100000)"
    )
    parser.add_argument(
        "--refs", type=int, default=10_000, help="reference strings (default 10000)"
    )
    parser.add_argument(
        "--naive", type=int, default=200, help="references for the naive baseline (default 200)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--errors", type=int, default=0, help="print this many misjudged references"
    )
    args = parser.parse_args(argv)

    print(f"Generating {args.studies:,} studies and {args.refs:,} references (seed {args.seed})...")
    t0 = time.perf_counter()
    gen = Generator(args.seed)
    studies = gen.library(args.studies)
    refs = ReferenceMaker(gen, studies).make(args.refs)
    print(f"  generated in {time.perf_counter() - t0:.1f} s")
    facts = {s.record.id: s.facts for s in studies}

    t0 = time.perf_counter()
    index = MatchIndex(s.record for s in studies)
    build_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    for ref in refs:
        parse_reference(ref.raw)
    parse_seconds = time.perf_counter() - t0

    indexed = check_all(refs, index.match, facts)
    indexed_scores = score(refs, indexed)

    sample = refs[: min(args.naive, len(refs))]
    naive = check_all(sample, lambda p: naive_match(index, p), facts)
    naive_scores = score(sample, naive)
    indexed_on_sample = score(
        sample,
        Outcome(
            indexed.statuses[: len(sample)],
            indexed.study_ids[: len(sample)],
            indexed.fields[: len(sample)],
            0,
        ),
    )

    per_ref_indexed = indexed.seconds / len(refs)
    per_ref_naive = naive.seconds / max(1, len(sample))
    rows = [
        ("library size (studies)", f"{len(index):,}", f"{len(index):,}"),
        ("references checked", f"{len(refs):,}", f"{len(sample):,} (subsample)"),
        ("index build time", f"{build_seconds:.2f} s", "-"),
        ("parse only, refs/s", f"{len(refs) / parse_seconds:,.0f}", "-"),
        (
            "check (parse+match+status), refs/s",
            f"{1 / per_ref_indexed:,.0f}",
            f"{1 / per_ref_naive:,.2f}",
        ),
        (
            "time for all references",
            f"{indexed.seconds:.1f} s",
            f"{per_ref_naive * len(refs):,.0f} s (extrapolated from {len(sample)})",
        ),
        (
            "status accuracy",
            f"{indexed_scores['status_accuracy']:.2%}",
            f"{naive_scores['status_accuracy']:.2%} (indexed on same: {indexed_on_sample['status_accuracy']:.2%})",
        ),
        (
            "match accuracy (right study or none)",
            f"{indexed_scores['match_accuracy']:.2%}",
            f"{naive_scores['match_accuracy']:.2%} (indexed on same: {indexed_on_sample['match_accuracy']:.2%})",
        ),
        (
            "discrepancy fields P / R",
            f"{indexed_scores['precision']:.3f} / {indexed_scores['recall']:.3f}",
            f"{naive_scores['precision']:.3f} / {naive_scores['recall']:.3f}",
        ),
        (
            "discrepancy fields F1",
            f"{indexed_scores['f1']:.3f}",
            f"{naive_scores['f1']:.3f} (indexed on same: {indexed_on_sample['f1']:.3f})",
        ),
        ("speed-up over naive", f"{per_ref_naive / per_ref_indexed:,.0f}x", "1x"),
    ]
    width = max(len(r[0]) for r in rows)
    col = max(len(r[1]) for r in rows)
    print()
    print(f"{'':{width}}  {'indexed (MatchIndex)':<{col}}  naive (scores every record)")
    print(f"{'-' * width}  {'-' * col}  {'-' * 40}")
    for label, a, b in rows:
        print(f"{label:<{width}}  {a:<{col}}  {b}")
    print(
        f"\n(one core: a single Python process, pid {os.getpid()}; naive figures on the first "
        f"{len(sample)} references, time extrapolated linearly to {len(refs):,})"
    )

    print("\nStatus accuracy by kind of reference (indexed):")
    for kind, _share in REFERENCE_MIX:
        ok, total = indexed_scores["by_kind"].get(kind, (0, 0))
        if total:
            print(f"  {kind:<16} {ok:>6}/{total:<6} {ok / total:7.2%}")
    print("\nStatus accuracy by style of reference (indexed):")
    for style in [name for name, _ in STYLE_MIX] + ["web_page", "placeholder"]:
        ok, total = indexed_scores["by_style"].get(style, (0, 0))
        if total:
            print(f"  {style:<18} {ok:>6}/{total:<6} {ok / total:7.2%}")
    no_title = [r for r in refs if r.style == "vancouver_no_title"]
    if no_title:
        print("  vancouver_no_title by kind:")
        ok_by_kind = defaultdict(lambda: [0, 0])
        for ref, status in zip(refs, indexed.statuses, strict=True):
            if ref.style == "vancouver_no_title":
                ok_by_kind[ref.kind][0] += ref.expected_status == status
                ok_by_kind[ref.kind][1] += 1
        for kind, (ok, total) in sorted(ok_by_kind.items()):
            print(f"    {kind:<16} {ok:>6}/{total:<6} {ok / total:7.2%}")
    print("\nDiscrepancy fields (indexed): field  TP  FP  FN")
    for name, counts in sorted(indexed_scores["per_field"].items()):
        print(f"  {name:<16} {counts['tp']:>6} {counts['fp']:>5} {counts['fn']:>5}")

    if args.errors:
        print(f"\nFirst {args.errors} misjudged references:")
        shown = 0
        for ref, status, sid, flds in zip(
            refs, indexed.statuses, indexed.study_ids, indexed.fields, strict=True
        ):
            if status != ref.expected_status or flds != ref.expected_fields and ref.truth_id:
                print(
                    f"- [{ref.kind}] expected {ref.expected_status} {ref.truth_id} {sorted(ref.expected_fields)}; "
                    f"got {status} {sid} {sorted(flds)}\n    {ref.raw}"
                )
                r = index.get(ref.truth_id) if ref.truth_id else None
                if r is not None:
                    print(
                        f"    truth: {r.authors[:2]} {r.year} {r.title!r} {r.container_title} {r.volume}({r.issue}) {r.pages} {r.doi}"
                    )
                shown += 1
                if shown >= args.errors:
                    break

    targets_met = (
        1 / per_ref_indexed >= 1000
        and per_ref_naive / per_ref_indexed >= 50
        and indexed_scores["status_accuracy"] >= 0.97
    )
    print(
        "\nTargets for the default 100,000-study run (>=1,000 refs/s, >=50x naive, status accuracy >=97%):",
        "met" if targets_met else "NOT met",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
