"""PostgreSQL: drop the `varchar_pattern_ops` twins Django adds to indexed text columns where
nothing ever asks `LIKE 'prefix%'` (SQLite has no such indexes; this migration skips it).

Django creates a second, pattern-ops index beside every indexed or unique CharField on
PostgreSQL. For the member's CCCD, party card number and sort key (and the history's CCCD and
card number) those twins serve no query: numbers are matched exactly, names are searched
through `search_text`, and the list sorts on (sort_key, id). Each one is still written on every
insert: five indexes per imported member, about a sixth of the import's index work, and at
national scale more than a gigabyte of disk.
"""

from django.db import migrations

INDEXES = {
    "members_member_cccd_eacbc75c_like": "members_member (cccd varchar_pattern_ops)",
    "members_member_party_card_number_499529c8_like": (
        "members_member (party_card_number varchar_pattern_ops)"
    ),
    "members_member_sort_key_62b9d12f_like": "members_member (sort_key varchar_pattern_ops)",
    "members_historicalmember_cccd_0176ad91_like": (
        "members_historicalmember (cccd varchar_pattern_ops)"
    ),
    "members_historicalmember_party_card_number_0fc1df2b_like": (
        "members_historicalmember (party_card_number varchar_pattern_ops)"
    ),
}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, target in INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_postgresql_indexes"),
        ("members", "0006_official_tally"),
    ]

    operations = [migrations.RunPython(drop, create, elidable=False)]
