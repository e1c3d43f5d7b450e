"""PostgreSQL-only indexes that keep national-scale reads fast (SQLite skips this migration).

- members_member (sort_key, id): the member list's Vietnamese order, first page without a sort;
- orgs_organization.path with text_pattern_ops: `path LIKE 'prefix%'` (subtree) with the
  `::text` cast Django puts on the column.

The members app's own migrations belong to its models; these indexes are physical tuning
that the models cannot express portably, so they live here.
"""

from django.db import migrations

INDEXES = [
    (
        "members_member_sort_id",
        "CREATE INDEX IF NOT EXISTS members_member_sort_id ON members_member (sort_key, id)",
    ),
    (
        "orgs_organization_path_text_pattern",
        "CREATE INDEX IF NOT EXISTS orgs_organization_path_text_pattern ON orgs_organization "
        "((path::text) text_pattern_ops)",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # the trigram index of member search is coso.members.db.search_index's (members 0003)
    with schema_editor.connection.cursor() as cursor:
        for _name, sql in INDEXES:
            cursor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _sql in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("members", "0001_initial"),
        ("orgs", "0002_organization_search_text"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
