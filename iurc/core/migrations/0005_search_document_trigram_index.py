"""A trigram index for searching the folded text, on PostgreSQL.

Search matches every term as a substring (``folded LIKE '%term%'``), which no B-tree index
can serve: each search read all of a language's documents, about 12 ms at 20,000 agreements,
and the agreements database runs the search inside each of its facet counts. A GIN index of
the text's trigrams, led by the language (``btree_gin``), finds the candidates instead: a
rare term takes well under a millisecond. Terms shorter than three characters (one Chinese
character, say) still read the whole language, as before. Both extensions are trusted, so the
database's owner may create them. SQLite, the quick-start database, keeps scanning.
"""

from django.db import migrations

INDEX = "iurc_search_document_trigrams"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON core_searchdocument "
        "USING gin (language, folded gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
