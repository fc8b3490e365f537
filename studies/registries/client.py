"""The one way out to the registries: every request goes through `get`.

- a timeout on every request, and retries with exponential backoff on 429, 5xx, timeouts and
  connections that break off (a Retry-After the registry sends is honoured, up to a cap);
- a rate limit per registry shared by every process and worker through Django's cache
  (Redis when configured): at most `per_second` requests in any second;
- answers cached (200 and 404) so a page checked twice asks once;
- the polite contact settings from the environment (Crossref's and OpenAlex's `mailto`,
  NCBI's `tool`, `email` and `api_key`), never written into a cassette;
- a clear offline state: `RegistryUnavailable(offline=True)` when the host does not resolve
  or the registries are turned off (`REGISTRIES_ENABLED`).
"""

import hashlib
import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

MAX_ATTEMPTS = 3
BACKOFF = 1.0  # seconds before the second attempt; doubled for each after it
MAX_RETRY_AFTER = 30  # seconds: a longer wait is not worth holding a worker for
RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class Registry:
    name: str
    label: str
    base: str
    per_second: float  # the registry's documented limit, for everyone sharing this server


CROSSREF = Registry("crossref", "Crossref", "https://api.crossref.org", 1)
# NCBI allows 3 requests a second without an API key, 10 with one.
PUBMED = Registry("pubmed", "PubMed", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils", 3)
PMC_IDCONV = Registry("pubmed", "PubMed", "https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0", 3)
OPENALEX = Registry("openalex", "OpenAlex", "https://api.openalex.org", 10)
LABELS = {r.name: r.label for r in (CROSSREF, PUBMED, OPENALEX)}


class RegistryUnavailable(Exception):
    """The registry gave no answer: offline, turned off, or failing after retries."""

    def __init__(self, registry: Registry, reason: str, *, offline: bool = False):
        super().__init__(f"{registry.label}: {reason}")
        self.registry = registry.name
        self.offline = offline


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str = ""

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def _per_second(registry: Registry) -> float:
    if registry.name == "pubmed" and settings.NCBI_API_KEY:
        return 10
    return registry.per_second


def wait_turn(registry: Registry, *, clock=None, sleep=None) -> None:
    """Take a place in this second's allowance for the registry, waiting for the next second
    while it is used up. The count is kept in the cache, so every worker shares it."""
    clock, sleep = clock or time.time, sleep or time.sleep
    limit = max(1, int(_per_second(registry)))
    while True:
        now = clock()
        window = int(now)
        key = f"registry-rate:{registry.name}:{window}"
        cache.add(key, 0, timeout=5)
        try:
            taken = cache.incr(key)
        except ValueError:  # the key expired between add and incr: take the next window
            continue
        if taken <= limit:
            return
        sleep(window + 1 - now)


def _polite(registry: Registry, params: dict) -> dict:
    params = dict(params)
    email = settings.REGISTRY_CONTACT_EMAIL
    if registry.name in ("crossref", "openalex") and email:
        params["mailto"] = email
    if registry.name == "pubmed":
        params["tool"] = "ketamine-evidence"
        if email:
            params["email"] = email
        if settings.NCBI_API_KEY:
            params["api_key"] = settings.NCBI_API_KEY
    return params


def _user_agent() -> str:
    email = settings.REGISTRY_CONTACT_EMAIL
    return "KetamineEvidence/1.0" + (f" (mailto:{email})" if email else "")


def _cache_key(url: str) -> str:
    return "registry-answer:" + hashlib.sha256(url.encode()).hexdigest()


def get(registry: Registry, path: str, params: dict | None = None, *, sleep=None) -> Answer:
    """GET base + path with the query `params`; a 200 or a 404 is an Answer, anything else
    after the retries raises RegistryUnavailable."""
    sleep = sleep or time.sleep
    if not settings.REGISTRIES_ENABLED:
        raise RegistryUnavailable(registry, "registry look-ups are turned off", offline=True)
    query = urllib.parse.urlencode(sorted((params or {}).items()))
    plain_url = f"{registry.base}{path}" + (f"?{query}" if query else "")
    cached = cache.get(_cache_key(plain_url))
    if cached is not None:
        return Answer(*cached)
    polite = urllib.parse.urlencode(sorted(_polite(registry, params or {}).items()))
    url = f"{registry.base}{path}" + (f"?{polite}" if polite else "")
    request = urllib.request.Request(
        url, headers={"User-Agent": _user_agent(), "Accept": "application/json, text/xml"}
    )
    delay = BACKOFF
    for attempt in range(1, MAX_ATTEMPTS + 1):
        wait_turn(registry, sleep=sleep)
        try:
            with urllib.request.urlopen(request, timeout=settings.REGISTRY_TIMEOUT) as response:
                answer = Answer(
                    response.status, response.read(), response.headers.get("Content-Type", "")
                )
        except urllib.error.HTTPError as error:
            if error.code == 404:
                answer = Answer(404, _rest_of(error), error.headers.get("Content-Type", ""))
            elif error.code in RETRY_STATUSES and attempt < MAX_ATTEMPTS:
                sleep(_retry_after(error.headers.get("Retry-After"), delay))
                delay *= 2
                continue
            else:
                raise RegistryUnavailable(registry, f"answered {error.code}") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, socket.gaierror):
                raise RegistryUnavailable(
                    registry, "cannot be reached (the server is offline)", offline=True
                ) from None
            if attempt < MAX_ATTEMPTS:
                sleep(delay)
                delay *= 2
                continue
            raise RegistryUnavailable(registry, f"cannot be reached ({error.reason})") from None
        except TimeoutError:
            if attempt < MAX_ATTEMPTS:
                sleep(delay)
                delay *= 2
                continue
            raise RegistryUnavailable(registry, "did not answer in time") from None
        except (http.client.HTTPException, OSError) as error:
            # The connection closed before the answer, or in the middle of it: urllib lets
            # these through as they are (RemoteDisconnected, IncompleteRead, a reset).
            if attempt < MAX_ATTEMPTS:
                sleep(delay)
                delay *= 2
                continue
            raise RegistryUnavailable(
                registry, f"broke off the connection ({type(error).__name__})"
            ) from None
        cache.set(
            _cache_key(plain_url),
            (answer.status, answer.body, answer.content_type),
            settings.REGISTRY_CACHE_SECONDS,
        )
        return answer
    raise RegistryUnavailable(registry, "did not answer")  # not reached: the loop returns


def _rest_of(error: urllib.error.HTTPError) -> bytes:
    """The body of a 404, or nothing where the connection broke off in it: the status alone
    says the registry does not hold the work."""
    try:
        return error.read()
    except (http.client.HTTPException, OSError):
        return b""


def _retry_after(header: str | None, default: float) -> float:
    try:
        return min(float(header), MAX_RETRY_AFTER) if header else default
    except ValueError:
        return default


def get_json(registry: Registry, path: str, params: dict | None = None):
    """The JSON of a 200 answer; None for a 404 (a DOI the registry does not hold)."""
    answer = get(registry, path, params)
    if answer.status == 404:
        return None
    try:
        return answer.json()
    except (ValueError, UnicodeDecodeError):
        raise RegistryUnavailable(registry, "answered with something that is not JSON") from None
