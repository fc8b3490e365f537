"""The editor services: every change an editor can make to the evidence, in one place.

Each service takes keyword arguments, runs in one transaction, records who made the change
in history, decides what must be checked again and sends those tasks when the transaction
commits (`claims.verification.dispatch`). The API, the admin, the seed-corpus loader and
the commands call these, never `.save()` on the evidence models themselves. Input that
cannot be accepted raises Django's ValidationError naming the field; a row that does not
exist raises `core.errors.NotFound`.
"""
