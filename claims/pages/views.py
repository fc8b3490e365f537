"""Public pages of articles, claims, flagged citations, and a study's detail (which shows the
claims citing it, so it lives here: `claims` may read `studies`, never the reverse).

Small function views: validate the query string with a form (a bad value is a 400 page that
says what is wrong), ask a selector, hand plain values to a template.
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from claims import constants as c
from claims import selectors
from claims.assessment.comparison import side_by_side
from claims.assessment.facts import USABLE_STATUSES
from claims.assessment.stated import stated_facts
from claims.claimreview import review_of_claim, script_json
from claims.models import Claim, SourceArticle
from claims.pages.charts import scorecard
from claims.pages.highlighting import MarkInfo, context_around, highlight
from claims.texts import paragraph_around
from core import search
from core.pages import (
    BadQuery,
    PageField,
    bad_request,
    choice_filter,
    clean_filters,
    invalid_choice,
    paginate,
    read_only_page,
    safe_url,
)
from studies import selectors as study_selectors
from studies.constants import DESIGN_CODES, SUBSTANCES
from studies.facts import study_facts
from studies.findings import headline, outcomes_named_in
from studies.models import Study
from studies.pages.charts import arm_bars
from studies.pages.display import (
    appraisal_rows,
    author_names,
    identifier_links,
    source_links,
    yes_no_unknown,
)
from studies.pages.forest_plot import ForestInput, forest_plot

CLAIMS_PER_PAGE = 50
ARTICLES_PER_PAGE = 24
CITATIONS_PER_PAGE = 100

VERDICT_LABELS = dict(c.VERDICTS)
ACCURACY_LABELS = dict(c.ACCURACY)
OMITTED_STANCE_LABELS = {
    "supports": "bears it out",
    "partly": "partly bears it out",
    "contradicts": "found otherwise",
    "related": "on the same question",
}
STANCE_LABELS = dict(c.STANCES)
MISFIT_LABELS = dict(c.MISFIT_REASONS)
SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}




# ---------------------------------------------------------------------------------------
# Articles


class ArticleListForm(forms.Form):
    page = PageField()


@read_only_page
def article_list(request):
    try:
        form, filters = clean_filters(ArticleListForm, request)
    except BadQuery as e:
        return bad_request(request, str(e))
    page = paginate(
        SourceArticle.objects.order_by("title", "id").only("id"),
        page=filters["page"],
        per_page=ARTICLES_PER_PAGE,
    )
    cards = [
        {"article": row["article"], **scorecard(row["accuracy"], row["statuses"])}
        for row in selectors.article_scorecards(article_ids=[a.pk for a in page.object_list])
    ]
    return render(request, "claims/article_list.html", {"cards": cards, "page": page})


@read_only_page
def article_detail(request, pk):
    try:
        article = selectors.get_article(pk=pk)
    except SourceArticle.DoesNotExist:
        raise Http404("No article with this id.") from None
    claims = list(article.claims.all())
    numbers = {claim.id: i for i, claim in enumerate(claims, start=1)}

    def info(claim):
        return MarkInfo(
            url=reverse("claim_detail", args=[claim.id]),
            verdict=claim.accuracy,
            verdict_label=claim.get_accuracy_display(),
            number=numbers[claim.id],
        )

    citations = list(article.citations.all())
    ratings, statuses = {}, {}
    for claim in claims:
        ratings[claim.accuracy] = ratings.get(claim.accuracy, 0) + 1
    for citation in citations:
        statuses[citation.status] = statuses.get(citation.status, 0) + 1
    return render(
        request,
        "claims/article_detail.html",
        {
            "article": article,
            "article_url": safe_url(article.url),
            "highlighted": highlight(article.captured_text, claims, info),
            "claims": [(numbers[claim.id], claim) for claim in claims],
            "citations": citations,
            "verdict_legend": c.ACCURACY,
            "card": scorecard(ratings, statuses),
        },
    )


# ---------------------------------------------------------------------------------------
# Claims


def article_filter():
    """The optional article of a list's filter form, by title."""
    return forms.ModelChoiceField(
        required=False,
        queryset=SourceArticle.objects.only("id", "title").order_by("title"),
        empty_label="All articles",
        label="Article",
        error_messages=invalid_choice("article"),
    )


def article_title_filter():
    return forms.CharField(required=False, max_length=200, label="Article title contains")


# A select lists every article: past this many the form asks for words of the title instead,
# and an article chosen elsewhere ("Its claims") travels as a hidden field.
ARTICLE_SELECT_LIMIT = 50


def bound_article_choice(form) -> bool:
    """Whether the form's article filter is words of the title (many articles) rather than a
    select of every one; the article field is then hidden. One COUNT, which stops past the
    limit rather than counting every article."""
    counted = SourceArticle.objects.order_by()[: ARTICLE_SELECT_LIMIT + 1].count()
    by_title = counted > ARTICLE_SELECT_LIMIT
    if by_title:
        form.fields["article"].widget = forms.HiddenInput()
    return by_title


class ClaimFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search claims")
    article = article_filter()
    article_title = article_title_filter()
    accuracy = choice_filter(
        label="Accuracy", choices=c.ACCURACY, any_label="Any accuracy", what="accuracy"
    )
    sourcing = choice_filter(
        label="Sourcing", choices=c.SOURCING, any_label="Any sourcing", what="sourcing"
    )
    verdict = choice_filter(
        label="Support from its citations", choices=c.VERDICTS, any_label="Any", what="verdict"
    )
    flag = choice_filter(
        label="Flag", choices=c.FLAG_CODES, any_label="Any or no flag", what="flag"
    )
    claim_type = choice_filter(
        label="Type of claim", choices=c.CLAIM_TYPES, any_label="Any type", what="type of claim"
    )
    substance = choice_filter(
        label="Substance", choices=SUBSTANCES, any_label="Any substance", what="substance"
    )
    # The claims behind a cell of the evidence map: those citing a study of this substance
    # and design.
    cited_substance = choice_filter(
        label="Cites a study of", choices=SUBSTANCES, any_label="Any substance", what="substance"
    )
    cited_design = choice_filter(
        label="Cites a study designed as", choices=DESIGN_CODES, any_label="Any design", what="design"
    )
    page = PageField()


@read_only_page
def claim_list(request):
    try:
        form, filters = clean_filters(ClaimFilterForm, request)
    except BadQuery as e:
        return bad_request(request, str(e))
    page_number = filters.pop("page")
    article = filters.pop("article")
    claims = selectors.filter_claims(article=article.pk if article else None, **filters)
    page = paginate(claims, page=page_number, per_page=CLAIMS_PER_PAGE)
    filtered = bool(article) or any(filters.values())
    return render(
        request,
        "claims/claim_list.html",
        {
            "form": form,
            "page": page,
            "claims": page.object_list,
            "filtered": filtered,
            "query": filters.get("q", ""),
            # Stop words are no search term on either database: say which were left out,
            # or a search of "the" would seem to have found every claim.
            "ignored_words": search.ignored_words(filters.get("q", "")),
            # A search ranks only the newest matches (selectors.RANKED_MATCHES): say so
            # when it reached them, so the reader knows to add words.
            "ranked_matches": selectors.RANKED_MATCHES
            if filters.get("q") and page.paginator.count >= selectors.RANKED_MATCHES
            else None,
            "article": article,
            "article_by_title": bound_article_choice(form),
        },
    )


def _shown(value):
    """A discrepancy's value as text; None when there is none to show."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def discrepancy_rows(discrepancies):
    """Field-by-field differences ({"field", "written", "canonical"}) ready to print; entries
    of another shape are skipped rather than shown half-understood."""
    rows = []
    for d in discrepancies or []:
        if not isinstance(d, dict):
            continue
        field = str(d.get("field") or "").replace("_", " ").strip()
        rows.append(
            {
                "field": field.capitalize() or "Field",
                "written": _shown(d.get("written")),
                "canonical": _shown(d.get("canonical")),
            }
        )
    return rows


def _study_facts(study, claim_text):
    """The study's appraisal, and the outcomes the claim speaks of: those whose measure
    shares a word with the claim, else the study's headline outcome, so the reader sees
    what the study measured beside what the article says it showed."""
    if study is None:
        return None
    outcomes = list(study.outcomes.all())
    named = [outcomes[i] for i in outcomes_named_in(claim_text, [o.measure for o in outcomes])]
    found = headline(outcomes)
    if named:
        shown, basis = named, "the outcome the claim names"
    else:
        shown = [o for o in outcomes if o.measure == found.measure][:1]
        basis = f"the study's headline outcome: {found.basis_words}"
    return {
        "study": study,
        "rows": appraisal_rows(study, full=False),
        "outcomes": shown,
        "outcomes_basis": basis,
        "finding": found,
    }


def _sorted_flags(flags):
    # Active before dismissed; the most severe first.
    return sorted(flags, key=lambda f: (f.is_dismissed, SEVERITY_RANK.get(f.severity, 9), f.code))


@read_only_page
def claim_detail(request, pk):
    try:
        claim = selectors.get_claim(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No claim with this id.") from None
    article = claim.article
    stated = stated_facts(
        claim.quote, paragraph_around(article.captured_text, claim.start, claim.end)
    )
    chain = []
    compared = []
    for link in claim.chain_links:
        citation = link.citation
        if citation.study is not None and citation.status in USABLE_STATUSES:
            facts = study_facts(citation.study, outcomes=True, substances=citation.study.substance_codes)
            rows = side_by_side(stated, facts)
            if rows:
                compared.append({"study": citation.study, "rows": rows})
        chain.append(
            {
                "link": link,
                "citation": citation,
                "discrepancies": discrepancy_rows(citation.discrepancies),
                "flags": _sorted_flags(citation.chain_flags),
                "study": _study_facts(citation.study, claim.quote),
                "stance": STANCE_LABELS.get(link.stance, ""),
                "misfits": [MISFIT_LABELS.get(code, code) for code in link.misfit_reasons or []],
                "machine_stance": STANCE_LABELS.get(link.machine_stance, ""),
            }
        )
    review = review_of_claim(
        claim, url=request.build_absolute_uri(reverse("claim_detail", args=[claim.pk]))
    )
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "article": article,
            "article_url": safe_url(article.url),
            "context": context_around(article.captured_text, claim.start, claim.end),
            "flags": _sorted_flags(claim.chain_flags),
            "chain": chain,
            "computed_label": VERDICT_LABELS.get(claim.computed_verdict, ""),
            "computed_accuracy_label": ACCURACY_LABELS.get(claim.computed_accuracy, ""),
            "compared": compared,
            "omitted": [
                {**row, "stance_label": OMITTED_STANCE_LABELS.get(row.get("stance"), "")}
                for row in claim.omitted_evidence or []
            ],
            "claim_review": script_json(review) if review else None,
        },
    )


# ---------------------------------------------------------------------------------------
# Flagged citations

NOT_VERIFIED = [(code, label) for code, label in c.CITATION_STATUSES if code != "verified"]


class CitationFilterForm(forms.Form):
    status = choice_filter(
        label="Status", choices=NOT_VERIFIED, any_label="Any status", what="status of an unverified citation"
    )
    article = article_filter()
    article_title = article_title_filter()
    page = PageField()


@read_only_page
def flagged_citations(request):
    try:
        form, filters = clean_filters(CitationFilterForm, request)
    except BadQuery as e:
        return bad_request(request, str(e))
    article = filters["article"]
    citations = selectors.flagged_citations(
        status=filters["status"] or None,
        article=article.pk if article else None,
        article_title=filters["article_title"],
    )
    page = paginate(citations, page=filters["page"], per_page=CITATIONS_PER_PAGE)
    counts = selectors.flagged_status_counts()
    return render(
        request,
        "claims/flagged_citations.html",
        {
            "form": form,
            "page": page,
            "citations": page.object_list,
            "counts": [(code, label, counts[code]) for code, label in NOT_VERIFIED],
            "filtered": bool(filters["status"] or article or filters["article_title"]),
            "article": article,
            "article_by_title": bound_article_choice(form),
        },
    )


# ---------------------------------------------------------------------------------------
# A study, with the claims that cite it


@read_only_page
def study_detail(request, pk):
    try:
        study = study_selectors.get_study(pk=pk)
    except Study.DoesNotExist:
        raise Http404("No study with this id.") from None
    outcomes = list(study.outcomes.all())
    for o in outcomes:
        # Where there is no effect estimate, the arms' proportions drawn side by side.
        o.bars = arm_bars(o.arms) if o.estimate is None else None
    plot = forest_plot(
        ForestInput(
            id=o.id,
            label=f"{o.measure} ({o.time_point})" if o.time_point else o.measure,
            measure=o.effect_measure,
            estimate=o.estimate,
            ci_low=o.ci_low,
            ci_high=o.ci_high,
        )
        for o in outcomes
    )
    links = [
        {
            "link": link,
            "stance": STANCE_LABELS.get(link.stance, ""),
            "misfits": [MISFIT_LABELS.get(code, code) for code in link.misfit_reasons or []],
            "machine_stance": STANCE_LABELS.get(link.machine_stance, ""),
        }
        for link in selectors.links_citing_study(study_id=study.pk)
    ]
    return render(
        request,
        "studies/study_detail.html",
        {
            "study": study,
            "authors": author_names(study),
            "identifiers": identifier_links(study),
            "sources": source_links(study),
            "appraisal": appraisal_rows(study),
            "topic": [
                ("About ketamine", yes_no_unknown(study.about_ketamine)),
                ("About substance use", yes_no_unknown(study.about_substance_use)),
            ],
            "outcomes": outcomes,
            "finding": headline(outcomes),
            "plot": plot,
            "links": links,
        },
    )
