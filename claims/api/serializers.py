"""Serializers for the assertions: articles, claims, citations, claim-citation links, flags.

Reads nest what a client needs to judge a claim without further requests: a claim carries
its links, each link its citation's status, reason and discrepancies, each citation a
summary of the study it really is. Writes take ids, and are made by the editor services
(`claims.editing`): a write serializer reads the request, its `create` and `update` hand the
values to the service, whose refusals come back as 400s naming the field
(`core.api.exception_handler`). Computed fields (verdicts, statuses, spans' hashes) are
read-only: they change through verification.
"""


from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from claims import constants as c
from claims.editing import articles, citations, links
from claims.editing import claims as claim_edits
from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from core.api import (
    ApiUrlField,
    EditorWriteSerializer,
    FastReadMixin,
    ListingChoiceField,
    ListingSlugRelatedField,
    PageUrlField,
)
from studies.api.serializers import StudySummarySerializer, SubstanceCodesField
from studies.models import Study, Substance

# --- Articles -------------------------------------------------------------------------------


class ArticleSummarySerializer(FastReadMixin, serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:sourcearticle-detail")

    class Meta:
        model = SourceArticle
        fields = ["id", "api_url", "key", "title", "publisher"]
        read_only_fields = fields


ARTICLE_LIST_FIELDS = [
    "id", "api_url", "page_url", "key", "title", "publisher", "author", "url", "published_on",
    "captured_at", "content_hash", "updated_at", "version",
]


@extend_schema_serializer(component_name="ArticleListItem")
class ArticleListSerializer(FastReadMixin, serializers.ModelSerializer):
    """An article without its text, which can be long: fetch one article for that."""

    api_url = ApiUrlField(view_name="api:sourcearticle-detail")
    page_url = PageUrlField(view_name="article_detail")

    class Meta:
        model = SourceArticle
        fields = ARTICLE_LIST_FIELDS
        read_only_fields = fields


class ArticleSerializer(EditorWriteSerializer):
    """An article with its captured text. The content hash is computed from the text; a new
    text must still hold every claim's quote (claims.editing.articles). The text is kept
    verbatim: claims' spans count its characters, leading and trailing ones included."""

    api_url = ApiUrlField(view_name="api:sourcearticle-detail")
    page_url = PageUrlField(view_name="article_detail")
    captured_at = serializers.DateTimeField(
        required=False,
        allow_null=True,  # an article curated as a file may not say when it was captured
        help_text="When the text was captured; now if not given, null when not recorded.",
    )

    class Meta:
        model = SourceArticle
        fields = [*ARTICLE_LIST_FIELDS, "captured_text"]
        read_only_fields = ["content_hash", "updated_at", "version"]
        extra_kwargs = {"captured_text": {"trim_whitespace": False}}

    def create(self, data):
        return articles.create_article(user=self.user, **data)

    def update(self, article, data):
        return articles.update_article(
            article_id=article.pk, user=self.user, version=self.version, **data
        )


class FixedArticleMixin:
    """For claims and citations, which belong to their article for good: a claim's span
    points into that article's text, and its links may only lean on citations of the same
    article. The article is chosen when the row is added; a write naming another one is
    refused (naming the same one is fine, as a full update does)."""

    def validate_article(self, article):
        if self.instance is not None and article.pk != self.instance.article_id:
            noun = self.Meta.model._meta.verbose_name
            raise serializers.ValidationError(
                f"A {noun} cannot move to another article; add a new {noun} to that article instead."
            )
        return article


# --- Citations ------------------------------------------------------------------------------


class CitationSummarySerializer(FastReadMixin, serializers.ModelSerializer):
    """A citation as a claim shows it: what was written, its status and why."""

    api_url = ApiUrlField(view_name="api:citation-detail")
    study = StudySummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Citation
        fields = [
            "id", "api_url", "key", "marker", "raw_text", "location", "status",
            "status_reason", "discrepancies", "match_method", "match_confidence", "study",
        ]
        read_only_fields = fields


class ClaimSummarySerializer(FastReadMixin, serializers.ModelSerializer):
    """A claim as other resources show it: its quote, and where to read it."""

    api_url = ApiUrlField(view_name="api:claim-detail")
    page_url = PageUrlField(view_name="claim_detail")

    class Meta:
        model = Claim
        fields = ["id", "api_url", "page_url", "key", "quote"]
        read_only_fields = fields


class FlagSummarySerializer(FastReadMixin, serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:flag-detail")
    dismissed = serializers.BooleanField(source="is_dismissed", read_only=True)

    class Meta:
        model = Flag
        fields = ["id", "api_url", "code", "severity", "message", "dismissed"]
        read_only_fields = fields


class CitationSerializer(FastReadMixin, serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:citation-detail")
    article = ArticleSummarySerializer(read_only=True)
    study = StudySummarySerializer(read_only=True, allow_null=True)
    # Read from the list claims.api.queries prefetches.
    flags = FlagSummarySerializer(source="prefetched_flags", many=True, read_only=True)

    class Meta:
        model = Citation
        fields = [
            "id", "api_url", "article", "key", "marker", "raw_text", "location", "position",
            "parsed", "study", "editor_study", "match_method", "match_confidence", "status",
            "status_reason", "discrepancies", "evidence", "checked_at", "flags", "updated_at",
            "version",
        ]
        read_only_fields = fields


class CitationWriteSerializer(FixedArticleMixin, EditorWriteSerializer):
    """What an editor writes about a citation: the reference as the article gives it, and
    the study it is when the matcher could not tell (`editor_study`). Its article is
    chosen when it is added and cannot change."""

    editor_study = serializers.PrimaryKeyRelatedField(
        queryset=Study.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Citation
        fields = ["article", "key", "marker", "raw_text", "location", "position", "editor_study"]

    def _values(self, data):
        if "editor_study" in data:
            study = data.pop("editor_study")
            data["editor_study_id"] = study.pk if study else None
        data.pop("article", None)
        return data

    def create(self, data):
        article = data["article"]
        return citations.create_citation(
            user=self.user, article_id=article.pk, **self._values(dict(data))
        )

    def update(self, citation, data):
        return citations.update_citation(
            citation_id=citation.pk, user=self.user, version=self.version, **self._values(dict(data))
        )


# --- Links ----------------------------------------------------------------------------------


class MisfitReasonsField(serializers.ListField):
    child = ListingChoiceField(choices=c.MISFIT_REASONS)


@extend_schema_field(MisfitReasonsField())
class MisfitReasonsReadField(serializers.JSONField):
    """The stored list of misfit codes (validated on the way in), read as it is."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


# The machine's judgement from the study's record, shown beside the editor's (which prevails).
MACHINE_FIELDS = ["machine_stance", "machine_misfit_reasons", "machine_rationale"]


class LinkSerializer(FastReadMixin, serializers.ModelSerializer):
    """How a claim leans on a citation, with the editor's judgement of the study."""

    api_url = ApiUrlField(view_name="api:claimcitation-detail")
    claim = ClaimSummarySerializer(read_only=True)
    citation = CitationSummarySerializer(read_only=True)
    misfit_reasons = MisfitReasonsReadField()
    machine_misfit_reasons = MisfitReasonsReadField()
    judged_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ClaimCitation
        fields = [
            "id", "api_url", "claim", "citation", "reliance", "stance", "misfit_reasons",
            "rationale", "judged_by", "judged_at", *MACHINE_FIELDS, "version",
        ]
        read_only_fields = fields


class LinkWriteSerializer(EditorWriteSerializer):
    """An editor's link; who judged and when are stamped by the service when the judgement
    (stance, misfit reasons, rationale) changes."""

    misfit_reasons = MisfitReasonsField(required=False)

    class Meta:
        model = ClaimCitation
        fields = ["claim", "citation", "reliance", "stance", "misfit_reasons", "rationale"]
        # The pair's uniqueness is the service's to check, with the model's own message.
        validators = []

    @staticmethod
    def _values(data):
        for name in ("claim", "citation"):
            if name in data:
                data[f"{name}_id"] = data.pop(name).pk
        return data

    def create(self, data):
        return links.create_link(user=self.user, **self._values(dict(data)))

    def update(self, link, data):
        return links.update_link(
            link_id=link.pk, user=self.user, version=self.version, **self._values(dict(data))
        )


class ClaimLinkSerializer(FastReadMixin, serializers.ModelSerializer):
    """A link inside its claim: the claim is implied."""

    api_url = ApiUrlField(view_name="api:claimcitation-detail")
    citation = CitationSummarySerializer(read_only=True)
    misfit_reasons = MisfitReasonsReadField()
    machine_misfit_reasons = MisfitReasonsReadField()

    class Meta:
        model = ClaimCitation
        fields = [
            "id", "api_url", "reliance", "stance", "misfit_reasons", "rationale",
            *MACHINE_FIELDS, "citation",
        ]
        read_only_fields = fields


# --- Claims ---------------------------------------------------------------------------------


CLAIM_HEAD_FIELDS = ["id", "api_url", "page_url", "article", "key", "quote"]
CLAIM_ANSWER_FIELDS = [
    "claim_type", "substances", "wording", "scope",
    "accuracy", "accuracy_certainty", "accuracy_rationale", "sourcing", "sourcing_rationale",
    "verdict", "certainty", "rationale", "is_overridden",
]  # fmt: skip
CLAIM_TAIL_FIELDS = ["links", "flags", "updated_at", "version"]
CLAIM_LIST_FIELDS = [*CLAIM_HEAD_FIELDS, *CLAIM_ANSWER_FIELDS, *CLAIM_TAIL_FIELDS]


@extend_schema_serializer(component_name="ClaimListItem")
class ClaimListSerializer(FastReadMixin, serializers.ModelSerializer):
    """A claim in a list: its verdict and the whole chain behind it. How the verdict came
    about (computed or overridden, by whom, when) is in the claim's own resource."""

    api_url = ApiUrlField(view_name="api:claim-detail")
    page_url = PageUrlField(view_name="claim_detail")
    article = ArticleSummarySerializer(read_only=True)
    # In a list the claim itself is a plain row, and everywhere its evidence is read as
    # plain data, by claims.api.queries (claims_with_evidence, attach_evidence).
    substances = SubstanceCodesField(source="substance_codes")
    is_overridden = serializers.BooleanField(read_only=True)
    links = ClaimLinkSerializer(source="evidence_links", many=True, read_only=True)
    flags = FlagSummarySerializer(source="flag_summaries", many=True, read_only=True)

    class Meta:
        model = Claim
        fields = CLAIM_LIST_FIELDS
        read_only_fields = fields


@extend_schema_serializer(component_name="Claim")
class ClaimSerializer(ClaimListSerializer):
    """A claim with its span, its verdict's provenance and the whole chain behind it."""

    overridden_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Claim
        fields = [
            *CLAIM_HEAD_FIELDS, "start", "end", *CLAIM_ANSWER_FIELDS,
            "computed_accuracy", "computed_accuracy_certainty", "computed_accuracy_rationale",
            "omitted_evidence",
            "computed_verdict", "computed_certainty", "computed_rationale", "computed_at",
            "override_verdict", "override_certainty", "override_rationale", "overridden_by",
            "overridden_at", *CLAIM_TAIL_FIELDS,
        ]  # fmt: skip
        read_only_fields = fields


class ClaimWriteSerializer(FixedArticleMixin, EditorWriteSerializer):
    """A claim as an editor writes it. The span is found from the quote (claims.editing): a
    quote that is not in the article's text, or is there more than once without a `start`
    to choose, is refused. The quote is taken verbatim, as the span is; the article is
    chosen when the claim is added and cannot change."""

    substances = ListingSlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Substance.objects.all()
    )
    start = serializers.IntegerField(min_value=0, required=False)

    class Meta:
        model = Claim
        fields = ["article", "key", "quote", "start", "claim_type", "substances", "wording"]
        extra_kwargs = {"quote": {"trim_whitespace": False}}
        validators = []

    @staticmethod
    def _values(data):
        data.pop("article", None)
        if "substances" in data:
            data["substances"] = [s.code for s in data["substances"]]
        return data

    def create(self, data):
        article = data["article"]
        return claim_edits.create_claim(user=self.user, article_id=article.pk, **self._values(dict(data)))

    def update(self, claim, data):
        return claim_edits.update_claim(
            claim_id=claim.pk, user=self.user, version=self.version, **self._values(dict(data))
        )


class OverrideSerializer(serializers.Serializer):
    verdict = ListingChoiceField(choices=c.VERDICTS)
    certainty = ListingChoiceField(choices=c.CERTAINTIES, required=False, allow_blank=True)
    rationale = serializers.CharField(
        help_text="Why the editor's verdict differs from the computed one (required)."
    )


# --- Flags ----------------------------------------------------------------------------------


class FlagSerializer(FastReadMixin, serializers.ModelSerializer):
    """A finding on a claim or on a citation (one of the two is null)."""

    api_url = ApiUrlField(view_name="api:flag-detail")
    claim = ClaimSummarySerializer(read_only=True, allow_null=True)
    citation = CitationSummarySerializer(read_only=True, allow_null=True)
    dismissed = serializers.SerializerMethodField()
    dismissed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Flag
        fields = [
            "id", "api_url", "claim", "citation", "code", "severity", "message", "evidence",
            "rule", "rule_version", "dismissed", "dismissed_by", "dismissed_at",
            "dismissed_reason", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField)
    def get_dismissed(self, flag):
        return flag.dismissed_at is not None


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the finding does not hold (required).")
