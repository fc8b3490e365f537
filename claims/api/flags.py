"""Flags on claims and citations; editors dismiss and restore them."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
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
    ChangePermission,
    CursorPagination,
)

# --- Flags ----------------------------------------------------------------------------------


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
        return Flag.objects.select_related("dismissed_by")

    def read(self, flag):
        return FlagSerializer(self.get_queryset().get(pk=flag.pk), context=self.get_serializer_context()).data

    @extend_schema(
        summary="Dismiss a flag with a reason (editors)", request=DismissSerializer, responses=FlagSerializer
    )
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def dismiss(self, request, pk=None):
        flag = self.get_object()
        serializer = DismissSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flags.dismiss_flag(flag_id=flag.pk, reason=serializer.validated_data["reason"], user=request.user)
        return Response(self.read(flag))

    @extend_schema(summary="Restore a dismissed flag (editors)", request=None, responses=FlagSerializer)
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def restore(self, request, pk=None):
        flag = self.get_object()
        flags.restore_flag(flag_id=flag.pk, user=request.user)
        return Response(self.read(flag))


