"""The garbage collector held off while a batch builds many short-lived objects."""

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """No automatic collection inside the block; one young-generation collection after it.

    Checking a batch of references builds several hundred thousand small tuples, sets and
    lists, nearly all of them kept until the batch ends (the index holds what it read). Each
    700 new objects set off a collection that walks the young ones again, and every tenth
    of those the older ones: about a twentieth of the batch's time, freeing next to
    nothing. A block that is already paused (nested, or a caller that disabled the
    collector) leaves it as it found it. The collector is the process's: in a threaded
    server, the other threads go without it while the batch runs (a second or two; the
    README's gunicorn and Celery workers run one task at a time per process)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)
