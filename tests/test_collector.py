"""The garbage collector held off for a batch, and given back as it was found."""

import gc

import pytest

from core.collector import collector_paused


def test_the_collector_is_off_inside_the_block_and_on_after_it():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_turned_back_on_when_the_block_fails():
    with pytest.raises(ZeroDivisionError), collector_paused():
        1 / 0  # noqa: B018

    assert gc.isenabled()


def test_a_nested_block_leaves_the_collector_off_for_the_outer_one():
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_checking_references_pauses_the_collector_while_it_checks_and_turns_it_back_on(db, monkeypatch):
    from claims.checking import batch

    seen = []
    check_reference = batch.check_reference

    def noting(*args, **kwargs):
        seen.append(gc.isenabled())
        return check_reference(*args, **kwargs)

    monkeypatch.setattr(batch, "check_reference", noting)
    batch.check_references(references=["Smith J. Ketamine for alcohol use disorder. J Psychopharmacol. 2019;33(4):1-9."])

    assert seen == [False]
    assert gc.isenabled()
