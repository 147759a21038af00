"""The full-text index over search_entry.words, one per database vendor.

SQLite: an FTS5 table with the default (unicode61) tokenizer, external content (the words
are stored once, in search_entry) and triggers that keep it in step with search_entry.
PostgreSQL: a generated tsvector column ('simple' configuration: no stemming, no stop
words; positions stripped) with a GIN index. Both index the same space-separated tokens.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(words, content='search_entry', content_rowid='complaint_id')",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
         INSERT INTO search_fts(rowid, words) VALUES (new.complaint_id, new.words);
       END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
         INSERT INTO search_fts(search_fts, rowid, words) VALUES ('delete', old.complaint_id, old.words);
       END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE OF words ON search_entry BEGIN
         INSERT INTO search_fts(search_fts, rowid, words) VALUES ('delete', old.complaint_id, old.words);
         INSERT INTO search_fts(rowid, words) VALUES (new.complaint_id, new.words);
       END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    # strip(): no positions (no phrase queries; ranking is done on the text), half the size.
    "ALTER TABLE search_entry ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (strip(to_tsvector('simple', words))) STORED",
    "CREATE INDEX search_entry_vector ON search_entry USING gin (vector)",
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
