"""Candidates' text composed (NFC), without invisible characters; derived columns recomputed.

The same repair as members/0007_nfc_text (see there): each text field goes through
`core.text.repair_text`; where a name changed, the full name, sort key and search text are
computed again as `Candidate.compute_derived` does. Only changed rows are written; the history
table keeps what was recorded then.
"""

from django.db import migrations

from coso.core.text import fold, name_sort_key, repair_text

BATCH = 2000

#: the text fields of a candidate when this migration was written
TEXT_FIELDS = [
    "family_name", "middle_name", "given_name", "ethnicity", "religion", "hometown",
    "current_address", "education_professional", "occupation", "workplace", "note",
]  # fmt: skip
NAMES = ["family_name", "middle_name", "given_name"]


def repaired(values: dict) -> dict:
    changes = {}
    for field in TEXT_FIELDS:
        value = values[field]
        if value:
            new = repair_text(value)
            if field in NAMES:
                new = " ".join(new.split())
            if new != value:
                changes[field] = new
    if set(changes) & set(NAMES):
        row = {**values, **changes}
        parts = (row["family_name"], row["middle_name"], row["given_name"])
        full_name = " ".join(p for p in parts if p)
        changes["full_name"] = full_name
        changes["sort_key"] = name_sort_key(*parts)
        changes["search_text"] = " ".join(p for p in (fold(full_name), row["cccd"] or "") if p)[
            :400
        ]
    return changes


def forwards(apps, schema_editor):
    Candidate = apps.get_model("admission", "Candidate")
    groups: dict[frozenset, list] = {}  # by the fields changed: an instance carries only those
    rows = Candidate.objects.order_by().values("pk", "cccd", *TEXT_FIELDS)
    for values in rows.iterator(chunk_size=BATCH):
        changes = repaired(values)
        if not changes:
            continue
        group = groups.setdefault(frozenset(changes), [])
        group.append(Candidate(pk=values["pk"], **changes))
        if len(group) == BATCH:
            Candidate.objects.bulk_update(group, sorted(changes))
            group.clear()
    for fields, group in groups.items():
        if group:
            Candidate.objects.bulk_update(group, sorted(fields))


class Migration(migrations.Migration):
    dependencies = [("admission", "0001_initial"), ("members", "0007_nfc_text")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
