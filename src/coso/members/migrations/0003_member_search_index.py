"""Indexes for the accent-insensitive member search: see coso.members.db.search_index."""

from django.db import migrations

from coso.members.db import search_index


def forwards(apps, schema_editor):
    search_index.create(schema_editor.connection)


def backwards(apps, schema_editor):
    search_index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("members", "0002_lifecycle")]

    operations = [migrations.RunPython(forwards, backwards)]
