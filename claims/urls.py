"""Public pages of articles, claims and citations, included at the site root."""

from django.urls import path

from claims.pages import views

urlpatterns = [
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("citations/flagged/", views.flagged_citations, name="flagged_citations"),
    # The study page shows the claims citing the study, so its view is here (claims reads
    # studies, never the reverse); the list of studies is in studies/urls.py.
    path("studies/<int:pk>/", views.study_detail, name="study_detail"),
]
