"""The body texts' pages: the kinds with the text in force, the edit page with its placeholders
and a PDF preview, saving and its refusal, the versions with restore and reset, the register's
link, the query counts and the scope (404)."""

from __future__ import annotations

import pytest

from coso.documents import services
from coso.documents.bodies.in_force import body_template
from coso.documents.bodies.kinds import BodyKind, default_text
from coso.documents.models import BodyTemplate
from tests.helpers import pdf_text, queries, refused

pytestmark = pytest.mark.django_db

LETTER = BodyKind.TRANSFER_LETTER


def url(code, kind="", what=""):
    return "/documents/texts/" + "/".join(p for p in (code, kind, what) if p) + "/"


def test_the_list_says_which_text_is_in_force(login, tree, office):
    services.save_body_template(tree["DUK-BK"], LETTER, "A {{ status }}.", actor=office)
    client = login(office)
    html = client.get(url("DUK-BK-CNTT")).content.decode()
    assert "Inherited from Đảng bộ Trường Đại học Bách khoa Hà Nội (version 1)" in html
    assert html.count("Default text") == 4
    assert "Own text, version 1" in client.get(url("DUK-BK")).content.decode()
    for kind in BodyKind.values:
        assert f'href="{url("DUK-BK-CNTT", kind)}"' in html


def test_the_list_and_versions_take_a_fixed_number_of_queries(login, tree, office):
    client = login(office)
    bk = tree["DUK-BK"]
    services.save_body_template(bk, LETTER, "A.", actor=office)
    counts = [queries(lambda: client.get(url("DUK-BK"))), queries(lambda: client.get(url("DUK-BK", LETTER, "versions")))]  # fmt: skip
    for n in range(2, 6):
        services.save_body_template(bk, LETTER, f"A {n}.", actor=office)
        services.save_body_template(bk, BodyKind.MEMBER_LIST, f"[BẢNG]\n\nB {n}.", actor=office)
    assert [queries(lambda: client.get(url("DUK-BK"))), queries(lambda: client.get(url("DUK-BK", LETTER, "versions")))] == counts  # fmt: skip


def test_edit_page_lists_placeholders_and_saves(login, tree, office):
    client = login(office)
    page = client.get(url("DUK-BK-CNTT", BodyKind.MEMBER_LIST))
    html = page.content.decode()
    assert page.status_code == 200
    assert "{{ count }}" in html and "{{ organization }}" in html and "[BẢNG]" in html
    assert page.context["form"].initial["text"] == default_text(BodyKind.MEMBER_LIST)
    done = client.post(url("DUK-BK-CNTT", LETTER), {"text": "Giới thiệu {{ member.full_name }}."})
    assert done.status_code == 302 and done["Location"] == url("DUK-BK-CNTT")
    assert body_template(LETTER, tree["DUK-BK-CNTT"]) == "Giới thiệu {{ member.full_name }}.\n"
    assert BodyTemplate.objects.get().actor == office


def test_a_refused_text_shows_the_message_and_saves_nothing(login, tree, office):
    client = login(office)
    result = refused(
        lambda: client.post(url("DUK-BK", LETTER), {"text": "{% include 'base.html' %}"}),
        "The tag “include” is not allowed in a document&#x27;s text (line 1).",
        status=400,
    )
    assert result.response.context["form"]["text"].value() == "{% include 'base.html' %}"


def test_the_preview_is_a_pdf_with_the_posted_text(login, tree, office):
    client = login(office)
    body = "Đồng chí {{ member.full_name }} được giới thiệu.\n\n## I. GHI CHÚ"
    before = BodyTemplate.objects.count()
    response = client.post(url("DUK-BK", LETTER, "preview"), {"text": body})
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="mau-transfer_letter.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, layout=False, squeeze=True)
    assert "Đồng chí Nguyễn Văn An được giới thiệu." in text and "I. GHI CHÚ" in text
    assert "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in text and "Nơi nhận:" in text
    assert BodyTemplate.objects.count() == before  # nothing saved
    default = pdf_text(
        client.get(url("DUK-BK", LETTER, "preview")).content, layout=False, squeeze=True
    )
    assert "Giới thiệu đồng chí: Nguyễn Văn An" in default
    refused(
        lambda: client.post(url("DUK-BK", LETTER, "preview"), {"text": "{{ nope }}"}),
        "Unknown placeholder {{ nope }}: use one of those listed.",
        status=400,
    )


def test_versions_restore_and_reset(login, tree, office):
    client = login(office)
    cntt = tree["DUK-BK-CNTT"]
    first = services.save_body_template(cntt, LETTER, "Một {{ status }}.", actor=office)
    services.save_body_template(cntt, LETTER, "Hai {{ status }}.", actor=office)
    html = client.get(url("DUK-BK-CNTT", LETTER, "versions")).content.decode()
    assert 'id="version-2"' in html and 'id="version-1"' in html and 'id="reset-form"' in html
    assert html.count("/restore/") == 1  # the newest is in force: no restore button
    done = client.post(f"/documents/text-versions/{first.pk}/restore/")
    assert done.status_code == 302
    assert body_template(LETTER, cntt) == "Một {{ status }}.\n"
    assert client.post(url("DUK-BK-CNTT", LETTER, "reset")).status_code == 302
    assert body_template(LETTER, cntt) == default_text(LETTER)
    refused(
        lambda: client.post(url("DUK-BK-CNTT", LETTER, "reset")),
        "Chi bộ Khoa Công nghệ thông tin has no text of its own for this document.",
        status=400,
    )


def test_the_register_links_the_texts_for_editors(login, tree, office, cell_secretary):
    html = login(office).get("/documents/register/?organization=DUK-BK").content.decode()
    assert f'href="{url("DUK-BK")}"' in html
    html = login(cell_secretary).get("/documents/register/?organization=DUK-BK").content.decode()
    assert 'id="register-body-templates"' not in html


def test_out_of_scope_and_unknown_kinds_are_404(login, tree, office, cell_secretary):
    version = services.save_body_template(tree["DUK-BK"], LETTER, "A {{ status }}.", actor=office)
    client = login(cell_secretary)
    for target in (
        url("DUK-BK"),
        url("DUK-BK", LETTER),
        url("DUK-BK", LETTER, "versions"),
        url("DUK-BK", LETTER, "preview"),
    ):
        assert client.get(target).status_code == 404, target
    refused(lambda: client.post(url("DUK-BK", LETTER), {"text": "B."}), status=404)
    refused(lambda: client.post(url("DUK-BK", LETTER, "reset")), status=404)
    refused(lambda: client.post(f"/documents/text-versions/{version.pk}/restore/"), status=404)
    assert client.get(url("DUK-BK-CNTT", "minutes")).status_code == 404
    assert client.get(url("DUK-BK-CNTT")).status_code == 200
