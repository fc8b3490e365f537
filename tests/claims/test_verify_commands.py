"""manage.py verify and manage.py check_references: output, progress, clear errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Citation, Flag, VerificationRun
from claims.verification import bulk, runs
from tests.claims.library import library_study
from tests.claims.test_verification import DAKWAR_2020, MCARTHUR, OLSSON, history_counts
from tests.factories import make_article, make_citation

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return {key: library_study(key) for key in ("dakwar2019", "mcarthur2024")}


@pytest.fixture
def articles(library):
    one, two = make_article(), make_article()
    make_citation(one, raw_text=DAKWAR_2020, marker="[1]")
    make_citation(one, raw_text=OLSSON, marker="[2]")
    make_citation(two, raw_text=MCARTHUR, marker="[1]")
    return one, two


def run(*args, stdin=None):
    out, err = io.StringIO(), io.StringIO()
    options = {"stdout": out, "stderr": err}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command(*args, **options)
    return out.getvalue(), err.getvalue()


def count_line(out, label):
    (line,) = [line for line in out.splitlines() if line.strip().startswith(label)]
    return int(line.split()[-1])


def test_verify_all_checks_every_article_and_sums_up_by_status(articles):
    out, err = run("verify", "--all")
    assert count_line(out, "Metadata mismatch") == 1
    assert count_line(out, "Not found") == 1
    assert count_line(out, "Off-topic") == 1
    assert count_line(out, "Verified") == 0
    assert "Checked 3 citations (3 changed)" in out
    assert "Verification done." in out
    assert not Citation.objects.filter(status="unchecked").exists()
    # The progress bar goes to stderr and ends at the number of citations.
    assert "Verifying" in err and "3/3" in err


def test_verify_one_article_leaves_the_others_unchecked(articles):
    one, two = articles
    out, _ = run("verify", "--article", str(one.pk), "--no-progress")
    assert "Checked 2 citations" in out
    assert set(one.citations.values_list("status", flat=True)) == {"metadata_mismatch", "not_found"}
    assert two.citations.get().status == "unchecked"


def test_verify_run_twice_reports_no_change(articles):
    run("verify", "--all", "--no-progress")
    out, _ = run("verify", "--all", "--no-progress")
    assert "Checked 3 citations (0 changed)" in out
    assert "Flags: 0 raised, 0 updated, 0 cleared" in out


def test_verify_an_unknown_article_is_a_clear_error(articles):
    with pytest.raises(CommandError, match="There is no article with id 987654"):
        run("verify", "--article", "987654")


def test_verify_needs_to_be_told_which_articles():
    with pytest.raises(CommandError, match="one of the arguments --article --all is required"):
        run("verify")


REFERENCES = f"{MCARTHUR}\n\nStudy A\n{DAKWAR_2020}\n{OLSSON}\n"


def test_check_references_prints_one_json_line_per_reference_in_input_order(library, tmp_path):
    path = tmp_path / "refs.txt"
    path.write_text(REFERENCES, encoding="utf-8")
    before = (Citation.objects.count(), Flag.objects.count(), history_counts())
    out, _ = run("check_references", str(path), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["status"] for line in lines] == [
        "off_topic",
        "anonymous",
        "metadata_mismatch",
        "not_found",
    ]
    assert [line["input"] for line in lines] == [MCARTHUR, "Study A", DAKWAR_2020, OLSSON]
    mcarthur, anonymous, dakwar, olsson = lines
    assert mcarthur["study"] == {
        "id": library["mcarthur2024"].pk,
        "doi": "10.3389/fpubh.2024.1443992",
        "pmid": "39691655",
        "title": "Childcare as a social determinant of access to healthcare: a scoping review",
        "year": 2024,
    }
    assert dakwar["discrepancies"][0] == {"field": "year", "written": "2020", "canonical": "2019"}
    assert 0 < dakwar["confidence"] <= 1
    assert anonymous["study"] is None and anonymous["confidence"] == 0.0
    assert "placeholder" in anonymous["reason"]
    assert set(olsson) == {"input", "status", "study", "discrepancies", "confidence", "reason"}
    # Nothing saved: no rows, no history.
    assert (Citation.objects.count(), Flag.objects.count(), history_counts()) == before


def test_check_references_reads_stdin_for_a_dash(library):
    out, _ = run("check_references", "-", "--json", stdin=f"Study A\n{MCARTHUR}\n")
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["anonymous", "off_topic"]


def test_check_references_without_json_prints_a_readable_table(library):
    out, _ = run("check_references", "-", stdin=f"{MCARTHUR}\n")
    assert out.splitlines()[0].startswith("off_topic")
    assert "about neither ketamine nor substance use" in out


def test_check_references_for_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file: .*missing.txt"):
        run("check_references", str(tmp_path / "missing.txt"), "--json")


def test_check_references_for_a_binary_file_is_a_clear_error(tmp_path):
    path = tmp_path / "refs.bin"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run("check_references", str(path), "--json")


def test_check_references_refuses_standard_input_that_is_not_utf8_as_it_refuses_such_a_file():
    # As a process's stdin is: text over bytes, which a terminal's encoding may not decode.
    stdin = io.TextIOWrapper(io.BytesIO(b"Smith J. Ketamine \xe9tude. 2019.\n"), encoding="utf-8", errors="replace")
    with pytest.raises(CommandError, match="Standard input is not UTF-8 text"):
        call_command("check_references", "-", "--json", stdin=stdin, stdout=io.StringIO())


def test_check_references_checks_2500_lines_in_batches_and_prints_them_in_input_order(
    library, tmp_path, monkeypatch
):
    from claims.checking.batch import MAX_REFERENCES
    from claims.management.commands import check_references as command

    cycle = [MCARTHUR, "Study A", DAKWAR_2020, OLSSON]
    statuses = ["off_topic", "anonymous", "metadata_mismatch", "not_found"]
    path = tmp_path / "refs.txt"
    path.write_text("\n".join(cycle * 625) + "\n", encoding="utf-8")
    out = io.StringIO()
    printed_before_each_batch = []
    real = command.check_references

    def spy(*, references):
        # Each batch is printed before the next is checked: the output streams.
        printed_before_each_batch.append((len(out.getvalue().splitlines()), len(references)))
        return real(references=references)

    monkeypatch.setattr(command, "check_references", spy)
    call_command("check_references", str(path), "--json", stdout=out, stderr=io.StringIO())

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 2500
    assert [line["input"] for line in lines] == cycle * 625
    assert [line["status"] for line in lines] == statuses * 625
    assert MAX_REFERENCES == 500  # the service's limit per call, which the batches respect
    assert printed_before_each_batch == [(n, 500) for n in range(0, 2500, 500)]


def test_check_references_on_empty_input_says_so_on_stderr():
    out, err = run("check_references", "-", "--json", stdin="\n   \n\n")
    assert out == ""
    assert "No references to check: standard input has no non-blank lines." in err


def test_check_references_refuses_an_overlong_line_by_its_number_before_printing_anything(
    library,
):
    from studies.references.parsing import MAX_CHARS

    stdin = f"{MCARTHUR}\n\n{'x' * (MAX_CHARS + 1)}\n"
    out = io.StringIO()
    with pytest.raises(CommandError, match=f"Line 3 is {MAX_CHARS + 1} characters long"):
        call_command("check_references", "-", stdin=io.StringIO(stdin), stdout=out)
    assert out.getvalue() == ""


# --- Bulk runs: recorded, resumable --------------------------------------------------------


def test_verify_all_records_a_finished_run_and_when_each_article_was_verified(articles):
    run("verify", "--all", "--no-progress")
    [done] = VerificationRun.objects.all()
    assert (done.articles, done.on_workers) == (2, False)
    assert done.finished_at >= done.started_at
    for article in articles:
        article.refresh_from_db()
        assert article.verified_at >= done.started_at


def test_verify_all_reports_progress_after_each_chunk_of_articles(articles):
    one, two = articles
    started = bulk.start_run()
    seen = []
    report = bulk.verify_in_process(
        run_id=started.pk, chunk=1, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(0, 3), (2, 3), (3, 3)]  # in citations: two, then one
    assert report.citations == 3
    out, _ = run("verify", "--all", "--chunk", "5", "--no-progress")
    assert "Checked 3 citations" in out


def test_an_interrupted_run_resumes_with_the_articles_it_had_not_verified(articles):
    one, two = articles
    started = bulk.start_run()
    runs.verify_article(article_id=one.pk)  # the run stopped after its first article
    assert bulk.progress_of(run_id=started.pk) == (1, 2)
    one.refresh_from_db()
    first_time = one.verified_at
    out, _ = run("verify", "--all", "--resume", "--no-progress")
    assert "Checked 1 citations" in out  # the second article's only citation
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.verified_at == first_time and two.verified_at >= started.started_at
    started.refresh_from_db()
    assert started.finished_at is not None
    assert bulk.progress_of(run_id=started.pk) == (2, 2)


def test_resuming_with_no_unfinished_run_or_without_all_is_a_clear_error(articles):
    with pytest.raises(CommandError, match="There is no unfinished verification run to resume"):
        run("verify", "--all", "--resume", "--no-progress")
    with pytest.raises(CommandError, match="--resume and --workers go with --all"):
        run("verify", "--article", str(articles[0].pk), "--resume")
    with pytest.raises(CommandError, match="--chunk must be at least 1"):
        run("verify", "--all", "--workers", "--chunk", "0")


def test_a_bulk_run_sends_its_articles_to_the_workers_in_chunks_on_commit(
    articles, django_capture_on_commit_callbacks
):
    started = bulk.start_run(on_workers=True)
    with django_capture_on_commit_callbacks(execute=True) as sent:
        assert bulk.send_to_workers(run_id=started.pk, chunk=1) == 2
    assert len(sent) == 2  # one task per chunk, sent on commit; in tests they run in-process
    assert bulk.finish_if_done(run_id=started.pk)
