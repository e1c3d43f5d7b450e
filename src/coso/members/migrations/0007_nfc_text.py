"""Stored text composed (NFC), without invisible characters; derived columns recomputed.

Members saved before the text rules of `core.validators` may hold decomposed letters (a name
typed as e + circumflex + tilde looks like "ễ" but is another string: not equal, not found as
typed) or zero-width, BOM and direction-control characters (a name with a zero-width space was
not found by search). Each text field is rewritten with `core.text.repair_text`; where a name
changed, the full name, the sort key and the search words are computed again, as
`Member.compute_derived` does. Only changed rows are written. The history tables keep what
was recorded then (a history row is what was saved, and writing one would need a version).
"""

from django.db import migrations

from coso.core.text import name_sort_key, repair_text, search_words

BATCH = 2000

#: the text fields of the record when this migration was written
TEXT_FIELDS = [
    "family_name", "middle_name", "given_name", "other_names", "ethnicity", "religion",
    "hometown", "permanent_address", "current_address", "education_general",
    "education_professional", "political_theory", "foreign_language", "it_level", "occupation",
    "workplace", "position", "record_number", "admitting_organization", "introducers",
]  # fmt: skip
NAMES = ["family_name", "middle_name", "given_name", "other_names"]


def repaired(values: dict) -> dict:
    """The changed fields of one row (with its derived columns), or {} if none changed."""
    changes = {}
    for field in TEXT_FIELDS:
        value = values[field]
        if value:
            new = repair_text(value)
            if field in NAMES:
                new = " ".join(new.split())
            if new != value:
                changes[field] = new
    if not set(changes) & set(NAMES):
        return changes
    row = {**values, **changes}
    family, middle, given = row["family_name"], row["middle_name"], row["given_name"]
    changes["full_name"] = " ".join(p for p in (family, middle, given) if p)
    changes["sort_key"] = name_sort_key(family, middle, given)
    words = (changes["full_name"], row["other_names"], row["cccd"] or "", row["card"] or "")
    changes["search_text"] = " ".join(search_words(" ".join(words)))[:400]
    return changes


def rewrite(model, columns: list[str], repair) -> int:
    """Apply `repair` to every row of `model`, writing the changed ones in batches (grouped by
    the fields they change: an instance carries only those)."""
    groups: dict[frozenset, list] = {}
    count = 0
    for values in model.objects.order_by().values("pk", *columns).iterator(chunk_size=BATCH):
        changes = repair(values)
        if not changes:
            continue
        count += 1
        group = groups.setdefault(frozenset(changes), [])
        group.append(model(pk=values["pk"], **changes))
        if len(group) == BATCH:
            model.objects.bulk_update(group, sorted(changes))
            group.clear()
    for fields, group in groups.items():
        if group:
            model.objects.bulk_update(group, sorted(fields))
    return count


def forwards(apps, schema_editor):
    Member = apps.get_model("members", "Member")

    def repair(values):
        values["card"] = values.pop("party_card_number")
        return repaired(values)

    rewrite(Member, [*TEXT_FIELDS, "cccd", "party_card_number"], repair)


class Migration(migrations.Migration):
    dependencies = [("members", "0006_official_tally")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
