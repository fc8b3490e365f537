"""Flags on claims and citations; editors dismiss and restore them."""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.api.filters import FlagFilter
from claims.api.serializers import (
    DismissSerializer,
    FlagSerializer,
)
from claims.editing import flags
from claims.models import Flag
from core.api import (
    CursorPagination,
)
from core.permissions import ChangePermission

# --- Flags ----------------------------------------------------------------------------------


GONE = OpenApiResponse(description="Done, and the reassessment removed the flag: it no longer holds.")
DISMISSED_ALREADY = OpenApiResponse(
    description=(
        "Dismissed already, for another reason: left as it was; `detail` says by whom, when "
        "and why. (The same reason again is a 200.)"
    )
)


@extend_schema_view(
    list=extend_schema(summary="List flags on claims and citations"),
    retrieve=extend_schema(summary="One flag"),
)
class FlagViewSet(viewsets.ReadOnlyModelViewSet):
    """Flags are raised by the verification rules; editors dismiss or restore them."""

    queryset = Flag.objects.all()
    serializer_class = FlagSerializer
    pagination_class = CursorPagination
    filterset_class = FlagFilter
    search_fields = ["message"]
    ordering_fields = ["id", "code", "severity", "created_at", "updated_at"]
    ordering = ["id"]

    def get_queryset(self):
        return Flag.objects.select_related("dismissed_by", "claim", "citation__study")

    def answer(self, flag):
        """The flag as it stands after the change, or 410 when the reassessment the change
        set off found that it no longer holds and removed it (history keeps it)."""
        current = self.get_queryset().filter(pk=flag.pk).first()
        if current is None:
            return Response(
                {"detail": "Done; reassessing its target found that the flag no longer holds, "
                 "so it was removed (its history keeps it)."},
                status=status.HTTP_410_GONE,
            )  # fmt: skip
        return Response(FlagSerializer(current, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Dismiss a flag with a reason (editors)", request=DismissSerializer,
        responses={200: FlagSerializer, 409: DISMISSED_ALREADY, 410: GONE},
    )
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def dismiss(self, request, pk=None):
        flag = self.get_object()
        serializer = DismissSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flags.dismiss_flag(flag_id=flag.pk, reason=serializer.validated_data["reason"], user=request.user)
        return self.answer(flag)

    @extend_schema(
        summary="Restore a dismissed flag (editors)", request=None,
        responses={200: FlagSerializer, 410: GONE},
    )
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def restore(self, request, pk=None):
        flag = self.get_object()
        flags.restore_flag(flag_id=flag.pk, user=request.user)
        return self.answer(flag)


