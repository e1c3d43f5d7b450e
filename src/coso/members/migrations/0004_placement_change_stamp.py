"""Triggers that replace the `placements` ChangeStamp whenever placements or organizations
change: see coso.members.db.count_cache."""

from django.db import migrations

from coso.members.db import count_cache


def forwards(apps, schema_editor):
    count_cache.create(schema_editor.connection)


def backwards(apps, schema_editor):
    count_cache.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_member_search_index"),
        ("core", "0002_change_stamp"),
        ("orgs", "0002_organization_search_text"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
