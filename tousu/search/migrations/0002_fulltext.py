"""The full-text index over search_entry.words, one per database vendor.

SQLite: an FTS5 table with the default (unicode61) tokenizer, external content (the words
are stored once, in search_entry, read through a view that negates the id) and triggers
that keep it in step with search_entry.
PostgreSQL: a generated tsvector column ('simple' configuration: no stemming, no stop
words; positions stripped) with a GIN index. Both index the same space-separated tokens.
"""

from django.db import migrations

SQLITE_FORWARD = [
    # FTS5 walks a term's document list fast from the lowest rowid up, but from the top
    # down it first reads the whole list (15 ms for a word in every case at 1,000,000
    # cases, against 0.3 ms). Search wants the newest cases first, so the index's rowid is
    # the case id negated, through a view over search_entry.
    "CREATE VIEW search_entry_newest AS SELECT -complaint_id AS rid, words FROM search_entry",
    "CREATE VIRTUAL TABLE search_fts USING fts5(words, content='search_entry_newest', content_rowid='rid')",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
         INSERT INTO search_fts(rowid, words) VALUES (-new.complaint_id, new.words);
       END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
         INSERT INTO search_fts(search_fts, rowid, words) VALUES ('delete', -old.complaint_id, old.words);
       END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE OF words ON search_entry BEGIN
         INSERT INTO search_fts(search_fts, rowid, words) VALUES ('delete', -old.complaint_id, old.words);
         INSERT INTO search_fts(rowid, words) VALUES (-new.complaint_id, new.words);
       END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
    "DROP VIEW IF EXISTS search_entry_newest",
]
POSTGRES_FORWARD = [
    # strip(): no positions (no phrase queries; ranking is done on the text), half the size.
    "ALTER TABLE search_entry ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (strip(to_tsvector('simple', words))) STORED",
    "CREATE INDEX search_entry_vector ON search_entry USING gin (vector)",
    # More words with measured frequencies: the planner's choice between the GIN index and
    # the primary key depends on how common it believes each word is.
    "ALTER TABLE search_entry ALTER COLUMN vector SET STATISTICS 1000",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
