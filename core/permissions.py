"""The API's permissions. A module of its own, importing no views: DRF's APIView reads
DEFAULT_PERMISSION_CLASSES when its class is made, so a module that imports views cannot hold
the class that setting names."""

from rest_framework import exceptions, permissions


class MethodFirst:
    """A method the resource does not take at all is a 405 for everyone. DRF checks
    permissions before it looks for the method's handler, so `POST /api/substances/` was a
    405 for a superuser but a 403 ("You do not have permission") for an editor, as if the
    editor only lacked a right."""

    def has_permission(self, request, view):
        method = request.method.lower()
        if method not in view.http_method_names or getattr(view, method, None) is None:
            raise exceptions.MethodNotAllowed(request.method)
        return super().has_permission(request, view)


class ModelPermissionsOrAnonReadOnly(MethodFirst, permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; a write needs the model permission (the `editors` group has them)."""


class ChangePermission(MethodFirst, permissions.DjangoModelPermissions):
    """For actions that change a row through a POST or DELETE (override a verdict, dismiss
    a flag): they need the model's *change* permission, not add or delete."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "POST": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.change_%(model_name)s"],
    }
