"""Plain-fact builders for the rule and verdict tables: no database."""

from claims.assessment.facts import CitationFacts, ClaimFacts, LinkFacts, StudyFacts


def study(label="Dakwar et al. 2019", **fields):
    values = {
        "id": 1,
        "label": label,
        "design_code": "randomized_controlled_trial",
        "n": 55,
        "route_code": "intravenous",
        "substances": ("cocaine",),
        "about_ketamine": True,
        "about_substance_use": True,
    }
    values.update(fields)
    return StudyFacts(**values)


def citation(status="verified", study_facts=None, **fields):
    values = {"id": 10, "label": "[1] Dakwar, E., … (2019)", "status": status, "study": study_facts}
    if study_facts is None and status in (
        "verified",
        "metadata_mismatch",
        "off_topic",
        "secondary_source",
    ):
        values["study"] = study()
    values.update(fields)
    return CitationFacts(**values)


def link(cit=None, **fields):
    values = {"citation": cit or citation(), "reliance": "marker", "stance": ""}
    values.update(fields)
    if isinstance(values.get("misfit_reasons"), list):
        values["misfit_reasons"] = tuple(values["misfit_reasons"])
    return LinkFacts(**values)


def claim(*links, **fields):
    values = {
        "id": 100,
        "claim_type": "efficacy",
        "wording": "categorical",
        "quote": "A single ketamine infusion reduces cocaine use.",
        "substances": ("cocaine",),
        "links": tuple(links),
    }
    values.update(fields)
    return ClaimFacts(**values)
