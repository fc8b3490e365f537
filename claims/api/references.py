"""POST /api/references/check: reference strings checked against the library, nothing saved."""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from claims.checking import batch as reference_check
from claims.checking.batch import MAX_REFERENCES, MAX_TOTAL_CHARS
from claims.constants import CITATION_STATUSES
from core.parsers import JSONParser
from studies.references.parsing import MAX_CHARS

# --- Reference check ------------------------------------------------------------------------

class StrictCharField(serializers.CharField):
    """A string, and only a string: DRF's CharField would turn 12 or 1.5 into text. A string
    of whitespace is as blank as an empty one, though what is given is kept untrimmed."""

    def run_validation(self, data=serializers.empty):
        # DRF sees blank only in "" when it does not trim: "   " was checked, as a reference
        # with no author, and answered 200.
        if isinstance(data, str) and data and not data.strip() and not self.allow_blank:
            self.fail("blank")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ReferenceCheckSerializer(serializers.Serializer):
    references = serializers.ListField(
        child=StrictCharField(max_length=MAX_CHARS, trim_whitespace=False),
        allow_empty=False,
        min_length=1,  # what allow_empty=False means, said in the schema too
        max_length=MAX_REFERENCES,
        help_text=f"Reference strings as written, at most {MAX_REFERENCES}.",
    )


class DiscrepancySerializer(serializers.Serializer):
    field = serializers.CharField()
    written = serializers.CharField(allow_null=True)
    canonical = serializers.CharField(allow_null=True)


class CheckedStudySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    doi = serializers.CharField(allow_blank=True, allow_null=True)
    pmid = serializers.CharField(allow_blank=True, allow_null=True)
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


class ReferenceCheckResultSerializer(serializers.Serializer):
    input = serializers.CharField()
    status = serializers.ChoiceField(choices=CITATION_STATUSES)
    study = CheckedStudySerializer(allow_null=True)
    discrepancies = DiscrepancySerializer(many=True)
    confidence = serializers.FloatField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class ReferenceCheckView(APIView):
    """Check reference strings against the study library; nothing is saved, so anyone may."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser]
    # Anonymous clients share the API's allowance and have a smaller one of their own here.
    throttle_classes = [AnonRateThrottle, ScopedRateThrottle]
    throttle_scope = "reference_check"

    @extend_schema(
        operation_id="references_check",
        summary="Check reference strings against the study library",
        description=(
            "Each reference is matched against the library and compared field by field, as "
            f"the citations of an article are. Nothing is saved. At most {MAX_REFERENCES} "
            f"references and {MAX_TOTAL_CHARS:,} characters per request; the endpoint has a "
            "rate limit of its own (API_CHECK_RATE)."
        ),
        request=ReferenceCheckSerializer,
        responses={
            200: inline_serializer(
                "ReferenceCheckResponse",
                {"results": ReferenceCheckResultSerializer(many=True)},
            ),
            400: OpenApiResponse(description="Not a list of strings, or more than the limits."),
            429: OpenApiResponse(description="Too many checks: wait and try again."),
        },
        examples=[
            OpenApiExample(
                "One reference",
                request_only=True,
                value={"references": ["Dakwar E, et al. Am J Psychiatry. 2019;176(11):923-930."]},
            )
        ],
    )
    def post(self, request):
        serializer = ReferenceCheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            results = reference_check.check_references(
                references=serializer.validated_data["references"]
            )
        except reference_check.ReferenceCheckError as e:
            raise serializers.ValidationError({"references": [str(e)]}) from None
        return Response({"results": ReferenceCheckResultSerializer(results, many=True).data})
