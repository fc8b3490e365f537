"""The OpenAPI schema's generator. A module of its own: drf-spectacular's generator imports
DRF's views, which read the API settings, which name `core.api`'s classes."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import permissions


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, which knows that AllowAny and IsAuthenticatedOrReadOnly let
    anyone read but not that the API's default permission does: without this, every GET
    said it needed a token or a session."""

    def get_auth(self):
        auths = super().get_auth()
        anonymous_reads = any(
            isinstance(p, permissions.DjangoModelPermissionsOrAnonReadOnly) for p in self.view.get_permissions()
        )
        if anonymous_reads and self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths
