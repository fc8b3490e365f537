"""What the claims' viewsets share: answers to writes as readers see the resource."""

from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import status
from rest_framework.response import Response

from core.api import (
    ETagMixin,
    expected_version,
    history_user,
)


class WriteThenReadMixin(ETagMixin):
    """Editors write with ids (`write_serializer_class`); every answer, including the one
    to a write, is the resource as readers see it (`serializer_class`), nested and computed
    fields included. Deletions are recorded in history with the user too."""

    write_serializer_class = None
    # The editor service that deletes a row, and the name of its id argument.
    delete_service = None
    delete_argument = ""

    def complete(self, rows):
        """Load what the read serializer shows beyond the queryset (none by default)."""
        return rows

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def read(self, instance):
        [fresh] = self.complete([self.get_queryset().get(pk=instance.pk)])
        return self.serializer_class(fresh, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self.read(serializer.instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self.read(serializer.instance))

    def perform_destroy(self, instance):
        self.delete_service(
            **{self.delete_argument: instance.pk},
            user=history_user(self.request),
            version=expected_version(self.request),
        )


def write_schema(read, write, noun):
    """Schema for a writable resource whose requests take `write` and answers are `read`."""
    return {
        "create": extend_schema(summary=f"Add {noun} (editors)", request=write, responses={201: read}),
        "update": extend_schema(summary=f"Replace {noun} (editors)", request=write, responses=read),
        "partial_update": extend_schema(
            summary=f"Change some fields of {noun} (editors)", request=write, responses=read
        ),
        "destroy": extend_schema(summary=f"Delete {noun} (editors)"),
    }


