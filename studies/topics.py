"""Classify a work's topic from its title, abstract and keywords.

Off-topic citations are decided from two facts about the cited work: is it about ketamine,
and is it about substance use. Importers fill them in with this classifier; editors can
correct them, and a corrected topic is never overwritten.
"""

import re

KETAMINE_TERMS = ("ketamine", "esketamine", "arketamine", "nmda antagonist", "nmda receptor antagonist")

SUBSTANCE_USE_TERMS = (
    "addiction",
    "substance use",
    "substance abuse",
    "substance-use",
    "use disorder",
    "dependence",
    "alcohol",
    "alcoholism",
    "drinking",
    "opioid",
    "opiate",
    "heroin",
    "cocaine",
    "cannabis",
    "methamphetamine",
    "nicotine",
    "smoking cessation",
    "withdrawal",
    "relapse",
    "overdose",
    "drug use",
)


def _normalise(text):
    return re.sub(r"\s+", " ", (text or "").lower())


def classify_topic(*, title, abstract="", keywords=()):
    """Return (about_ketamine, about_substance_use) for a work, as booleans.

    A term must appear in the title, abstract or keywords; the absence of every term is
    read as "not about it", since a record with a title is enough to tell.
    """
    haystack = " ".join(_normalise(part) for part in (title, abstract, *keywords))
    about_ketamine = any(term in haystack for term in KETAMINE_TERMS)
    about_substance_use = any(
        re.search(r"\b" + re.escape(term), haystack) for term in SUBSTANCE_USE_TERMS
    )
    return about_ketamine, about_substance_use
