"""Choices for the assertion side of the evidence chain."""

CLAIM_TYPES = [
    ("efficacy", "Efficacy"),
    ("safety", "Safety"),
    ("mechanism", "Mechanism"),
    ("epidemiology", "Epidemiology / statistics"),
    ("regulatory", "Regulatory status"),
    ("access", "Access and practice"),
    ("research", "About the research itself"),
    ("promotional", "Provider's own promise"),
]

WORDING = [
    ("hedged", "Hedged"),
    ("categorical", "Categorical"),
]

CITATION_LOCATIONS = [
    ("reference_list", "Reference list entry"),
    ("in_text", "Described in the running text"),
    ("link", "Link in the text"),
]

CITATION_STATUSES = [
    ("verified", "Verified"),
    ("metadata_mismatch", "Metadata mismatch"),
    ("identifier_mismatch", "Identifier mismatch"),
    ("off_topic", "Off-topic"),
    ("secondary_source", "Secondary source"),
    ("not_found", "Not found"),
    ("anonymous", "Anonymous"),
    ("unchecked", "Unchecked"),
]

RELIANCE = [
    ("marker", "Cites it by marker or by name"),
    ("context", "Leans on a study described nearby"),
    ("reference_list", "Only the article's general reference list"),
]

STANCES = [
    ("supports", "Supports"),
    ("partly", "Partly supports"),
    ("silent", "Silent (says nothing on it)"),
    ("contradicts", "Contradicts"),
]

# Why a cited study does not fit the claim that leans on it.
MISFIT_REASONS = [
    ("different_route", "Different route of administration"),
    ("different_dose", "Different dose"),
    ("different_sessions", "Different number of sessions"),
    ("different_substance", "Different substance of use"),
    ("different_condition", "Different condition (not addiction)"),
    ("different_drug", "Different drug (not ketamine)"),
    ("different_population", "Different population"),
    ("different_comparator", "Different comparator"),
    ("different_design", "Design differs from what the claim says"),
    ("different_size", "Number of participants or groups differs from what the claim says"),
    ("different_outcome", "Outcome not measured or not reported"),
    ("overstated_result", "Result overstated"),
    ("result_not_found", "The study did not find this"),
    ("not_research", "Not a research source"),
    ("unrelated_topic", "Unrelated topic"),
]

FLAG_CODES = [
    # Citations
    ("citation_metadata_mismatch", "Reference details differ from the record"),
    ("citation_identifier_mismatch", "Identifier points to a different work"),
    ("citation_off_topic", "Cited work is off-topic"),
    ("citation_secondary_source", "Cited work is a secondary source"),
    ("citation_not_found", "Cited work not in the library"),
    ("citation_anonymous", "Cited work cannot be identified"),
    ("citation_retracted", "Cited work was retracted"),
    ("citation_notice", "Cited work has a correction or an expression of concern"),
    # Claims
    ("no_citation", "No citation"),
    ("vague_attribution", "Vague attribution"),
    ("unverifiable_citations_only", "Cites only unverifiable, off-topic or non-research works"),
    ("indirect_evidence", "Indirect evidence"),
    ("weak_design_only", "Weak design only"),
    ("wording_stronger_than_evidence", "Wording stronger than the evidence"),
    ("misrepresentation", "Misrepresents the cited study"),
    ("inconsistent_within_article", "Contradicts another claim on the same page"),
]

SEVERITIES = [
    ("info", "Info"),
    ("warning", "Warning"),
    ("critical", "Critical"),
]

VERDICTS = [
    ("supported", "Supported"),
    ("partly_supported", "Partly supported"),
    ("overstated", "Overstated"),
    ("unsupported", "Unsupported"),
    ("contradicted", "Contradicted"),
    ("unverifiable", "Unverifiable"),
    ("not_assessed", "Not assessed"),
]

CERTAINTIES = [
    ("high", "High"),
    ("moderate", "Moderate"),
    ("low", "Low"),
    ("very_low", "Very low"),
]

# What the article gives for a claim: never a judgement of the claim's truth.
SOURCING = [
    ("verified_citation", "Cites a verified study"),
    ("citation_with_problems", "Cites a work with problems"),
    ("vague_attribution", "Vague attribution only"),
    ("no_source", "No source given"),
    ("not_checked", "Citations not checked yet"),
]

# What the evidence in the library says about a claim, whether or not the article cites it.
# The labels are the claim ratings fact-checkers publish (Health Feedback's scale names its
# ratings the same way); ACCURACY_RATING_VALUES places them on ClaimReview's reviewRating.
ACCURACY = [
    ("accurate", "Accurate"),
    ("mostly_accurate", "Mostly accurate"),
    ("misleading", "Misleading"),
    ("inaccurate", "Inaccurate"),
    ("unsupported", "Unsupported"),
    ("unverifiable", "Unverifiable"),
    ("not_assessed", "Not assessed"),
]

# schema.org reviewRating: 1 (worst) to 5 (best). Unverifiable and not assessed carry no
# rating: nothing was found that settles the claim, so no review of its truth is published.
ACCURACY_RATING_VALUES = {
    "accurate": 5,
    "mostly_accurate": 4,
    "misleading": 2,
    "unsupported": 2,
    "inaccurate": 1,
}

# An editor's verdict override read as an accuracy rating: the editor judged the evidence.
VERDICT_ACCURACY = {
    "supported": "accurate",
    "partly_supported": "mostly_accurate",
    "overstated": "misleading",
    "contradicted": "inaccurate",
    "unsupported": "unsupported",
    "unverifiable": "unverifiable",
    "not_assessed": "not_assessed",
}

# What a claim is about (claims.assessment.scope).
SCOPES = [
    ("finding", "Reports what a study found"),
    ("world", "A claim about the world"),
]
