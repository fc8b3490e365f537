from importlib import import_module

from django.db import migrations

from core.postgres import RunSQLOnPostgreSQL

# A claim's vector is recomputed only when what it reads changes, and a new rationale alone
# (what verification writes) keeps the quote's and title's part: their lexemes carry weights A
# and B, the rationale's C, and ts_filter() keeps the first two as they were. Concatenating
# the new rationale's vector shifts its positions past the same last position as before, so
# the result equals the whole vector computed again (compared, with a new rationale, on
# every claim of the seed corpus). Verification rewrites thousands of rationales at once: the quote's and the
# title's vectors were most of that UPDATE's time.
FUNCTION = """
CREATE OR REPLACE FUNCTION claims_claim_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.search_vector IS NOT NULL
            AND NEW.quote IS NOT DISTINCT FROM OLD.quote
            AND NEW.article_id IS NOT DISTINCT FROM OLD.article_id THEN
        NEW.search_vector := ts_filter(OLD.search_vector, '{a,b}')
            || setweight(to_tsvector('english', coalesce(NEW.rationale, '')), 'C');
    ELSE
        NEW.search_vector := claims_claim_search_vector(
            NEW.quote,
            (SELECT title FROM claims_sourcearticle WHERE id = NEW.article_id),
            NEW.rationale
        );
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER claims_claim_search_vector ON claims_claim;
CREATE TRIGGER claims_claim_search_vector_insert
    BEFORE INSERT ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector_update();
-- A row written with the same quote, rationale and article (a batch that sets the rationale
-- of every row it changes, whether or not it changed) keeps its vector.
CREATE TRIGGER claims_claim_search_vector
    BEFORE UPDATE OF quote, rationale, article_id ON claims_claim
    FOR EACH ROW WHEN (
        OLD.quote IS DISTINCT FROM NEW.quote
        OR OLD.rationale IS DISTINCT FROM NEW.rationale
        OR OLD.article_id IS DISTINCT FROM NEW.article_id
    )
    EXECUTE FUNCTION claims_claim_search_vector_update();
"""

# Back to migration 0004's function and trigger, as that migration wrote them.
BACKWARDS = (
    "DROP TRIGGER claims_claim_search_vector_insert ON claims_claim;"
    "DROP TRIGGER claims_claim_search_vector ON claims_claim;"
    "DROP FUNCTION claims_claim_search_vector_update();"
    + import_module("claims.migrations.0004_claim_search_vector").CLAIM_TRIGGER
)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0020_fewer_indexes"),
    ]

    operations = [RunSQLOnPostgreSQL(FUNCTION, BACKWARDS)]
