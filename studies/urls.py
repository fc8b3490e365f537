"""Public pages of the literature, included at the site root."""

from django.urls import path

from studies.pages import views

urlpatterns = [
    path("studies/", views.study_list, name="study_list"),
]
