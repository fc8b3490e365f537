"""Capture: bytes from a paste, a file or a URL turned into the text the claims quote.

The captured text is kept verbatim (claims are quoted by offset into it), with its hash and
the hash of the original bytes, so that a page captured again can be told apart from a
changed one. HTML goes through trafilatura's main-content extraction: navigation, cookie
banners and footers are dropped; headings, list items and table rows are kept as lines.
"""

import hashlib
import ipaddress
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass

from claims.intake.sections import is_reference_heading
from claims.texts import content_hash, normalise_newlines

# A page is a few hundred kilobytes; anything past this is not an article.
MAX_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT = 10  # seconds
USER_AGENT = "KetamineEvidence/1.0 (article intake)"

TEXT_KINDS = ("text", "markdown", "html")


class CaptureError(ValueError):
    """The input cannot become an article's text; the message says why. `undecodable`: its
    bytes are not text in the encoding they were read in."""

    undecodable = False


class UndecodableError(CaptureError):
    undecodable = True


@dataclass(frozen=True)
class Captured:
    text: str
    text_hash: str
    source_hash: str
    kind: str
    title: str = ""
    publisher: str = ""
    author: str = ""
    published: str = ""  # ISO date, or empty when the page shows none
    url: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def check_size(n: int) -> None:
    """Refuse a file past the limit, saying its size (before it is read, where the caller
    knows the size)."""
    if n > MAX_BYTES:
        raise CaptureError(f"The file is {size(n)}; an article is at most {size(MAX_BYTES)}.")


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode(data: bytes, *, encoding: str | None = None) -> str:
    """The text in the bytes: UTF-8 (with or without a byte-order mark), UTF-16 with its
    mark, the charset an HTML page declares, or the encoding given. Anything else is refused
    with the byte that failed: guessing an encoding would put wrong characters in quotes."""
    if not data:
        raise CaptureError("The file is empty.")
    check_size(len(data))
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decoded(data[len(bom) :], encoding or name)
    if b"\x00" in data[:4096]:
        raise CaptureError(
            "The file is binary, not text (it holds NUL bytes): give the page as text, "
            "Markdown or HTML."
        )
    if encoding is None:
        declared = _META_CHARSET.search(data[:4096])
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    return _decoded(data, encoding)


def _decoded(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except LookupError:
        raise CaptureError(f"Unknown text encoding {encoding!r}.") from None
    except UnicodeDecodeError as error:
        raise UndecodableError(
            f"The file is not valid {encoding} text: byte 0x{data[error.start]:02x} at "
            f"offset {error.start} cannot be read. Save it as UTF-8 and give it again."
        ) from None
    check_text(text)
    return text


def check_text(text: str) -> None:
    """Refuse text that is not text: a NUL anywhere (no database keeps it in a text column)
    or a run of control characters."""
    if "\x00" in text or _control_share(text) > 0.01:
        raise CaptureError("The file is binary, not text: give the page as text, Markdown or HTML.")


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(sample)


PDF_REFUSED = (
    "PDF files are not taken in: give the page as text, Markdown or HTML (copy the text out of "
    "the PDF, or give the web page it came from)."
)


def check_not_pdf(head: bytes | str, *, filename: str = "", content_type: str = "") -> None:
    """Refuse a PDF, by its name, its type or its first bytes ("%PDF-"). A PDF's bytes may
    all be printable, so it would pass for text: its operators would be quoted as claims."""
    start = head[:1024].lstrip()
    marked = start.startswith(b"%PDF-" if isinstance(start, bytes) else "%PDF-")
    if marked or filename.lower().endswith(".pdf") or "application/pdf" in content_type.lower():
        raise CaptureError(PDF_REFUSED)


def kind_of(text: str, *, filename: str = "", content_type: str = "") -> str:
    """text, markdown or html: from the content type, the file's extension, or a look at
    the start of the text."""
    name = filename.lower()
    if "html" in content_type or name.endswith((".html", ".htm")):
        return "html"
    if "markdown" in content_type or name.endswith((".md", ".markdown")):
        return "markdown"
    if name.endswith(".txt") or content_type.startswith("text/plain"):
        return "text"
    head = text[:1000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(?:body|head|p|div)\b", head):
        return "html"
    return "text"


def capture_text(
    text: str, *, source: bytes | None = None, kind: str = "text", url: str = ""
) -> Captured:
    """A pasted or plain-text page: kept as it is (only line ends normalised)."""
    text = normalise_newlines(text)
    if not text.strip():
        raise CaptureError("The text is empty.")
    check_not_pdf(text)
    check_text(text)
    return Captured(
        text=text,
        text_hash=content_hash(text),
        source_hash=bytes_hash(source if source is not None else text.encode("utf-8")),
        kind=kind,
        title=_first_heading(text, markdown=kind == "markdown"),
        url=url,
    )


def _first_heading(text: str, *, markdown: bool) -> str:
    """The page's title: in Markdown its title heading (`_markdown_title`); in plain text the
    first line, when it is short and not a sentence. A plain text's title is at its top: past
    the first paragraph, a short line is a section's heading or a list item. A reference
    list's heading is never a title, and nothing after it is read: the page's text is over."""
    if markdown:
        return _markdown_title(text)
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if is_reference_heading(line):
            return ""
        if len(line) <= 200 and not line.endswith("."):
            return line
        return ""
    return ""


ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
SETEXT_UNDERLINE = re.compile(r"^(=+|-+)\s*$")
FRONT_MATTER_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.IGNORECASE)


def _markdown_title(text: str) -> str:
    """A Markdown page's title: the `title:` of its front matter, else its first level-one
    heading (`# Title` or a line underlined with `===`) wherever it is (a page may open
    with a byline or a notice), else a lower heading that comes before any paragraph. A
    `## Section` after the opening prose is a section's heading, not the page's title."""
    lines = [line.strip() for line in text.splitlines()]
    if lines and lines[0] == "---" and "---" in lines[1:]:
        end = lines.index("---", 1)
        for line in lines[1:end]:
            found = FRONT_MATTER_TITLE.match(line)
            if found:
                return _title(found.group(1).strip("\"'"))
        lines = lines[end + 1 :]
    first_lower = ""
    prose_seen = False
    for i, line in enumerate(lines):
        if not line or SETEXT_UNDERLINE.match(line):
            continue
        if is_reference_heading(line.lstrip("#").strip()):
            break
        following = lines[i + 1] if i + 1 < len(lines) else ""
        atx = ATX_HEADING.match(line)
        if atx:
            level, heading = len(atx.group(1)), atx.group(2).strip()
        elif SETEXT_UNDERLINE.match(following) and (i == 0 or not lines[i - 1]):
            level, heading = (1 if following.startswith("=") else 2), line
        else:
            prose_seen = True
            continue
        if is_reference_heading(heading):
            break
        if level == 1:
            return heading[:400]
        if not prose_seen and not first_lower:
            first_lower = heading[:400]
    return first_lower


def _title(title: str | None) -> str:
    title = (title or "").strip()
    return "" if is_reference_heading(title) else title[:400]


def capture_html(html: str, *, source: bytes | None = None, url: str = "") -> Captured:
    """The main text of an HTML page, with the title, site, author and date it shows."""
    import trafilatura  # imported here: it loads lxml and its models, seconds on first use

    text = trafilatura.extract(
        html,
        url=url or None,
        favor_recall=True,
        include_tables=True,
        include_comments=False,
        include_links=False,
        deduplicate=False,
    )
    if not text or len(text.split()) < 20:
        raise CaptureError(
            "The HTML page has no main text that could be extracted (it may be empty, a "
            "login page or built by JavaScript): paste the article's text instead."
        )
    text = normalise_newlines(text)
    check_text(text)
    meta = trafilatura.extract_metadata(html, default_url=url or None)
    return Captured(
        text=text,
        text_hash=content_hash(text),
        source_hash=bytes_hash(source if source is not None else html.encode("utf-8")),
        kind="html",
        title=_title(meta.title) if meta else "",
        publisher=(meta.sitename or "")[:200] if meta else "",
        author=(meta.author or "")[:200] if meta else "",
        published=(meta.date or "") if meta else "",
        url=url or (meta.url if meta and meta.url else ""),
    )


def capture_bytes(
    data: bytes, *, filename: str = "", content_type: str = "", encoding: str | None = None,
    url: str = "",
) -> Captured:  # fmt: skip
    """An uploaded file or a fetched page."""
    check_not_pdf(data, filename=filename, content_type=content_type)
    text = decode(data, encoding=encoding)
    kind = kind_of(text, filename=filename, content_type=content_type)
    if kind == "html":
        return capture_html(text, source=data, url=url)
    return capture_text(text, source=data, kind=kind, url=url)


# --- Fetching a URL ----------------------------------------------------------------------


def check_address(url: str, *, allowed_hosts=()) -> None:
    """Refuse what a server must not fetch for a user: other schemes than http(s), and hosts
    that resolve to private, loopback, link-local or reserved addresses (the server's own
    network), unless the host is in `allowed_hosts`."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise CaptureError(f"Only http and https addresses can be fetched, not {url!r}.")
    host = parts.hostname
    if not host:
        raise CaptureError(f"The address {url!r} names no host.")
    if host in allowed_hosts:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise CaptureError(
            f"Cannot reach {host}: its name does not resolve ({error}). The server may be "
            "offline; paste the article's text or upload its file instead."
        ) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise CaptureError(
                f"{host} resolves to {address}, a private or local address: it is not fetched."
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allowed_hosts):
        self.allowed_hosts = allowed_hosts

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_address(newurl, allowed_hosts=self.allowed_hosts)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str, *, timeout: float = FETCH_TIMEOUT, max_bytes: int = MAX_BYTES, allowed_hosts=()
):
    """The page at `url` as captured: at most `max_bytes`, within `timeout` seconds, every
    redirect checked as the first address was."""
    check_address(url, allowed_hosts=allowed_hosts)
    opener = urllib.request.build_opener(_CheckedRedirects(allowed_hosts))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            content_type = response.headers.get("Content-Type", "")
            final_url = response.geturl()
    except urllib.error.HTTPError as error:
        raise CaptureError(f"{url} answered {error.code} {error.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise CaptureError(
            f"Cannot fetch {url}: {reason}. The server may be offline; paste the article's "
            "text or upload its file instead."
        ) from None
    if len(data) > max_bytes:
        raise CaptureError(f"{url} is larger than {size(max_bytes)}: not an article.")
    charset = re.search(r"charset=([\w.:-]+)", content_type)
    return capture_bytes(
        data,
        content_type=content_type,
        encoding=charset.group(1) if charset else None,
        url=final_url,
    )


def capture_page(
    *, text: str = "", html: str = "", data: bytes | None = None, filename: str = "",
    content_type: str = "", url: str = "", fetch_page: bool = False, allowed_hosts=(),
) -> Captured:  # fmt: skip
    """The page as one of the doors gives it: pasted text, pasted HTML, a file's bytes, or
    the address to fetch (the caller has checked that exactly one is given)."""
    if text:
        return capture_text(text, url=url)
    if html:
        return capture_html(html, url=url)
    if data is not None:
        return capture_bytes(data, filename=filename, content_type=content_type, url=url)
    if fetch_page:
        return fetch(url, allowed_hosts=allowed_hosts)
    raise CaptureError("Give the page: its text, its HTML, its file, or its address to fetch.")
