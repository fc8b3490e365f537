"""The fast read path (core.api.FastReadMixin, ApiUrlField, plain-data evidence)
gives exactly what DRF's own serializers give."""

import pytest
from django.urls import reverse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims.api import queries
from claims.api import serializers as cs
from claims.models import Citation, ClaimCitation, Flag, SourceArticle
from core.api import FastReadMixin
from studies.api import serializers as ss
from studies.labels import work_label
from studies.models import Study, Substance
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    return Request(APIRequestFactory().get("/api/claims/"))


def drf_output(serializer_class, instance, request_, monkeypatch):
    """The representation DRF's Serializer.to_representation gives, at every nesting level."""
    with monkeypatch.context() as patch:
        patch.setattr(FastReadMixin, "to_representation", serializers.Serializer.to_representation)
        return serializer_class(instance, context={"request": request_}).data


def fast_output(serializer_class, instance, request_):
    return serializer_class(instance, context={"request": request_}).data


@pytest.fixture
def rows(chain):
    """Each read serializer with a row to show: models and the plain-data claim rows."""
    dismissed = factories.make_flag(
        chain["claim"], code="weak_design_only", dismissed_at=chain["claim"].created_at,
        dismissed_reason="Checked.",
    )
    factories.make_citation(chain["article"], key="unmatched", status="not_found")
    claim_list = queries.attach_evidence(queries.claims_with_evidence().order_by("id"))
    claim_detail = queries.attach_evidence([queries.claims_with_evidence(detail=True).get(pk=chain["claim"].pk)])
    citations = list(queries.citations_with_study().order_by("id"))
    return [
        (ss.SubstanceSerializer, Substance.objects.get(code="alcohol")),
        (ss.StudySummarySerializer, chain["study"]),
        (ss.NestedOutcomeSerializer, chain["outcome"]),
        (cs.ArticleSummarySerializer, chain["article"]),
        (cs.ArticleListSerializer, SourceArticle.objects.get(pk=chain["article"].pk)),
        (cs.FlagSummarySerializer, dismissed),
        (cs.FlagSerializer, Flag.objects.select_related("dismissed_by").get(pk=dismissed.pk)),
        (cs.CitationSummarySerializer, Citation.objects.get(pk=chain["citation"].pk)),
        *[(cs.CitationSerializer, citation) for citation in citations],
        (cs.LinkSerializer, queries.links_with_citations().get(pk=chain["link"].pk)),
        *[(cs.ClaimListSerializer, claim) for claim in claim_list],
        (cs.ClaimSerializer, claim_detail[0]),
    ]


def test_every_fast_serializer_gives_what_drf_gives(rows, request_, monkeypatch):
    for serializer_class, instance in rows:
        fast = fast_output(serializer_class, instance, request_)
        assert fast == drf_output(serializer_class, instance, request_, monkeypatch), serializer_class


def test_plain_data_evidence_reads_as_the_models_do(chain, request_):
    """A claim's links read as dicts show what the link, citation and study rows hold."""
    [claim] = queries.attach_evidence([queries.claims_with_evidence().get(pk=chain["claim"].pk)])
    [link] = cs.ClaimListSerializer(claim, context={"request": request_}).data["links"]
    from_models = cs.ClaimLinkSerializer(
        ClaimCitation.objects.select_related("citation__study").get(pk=chain["link"].pk),
        context={"request": request_},
    ).data
    assert link == from_models
    assert link["citation"]["study"]["label"] == chain["study"].short_label


def test_the_cached_api_url_is_the_one_reverse_gives(chain, request_):
    data = fast_output(cs.ClaimListSerializer, queries.attach_evidence([chain["claim"]])[0], request_)
    assert data["api_url"] == request_.build_absolute_uri(reverse("api:claim-detail", args=[chain["claim"].pk]))


@pytest.mark.parametrize(
    "authors, container",
    [
        ([], ""),
        ([], "WHO"),
        ([{"family": "Dakwar", "given": "E."}], ""),
        ([{"family": "Dakwar"}, {"family": "Levin"}], ""),
        ([{"literal": "World Health Organization"}, {"family": "Levin"}, {"family": "Hart"}], ""),
    ],
)
def test_a_study_label_from_plain_values_is_the_models_label(authors, container):
    study = Study(title="t", authors=authors, container_title=container, year=2019)
    label = work_label(authors=authors, container_title=container, year=2019, title="t")
    assert label == study.short_label
