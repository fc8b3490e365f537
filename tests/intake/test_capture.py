"""Capture: files, pasted HTML and fetched pages turned into the verbatim text, or refused
with a message that says why."""

import http.server
import threading
from pathlib import Path

import pytest

from claims.intake.capture import (
    MAX_BYTES,
    CaptureError,
    capture_bytes,
    capture_html,
    capture_text,
    decode,
    fetch,
)
from claims.texts import content_hash

RESPONSES = Path(__file__).resolve().parent.parent / "fixtures" / "intake" / "responses"


def test_plain_text_is_kept_verbatim_with_both_hashes():
    data = b"Ketamine\r\nIt reduced cravings.\r\n"
    captured = capture_bytes(data, filename="page.txt")
    assert captured.text == "Ketamine\nIt reduced cravings.\n"
    assert captured.text_hash == content_hash(captured.text)
    assert len(captured.source_hash) == 64 and captured.source_hash != captured.text_hash
    assert captured.title == "Ketamine"


def test_markdown_takes_its_title_from_the_first_heading():
    captured = capture_bytes(b"Intro line.\n# Ketamine and addiction\nText.", filename="a.md")
    assert (captured.kind, captured.title) == ("markdown", "Ketamine and addiction")


def test_a_markdown_section_heading_after_the_opening_prose_is_not_the_title():
    text = "Ketamine reduced relapse in two trials.\n\n## What the trials found\nMore prose.\n"
    assert capture_text(text, kind="markdown").title == ""


def test_a_markdown_page_opening_with_a_lower_heading_takes_it_as_its_title():
    text = "## Ketamine for alcohol use disorder\n\nIt reduced relapse.\n\n## Safety\n"
    assert capture_text(text, kind="markdown").title == "Ketamine for alcohol use disorder"


def test_a_markdown_level_one_heading_is_the_title_over_an_earlier_lower_one():
    text = "### Clinic news\n\n# Ketamine and addiction #\n\nText.\n"
    assert capture_text(text, kind="markdown").title == "Ketamine and addiction"


def test_a_markdown_title_underlined_with_equals_signs_is_the_title():
    text = "Notice: updated in May.\n\nKetamine and addiction\n======================\n\nText.\n"
    assert capture_text(text, kind="markdown").title == "Ketamine and addiction"


def test_markdown_front_matter_gives_the_title():
    text = '---\nlayout: post\ntitle: "Ketamine for heroin use"\n---\n\n## Background\nText.\n'
    assert capture_text(text, kind="markdown").title == "Ketamine for heroin use"


KRUPITSKY = (
    "1. Krupitsky E, et al. Ketamine psychotherapy for heroin addiction: immediate effects and "
    "two-year follow-up. J Subst Abuse Treat. 2002;23(4):273-283.\n"
)


@pytest.mark.parametrize(
    "heading", ["References", "REFERENCES:", "Bibliography", "Sources", "Citations",
                "Works cited", "Notes", "Further reading", "5. References", "## References"],
)  # fmt: skip
def test_a_text_with_no_title_before_its_reference_list_has_no_title(heading):
    text = f"Ketamine tripled abstinence in a trial of heroin users [1].\n\n{heading}\n{KRUPITSKY}"
    assert capture_text(text).title == ""
    assert capture_text(text, kind="markdown").title == ""


def test_a_reference_list_heading_at_the_top_is_not_a_title_either():
    assert capture_text(f"References\n{KRUPITSKY}").title == ""


def test_a_short_line_after_the_first_paragraph_is_not_the_title():
    text = "Ketamine reduced relapse in two trials.\n\nWhat the trials found\nMore prose here.\n"
    assert capture_text(text).title == ""


def test_a_title_that_begins_with_a_reference_word_is_still_a_title():
    text = f"Notes on ketamine for addiction\n\nIt reduced relapse [1].\n\nReferences\n{KRUPITSKY}"
    assert capture_text(text).title == "Notes on ketamine for addiction"


def test_an_html_page_titled_with_a_reference_list_heading_has_no_title():
    prose = "Ketamine reduced relapse in a trial of people with alcohol use disorder. " * 5
    html = f"<html><head><title>References</title></head><body><p>{prose}</p></body></html>"
    assert capture_html(html).title == ""


def test_an_empty_file_is_refused():
    with pytest.raises(CaptureError, match="empty"):
        decode(b"")


def test_a_binary_file_is_refused():
    with pytest.raises(CaptureError, match="binary"):
        capture_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", filename="photo.png")


# A PDF whose bytes are all printable: no NUL byte gives it away as binary.
PLAIN_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"4 0 obj << /Length 44 >> stream\nBT /F1 12 Tf (Ketamine reduced cravings.) Tj ET\n"
    b"endstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.mark.parametrize(
    "data, filename, content_type",
    [
        (PLAIN_PDF, "paper.pdf", ""),
        (PLAIN_PDF, "", ""),  # known by its first bytes, whatever its name
        (PLAIN_PDF, "paper.txt", "text/plain"),
        (b"%PDF-1.7\x00\x01\x02\x03 stream", "paper.pdf", ""),
        (b"Ketamine reduced cravings in a trial.", "paper.pdf", ""),  # known by its name
        (b"Ketamine reduced cravings in a trial.", "", "application/pdf"),  # or its type
    ],
)
def test_a_pdf_file_is_refused_saying_what_is_taken_in(data, filename, content_type):
    with pytest.raises(
        CaptureError,
        match=r"PDF files are not taken in: give the page as text, Markdown or HTML",
    ):
        capture_bytes(data, filename=filename, content_type=content_type)


def test_pasted_text_that_is_a_pdf_is_refused():
    with pytest.raises(CaptureError, match="PDF files are not taken in"):
        capture_text(PLAIN_PDF.decode("ascii"))


def test_a_file_larger_than_the_limit_is_refused_with_its_size():
    with pytest.raises(CaptureError, match=r"20\.0 MB; an article is at most 5\.0 MB"):
        decode(b"a" * (20 * 1024 * 1024))
    assert MAX_BYTES == 5 * 1024 * 1024


def test_text_in_an_unexpected_encoding_is_refused_naming_the_byte():
    data = "Ketamine \u201cworks\u201d".encode("cp1252")
    with pytest.raises(CaptureError, match=r"not valid utf-8 text: byte 0x93 at offset 9"):
        decode(data)
    # Named, it is read.
    assert decode(data, encoding="cp1252") == "Ketamine \u201cworks\u201d"


def test_utf16_with_its_byte_order_mark_and_a_declared_html_charset_are_read():
    assert decode("Ketamine".encode("utf-16")) == "Ketamine"
    page = '<html><head><meta charset="windows-1252"></head><body>caf\xe9</body></html>'
    assert "café" in decode(page.encode("cp1252"))


def test_html_keeps_the_main_text_with_headings_and_list_items_as_lines():
    html = (RESPONSES / "article.http").read_text().split("\n\n", 1)[1]
    captured = capture_html(html)
    lines = captured.text.splitlines()
    assert "Ketamine blocks NMDA receptors in the brain." in " ".join(lines)
    assert any(line.strip().startswith("- Side effects") for line in lines)
    assert "What the research says" in lines
    assert "cookies" not in captured.text and "Services" not in captured.text
    assert (captured.title, captured.author, captured.published) == (
        "Ketamine for Alcohol Use Disorder",
        "Jane Writer",
        "2024-05-01",
    )
    assert captured.publisher == "Example Clinic"


def test_an_html_page_with_no_main_text_is_refused():
    with pytest.raises(CaptureError, match="no main text"):
        capture_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_an_empty_paste_is_refused():
    with pytest.raises(CaptureError, match="empty"):
        capture_text("  \n ")


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.org/page", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("http://127.0.0.1:8000/admin/", "private or local address"),
        ("http://10.0.0.8/", "private or local address"),
        ("http://[::1]/", "private or local address"),
    ],
)
def test_a_fetch_is_refused_for_other_schemes_and_the_servers_own_network(url, message):
    with pytest.raises(CaptureError, match=message):
        fetch(url)


def test_offline_a_fetch_says_so_clearly():
    # .invalid never resolves (RFC 2606), online or not: the path a server without a
    # network takes for every host.
    with pytest.raises(CaptureError, match="does not resolve.*may be offline"):
        fetch("https://ketamine-clinic.invalid/addiction")


class _Replay(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a recorded response, byte for byte as the server sent it;
    /moved redirects to a private address."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "http://10.1.2.3/page")
            self.end_headers()
            return
        head, body = (RESPONSES / "article.http").read_bytes().split(b"\n\n", 1)
        status, *headers = head.decode().splitlines()
        self.send_response(int(status.split()[1]))
        for header in headers:
            name, value = header.split(": ", 1)
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def replay_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_fetched_page_is_captured_from_a_recorded_response(replay_server):
    captured = fetch(f"{replay_server}/ketamine-aud", allowed_hosts=["127.0.0.1"])
    assert captured.kind == "html"
    assert captured.url == f"{replay_server}/ketamine-aud"
    assert "96 people with severe alcohol use disorder" in captured.text
    assert captured.source_hash != captured.text_hash


def test_a_redirect_to_a_private_address_is_refused(replay_server):
    with pytest.raises(CaptureError, match="10.1.2.3.*private or local"):
        fetch(f"{replay_server}/moved", allowed_hosts=["127.0.0.1"])


def test_a_page_larger_than_the_limit_is_refused(replay_server):
    with pytest.raises(CaptureError, match="larger than 200 bytes"):
        fetch(f"{replay_server}/big", allowed_hosts=["127.0.0.1"], max_bytes=200)
