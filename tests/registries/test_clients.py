"""The registry clients on recorded responses in each registry's documented format
(tests/registries/cassettes, their facts from the records named in the README there)."""

import dataclasses
import socket
import threading

import pytest

from studies.registries import crossref, openalex, pubmed
from studies.registries.client import CROSSREF, RegistryUnavailable, get, get_json

pytestmark = pytest.mark.django_db


@pytest.mark.vcr("crossref_work_by_doi.yaml")
def test_crossref_gives_a_work_by_its_doi_written_any_way():
    work = crossref.work("https://doi.org/10.1176/APPI.AJP.2019.18101123")
    assert (work.title[:40], work.container_title, work.year) == (
        "A Single Ketamine Infusion Combined With",
        "American Journal of Psychiatry",
        2019,
    )
    assert (work.volume, work.issue, work.pages, work.doi) == (
        "176", "11", "923-930", "10.1176/appi.ajp.2019.18101123",
    )  # fmt: skip
    assert work.authors == (("Dakwar", "Elias"),)
    assert not work.retracted and work.notices == ()


@pytest.mark.vcr("crossref_retracted_work.yaml")
def test_crossref_reports_a_retraction_and_a_correction_with_their_notices():
    work = crossref.work("10.1016/S0140-6736(97)11096-0")
    assert work.retracted
    assert work.title.startswith("Ileal-lymphoid-nodular hyperplasia")  # "RETRACTED:" removed
    assert [(n.kind, n.doi, n.date, n.source) for n in work.notices] == [
        ("correction", "10.1016/s0140-6736(04)15715-2", "2004-03-06", "retraction-watch"),
        ("retraction", "10.1016/s0140-6736(10)60175-4", "2010-02-06", "retraction-watch"),
    ]
    assert len(work.authors) == 13


@pytest.mark.vcr("crossref_unknown_doi.yaml")
def test_a_doi_crossref_does_not_hold_is_none_not_an_error():
    assert crossref.work("10.1109/CVPR.2016.999999") is None
    assert openalex.work_by_doi("10.1109/CVPR.2016.999999") is None


@pytest.mark.vcr("crossref_bibliographic_search.yaml")
def test_a_bibliographic_search_returns_the_candidates_in_crossrefs_order():
    query = (
        "The effects of sub-anesthetic ketamine infusions on motivation to quit and cue-induced "
        "craving in cocaine dependent research volunteers Dakwar Levin Foltin Biological "
        "Psychiatry 2014"
    )
    found = crossref.search(query)
    assert [w.doi for w in found] == [
        "10.1016/j.neuropharm.2018.01.005",
        "10.1016/j.biopsych.2013.08.009",
    ]


@pytest.mark.vcr("crossref_busy_then_answers.yaml")
def test_a_busy_registry_is_asked_again_with_growing_waits(no_waiting):
    work = crossref.work("10.1176/appi.ajp.2019.18101123")
    assert work.year == 2019
    # The backoff between the three attempts (the rate limit's own waits are under a second).
    assert [wait for wait in no_waiting if wait >= 1] == [1.0, 2.0]


@pytest.mark.vcr("crossref_busy_then_answers.yaml")
def test_an_answer_is_cached_so_the_registry_is_asked_once(no_waiting):
    crossref.work("10.1176/appi.ajp.2019.18101123")
    # The cassette holds one successful answer: a second request would find none.
    assert crossref.work("10.1176/appi.ajp.2019.18101123").year == 2019


@pytest.mark.vcr("pubmed_record.yaml")
def test_pubmed_gives_the_record_of_a_pmid_with_its_identifiers():
    record = pubmed.record("24035344")
    assert record.title.startswith("The effects of sub-anesthetic ketamine")
    assert not record.title.endswith(".")
    assert record.authors[:2] == (("Dakwar", "E"), ("Levin", "F"))
    assert (record.container_title, record.year, record.volume, record.pages) == (
        "Biological psychiatry", 2014, "76", "40-46",
    )  # fmt: skip
    assert (record.doi, record.pmcid) == ("10.1016/j.biopsych.2013.08.009", "PMC4105157")
    assert not record.retracted


@pytest.mark.vcr("pubmed_retracted_record.yaml")
def test_pubmed_marks_a_retracted_publication_and_links_its_notice():
    record = pubmed.record("9500320")
    assert record.retracted
    assert record.title.startswith("Ileal-lymphoid-nodular hyperplasia")
    assert [(n.kind, n.label) for n in record.notices] == [("retraction", "Lancet (PMID 15016483)")]


@pytest.mark.vcr("pmc_id_converter.yaml")
def test_a_pmcid_converts_to_its_pmid_and_doi():
    assert pubmed.convert("PMC4105157") == {
        "pmid": "24035344", "pmcid": "PMC4105157", "doi": "10.1016/j.biopsych.2013.08.009",
    }  # fmt: skip


@pytest.mark.vcr("openalex_work_and_empty_search.yaml")
def test_openalex_gives_a_work_by_doi_and_an_empty_search_is_empty():
    work = openalex.work_by_doi("10.1016/j.biopsych.2013.08.009")
    assert work.authors[0] == ("Dakwar", "Elias")
    assert (work.pages, work.pmid, work.pmcid) == ("40-46", "24035344", "PMC4105157")
    assert openalex.search("Ketamine cures every addiction in one night Smith Doe 2021") == []


def test_turned_off_the_registries_say_so_without_a_request(settings):
    settings.REGISTRIES_ENABLED = False
    with pytest.raises(RegistryUnavailable, match="turned off") as problem:
        get(CROSSREF, "/works/10.1/x")
    assert problem.value.offline


def test_offline_a_registry_says_it_cannot_be_reached(monkeypatch):
    # The host does not resolve here: the path every request takes on a server without
    # the network.
    unreachable = dataclasses.replace(CROSSREF, base="https://api.crossref.invalid")
    monkeypatch.setattr("studies.registries.crossref.CROSSREF", unreachable)
    with pytest.raises(RegistryUnavailable, match="cannot be reached") as problem:
        crossref.work("10.1176/appi.ajp.2019.18101123")
    assert problem.value.offline


class ScriptedServer:
    """A real HTTP server on this machine that answers each connection as its script says:
    "close" hangs up without a word, "cut" sends half an answer, "cut 404" half a 404,
    anything else is the JSON body of a whole 200 answer."""

    def __init__(self, script):
        self.script = list(script)
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return  # closed at the end of the test
            with connection:
                connection.recv(65536)
                step = self.script[min(self.connections, len(self.script) - 1)]
                self.connections += 1
                if step == "close":
                    continue
                cut = step.startswith("cut")
                body = b'{"message": {"title"' if cut else step.encode()
                length = len(body) * 2 if cut else len(body)
                status = b"404 Not Found" if step == "cut 404" else b"200 OK"
                connection.sendall(
                    b"HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (status, length, body)
                )


@pytest.fixture
def scripted(no_waiting):
    servers = []

    def start(*script):
        server = ScriptedServer(script)
        servers.append(server)
        # Its own name and allowance: the rate limit does not hold these requests back.
        registry = dataclasses.replace(CROSSREF, base=server.base, name="scripted", per_second=100)
        return server, registry

    yield start
    for server in servers:
        server.listener.close()


def test_a_connection_closed_before_the_answer_is_tried_again(scripted):
    server, registry = scripted("close", '{"status": "ok"}')
    assert get(registry, "/works/10.1/a").json() == {"status": "ok"}
    assert server.connections == 2


def test_an_answer_cut_off_in_the_middle_is_asked_for_again(scripted):
    server, registry = scripted("cut", '{"status": "ok"}')
    assert get(registry, "/works/10.1/b").json() == {"status": "ok"}
    assert server.connections == 2


def test_a_not_found_answer_cut_off_in_the_middle_is_still_not_found(scripted):
    # A 404 says the registry does not hold the work; its body is not needed to know that.
    server, registry = scripted("cut 404")
    assert get_json(registry, "/works/10.1/d") is None
    assert server.connections == 1


def test_a_registry_that_keeps_hanging_up_is_reported_unavailable_not_raised_raw(scripted):
    server, registry = scripted("close")
    with pytest.raises(RegistryUnavailable, match="broke off the connection") as problem:
        get(registry, "/works/10.1/c")
    assert not problem.value.offline  # it answered the network: it is not offline
    assert server.connections == 3
