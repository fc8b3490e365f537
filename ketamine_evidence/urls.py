from django.contrib import admin
from django.urls import include, path

from ketamine_evidence import views

# The admin is where editors curate: it carries the project's name, not Django's.
admin.site.site_header = "Ketamine Evidence administration"
admin.site.site_title = "Ketamine Evidence"
admin.site.index_title = "Curation"

urlpatterns = [
    path("favicon.ico", views.favicon),
    path("", views.home, name="home"),
    path("map/", views.evidence_map_page, name="evidence_map"),
    path("", include("claims.urls")),
    path("", include("studies.urls")),
    path("api/", include("ketamine_evidence.api_urls")),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
]
