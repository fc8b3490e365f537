"""What the literature tells the rest of the project, without knowing who listens.

`studies` never imports `claims`; when an editor changes what a study is (its kind of source,
its topic, its design), the citations that point at it must be checked again. The studies
service sends `study_changed` when its transaction commits; `claims` listens (claims.apps).
"""

from django.dispatch import Signal

# Sent with `study_ids`: the studies whose facts an editor changed or deleted; and, when
# their substances changed, `substances`: the codes they were about before. `uncited=False`
# (an import) asks for their citations to be checked, not every claim they may bear on.
study_changed = Signal()

# Sent with `study_ids` inside the transaction, just before studies are deleted: what points
# at them must let go first.
study_deleting = Signal()
