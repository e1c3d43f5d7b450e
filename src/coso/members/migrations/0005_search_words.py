"""Member search matches whole words from their beginning (`core.text.search_words`).

Stored search texts keep only a-z, 0-9 and single spaces (punctuation in other names or card
numbers becomes a space), and the trigram indexes give way to indexes of the words: on PostgreSQL a GIN index of
the words' beginnings, on SQLite an FTS5 table of the words
(see coso.members.db.search_index).
"""

from django.db import migrations

from coso.core.text import search_words
from coso.members.db import search_index

BATCH = 2000


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    Member = apps.get_model("members", "Member")
    odd = Member.objects.filter(search_text__regex=r"[^a-z0-9 ]")
    changed = []
    for pk, text in odd.values_list("pk", "search_text").iterator(chunk_size=BATCH):
        changed.append(Member(pk=pk, search_text=" ".join(search_words(text))))
        if len(changed) == BATCH:
            Member.objects.bulk_update(changed, ["search_text"])
            changed = []
    Member.objects.bulk_update(changed, ["search_text"])
    if connection.vendor == "sqlite":
        search_index.drop(connection)  # the trigram FTS5 table gives way to one of words
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {search_index.POSTGRES_OLD_INDEX}")
            # the words alone, indexed for a while before their beginnings were
            cursor.execute("DROP INDEX IF EXISTS members_member_search_words")
    search_index.create(connection)


def backwards(apps, schema_editor):
    # the words stay as they are (a subset of what substring search finds)
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {search_index.POSTGRES_INDEX}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {search_index.POSTGRES_FUNCTION}(text)")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {search_index.POSTGRES_OLD_INDEX} "
                "ON members_member USING gin (search_text gin_trgm_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0004_placement_change_stamp")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
