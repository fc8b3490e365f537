"""Choices for the literature side of the evidence chain.

Kept here, not in models, so that plain-data modules (parsing, matching, appraisal) and
the API can share them without importing the ORM.
"""

SOURCE_KINDS = [
    ("peer_reviewed_article", "Peer-reviewed article"),
    ("official_statistics", "Official statistics"),
    ("consumer_health_page", "Consumer health page"),
    ("news_or_explainer", "News or explainer"),
    ("marketing", "Marketing"),
]

# Source kinds that are not research: cited for an efficacy claim they are secondary.
# Official statistics are the primary source of the figures they publish.
SECONDARY_SOURCE_KINDS = {"consumer_health_page", "news_or_explainer", "marketing"}

# What an import does where a record and the study it updates both have a value and differ:
# keep the library's, or replace it with the file's. Either way the conflict is reported.
ON_CONFLICT = ("keep", "replace")

DESIGN_CODES = [
    ("systematic_review", "Systematic review / meta-analysis"),
    ("randomized_controlled_trial", "Randomised controlled trial"),
    ("non_randomized_controlled_trial", "Non-randomised controlled trial"),
    ("open_label_trial", "Open-label trial (no control)"),
    ("human_laboratory_study", "Human laboratory study"),
    ("experimental_medicine_study", "Experimental medicine study"),
    ("secondary_analysis", "Secondary analysis of a trial"),
    ("retrospective_cohort", "Retrospective cohort"),
    ("cross_sectional_survey", "Cross-sectional survey"),
    ("case_series", "Case series"),
    ("case_report", "Case report"),
    ("qualitative_study", "Qualitative study"),
    ("scoping_review", "Scoping review"),
    ("narrative_review", "Narrative review"),
    ("animal_study", "Animal study"),
    ("official_statistics", "Official statistics"),
    ("web_article", "Web article"),
    ("unknown", "Unknown"),
]

# Designs with a concurrent control group.
CONTROLLED_DESIGNS = {"randomized_controlled_trial", "non_randomized_controlled_trial"}
# Designs that synthesise other studies.
REVIEW_DESIGNS = {"systematic_review", "scoping_review", "narrative_review"}

ROUTES = [
    ("intravenous", "Intravenous (IV)"),
    ("intramuscular", "Intramuscular (IM)"),
    ("intranasal", "Intranasal"),
    ("oral", "Oral"),
    ("sublingual", "Sublingual"),
    ("subcutaneous", "Subcutaneous"),
    ("multiple", "More than one route"),
    ("not_applicable", "Not applicable"),
]

SUBSTANCES = [
    ("alcohol", "Alcohol"),
    ("opioids", "Opioids"),
    ("cocaine", "Cocaine"),
    ("cannabis", "Cannabis"),
    ("stimulants", "Other stimulants"),
    ("tobacco", "Tobacco"),
    ("substance_use_general", "Substance use in general"),
    ("none", "No substance use"),
]

EFFECT_MEASURES = [
    ("OR", "Odds ratio"),
    ("RR", "Risk ratio"),
    ("HR", "Hazard ratio"),
    ("MD", "Mean difference"),
    ("SMD", "Standardised mean difference"),
    ("percentage_points", "Difference in percentage points"),
    ("percentage", "Percentage"),
    ("other", "Other"),
]

# Ratio measures are plotted on a log scale around 1; differences on a linear scale around 0.
RATIO_MEASURES = {"OR", "RR", "HR"}

DIRECTIONS = [
    ("favours_intervention", "Favours intervention"),
    ("favours_comparator", "Favours comparator"),
    ("no_difference", "No clear difference"),
    ("not_applicable", "Not applicable (single arm or descriptive)"),
]

# What a study found on its headline outcome, as the evidence map shows it. The headline
# outcome is the first the record marks primary, else the first it reports (studies.findings).
# A record can report an outcome without saying which way it went (its direction is
# optional): that is not the same as a record with no outcome at all.
FINDINGS = [
    ("benefit", "Favours the intervention"),
    ("no_difference", "No clear difference"),
    ("harm", "Favours the comparator"),
    ("no_comparison", "No treatment comparison"),
    ("not_stated", "Direction not reported"),
    ("not_reported", "No outcome on record"),
]

# The evidence map shows research: news, consumer-health and marketing pages have no design
# or sample, and official statistics (national surveys of tens of thousands) would shrink
# every trial's circle to a dot on a scale of N.
MAP_SOURCE_KINDS = ("peer_reviewed_article",)

# An outcome row's direction, read as a finding.
DIRECTION_FINDINGS = {
    "favours_intervention": "benefit",
    "no_difference": "no_difference",
    "favours_comparator": "harm",
    "not_applicable": "no_comparison",
}

TOPIC_SOURCES = [
    ("importer", "Classified by the importer"),
    ("editor", "Set by an editor"),
    ("curated", "From the curated library"),
]

MATCH_METHODS = [
    ("identifier", "Identifier (DOI, PMID, PMCID)"),
    ("fuzzy", "Fuzzy match on fields"),
    ("editor", "Chosen by an editor"),
    ("trial", "The name of the trial it reports"),
]

# Earliest and latest publication years a record may carry.
MIN_YEAR = 1600
MAX_YEAR = 2100

# Kinds of background fact a reference source settles (studies.models.SettledFact).
SETTLED_KINDS = [
    ("approved_uses", "Approved uses (the whole list, from the product label)"),
    ("effect", "Effect on the body"),
    ("mechanism", "What a term in the mechanism names"),
    ("drug_class", "What the drug is"),
    ("first_made", "When the drug was first made"),
    ("onset", "How soon a treatment acts"),
]


# A work's standing after the notices published about it (a retraction, a correction...),
# worst first: a work retracted and also corrected stands as retracted.
STANDINGS = [
    ("retracted", "Retracted"),
    ("withdrawn", "Withdrawn"),
    ("removed", "Removed"),
    ("expression_of_concern", "Expression of concern"),
    ("corrected", "Corrected"),
]
# Notice kinds (as the registries name them) and the standing each gives the work.
NOTICE_STANDING = {
    "retraction": "retracted",
    "withdrawal": "withdrawn",
    "removal": "removed",
    "expression_of_concern": "expression_of_concern",
    "correction": "corrected",
}
# The registries a work can be found in (studies.registries).
REGISTRIES = [
    ("crossref", "Crossref"),
    ("pubmed", "PubMed"),
    ("openalex", "OpenAlex"),
]
