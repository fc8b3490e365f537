"""POST /api/articles/intake and manage.py ingest_article: the same pipeline behind two
doors, nothing written until accepted, everything written through the editor services."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.editing.intake import not_applied_sentence
from claims.models import Citation, Claim, ClaimCitation, SourceArticle

pytestmark = pytest.mark.django_db

URL = "/api/articles/intake"
SEED = (
    Path(__file__).resolve().parent.parent.parent / "corpus" / "texts" / "000_0fab14b3dcf54131.txt"
)
PAGE = (
    "Ketamine and alcohol\n\nA randomised trial found that ketamine reduced relapse [1]. "
    "Studies have shown that it is safe.\nAccording to the National Institute on Drug Abuse, "
    "107,941 drug overdose deaths were reported in 2022.\n\nReferences\n\n[1] Grabski, M., et "
    "al. (2022). Adjunctive ketamine with relapse prevention-based psychological therapy in the "
    "treatment of alcohol use disorder. American Journal of Psychiatry, 179(2), 152-162.\n"
)


def counts():
    return (
        SourceArticle.objects.count(),
        Claim.objects.count(),
        Citation.objects.count(),
        ClaimCitation.objects.count(),
    )


def test_a_dry_run_proposes_and_saves_nothing(editor_token):
    before = counts()
    response = editor_token.post(URL, {"text": PAGE}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert counts() == before
    assert body["article"] is None
    assert [r["raw"][:10] for r in body["references"]] == ["Grabski, M"]
    assert [c["location"] for c in body["citations"]] == ["reference_list", "in_text"]
    assert body["citations"][0]["suggestion"]["status"] == "not_found"
    trial = body["claims"][0]
    assert PAGE[trial["start"] : trial["end"]] == trial["quote"]
    assert trial["citations"] == ["[1]"] and trial["citation_keys"] == ["r1"]


def test_only_editors_take_in_pages(client_anon, reader_token):
    assert client_anon.post(URL, {"text": PAGE}, format="json").status_code in (401, 403)
    assert reader_token.post(URL, {"text": PAGE}, format="json").status_code == 403


def test_accepting_saves_one_article_through_the_services_and_verifies_it(
    editor_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_token.post(URL, {"text": PAGE, "dry_run": False}, format="json")
    assert response.status_code == 201, response.json()
    article = SourceArticle.objects.get(pk=response.json()["article"]["id"])
    assert article.title == "Ketamine and alcohol"
    assert article.captured_text == PAGE
    assert sorted(article.citations.values_list("location", "marker")) == [
        ("in_text", ""),
        ("reference_list", "[1]"),
    ]
    claims = list(article.claims.order_by("start"))
    assert all(PAGE[c.start : c.end] == c.quote for c in claims)
    # Verification ran on commit (in-process here): no citation is left unchecked, and
    # the history says who accepted what.
    assert not article.citations.filter(status="unchecked").exists()
    assert article.history.first().history_user.username == "edna"
    linked = ClaimCitation.objects.filter(claim__article=article)
    assert {(link.claim.quote[:20], link.citation.marker) for link in linked} >= {
        ("A randomised trial f", "[1]"),
    }


def test_running_intake_twice_on_the_same_text_proposes_nothing_new(editor_token):
    editor_token.post(URL, {"text": PAGE, "dry_run": False}, format="json")
    before = counts()
    again = editor_token.post(URL, {"text": PAGE}, format="json").json()
    assert again["claims"] == [] and again["citations"] == []
    assert again["already_saved"]["claims"] > 0
    saved = editor_token.post(URL, {"text": PAGE, "dry_run": False}, format="json")
    assert saved.status_code == 200
    assert saved.json()["already_taken_in"] is True
    assert counts() == before


def test_saving_a_page_already_taken_in_is_a_200_naming_the_article_and_what_was_not_applied(
    editor_token,
):
    first = editor_token.post(URL, {"text": PAGE, "dry_run": False}, format="json")
    assert first.status_code == 201
    created = first.json()
    assert created["already_taken_in"] is False and created["not_applied"] == {}
    assert created["added"] == {"claims": created["claims"], "citations": created["citations"]}
    before = counts()
    again = editor_token.post(
        URL,
        {"text": PAGE, "dry_run": False, "title": "Intake one", "publisher": "Elsewhere"},
        format="json",
    )
    assert again.status_code == 200, again.json()
    body = again.json()
    assert counts() == before
    assert body["already_taken_in"] is True
    assert body["article"] == created["article"]
    assert body["added"] == {"claims": 0, "citations": 0}
    assert body["not_applied"] == {"title": "Intake one", "publisher": "Elsewhere"}
    assert f"already taken in as article {created['article']['id']}" in body["detail"]
    assert "The title and publisher given were not applied" in body["detail"]
    article = SourceArticle.objects.get(pk=created["article"]["id"])
    assert (article.title, article.publisher) == ("Ketamine and alcohol", "")


def test_metadata_equal_to_the_saved_articles_is_not_said_to_be_left_unapplied(editor_token):
    editor_token.post(URL, {"text": PAGE, "dry_run": False, "title": "Mine"}, format="json")
    again = editor_token.post(
        URL, {"text": PAGE, "dry_run": False, "title": "Mine"}, format="json"
    ).json()
    assert again["not_applied"] == {} and "not applied" not in again["detail"]


def test_an_editor_accepts_some_proposals_and_picks_the_match(editor_token, chain):
    proposal = editor_token.post(URL, {"text": PAGE}, format="json").json()
    accept = {"claims": [0], "citations": ["r1"], "studies": {"r1": chain["study"].pk}}
    response = editor_token.post(
        URL, {"text": PAGE, "dry_run": False, "accept": accept}, format="json"
    )
    assert response.status_code == 201, response.json()
    article = SourceArticle.objects.get(pk=response.json()["article"]["id"])
    assert article.claims.get().quote == proposal["claims"][0]["quote"]
    citation = article.citations.get()
    assert citation.editor_study_id == chain["study"].pk


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"text": ""}, "may not be blank"),
        ({"title": "Nothing else"}, "Give the page one way"),
        ({"text": "x", "html": "<p>y</p>"}, "got text, html"),
        ({"html": "<html><body><nav>Home</nav></body></html>"}, "no main text"),
        ({"fetch": True}, "Give the address to fetch"),
        ({"fetch": True, "url": "http://127.0.0.1/admin/"}, "private or local"),
        ({"text": PAGE, "dry_run": False, "accept": {"claims": [99]}}, "No proposed claim 99"),
        ({"text": PAGE, "dry_run": False, "accept": {"citations": ["r9"]}}, "No proposed citation"),
        ({"text": PAGE, "dry_run": False, "accept": {"studies": {"r9": 1}}}, "No proposed citation"),
        ({"text": PAGE, "dry_run": "sometimes"}, "valid boolean"),
    ],
)
def test_bad_input_is_a_400_naming_the_problem_and_nothing_is_written(
    editor_token, payload, message
):
    before = counts()
    response = editor_token.post(URL, payload, format="json")
    assert response.status_code == 400
    assert message in json.dumps(response.json())
    assert counts() == before


def test_an_uploaded_file_is_taken_in_and_a_binary_or_oversized_one_refused(editor_session):
    ok = editor_session.post(
        URL, {"file": io.BytesIO(PAGE.encode()), "dry_run": "true"}, format="multipart"
    )
    assert ok.status_code == 200, ok.json()
    binary = io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    binary.name = "photo.png"
    refused = editor_session.post(URL, {"file": binary}, format="multipart")
    assert refused.status_code == 400 and "binary" in refused.json()["detail"]
    big = io.BytesIO(b"a" * (20 * 1024 * 1024))
    big.name = "big.txt"
    too_big = editor_session.post(URL, {"file": big}, format="multipart")
    assert too_big.status_code == 400
    assert "20.0 MB" in json.dumps(too_big.json())


def test_a_claim_leaning_on_a_citation_not_accepted_keeps_no_link(editor_token):
    response = editor_token.post(
        URL, {"text": PAGE, "dry_run": False, "accept": {"citations": []}}, format="json"
    )
    assert response.status_code == 201
    article = SourceArticle.objects.get(pk=response.json()["article"]["id"])
    assert article.citations.count() == 0 and article.claims.count() > 0


def test_the_command_prints_the_dry_run_as_one_json_object_with_offsets(tmp_path):
    out = io.StringIO()
    call_command("ingest_article", str(SEED), "--dry-run", "--json", stdout=out)
    result = json.loads(out.getvalue())
    text = result["text"]
    assert text == SEED.read_text(encoding="utf-8")
    assert [r["marker"] for r in result["references"]] == ["1", "2"]
    for reference in result["references"]:
        assert text[reference["start"] : reference["end"]] == reference["raw"]
    for marker in result["markers"]:
        assert text[marker["start"] : marker["end"]] == marker["marker"]
    for claim in result["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["quote"]
    assert SourceArticle.objects.count() == 0


def test_the_command_saves_the_article_and_reads_standard_input(tmp_path):
    out = io.StringIO()
    stdin = io.StringIO(PAGE)
    call_command("ingest_article", "-", "--title", "From stdin", stdout=out, stdin=stdin)
    article = SourceArticle.objects.get()
    assert article.title == "From stdin"
    assert article.claims.count() > 0 and "Saved:" in out.getvalue()


@pytest.mark.parametrize(
    ("names", "sentence"),
    [
        (["title"], "The title given was not applied: edit the article to change it."),
        (["title", "url"], "The title and url given were not applied: edit the article to change them."),
        (["--title", "--publisher", "--url"],
         "The --title, --publisher and --url given were not applied: edit the article to change them."),
    ],
)  # fmt: skip
def test_the_details_not_applied_are_named_in_one_sentence(names, sentence):
    assert not_applied_sentence(names) == sentence


def test_the_command_says_which_details_it_did_not_apply_to_a_page_taken_in_before():
    call_command("ingest_article", "-", "--title", "First title", stdout=io.StringIO(), stdin=io.StringIO(PAGE))
    out = io.StringIO()
    call_command(
        "ingest_article", "-", "--title", "Another title", "--url", "https://example.org/again",
        stdout=out, stdin=io.StringIO(PAGE),
    )  # fmt: skip
    article = SourceArticle.objects.get()
    assert (article.title, article.url) == ("First title", "")
    assert "already taken in" in out.getvalue()
    assert "The --title and --url given were not applied: edit the article to change them." in out.getvalue()
    out = io.StringIO()
    call_command("ingest_article", "-", "--title", "First title", "--json", stdout=out, stdin=io.StringIO(PAGE))
    assert json.loads(out.getvalue())["not_applied"] == {}


def test_the_command_refuses_a_binary_file_and_saves_nothing(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CommandError, match="binary.*Nothing was saved"):
        call_command("ingest_article", str(path))
    assert SourceArticle.objects.count() == 0


def test_only_the_command_which_takes_an_encoding_suggests_naming_one(tmp_path, editor_token):
    # The admin and the API told editors to "name its encoding", which only the command can.
    path = tmp_path / "page.txt"
    path.write_bytes("Ketamine \u201cworks\u201d for heroin users.".encode("cp1252"))
    with pytest.raises(CommandError, match=r"Save it as UTF-8 and give it again\. \(Or name its encoding with --encoding\.\) Nothing"):
        call_command("ingest_article", str(path))
    out = io.StringIO()
    call_command("ingest_article", str(path), "--encoding", "cp1252", "--dry-run", stdout=out)
    with path.open("rb") as upload:
        response = editor_token.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "Save it as UTF-8 and give it again." in str(response.json())
    assert "encoding" not in str(response.json())
    assert SourceArticle.objects.count() == 0


def test_a_reference_entry_too_long_to_be_one_reference_gets_no_suggestion(editor_token):
    page = PAGE + "[2] " + "Smith J. A long review of everything about ketamine. " * 120 + "\n"
    response = editor_token.post(URL, {"text": page}, format="json")
    assert response.status_code == 200, response.json()
    second = response.json()["citations"][1]
    assert len(second["raw"]) > 5000
    assert (second["suggestion"], second["confident"]) == (None, False)


def test_a_file_with_a_nul_byte_past_its_start_is_refused_as_binary(editor_session):
    data = io.BytesIO(PAGE.encode() * 40 + b"\x00tail")
    data.name = "page.txt"
    response = editor_session.post(URL, {"file": data}, format="multipart")
    assert response.status_code == 400 and "binary" in response.json()["detail"]


def test_a_body_past_the_upload_limit_is_a_json_400_that_says_to_send_a_file(editor_token):
    response = editor_token.post(URL, {"text": "Ketamine reduced cravings. " * 100_000}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "Send a long page as a file" in response.json()["detail"]


def test_citations_accepted_after_the_claims_are_linked_to_the_claims_that_lean_on_them(editor_token):
    together = editor_token.post(URL, {"text": PAGE, "dry_run": False}, format="json").json()
    linked = set(
        ClaimCitation.objects.filter(claim__article_id=together["article"]["id"])
        .values_list("claim__quote", "citation__raw_text")
    )
    assert linked  # accepted together, "… reduced relapse [1]" leans on entry [1]
    SourceArticle.objects.all().delete()

    first = editor_token.post(URL, {"text": PAGE, "dry_run": False, "accept": {"citations": []}}, format="json")
    article_id = first.json()["article"]["id"]
    assert not ClaimCitation.objects.filter(claim__article_id=article_id).exists()
    then = editor_token.post(URL, {"text": PAGE, "dry_run": False}, format="json")
    # Added to the article taken in before: not a new one.
    assert then.status_code == 200
    assert then.json()["already_taken_in"] is True
    assert then.json()["added"] == {"claims": 0, "citations": 2}
    # The same links as when claims and citations were accepted together.
    assert set(
        ClaimCitation.objects.filter(claim__article_id=article_id)
        .values_list("claim__quote", "citation__raw_text")
    ) == linked


def test_a_page_with_no_title_is_not_named_after_its_reference_list(editor_token):
    page = (
        "Ketamine tripled abstinence in a trial of heroin users [1].\n\nReferences\n"
        "1. Krupitsky E, et al. Ketamine psychotherapy for heroin addiction: immediate effects "
        "and two-year follow-up. J Subst Abuse Treat. 2002;23(4):273-283.\n"
    )
    proposal = editor_token.post(URL, {"text": page}, format="json").json()
    assert proposal["captured"]["title"] == ""
    response = editor_token.post(URL, {"text": page, "dry_run": False}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["article"] | {"id": None} == {
        "id": None, "key": "article", "title": "Untitled page",
    }  # fmt: skip


def test_an_uploaded_markdown_file_keeps_its_footnotes_as_references(editor_session):
    page = (
        "# Ketamine for heroin addiction\n\nKetamine reduced cravings by 40% in a 2019 RCT "
        "[^1].\n\n[^1]: Krupitsky E, et al. Ketamine psychotherapy for heroin addiction: "
        "immediate effects and two-year follow-up. J Subst Abuse Treat. 2002;23(4):273-283.\n"
    )
    upload = io.BytesIO(page.encode())
    upload.name = "page.md"
    response = editor_session.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [r["raw"][:12] for r in body["references"]] == ["Krupitsky E,"]
    assert [(m["marker"], m["reference"]) for m in body["markers"]] == [("[^1]", "1")]
    assert [(c["key"], c["marker"]) for c in body["citations"]] == [("r1", "[^1]")]
    assert [c["citation_keys"] for c in body["claims"]] == [["r1"]]


def test_an_uploaded_pdf_is_a_400_saying_pdfs_are_not_taken_in(editor_session):
    pdf = io.BytesIO(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
        b"BT (Ketamine reduced cravings by 40% in a trial.) Tj ET\n%%EOF\n"
    )
    pdf.name = "paper.pdf"
    response = editor_session.post(URL, {"file": pdf, "dry_run": "false"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "PDF files are not taken in: give the page as text, Markdown or HTML"
    )
    assert SourceArticle.objects.count() == 0
