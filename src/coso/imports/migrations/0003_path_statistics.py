"""PostgreSQL: fine statistics of organization paths, so the planner sizes a subtree right.

With the default statistics target a ward's `path LIKE 'prefix%'` (200 organizations of
306,000) was estimated at 3,900, its members at 59,000 instead of 3,500, and the member list
walked the whole Vietnamese-order index looking for them (0.6–1.7 s instead of 12 ms). A
histogram of 1,000 buckets (about 300 organizations each at national scale) brings the
estimate close enough; 10,000 buckets were closer still but cost 1–2 ms of planning on every
query that filters a subtree (the planner tests the pattern against every bucket).
"""

from django.db import migrations

TARGET = 1000


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE orgs_organization ALTER COLUMN path SET STATISTICS {TARGET}")
        cursor.execute(
            "ALTER INDEX orgs_organization_path_text_pattern "
            f"ALTER COLUMN 1 SET STATISTICS {TARGET}"
        )
        cursor.execute("ANALYZE orgs_organization")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE orgs_organization ALTER COLUMN path SET STATISTICS -1")
        cursor.execute(
            "ALTER INDEX orgs_organization_path_text_pattern ALTER COLUMN 1 SET STATISTICS -1"
        )


class Migration(migrations.Migration):
    dependencies = [("imports", "0002_postgresql_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
