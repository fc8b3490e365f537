"""The assertions: what articles claim, the citations they give, and the judgements on both."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When

from claims import constants as c
from claims.texts import content_hash
from core.db import choice_constraint, editor_version
from core.history import HistoricalRecords
from studies.constants import MATCH_METHODS
from studies.models import Study, Substance


def validate_has_text(value):
    """Text that is more than whitespace. The API and the admin keep a quote and a captured
    text verbatim, untrimmed, so a blank one is not caught as empty: a claim quoting one
    space asserts nothing, and an article of spaces has nothing to quote."""
    if isinstance(value, str) and not value.strip():
        raise ValidationError("This cannot be only whitespace.", code="blank")


class SourceArticle(models.Model):
    key = models.SlugField(max_length=80, unique=True, help_text="Stable short key.")
    title = models.CharField(
        max_length=400, help_text="Title as the article shows it (or its first heading)."
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Publisher or site, as the text shows it."
    )
    author = models.CharField(max_length=200, blank=True, help_text="Empty when not shown.")
    url = models.URLField(max_length=500, blank=True, help_text="Empty when not known.")
    published_on = models.DateField(null=True, blank=True, help_text="Empty when not known.")
    captured_text = models.TextField(
        validators=[validate_has_text], help_text="The article's text, verbatim as captured."
    )
    captured_at = models.DateTimeField(
        null=True, blank=True, help_text="When the text was captured; empty when not recorded."
    )
    # Derived from the text on clean() and save(); the check constraint keeps it a digest.
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,  # intake looks an article up by its text
        help_text="SHA-256 of the captured text, to notice a changed capture.",
    )
    version = editor_version()
    source_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text=(
            "SHA-256 of the original bytes the text was captured from (the uploaded file, "
            "the fetched page, or the pasted text as UTF-8); empty for an article added "
            "without intake."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the row was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the row was last changed.")
    verified_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=(
            "When verification last checked every citation and claim of this article; empty "
            "when it never has. A bulk run resumes with the articles verified before it began."
        ),
    )

    # When verification ran is bookkeeping, not a change to the article.
    history = HistoricalRecords(excluded_fields=["verified_at"])

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="article_content_hash_sha256",
                violation_error_message="content_hash must be a SHA-256 hex digest.",
            ),
            models.CheckConstraint(
                condition=Q(source_hash="") | Q(source_hash__regex=r"^[0-9a-f]{64}$"),
                name="article_source_hash_sha256",
                violation_error_message="source_hash must be empty or a SHA-256 hex digest.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The hash always describes the text as saved, whoever edits it.
        self.content_hash = content_hash(self.captured_text)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # Before full_clean checks the constraint on the hash's form.
        self.content_hash = content_hash(self.captured_text or "")


class VerificationRun(models.Model):
    """One `verify --all`: which articles it still has to verify are those verified before it
    began, so an interrupted run resumes where it stopped."""

    started_at = models.DateTimeField(help_text="When the run began.")
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="When its last article was verified; empty until then."
    )
    articles = models.PositiveIntegerField(help_text="Articles it set out to verify.")
    on_workers = models.BooleanField(
        default=False, help_text="Sent to the Celery workers in chunks, not run in one process."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="verification_run_finishes_after_it_starts",
            ),
        ]

    def __str__(self):
        state = "finished" if self.finished_at else "unfinished"
        return f"verification run {self.pk} of {self.started_at:%Y-%m-%d %H:%M} ({state})"


class Claim(models.Model):
    article = models.ForeignKey(
        SourceArticle,
        on_delete=models.CASCADE,
        related_name="claims",
        db_index=False,  # the indexes below that start with the article serve its lookups
        help_text="The article that makes the claim.",
    )
    key = models.SlugField(
        max_length=80, db_index=False, help_text="Stable key within the article."
    )
    quote = models.TextField(
        validators=[validate_has_text],
        help_text="The assertion, quoted verbatim from the captured text.",
    )
    start = models.PositiveIntegerField(help_text="Offset of the quote in the captured text.")
    end = models.PositiveIntegerField(help_text="Offset just past the quote's last character.")
    claim_type = models.CharField(
        max_length=20,
        choices=c.CLAIM_TYPES,
        help_text="What kind of assertion this is.",
    )
    substances = models.ManyToManyField(
        Substance,
        blank=True,
        related_name="claims",
        help_text="Substances of use the claim is about.",
    )
    wording = models.CharField(
        max_length=12,
        choices=c.WORDING,
        help_text="Hedged ('may help') or categorical ('is the most effective').",
    )
    # Effective verdict: the editor's override where there is one, else the computed one.
    verdict = models.CharField(
        max_length=20,
        choices=c.VERDICTS,
        default="not_assessed",
        help_text="Effective verdict: the editor's override where there is one, else the computed one.",
    )
    certainty = models.CharField(
        max_length=10, choices=c.CERTAINTIES, blank=True, help_text="GRADE certainty."
    )
    rationale = models.TextField(blank=True, help_text="Why the verdict, in words.")
    computed_verdict = models.CharField(
        max_length=20,
        choices=c.VERDICTS,
        default="not_assessed",
        help_text="Verdict computed from the evidence links, statuses and flags.",
    )
    computed_certainty = models.CharField(
        max_length=10,
        choices=c.CERTAINTIES,
        blank=True,
        help_text="GRADE certainty computed with the verdict.",
    )
    computed_rationale = models.TextField(
        blank=True, help_text="Why the computed verdict, in words."
    )
    computed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the verdict was last computed."
    )
    override_verdict = models.CharField(
        max_length=20, choices=c.VERDICTS, blank=True, help_text="An editor's verdict, if any."
    )
    override_certainty = models.CharField(
        max_length=10,
        choices=c.CERTAINTIES,
        blank=True,
        help_text="An editor's GRADE certainty, with the override.",
    )
    override_rationale = models.TextField(
        blank=True, help_text="Why the editor overrode the computed verdict."
    )
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The editor who set the override; empty for the curated corpus.",
    )
    overridden_at = models.DateTimeField(
        null=True, blank=True, help_text="When the override was set; empty when not recorded."
    )
    # Two answers (claims.assessment): what the article gives for the claim (sourcing), and
    # what the library's evidence says of it, cited or not (accuracy).
    sourcing = models.CharField(
        max_length=30,
        choices=c.SOURCING,
        default="not_checked",
        help_text="What the article gives for the claim; not a judgement of its truth.",
    )
    sourcing_rationale = models.TextField(blank=True, help_text="The sourcing, in words.")
    scope = models.CharField(
        max_length=10,
        choices=c.SCOPES,
        default="world",
        help_text="Whether the claim reports what a study found or speaks of the world.",
    )
    accuracy = models.CharField(
        max_length=20,
        choices=c.ACCURACY,
        default="not_assessed",
        help_text="Effective accuracy: the editor's override read as a rating where there is "
        "one, else the computed one.",
    )
    accuracy_certainty = models.CharField(
        max_length=10,
        choices=c.CERTAINTIES,
        blank=True,
        help_text="GRADE certainty of the evidence behind the accuracy rating.",
    )
    accuracy_rationale = models.TextField(blank=True, help_text="Why the accuracy, in words.")
    computed_accuracy = models.CharField(
        max_length=20,
        choices=c.ACCURACY,
        default="not_assessed",
        help_text="The machine's accuracy rating from the library's evidence.",
    )
    computed_accuracy_certainty = models.CharField(
        max_length=10,
        choices=c.CERTAINTIES,
        blank=True,
        help_text="GRADE certainty computed with the accuracy rating.",
    )
    computed_accuracy_rationale = models.TextField(
        blank=True, help_text="Why the machine's accuracy rating, in words."
    )
    omitted_evidence = models.JSONField(
        default=list,
        blank=True,
        help_text="Library studies that bear on the claim and that the article does not cite: "
        'a list of {"study": id, "label", "stance", "reason"}.',
    )
    version = editor_version()
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the row was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the row was last changed.")
    # Full-text search on PostgreSQL (claims.selectors.search_claims): quote (weight A),
    # article title (B), rationale (C). Written by database triggers (migration 0004), not
    # by Django, so every write keeps it right, including renaming the article, updates and
    # bulk inserts that bypass save(). Always empty on SQLite, which searches by substring.
    search_vector = SearchVectorField(null=True, editable=False)

    # The vector is derived from the other fields: a copy in every history row would only
    # be stale bytes.
    # History is read one row's history at a time (by id and date): its other columns are
    # kept, not searched, and an index on them would cost every verification that changes
    # the claim one more write. The same holds for the other histories below.
    history = HistoricalRecords(
        m2m_fields=[substances],
        excluded_fields=["search_vector"],
        no_db_index=["article", "overridden_by"],
    )

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            choice_constraint(
                field="claim_type", choices=c.CLAIM_TYPES, name="claim_claim_type_valid"
            ),
            choice_constraint(field="wording", choices=c.WORDING, name="claim_wording_valid"),
            choice_constraint(field="verdict", choices=c.VERDICTS, name="claim_verdict_valid"),
            choice_constraint(
                field="computed_verdict", choices=c.VERDICTS, name="claim_computed_verdict_valid"
            ),
            choice_constraint(
                field="override_verdict",
                choices=c.VERDICTS,
                name="claim_override_verdict_valid",
                blank=True,
            ),
            choice_constraint(
                field="certainty", choices=c.CERTAINTIES, name="claim_certainty_valid", blank=True
            ),
            choice_constraint(
                field="computed_certainty",
                choices=c.CERTAINTIES,
                name="claim_computed_certainty_valid",
                blank=True,
            ),
            choice_constraint(
                field="override_certainty",
                choices=c.CERTAINTIES,
                name="claim_override_certainty_valid",
                blank=True,
            ),
            choice_constraint(field="sourcing", choices=c.SOURCING, name="claim_sourcing_valid"),
            choice_constraint(field="scope", choices=c.SCOPES, name="claim_scope_valid"),
            choice_constraint(field="accuracy", choices=c.ACCURACY, name="claim_accuracy_valid"),
            choice_constraint(
                field="computed_accuracy", choices=c.ACCURACY, name="claim_computed_accuracy_valid"
            ),
            choice_constraint(
                field="accuracy_certainty",
                choices=c.CERTAINTIES,
                name="claim_accuracy_certainty_valid",
                blank=True,
            ),
            choice_constraint(
                field="computed_accuracy_certainty",
                choices=c.CERTAINTIES,
                name="claim_computed_accuracy_certainty_valid",
                blank=True,
            ),
            models.UniqueConstraint(fields=["article", "key"], name="claim_unique_key"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="claim_span_not_empty",
                violation_error_message="A claim's span must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(override_verdict="") | Q(verdict=F("override_verdict")),
                name="claim_verdict_follows_override",
                violation_error_message="The verdict must be the editor's override when one is set.",
            ),
            models.CheckConstraint(
                condition=~Q(override_verdict="") | Q(verdict=F("computed_verdict")),
                name="claim_verdict_follows_computation",
                violation_error_message="Without an override the verdict is the computed one.",
            ),
        ]
        # Plain b-trees: the choice columns are compared whole, never with LIKE, so they need
        # none of the pattern indexes PostgreSQL gets for an indexed text column; each index
        # is one more write for every claim a verification changes. The id after a choice
        # serves the API's cursor pages in that order (`?ordering=verdict`) as well as the
        # filter on it.
        indexes = [
            models.Index(fields=["article", "verdict"]),
            models.Index(fields=["article", "start", "id"], name="claim_article_start"),
            models.Index(fields=["claim_type", "id"], name="claim_claim_type"),
            models.Index(fields=["verdict", "id"], name="claim_verdict"),
            models.Index(fields=["accuracy"], name="claim_accuracy"),
            # The API's other orderings (`?ordering=-updated_at`): a cursor page reads the
            # first rows off one of these, not a sort of every claim.
            models.Index(fields=["start", "id"], name="claim_start"),
            models.Index(fields=["created_at", "id"], name="claim_created"),
            models.Index(fields=["updated_at", "id"], name="claim_updated"),
        ]

    def __str__(self):
        return self.quote[:80]

    def save(self, *args, **kwargs):
        # The span is checked on every save: a quote that drifts from its text is worthless.
        self.check_span()
        self.derive_verdict()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.check_span()
        # Before full_clean checks the constraints that tie the verdict to its sources.
        self.derive_verdict()

    def derive_verdict(self):
        """The effective verdict: the editor's override where there is one, else computed."""
        if self.override_verdict:
            self.verdict = self.override_verdict
            # The editor's certainty goes with the editor's verdict; the computed one was
            # for another verdict (and "not assessed" has none).
            self.certainty = self.override_certainty
            self.rationale = self.override_rationale
        else:
            self.verdict = self.computed_verdict
            self.certainty = self.computed_certainty
            self.rationale = self.computed_rationale
        # An editor's verdict is a judgement of the evidence: it stands for the accuracy too
        # (c.VERDICT_ACCURACY); the machine's own rating stays in computed_accuracy.
        if self.override_verdict:
            self.accuracy = c.VERDICT_ACCURACY[self.override_verdict]
            self.accuracy_certainty = self.override_certainty
            self.accuracy_rationale = self.override_rationale
        else:
            self.accuracy = self.computed_accuracy
            self.accuracy_certainty = self.computed_accuracy_certainty
            self.accuracy_rationale = self.computed_accuracy_rationale

    def check_span(self):
        text = self.article.captured_text if self.article_id else ""
        if self.start is None or self.end is None or text[self.start : self.end] != self.quote:
            raise ValidationError(
                {
                    "quote": f"The span {self.start}-{self.end} does not match the quote in the article's text."
                }
            )

    @property
    def is_overridden(self):
        return bool(self.override_verdict)


# The statuses the flagged citations page lists, in the order of CITATION_STATUSES.
FLAGGED_STATUSES = [code for code, _ in c.CITATION_STATUSES if code != "verified"]


def flagged_rank() -> Case:
    """A citation's place in the flagged citations list: its status's place in
    FLAGGED_STATUSES, verified (never listed) last. One expression for the index below and
    the list's ORDER BY and filter: PostgreSQL reads an index on an expression only for that
    very expression."""
    return Case(
        *(When(status=code, then=Value(i)) for i, code in enumerate(FLAGGED_STATUSES)),
        default=Value(len(FLAGGED_STATUSES)),
        output_field=IntegerField(),
    )


class Citation(models.Model):
    article = models.ForeignKey(
        SourceArticle,
        on_delete=models.CASCADE,
        related_name="citations",
        db_index=False,  # the indexes below that start with the article serve its lookups
        help_text="The article that gives this reference.",
    )
    key = models.SlugField(
        max_length=80, db_index=False, help_text="Stable key within the article."
    )
    marker = models.CharField(
        max_length=20, blank=True, help_text="Marker as written, e.g. '[1]', '1.', '(2)'."
    )
    raw_text = models.TextField(help_text="The reference as written in the article.")
    location = models.CharField(
        max_length=20,
        choices=c.CITATION_LOCATIONS,
        help_text="Where in the article the reference stands.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the article.")
    parsed = models.JSONField(
        default=dict, blank=True, help_text="Fields parsed from the raw text."
    )
    study = models.ForeignKey(
        Study,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citations",
        help_text="The study this citation really is, when one is found.",
    )
    editor_study = models.ForeignKey(
        Study,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editor_citations",
        help_text="The study an editor identified (kept across re-verification).",
    )
    editor_note = models.TextField(
        blank=True,
        help_text="An editor's note on how the work was identified, or why none could be.",
    )
    match_method = models.CharField(
        max_length=16,
        choices=MATCH_METHODS,
        blank=True,
        help_text="How the study was matched: by identifier, by fields, by the name of its trial or by an editor.",
    )
    match_confidence = models.FloatField(
        null=True, blank=True, help_text="Confidence of the match, 0 to 1."
    )
    status = models.CharField(
        max_length=24,
        choices=c.CITATION_STATUSES,
        default="unchecked",
        help_text="Outcome of reference checking (see the statuses in the README).",
    )
    status_reason = models.TextField(blank=True, help_text="Why this status, in words.")
    discrepancies = models.JSONField(
        default=list,
        blank=True,
        help_text='Field-by-field differences: [{"field", "written", "canonical"}].',
    )
    evidence = models.JSONField(
        default=dict, blank=True, help_text="What the check found and searched."
    )
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text="When the citation was last checked."
    )
    registry_search = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "When the library held no match, the registries asked: {at, raw_hash, searched: "
            "[{registry, query, outcome}]}; empty when none was asked."
        ),
    )
    version = editor_version()
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the row was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the row was last changed.")

    # When the registries were asked moves with every search: not worth a history row.
    history = HistoricalRecords(
        excluded_fields=["registry_search"], no_db_index=["article", "study", "editor_study"]
    )

    class Meta:
        ordering = ["article", "position", "id"]
        constraints = [
            choice_constraint(
                field="location", choices=c.CITATION_LOCATIONS, name="citation_location_valid"
            ),
            choice_constraint(
                field="match_method",
                choices=MATCH_METHODS,
                name="citation_match_method_valid",
                blank=True,
            ),
            choice_constraint(
                field="status", choices=c.CITATION_STATUSES, name="citation_status_valid"
            ),
            models.UniqueConstraint(fields=["article", "key"], name="citation_unique_key"),
            models.CheckConstraint(
                condition=Q(match_confidence__isnull=True)
                | Q(match_confidence__gte=0, match_confidence__lte=1),
                name="citation_confidence_range",
                violation_error_message="Match confidence lies between 0 and 1.",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(study__isnull=False),
                name="citation_verified_has_study",
                violation_error_message="A verified citation must be matched to a study.",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "status"]),
            models.Index(fields=["status", "id"], name="citation_status"),  # filter, cursor order
            # The API's other orderings, as the claims' are.
            models.Index(fields=["position", "id"], name="citation_position"),
            models.Index(fields=["created_at", "id"], name="citation_created"),
            models.Index(fields=["updated_at", "id"], name="citation_updated"),
            # The flagged citations in the order they are listed, status by status: a page of
            # them reads its rows off this index, however many there are. Verified citations
            # rank last, so the list stops before them. Not a partial index without them:
            # PostgreSQL keeps no statistics on a partial index's expression, and would then
            # misjudge how many rows one status has.
            models.Index(
                flagged_rank(), F("article"), F("position"), F("id"), name="citation_flagged_order"
            ),
        ]

    def __str__(self):
        return f"{self.marker} {self.raw_text[:80]}".strip()


class ClaimCitation(models.Model):
    claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="links",
        db_index=False,  # link_unique_pair, which starts with the claim, serves its lookups
        help_text="The claim that leans on the citation.",
    )
    citation = models.ForeignKey(
        Citation,
        on_delete=models.CASCADE,
        related_name="links",
        help_text="The citation the claim leans on.",
    )
    reliance = models.CharField(
        max_length=20, choices=c.RELIANCE, help_text="How the claim leans on the citation."
    )
    stance = models.CharField(
        max_length=12,
        choices=c.STANCES,
        blank=True,
        help_text="Editor's judgement of what the cited study says about the claim.",
    )
    misfit_reasons = models.JSONField(
        default=list, blank=True, help_text="Codes of why the study does not fit the claim."
    )
    rationale = models.TextField(blank=True, help_text="The study fact the judgement rests on.")
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The editor who judged the link; empty for the curated corpus.",
    )
    judged_at = models.DateTimeField(
        null=True, blank=True, help_text="When the link was judged; empty when not recorded."
    )
    machine_stance = models.CharField(
        max_length=12,
        choices=c.STANCES,
        blank=True,
        help_text=(
            "The machine's judgement of what the cited study's record says about the claim; "
            "empty when the record cannot tell. An editor's stance, when given, prevails."
        ),
    )
    machine_misfit_reasons = models.JSONField(
        default=list,
        blank=True,
        help_text="Codes of how the study differs from the claim, as the machine found them.",
    )
    machine_rationale = models.TextField(
        blank=True, help_text="The study facts the machine's judgement rests on, in words."
    )

    history = HistoricalRecords(no_db_index=["claim", "citation", "judged_by"])

    version = editor_version()

    class Meta:
        ordering = ["claim", "citation__position"]
        verbose_name = "claim citation link"
        constraints = [
            choice_constraint(field="reliance", choices=c.RELIANCE, name="link_reliance_valid"),
            choice_constraint(
                field="stance", choices=c.STANCES, name="link_stance_valid", blank=True
            ),
            choice_constraint(
                field="machine_stance",
                choices=c.STANCES,
                name="link_machine_stance_valid",
                blank=True,
            ),
            models.UniqueConstraint(fields=["claim", "citation"], name="link_unique_pair"),
        ]

    def __str__(self):
        return f"{self.claim} → {self.citation}"

    def clean(self):
        super().clean()
        if self.claim_id and self.citation_id and self.claim.article_id != self.citation.article_id:
            raise ValidationError("A claim can only lean on a citation of its own article.")
        known = {code for code, _ in c.MISFIT_REASONS}
        unknown = [r for r in self.misfit_reasons or [] if r not in known]
        if unknown:
            raise ValidationError(
                {"misfit_reasons": f"Unknown misfit reasons: {', '.join(unknown)}."}
            )


class Flag(models.Model):
    # A flag's claim and citation are looked up through the two unique indexes below, which
    # start with them (a lookup of a claim or citation implies that it is not null).
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="flags",
        help_text="The claim flagged, when the flag is on a claim.",
    )
    citation = models.ForeignKey(
        Citation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="flags",
        help_text="The citation flagged, when the flag is on a citation.",
    )
    code = models.CharField(
        max_length=40, choices=c.FLAG_CODES, help_text="What was found."
    )
    severity = models.CharField(
        max_length=10, choices=c.SEVERITIES, help_text="How much the finding weakens the evidence."
    )
    message = models.TextField(help_text="The finding, in words.")
    evidence = models.JSONField(default=dict, blank=True, help_text="What the finding rests on.")
    evidence_hash = models.CharField(
        max_length=64,
        help_text="Hash of the evidence: a dismissed flag stays dismissed until this changes.",
    )
    rule = models.CharField(max_length=60, help_text="The rule that raised the flag.")
    rule_version = models.PositiveSmallIntegerField(
        default=1, help_text="Version of the rule, bumped whenever its logic changes."
    )
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The editor who dismissed the flag.",
    )
    dismissed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the flag was dismissed; empty while it stands."
    )
    dismissed_reason = models.TextField(blank=True, help_text="Why the editor dismissed the flag.")
    created_at = models.DateTimeField(
        auto_now_add=True, help_text="When the flag was first raised."
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When the flag was last changed.")

    history = HistoricalRecords(no_db_index=["claim", "citation", "dismissed_by"])

    class Meta:
        # Most severe first: the codes' alphabetical order is not their order of gravity.
        ordering = [
            Case(
                *[When(severity=code, then=rank) for rank, (code, _) in enumerate(c.SEVERITIES)],
                default=len(c.SEVERITIES),
            ).desc(),
            "code",
        ]
        constraints = [
            choice_constraint(field="code", choices=c.FLAG_CODES, name="flag_code_valid"),
            choice_constraint(field="severity", choices=c.SEVERITIES, name="flag_severity_valid"),
            models.CheckConstraint(
                condition=(Q(claim__isnull=False) & Q(citation__isnull=True))
                | (Q(claim__isnull=True) & Q(citation__isnull=False)),
                name="flag_has_one_target",
                violation_error_message="A flag belongs to exactly one claim or one citation.",
            ),
            models.UniqueConstraint(
                fields=["claim", "code"],
                condition=Q(claim__isnull=False),
                name="flag_unique_claim_code",
            ),
            models.UniqueConstraint(
                fields=["citation", "code"],
                condition=Q(citation__isnull=False),
                name="flag_unique_citation_code",
            ),
            models.CheckConstraint(
                condition=Q(dismissed_at__isnull=True) | ~Q(dismissed_reason=""),
                name="flag_dismissal_has_reason",
                violation_error_message="Dismissing a flag needs a reason.",
            ),
        ]
        indexes = [
            models.Index(fields=["code", "id"], name="flag_code"),  # filter, cursor order
            # The API's other orderings, as the claims' are.
            models.Index(fields=["severity", "id"], name="flag_severity"),
            models.Index(fields=["created_at", "id"], name="flag_created"),
            models.Index(fields=["updated_at", "id"], name="flag_updated"),
        ]

    def __str__(self):
        return f"{self.get_code_display()}: {self.message[:60]}"

    @property
    def is_dismissed(self):
        return self.dismissed_at is not None


class ClaimReading(models.Model):
    """What a claim's words state, as verification last read them (`claims.assessment.stored`):
    read back while the words, their paragraph and the reader are the same, instead of read
    again. Derived, never edited, so it keeps no history; a claim's own row stays as it was."""

    claim = models.OneToOneField(
        Claim,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reading",
        help_text="The claim whose words were read.",
    )
    key = models.CharField(
        max_length=32,
        help_text="Hash of the reader, the quote and its paragraph the facts were read from.",
    )
    facts = models.JSONField(
        help_text="The facts read (claims.assessment.stored.as_json): substances, routes, "
        "designs, numbers, durations, outcomes and the rest."
    )

    def __str__(self):
        return f"reading of claim {self.claim_id}"
