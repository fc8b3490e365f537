from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from claims.models import Citation, Claim, SourceArticle
from studies.models import Study


def home(request):
    counts = {
        "articles": SourceArticle.objects.count(),
        "claims": Claim.objects.count(),
        "citations": Citation.objects.count(),
        "studies": Study.objects.count(),
    }
    return render(request, "home.html", {"counts": counts})


def health(request):
    # A cheap query proves the database answers; load balancers poll this.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
