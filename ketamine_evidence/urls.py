from django.contrib import admin
from django.urls import include, path

from ketamine_evidence import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("claims.urls")),
    path("", include("studies.urls")),
    path("api/", include("ketamine_evidence.api_urls")),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
]
