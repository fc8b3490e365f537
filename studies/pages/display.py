"""How a study's facts read on a page: plain functions of a Study, shared by the pages that
show one (the study list and detail, and the claim page's evidence chain)."""

from core.pages import safe_url
from studies.models import Study

NOT_CONFIRMED = None  # a fact the record does not confirm; templates print "not confirmed"


def _text(value):
    value = (value or "").strip()
    return value or NOT_CONFIRMED


def sample_size(study: Study):
    """N in words: the number when the record states it plainly, else its own words."""
    parts = []
    if study.n is not None:
        parts.append(f"{study.n:,} participants")
    if study.n_studies is not None:
        parts.append(f"{study.n_studies:,} studies included")
    if study.sample_size_text and study.sample_size_text != str(study.n):
        parts.append(f"record: “{study.sample_size_text}”")
    return "; ".join(parts) or NOT_CONFIRMED


def route(study: Study):
    coded = study.get_route_code_display() if study.route_code else ""
    worded = (study.route or "").strip()
    # "Intravenous (IV)" says all that "IV" does; the record's words are added when they say more.
    if coded and worded and worded.lower() not in coded.lower():
        return f"{coded} (record: “{worded}”)"
    return coded or worded or NOT_CONFIRMED


def design(study: Study):
    if study.design_code == "unknown":
        return _text(study.design)
    return study.get_design_code_display()


def appraisal_rows(study: Study, *, full: bool = True) -> list[tuple[str, str | None]]:
    """(label, value) pairs of a study's appraisal; a value of None reads "not confirmed".

    `full=False` gives the short version used in a claim's evidence chain.
    """
    rows = [
        ("Design", design(study)),
        ("Participants (N)", sample_size(study)),
        ("Route", route(study)),
        ("Dose", _text(study.dose)),
        ("Comparator", _text(study.comparator)),
        ("Follow-up", _text(study.follow_up)),
    ]
    if full:
        rows[1:1] = [("Design as described", _text(study.design))]
        rows += [
            ("Population", _text(study.population)),
            ("Intervention", _text(study.intervention)),
            ("Arms", _text(study.arms)),
            ("Duration", _text(study.duration)),
        ]
    rows.append(("Key outcomes", _text(study.outcomes_summary)))
    return rows


def yes_no_unknown(value):
    return {True: "Yes", False: "No"}.get(value, NOT_CONFIRMED)


def author_names(study: Study) -> list[str]:
    """Authors as 'Family G.' (or the literal name), in order."""
    names = []
    for author in study.authors or []:
        if not isinstance(author, dict):
            continue
        if author.get("literal"):
            names.append(author["literal"])
        elif author.get("family"):
            given = author.get("given") or ""
            names.append(f"{author['family']} {given}".strip())
    return names


def identifier_links(study: Study) -> list[tuple[str, str, str]]:
    """(label, value, url) for each identifier the record has."""
    links = []
    if study.doi:
        links.append(("DOI", study.doi, f"https://doi.org/{study.doi}"))
    if study.pmid:
        links.append(("PMID", study.pmid, f"https://pubmed.ncbi.nlm.nih.gov/{study.pmid}/"))
    if study.pmcid:
        links.append(
            ("PMCID", study.pmcid, f"https://www.ncbi.nlm.nih.gov/pmc/articles/{study.pmcid}/")
        )
    if safe_url(study.url):
        links.append(("Web page", study.url, safe_url(study.url)))
    return links


def source_links(study: Study) -> list[str]:
    """The public pages the record was confirmed against, web addresses only."""
    # A row saved before the field was validated may hold something else than a list.
    pages = study.confirmed_from if isinstance(study.confirmed_from, list) else []
    return [u for u in (safe_url(x) for x in pages if isinstance(x, str)) if u]
