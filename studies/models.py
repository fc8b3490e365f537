"""The literature: canonical study records, their appraisal and their outcomes.

Nothing here knows about claims; `claims` points at these models, never the reverse.
"""

import math
import re

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from core.db import choice_constraint, editor_version
from core.history import HistoricalRecords
from studies import constants as c
from studies.facts import RETRACTED_STANDINGS
from studies.labels import work_label


class Substance(models.Model):
    code = models.CharField(
        primary_key=True,
        max_length=32,
        choices=c.SUBSTANCES,
        help_text="Code of the substance of use (or 'none' for studies of other conditions).",
    )
    name = models.CharField(max_length=100, help_text="Name shown to readers.")

    class Meta:
        ordering = ["name"]
        constraints = [
            choice_constraint(field="code", choices=c.SUBSTANCES, name="substance_code_valid"),
        ]

    def __str__(self):
        return self.name


def validate_authors(value):
    """A list of names, each {"family", "given"} or {"literal"}: what every reader of the
    record (labels, exports, matching) takes it to be."""
    if not isinstance(value, list) or not all(
        isinstance(a, dict) and (a.get("family") or a.get("literal")) for a in value
    ):
        raise ValidationError(
            'Authors must be a list of {"family": ..., "given": ...} or {"literal": ...}.'
        )


CONFIRMED_FROM = (
    "Confirmed from must be a list of web addresses (http:// or https://), or of texts of the "
    'corpus ("corpus/texts/<file>: what was read in it").'
)
_web_address = URLValidator(schemes=["http", "https"])
_corpus_text = re.compile(r"corpus/texts/[\w.-]+\.txt(:.*)?", re.DOTALL)


def _is_page(page) -> bool:
    if not isinstance(page, str):
        return False
    if _corpus_text.fullmatch(page):
        return True
    try:
        _web_address(page)
    except ValidationError:
        return False
    return True


def validate_confirmed_from(value):
    """A list of the pages the record was confirmed against: web addresses, which the study
    page links to, or, for a work read only as a seed article shows it, that article's
    captured text ("corpus/texts/<file>: what was read in it"), which it does not."""
    if not isinstance(value, list) or not all(_is_page(page) for page in value):
        raise ValidationError(CONFIRMED_FROM)


def within(low, high, message):
    """The validators of a number's range, in the words of the constraint that keeps it in
    the database. The constraint's own error is one of the whole row; these are the field's
    (full_clean skips a constraint on a field already in error), so that the admin and the
    API name the field, and DRF reads them as the bounds the API schema shows."""
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]


YEAR_RANGE = f"Year must be between {c.MIN_YEAR} and {c.MAX_YEAR}."
N_NOT_NEGATIVE = "N cannot be negative."
P_VALUE_RANGE = "A p-value lies between 0 and 1."


class Study(models.Model):
    key = models.SlugField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text="Stable short key for curated records (e.g. krupitsky2002); empty for imports.",
    )
    # Bibliographic record
    work_type = models.CharField(
        max_length=40,
        default="article-journal",
        help_text="CSL item type (article-journal, report, webpage, ...).",
    )
    title = models.TextField(help_text="Title as published.")
    authors = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_authors],
        help_text='Authors in order: [{"family": ..., "given": ...}] or [{"literal": ...}].',
    )
    container_title = models.CharField(
        max_length=400, blank=True, help_text="Journal, website or publisher series."
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        db_index=True,
        validators=within(c.MIN_YEAR, c.MAX_YEAR, YEAR_RANGE),
        help_text="Year of publication, empty when unknown.",
    )
    volume = models.CharField(
        max_length=40, blank=True, help_text="Volume as published; empty when unknown."
    )
    issue = models.CharField(
        max_length=40, blank=True, help_text="Issue (number) as published; empty when unknown."
    )
    pages = models.CharField(max_length=40, blank=True, help_text="Page range or article number.")
    doi = models.CharField(
        max_length=255,
        blank=True,
        help_text="DOI in normalised form (lower case, no https://doi.org/ prefix).",
    )
    pmid = models.CharField(max_length=12, blank=True, help_text="PubMed ID, digits only.")
    pmcid = models.CharField(
        max_length=16, blank=True, help_text="PubMed Central ID, 'PMC' followed by digits."
    )
    url = models.URLField(
        max_length=500, blank=True, help_text="Address of the work on the web (publisher or page)."
    )
    trial_names = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Names of the trial this work is the main report of, as reports name it "
            "(e.g. KARE), separated by commas: a reference that names the trial names this work."
        ),
    )
    abstract = models.TextField(
        blank=True, help_text="Abstract as published; used to classify the topic."
    )
    source_kind = models.CharField(
        max_length=32,
        choices=c.SOURCE_KINDS,
        default="peer_reviewed_article",
        db_index=True,
        help_text="What kind of source this is; news and marketing are not research.",
    )
    # Topic: decides whether a citation of this work is off-topic.
    about_ketamine = models.BooleanField(
        null=True, blank=True, help_text="Is the work about ketamine? Empty when unknown."
    )
    about_substance_use = models.BooleanField(
        null=True,
        blank=True,
        help_text="Is the work about substance use or addiction? Empty when unknown.",
    )
    topic_summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="The topic in a few words, e.g. 'alcohol (alcohol dependence, Russia)'.",
    )
    topic_source = models.CharField(
        max_length=16,
        choices=c.TOPIC_SOURCES,
        default="importer",
        help_text="Who decided the topic: an importer's classifier, the curated library or an editor.",
    )
    substances = models.ManyToManyField(
        Substance, blank=True, related_name="studies", help_text="Substances of use studied."
    )
    # Appraisal
    design_code = models.CharField(
        max_length=40,
        choices=c.DESIGN_CODES,
        default="unknown",
        db_index=True,
        help_text="Normalised study design.",
    )
    design = models.TextField(blank=True, help_text="Design as described in the record.")
    n = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=N_NOT_NEGATIVE)],
        help_text="Participants enrolled or randomised, when the record states it plainly.",
    )
    n_studies = models.PositiveIntegerField(
        null=True, blank=True, help_text="For reviews: number of included studies."
    )
    sample_size_text = models.CharField(
        max_length=300, blank=True, help_text="Sample size as the record words it."
    )
    arms = models.TextField(
        blank=True, help_text="Arms as the record words them, with their sizes where given."
    )
    population = models.TextField(blank=True, help_text="Who was studied, as the record words it.")
    intervention = models.TextField(
        blank=True, help_text="What the intervention group received, as the record words it."
    )
    route = models.CharField(
        max_length=300, blank=True, help_text="Route of administration as the record words it."
    )
    route_code = models.CharField(
        max_length=20,
        choices=c.ROUTES,
        blank=True,
        help_text="Normalised route; empty when not confirmed.",
    )
    dose = models.TextField(blank=True, help_text="Dose and schedule as the record words them.")
    comparator = models.TextField(
        blank=True, help_text="What the control or comparison group received."
    )
    duration = models.TextField(blank=True, help_text="How long the intervention lasted.")
    follow_up = models.TextField(
        blank=True, help_text="How long after the intervention outcomes were last measured."
    )
    outcomes_summary = models.TextField(
        blank=True, help_text="Outcomes as the record words them; structured rows are Outcomes."
    )
    # Provenance of the record itself
    confirmed_from = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_confirmed_from],
        help_text=(
            "Public pages the record's fields were confirmed against: a list of web addresses "
            "(or of texts of the corpus, for a work read only in a seed article)."
        ),
    )
    record_confidence = models.CharField(
        max_length=16,
        blank=True,
        help_text="How fully the curator confirmed the record (high, medium, low); empty for imports.",
    )
    notes = models.TextField(
        blank=True, help_text="Curator's notes: what could not be confirmed, and why."
    )
    registry_provenance = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Where a registry gave the record: [{registry, retrieved_at, query, url}]; empty "
            "for curated and imported records."
        ),
    )
    finding = models.CharField(
        max_length=16,
        choices=c.FINDINGS,
        default="not_reported",
        editable=False,
        help_text=(
            "What the study found on its headline outcome (studies.findings), kept current by "
            "the services that write outcomes: the evidence map counts by it."
        ),
    )
    standing = models.CharField(
        max_length=24,
        blank=True,
        choices=c.STANDINGS,
        help_text="Retracted, withdrawn, corrected...: from the notices; empty when none is known.",
    )
    notices = models.JSONField(
        default=list,
        blank=True,
        help_text="Notices about the work: [{kind, doi, date, label, source, registry}].",
    )
    registry_checked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the registries were last asked about this work's notices.",
    )
    version = editor_version()
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the record was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the record last changed.")
    # Full-text search on PostgreSQL (studies.selectors.search_studies): title (weight A),
    # authors and journal (B), abstract (C). Written by a database trigger (migration 0003),
    # not by Django; always empty on SQLite, which searches by substring.
    search_vector = SearchVectorField(
        null=True,
        editable=False,
        help_text="Full-text search document (PostgreSQL only), written by a database trigger.",
    )

    # The vector is derived from the other fields: not worth a copy in every history row.
    # The substances are kept with each row as they stand, as a claim's are: a change to them
    # is a change to the study (the services write it in one history row, core.saving).
    history = HistoricalRecords(m2m_fields=[substances], excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-year", "title"]
        verbose_name_plural = "studies"
        constraints = [
            # Coded "unique", as a field's own uniqueness is, so that model validation names
            # the identifier repeated (the API under `doi`, the admin beside it), not the row.
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="study_unique_doi",
                violation_error_message="A study with this DOI already exists.",
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~Q(pmid=""),
                name="study_unique_pmid",
                violation_error_message="A study with this PMID already exists.",
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=["pmcid"],
                condition=~Q(pmcid=""),
                name="study_unique_pmcid",
                violation_error_message="A study with this PMCID already exists.",
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=c.MIN_YEAR, year__lte=c.MAX_YEAR),
                name="study_year_in_range",
                violation_error_message=YEAR_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(n__isnull=True) | Q(n__gte=0),
                name="study_n_not_negative",
                violation_error_message=N_NOT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(doi="") | Q(doi__startswith="10."),
                name="study_doi_normalised",
                violation_error_message="DOI must be normalised: it starts with '10.'.",
            ),
            models.CheckConstraint(
                condition=Q(doi=Lower("doi")),
                name="study_doi_lower_case",
                violation_error_message="DOI must be stored in lower case.",
            ),
            models.CheckConstraint(
                condition=Q(pmid="") | Q(pmid__regex=r"^[1-9][0-9]{0,9}$"),
                name="study_pmid_digits",
                violation_error_message="PMID must be digits only.",
            ),
            models.CheckConstraint(
                condition=Q(pmcid="") | Q(pmcid__regex=r"^PMC[0-9]+$"),
                name="study_pmcid_format",
                violation_error_message="PMCID must be 'PMC' followed by digits.",
            ),
            choice_constraint(
                field="source_kind", choices=c.SOURCE_KINDS, name="study_source_kind_valid"
            ),
            choice_constraint(
                field="design_code", choices=c.DESIGN_CODES, name="study_design_code_valid"
            ),
            choice_constraint(
                field="route_code", choices=c.ROUTES, name="study_route_code_valid", blank=True
            ),
            choice_constraint(
                field="topic_source", choices=c.TOPIC_SOURCES, name="study_topic_source_valid"
            ),
            choice_constraint(
                field="standing", choices=c.STANDINGS, name="study_standing_valid", blank=True
            ),
            choice_constraint(field="finding", choices=c.FINDINGS, name="study_finding_valid"),
        ]
        indexes = [
            models.Index(fields=["design_code", "year"]),
            models.Index(fields=["source_kind", "year"]),
            # The API's orderings (`?ordering=title`), ties broken by the id: a page reads
            # its rows off one of these, not a sort of every study. Descending orders of a
            # column that may be empty (NULLS LAST) have PostgreSQL-only indexes
            # (migration 0016).
            models.Index(fields=["title", "id"], name="study_title"),
            models.Index(fields=["year", "id"], name="study_year"),
            models.Index(fields=["n", "id"], name="study_n"),
            models.Index(fields=["created_at", "id"], name="study_created"),
            models.Index(fields=["updated_at", "id"], name="study_updated"),
            # PostgreSQL also has study_map_order (migration 0011), the evidence map's
            # largest studies of a design in order: SQLite cannot index NULLS LAST.
        ]

    def __str__(self):
        return f"{self.first_author_family or 'Anon.'} {self.year or 'n.d.'}: {self.title[:80]}"

    def clean(self):
        super().clean()
        # full_clean() runs no validator of a blank field whose value is "empty", and to a
        # JSON field null, "" and {} are: a field that keeps a list must hold one all the
        # same (null was an IntegrityError, {} a record no page could show).
        errors = {}
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if not isinstance(field, models.JSONField) or isinstance(value, list):
                continue
            if value in field.empty_values:
                try:
                    for validate in field.validators:
                        validate(value)
                except ValidationError as error:
                    errors[field.name] = error.messages
        if errors:
            raise ValidationError(errors)

    @property
    def retracted(self):
        """Retracted, withdrawn or removed: no longer evidence of anything."""
        return self.standing in RETRACTED_STANDINGS

    @property
    def first_author_family(self):
        # Also on a form being corrected, whose authors may not be a list of names yet.
        first = self.authors[0] if isinstance(self.authors, list) and self.authors else None
        if not isinstance(first, dict):
            return ""
        return first.get("family") or first.get("literal") or ""

    @property
    def short_label(self):
        """'Dakwar et al. 2019' style label for lists (see studies.labels)."""
        return work_label(
            authors=self.authors, year=self.year, container_title=self.container_title,
            title=self.title,
        )


class StudyMatchKey(models.Model):
    """One blocking key of a study (studies.references.matching.record_keys): the reference
    matcher's index, kept in the database so that every process shares it, a new study is
    matchable as soon as it is saved, and nothing is built in memory before a first check.
    Rewritten whenever a study is saved (studies.library.match_index)."""

    study = models.ForeignKey(
        Study,
        on_delete=models.CASCADE,
        related_name="match_keys",
        help_text="The study found under this key.",
    )
    key = models.CharField(
        max_length=300,
        help_text=(
            "A blocking key: 'doi:…', 'pmid:…', 'pmcid:…', 'url:…', a title word or pair "
            "('t:…'), first author ('f:…'), first author and year ('fy:…'), journal initials "
            "and year ('jy:…'), volume and first page ('vp:…')."
        ),
    )

    class Meta:
        constraints = [
            # Also the index that reads a key's postings in study order, without a sort.
            models.UniqueConstraint(fields=["key", "study"], name="match_key_unique"),
        ]

    def __str__(self):
        return f"{self.key} -> study {self.study_id}"


class StudyMatchRecord(models.Model):
    """A study's bibliographic record and its comparison keys as the reference matcher reads
    them (studies.references.packed), computed when the study is saved rather than for every
    reference it is a candidate for. Kept with StudyMatchKey by studies.library.match_index."""

    study = models.OneToOneField(
        Study,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="match_record",
        help_text="The study this is the record of.",
    )
    packer = models.CharField(
        max_length=16,
        help_text=(
            "The version of the code that packed it: a record packed by other code is not "
            "read (it is computed from the study's fields instead)."
        ),
    )
    packed = models.TextField(help_text="The record and its comparison keys, as JSON.")

    def __str__(self):
        return f"match record of study {self.study_id}"


class StudyMatchKeyCount(models.Model):
    """How many studies a blocking key leads to: what tells a rare title word (worth
    retrieving candidates by) from a common one, read without reading its postings. Kept
    with StudyMatchKey by studies.library.match_index."""

    key = models.CharField(
        max_length=300, primary_key=True, help_text="A blocking key (see StudyMatchKey.key)."
    )
    studies = models.PositiveIntegerField(help_text="The number of studies under this key.")

    def __str__(self):
        return f"{self.key}: {self.studies}"


class EvidenceMapCount(models.Model):
    """How many research studies fall in one cell of the evidence map (substance × design ×
    finding): what the home page and the map draw, read without counting the library. Kept
    current on every write of a study by studies.library.map_counts."""

    substance = models.CharField(
        max_length=32,
        blank=True,
        help_text="The substance's code; empty for the studies that name no substance.",
    )
    design_code = models.CharField(max_length=40, help_text="The studies' normalised design.")
    finding = models.CharField(max_length=16, help_text="What the studies found (Study.finding).")
    studies = models.PositiveIntegerField(
        help_text="The number of studies in the cell; a study naming two substances is in two cells."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["substance", "design_code", "finding"], name="evidence_map_count_unique"
            ),
        ]

    def __str__(self):
        return f"{self.substance or '-'} × {self.design_code} × {self.finding}: {self.studies}"


class EvidenceMapTotal(models.Model):
    """How many research studies found each finding, each study once (a study in two
    cells of the map counts once here). Kept with EvidenceMapCount."""

    finding = models.CharField(max_length=16, primary_key=True, help_text="Study.finding.")
    studies = models.PositiveIntegerField(help_text="The number of research studies with it.")

    def __str__(self):
        return f"{self.finding}: {self.studies}"


class Outcome(models.Model):
    study = models.ForeignKey(
        Study,
        on_delete=models.CASCADE,
        related_name="outcomes",
        help_text="The study that measured this outcome.",
    )
    version = editor_version()
    measure = models.CharField(max_length=300, help_text="What was measured.")
    time_point = models.CharField(max_length=120, blank=True, help_text="When it was measured.")
    arms = models.JSONField(
        default=list,
        blank=True,
        help_text='Values per arm as reported: [{"label": ..., "value": ..., "n": ...}].',
    )
    effect_measure = models.CharField(
        max_length=20, choices=c.EFFECT_MEASURES, blank=True, help_text="Kind of effect estimate."
    )
    estimate = models.FloatField(
        null=True,
        blank=True,
        help_text="Effect estimate as reported; a ratio (OR, RR, HR) is above zero.",
    )
    ci_low = models.FloatField(null=True, blank=True, help_text="Lower bound of the 95% CI.")
    ci_high = models.FloatField(null=True, blank=True, help_text="Upper bound of the 95% CI.")
    p_value = models.FloatField(
        null=True,
        blank=True,
        validators=within(0, 1, P_VALUE_RANGE),
        help_text="p-value (or its upper bound when reported as p<x).",
    )
    p_value_text = models.CharField(
        max_length=40, blank=True, help_text="p-value as reported, e.g. '<0.01'."
    )
    direction = models.CharField(
        max_length=24,
        choices=c.DIRECTIONS,
        blank=True,
        help_text="Which group the result favours, as the record says; empty when not stated.",
    )
    primary = models.BooleanField(default=False, help_text="Is this a primary outcome?")
    source_text = models.TextField(
        blank=True, help_text="The words of the record this row was taken from."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order of the row among its study's outcomes."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["study", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True)
                | Q(ci_high__isnull=True)
                | Q(ci_low__lte=F("ci_high")),
                name="outcome_ci_ordered",
                violation_error_message="The CI's lower bound must not exceed its upper bound.",
            ),
            models.CheckConstraint(
                condition=Q(estimate__isnull=True)
                | Q(ci_low__isnull=True)
                | Q(ci_high__isnull=True)
                | (Q(ci_low__lte=F("estimate")) & Q(ci_high__gte=F("estimate"))),
                name="outcome_estimate_within_ci",
                violation_error_message="The estimate must lie within its confidence interval.",
            ),
            models.CheckConstraint(
                condition=Q(p_value__isnull=True) | Q(p_value__gte=0, p_value__lte=1),
                name="outcome_p_value_range",
                violation_error_message=P_VALUE_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(estimate__isnull=False)
                | (Q(ci_low__isnull=True) & Q(ci_high__isnull=True)),
                name="outcome_ci_needs_estimate",
                violation_error_message="A confidence interval needs an estimate.",
            ),
            models.CheckConstraint(
                condition=~Q(effect_measure__in=sorted(c.RATIO_MEASURES))
                | (
                    (Q(estimate__isnull=True) | Q(estimate__gt=0))
                    & (Q(ci_low__isnull=True) | Q(ci_low__gt=0))
                    & (Q(ci_high__isnull=True) | Q(ci_high__gt=0))
                ),
                name="outcome_ratio_positive",
                violation_error_message=(
                    "A ratio (OR, RR, HR) and its confidence interval must be above zero."
                ),
            ),
            choice_constraint(
                field="effect_measure",
                choices=c.EFFECT_MEASURES,
                name="outcome_effect_measure_valid",
                blank=True,
            ),
            choice_constraint(
                field="direction", choices=c.DIRECTIONS, name="outcome_direction_valid", blank=True
            ),
        ]

    def __str__(self):
        return f"{self.measure} ({self.time_point})" if self.time_point else self.measure

    def clean(self):
        """Refuse what the study page and the forest plot cannot show truthfully: arms that
        are not a list of {label, value, n}, numbers that are not finite, and a ratio that is
        not above zero (it has no place on a log scale, and no meaning)."""
        super().clean()
        errors = {}
        arms_problem = arms_error(self.arms)
        if arms_problem:
            errors["arms"] = arms_problem
        for name in ("estimate", "ci_low", "ci_high", "p_value"):
            value = getattr(self, name)
            if value is not None and not _is_finite_number(value):
                errors[name] = "Must be a finite number."
        numbers = [getattr(self, name) for name in ("ci_low", "estimate", "ci_high")]
        finite = not {"estimate", "ci_low", "ci_high"} & set(errors)
        if finite and None not in numbers and numbers[0] <= numbers[2] and numbers != sorted(numbers):
            # An estimate outside its own interval is a typing slip (or two outcomes mixed):
            # the forest plot would draw a point off its line.
            low, estimate, high = numbers
            errors["estimate"] = (
                f"The estimate ({estimate:g}) lies outside its confidence interval ({low:g} to {high:g})."
            )
        if self.effect_measure in c.RATIO_MEASURES:
            for name in ("estimate", "ci_low", "ci_high"):
                value = getattr(self, name)
                if name not in errors and value is not None and value <= 0:
                    errors[name] = (
                        f"A ratio ({self.effect_measure}) and its confidence interval must be "
                        "above zero."
                    )
        if errors:
            raise ValidationError(errors)


ARM_KEYS = {"label", "value", "n"}


def _is_finite_number(value):
    if isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except TypeError:
        return False


def arms_error(arms):
    """Why `arms` is not a list of {"label": str, "value": str or null, "n": int or null}
    (label required, value and n optional), or None when it is."""
    if not isinstance(arms, list):
        return 'Arms must be a list of {"label": ..., "value": ..., "n": ...} objects.'
    for position, arm in enumerate(arms, 1):
        where = f"Arm {position}"
        if not isinstance(arm, dict):
            return f'{where} must be an object: {{"label": ..., "value": ..., "n": ...}}.'
        unknown = sorted(str(key) for key in arm if key not in ARM_KEYS)
        if unknown:
            return f"{where} has unknown key(s) {', '.join(unknown)}; allowed: label, value, n."
        if not isinstance(arm.get("label"), str) or not arm["label"].strip():
            return f"{where} needs a label (text)."
        if arm.get("value") is not None and not isinstance(arm["value"], str):
            return f'{where}: value must be text as reported (e.g. "65.8% (73/111)"), or null.'
        n = arm.get("n")
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
            return f"{where}: n must be a whole number of participants, or null."
    return None


class SettledFact(models.Model):
    """A background fact a reference source settles: the uses the product label approves,
    the effect of the drug on blood pressure, what the NMDA receptor is. Claims are checked
    against these as against studies (`claims.assessment.settled`)."""

    key = models.SlugField(max_length=80, unique=True, help_text="Stable key of the fact.")
    kind = models.CharField(
        max_length=20, choices=c.SETTLED_KINDS, help_text="What kind of fact it is."
    )
    subject = models.CharField(
        max_length=100, help_text='What the fact is about: "ketamine", "blood_pressure", "NMDA".'
    )
    value = models.CharField(
        max_length=200,
        help_text='What the source says of it: "anesthesia", "increase", "receptor", "1962".',
    )
    statement = models.TextField(help_text="The fact in plain words, as pages show it.")
    quote = models.TextField(help_text="The source's own words that settle it.")
    source_title = models.CharField(max_length=500, help_text="Title of the source page.")
    publisher = models.CharField(max_length=300, blank=True, help_text="Who publishes it.")
    year = models.PositiveIntegerField(null=True, blank=True, help_text="Year, if shown.")
    url = models.URLField(max_length=1000, help_text="Where the source can be read.")
    confirmed_from = models.JSONField(
        default=list, help_text="The pages the quote was read on (at least one)."
    )
    notes = models.TextField(blank=True, help_text="Caveats on the source.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        constraints = [
            choice_constraint(field="kind", choices=c.SETTLED_KINDS, name="settled_fact_kind_valid"),
            models.CheckConstraint(
                condition=~Q(quote=""),
                name="settled_fact_has_quote",
                violation_error_message="A settled fact needs the source's words.",
            ),
        ]

    def __str__(self):
        return self.statement

    def clean(self):
        super().clean()
        if not isinstance(self.confirmed_from, list) or not self.confirmed_from:
            raise ValidationError(
                {"confirmed_from": "List at least one page the quote was read on."}
            )

    @property
    def source_label(self):
        return f"{self.source_title} ({self.publisher})" if self.publisher else self.source_title


class StudyTotal(models.Model):
    """How many studies the library holds, kept by database triggers on PostgreSQL (migration
    0013): every INSERT, DELETE and TRUNCATE of studies, by the application, a bulk insert or
    SQL, moves it in the same transaction. An unfiltered list of studies reads it instead of
    counting 100,000 rows on each request. SQLite counts (`studies.selectors.library_size`)."""

    id = models.PositiveSmallIntegerField(
        primary_key=True, default=1, help_text="Always 1: the library has one total."
    )
    studies = models.BigIntegerField(help_text="The number of studies.")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="study_total_single_row"),
            models.CheckConstraint(condition=models.Q(studies__gte=0), name="study_total_not_negative"),
        ]

    def __str__(self):
        return f"{self.studies} studies"
