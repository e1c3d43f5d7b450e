"""The body templates per committee: the text in force (own, inherited, default), versions kept
and restored, a reset, the refusals writing nothing, the scope, and the steps once outside a
wrapping transaction."""

from __future__ import annotations

import pytest

from coso.core.scope import OutOfScope
from coso.documents import services
from coso.documents.bodies.in_force import body_template, templates_in_force
from coso.documents.bodies.kinds import BodyKind, default_text
from coso.documents.models import BodyTemplate
from tests.helpers import refused

pytestmark = pytest.mark.django_db

LETTER = BodyKind.TRANSFER_LETTER
BK_TEXT = "Giới thiệu đồng chí {{ member.full_name }} của Đảng bộ Bách khoa."
CELL_TEXT = "Chi bộ giới thiệu đồng chí {{ member.full_name }}."


def versions(org, kind=LETTER):
    return list(
        BodyTemplate.objects.filter(organization=org, kind=kind)
        .order_by("version")
        .values_list("version", "text", "restored_from")
    )


def test_own_overrides_and_children_inherit(tree, office, bk_secretary):
    bk, cntt, kt = tree["DUK-BK"], tree["DUK-BK-CNTT"], tree["DUK-KT"]
    saved = services.save_body_template(bk, LETTER, BK_TEXT, actor=bk_secretary)
    assert (saved.version, saved.text, saved.actor) == (1, BK_TEXT + "\n", bk_secretary)
    assert body_template(LETTER, bk) == BK_TEXT + "\n"
    assert body_template(LETTER, cntt) == BK_TEXT + "\n"  # inherited
    assert body_template(LETTER, kt) == default_text(LETTER)  # another branch
    assert body_template(LETTER, tree["DUK"]) == default_text(LETTER)
    assert body_template(BodyKind.ADMISSION_DECISION, cntt) == default_text(
        BodyKind.ADMISSION_DECISION
    )
    services.save_body_template(cntt, LETTER, CELL_TEXT, actor=office)
    in_force = templates_in_force(cntt)[LETTER]
    assert (in_force.text, in_force.owner, in_force.version.version) == (
        CELL_TEXT + "\n",
        cntt,
        1,
    )
    assert templates_in_force(tree["DUK-BK-CK"])[LETTER].owner == bk
    assert body_template(LETTER, bk) == BK_TEXT + "\n"


def test_versions_are_kept_restored_and_reset(tree, office):
    bk, cntt = tree["DUK-BK"], tree["DUK-BK-CNTT"]
    services.save_body_template(bk, LETTER, BK_TEXT, actor=office)
    first = services.save_body_template(cntt, LETTER, CELL_TEXT, actor=office)
    services.save_body_template(cntt, LETTER, "Văn bản mới {{ status }}.\r\n", actor=office)
    restored = services.restore_body_template(first, actor=office)
    assert (restored.version, restored.restored_from) == (3, 1)
    assert body_template(LETTER, cntt) == CELL_TEXT + "\n"
    reset = services.reset_to_default(cntt, LETTER, actor=office)
    assert (reset.version, reset.text, reset.is_reset) == (4, "", True)
    assert templates_in_force(cntt)[LETTER].owner == bk  # follows its committee again
    services.restore_body_template(BodyTemplate.objects.get(organization=cntt, version=2))
    assert versions(cntt) == [
        (1, CELL_TEXT + "\n", None),
        (2, "Văn bản mới {{ status }}.\n", None),
        (3, CELL_TEXT + "\n", 1),
        (4, "", None),
        (5, "Văn bản mới {{ status }}.\n", 2),
    ]
    services.reset_to_default(bk, LETTER, actor=office)
    assert body_template(LETTER, cntt) == "Văn bản mới {{ status }}.\n"
    services.reset_to_default(cntt, LETTER, actor=office)
    assert body_template(LETTER, cntt) == default_text(LETTER)


def test_refusals_write_nothing(tree, office):
    bk = tree["DUK-BK"]
    first = services.save_body_template(bk, LETTER, BK_TEXT, actor=office)
    cases = [
        ("{{ member.nme }}", "Unknown placeholder {{ member.nme }}: use one of those listed."),
        ("{% load static %}", "The tag “load” is not allowed in a document's text (line 1)."),
        ("{% include 'x' %}", "The tag “include” is not allowed in a document's text (line 1)."),
        (
            "{% if %}x{% endif %}",
            "The text has a placeholder or tag that cannot be read on line 1.",
        ),
        (" \r\n ", "The document's text is empty."),
        (BK_TEXT + "\n\n", "This text is already the one in force."),
    ]
    for text, message in cases:
        result = refused(
            lambda t=text: services.save_body_template(bk, LETTER, t, actor=office),
            field="text",
        )
        assert result == {"text": [message]}
    assert refused(lambda: services.save_body_template(bk, "minutes", BK_TEXT, actor=office)) == {
        "__all__": ["Choose a document kind from the list."]
    }
    assert refused(lambda: services.restore_body_template(first, actor=office)) == {
        "__all__": ["Version 1 is the text in force already."]
    }
    assert refused(lambda: services.reset_to_default(tree["DUK-KT"], LETTER, actor=office)) == {
        "__all__": ["Chi bộ Trường Cao đẳng Kinh tế has no text of its own for this document."]
    }
    assert versions(bk) == [(1, BK_TEXT + "\n", None)]


def test_out_of_scope_is_a_404_and_writes_nothing(tree, office, cell_secretary, bk_secretary):
    bk_version = services.save_body_template(tree["DUK-BK"], LETTER, BK_TEXT, actor=office)
    calls = [
        lambda: services.save_body_template(tree["DUK-BK"], LETTER, CELL_TEXT, actor=cell_secretary),
        lambda: services.save_body_template(tree["DUK-KT"], LETTER, CELL_TEXT, actor=bk_secretary),
        lambda: services.reset_to_default(tree["DUK-BK"], LETTER, actor=cell_secretary),
        lambda: services.restore_body_template(bk_version, actor=cell_secretary),
    ]  # fmt: skip
    for call in calls:
        refused(call, raises=OutOfScope)
    # the cell's own secretary edits the cell's text
    mine = services.save_body_template(tree["DUK-BK-CNTT"], LETTER, CELL_TEXT, actor=cell_secretary)
    assert mine.version == 1


@pytest.mark.django_db(transaction=True)
def test_the_steps_outside_a_wrapping_transaction(tree, office):
    cntt = tree["DUK-BK-CNTT"]
    first = services.save_body_template(cntt, LETTER, CELL_TEXT, actor=office)
    services.save_body_template(cntt, LETTER, BK_TEXT, actor=office)
    services.restore_body_template(first, actor=office)
    services.reset_to_default(cntt, LETTER, actor=office)
    assert versions(cntt) == [
        (1, CELL_TEXT + "\n", None),
        (2, BK_TEXT + "\n", None),
        (3, CELL_TEXT + "\n", 1),
        (4, "", None),
    ]
    assert body_template(LETTER, cntt) == default_text(LETTER)
