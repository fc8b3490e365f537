"""Serializers for the literature: substances, studies and their outcomes.

Every resource carries its `id` and its `api_url`; `url` is the model's own field (where
the work lives on the web), as in the exports.
"""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.api import (
    ApiUrlField,
    EditorWriteSerializer,
    FastReadMixin,
    ListingSlugRelatedField,
    PageUrlField,
    SummaryRelatedField,
)
from studies.constants import SUBSTANCES
from studies.library import editing
from studies.models import Outcome, Study, Substance
from studies.references.identifiers import normalise_doi, normalise_pmcid, normalise_pmid


class SubstanceSerializer(FastReadMixin, serializers.ModelSerializer):
    class Meta:
        model = Substance
        fields = ["code", "name"]


class StudySummarySerializer(FastReadMixin, serializers.ModelSerializer):
    """A study as other resources show it: enough to recognise it and judge its weight."""

    api_url = ApiUrlField(view_name="api:study-detail")
    label = serializers.CharField(source="short_label", read_only=True)

    class Meta:
        model = Study
        fields = [
            "id", "api_url", "label", "title", "container_title", "year", "doi", "pmid",
            "source_kind", "design_code", "n",
        ]
        read_only_fields = fields


class OutcomeSerializer(EditorWriteSerializer):
    api_url = ApiUrlField(view_name="api:outcome-detail")
    study = SummaryRelatedField(
        summary=StudySummarySerializer,
        queryset=Study.objects.all(),
        help_text="The study that measured this outcome: its summary when read, its id when written.",
    )

    class Meta:
        model = Outcome
        fields = [
            "id", "api_url", "study", "measure", "time_point", "arms", "effect_measure",
            "estimate", "ci_low", "ci_high", "p_value", "p_value_text", "direction", "primary",
            "source_text", "position", "version",
        ]

    @staticmethod
    def _values(data):
        if "study" in data:
            data["study_id"] = data.pop("study").pk
        return data

    def create(self, data):
        return editing.save_outcome(user=self.user, values=self._values(dict(data)))

    def update(self, outcome, data):
        return editing.save_outcome(
            user=self.user, outcome_id=outcome.pk, values=self._values(dict(data)), version=self.version
        )


class NestedOutcomeSerializer(FastReadMixin, serializers.ModelSerializer):
    """An outcome inside its study: the study is implied."""

    api_url = ApiUrlField(view_name="api:outcome-detail")

    class Meta:
        model = Outcome
        fields = [f for f in OutcomeSerializer.Meta.fields if f != "study"]
        read_only_fields = fields


STUDY_LIST_FIELDS = [
    "id", "api_url", "page_url", "key", "label", "work_type", "title", "authors", "container_title",
    "year", "volume", "issue", "pages", "doi", "pmid", "pmcid", "url", "source_kind",
    "about_ketamine", "about_substance_use", "topic_source", "substances", "design_code", "n",
    "route_code", "updated_at",
]


class AuthorSerializer(serializers.Serializer):
    """A CSL name: family and given, or literal for an organisation."""

    family = serializers.CharField(required=False, allow_blank=True)
    given = serializers.CharField(required=False, allow_blank=True)
    literal = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs):
        if not (attrs.get("family") or attrs.get("literal")):
            raise serializers.ValidationError("An author needs a family or a literal name.")
        return {key: value for key, value in attrs.items() if value}


@extend_schema_field(AuthorSerializer(many=True))
class AuthorsField(serializers.JSONField):
    """Authors as stored (CSL names, validated on the way in): read as they are."""


@extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=SUBSTANCES)))
class SubstanceCodesField(serializers.ReadOnlyField):
    """Substance codes: of a list of prefetched Substance rows, or a list of codes."""

    def to_representation(self, value):
        return [s if isinstance(s, str) else s.code for s in value]


@extend_schema_serializer(component_name="StudyListItem")
class StudyListSerializer(FastReadMixin, serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:study-detail")
    page_url = PageUrlField(view_name="study_detail")
    label = serializers.CharField(source="short_label", read_only=True)
    authors = AuthorsField(read_only=True)
    # Read from the list StudyViewSet prefetches.
    substances = SubstanceCodesField(source="prefetched_substances")

    class Meta:
        model = Study
        fields = STUDY_LIST_FIELDS
        read_only_fields = fields


class StudySerializer(EditorWriteSerializer):
    """A study with its appraisal and outcomes; editors write it (outcomes separately).

    Identifiers are normalised as they are stored (a DOI link becomes the bare DOI), and a
    topic set here is marked as the editor's, so no classifier overwrites it later.
    """

    api_url = ApiUrlField(view_name="api:study-detail")
    page_url = PageUrlField(view_name="study_detail")
    label = serializers.CharField(source="short_label", read_only=True)
    authors = AuthorSerializer(many=True, required=False)
    substances = ListingSlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Substance.objects.all()
    )
    outcomes = NestedOutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Study
        fields = [
            *STUDY_LIST_FIELDS[:-1], "trial_names", "abstract", "topic_summary", "design", "n_studies",
            "sample_size_text", "arms", "population", "intervention", "route", "dose",
            "comparator", "duration", "follow_up", "outcomes_summary", "confirmed_from",
            "record_confidence", "notes", "outcomes", "updated_at", "standing", "notices",
            "registry_provenance", "version",
        ]
        read_only_fields = [
            "topic_source", "updated_at", "standing", "notices", "registry_provenance", "version",
        ]
        # A repeated identifier is refused by the service, which sees it normalised
        # ("doi:10.1/X" is 10.1/x): DRF's own check saw it as written, in other words.
        extra_kwargs = {name: {"validators": []} for name in ("doi", "pmid", "pmcid")}

    def validate_doi(self, value):
        if not value:
            return ""
        doi = normalise_doi(value)
        if not doi:
            raise serializers.ValidationError(f"{value!r} is not a DOI.")
        return doi

    def validate_pmid(self, value):
        if not value:
            return ""
        pmid = normalise_pmid(value)
        if not pmid:
            raise serializers.ValidationError(f"{value!r} is not a PubMed ID.")
        return pmid

    def validate_pmcid(self, value):
        if not value:
            return ""
        pmcid = normalise_pmcid(value)
        if not pmcid:
            raise serializers.ValidationError(f"{value!r} is not a PubMed Central ID.")
        return pmcid

    def _save(self, study, data):
        data = dict(data)
        codes = [s.code for s in data.pop("substances")] if "substances" in data else None
        return editing.save_study(
            user=self.user, study_id=study.pk if study else None, values=data, substances=codes,
            version=self.version if study else None,
        )  # fmt: skip

    def create(self, data):
        return self._save(None, data)

    def update(self, study, data):
        return self._save(study, data)

