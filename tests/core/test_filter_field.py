"""The filter field every list page includes (`_filter_field.html`): a text box, or a list whose
first option turns the filter off and whose chosen value is selected."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation


def _squeeze(html: str) -> str:
    return " ".join(html.split())


def test_a_text_box_keeps_what_was_entered():
    html = render_to_string(
        "_filter_field.html",
        {"name": "search", "type": "search", "label": "Tìm", "value": "an", "col": "col-12"},
    )
    assert _squeeze(html) == (
        '<div class="col-12"> <label class="form-label" for="id_search">Tìm</label> '
        '<input type="search" name="search" id="id_search" class="form-control" value="an" '
        'autocomplete="off"> </div>'
    )


def test_a_text_box_without_a_value_is_empty_and_may_have_a_placeholder():
    html = render_to_string(
        "_filter_field.html",
        {
            "name": "organization",
            "label": "Tổ chức",
            "value": None,
            "placeholder": "DUK",
            "col": "c",
        },
    )
    assert 'type="text" name="organization" id="id_organization"' in html
    assert 'value="" autocomplete="off" placeholder="DUK">' in html


def test_a_list_selects_the_chosen_value_and_starts_with_all():
    with translation.override("vi"):
        html = render_to_string(
            "_filter_field.html",
            {
                "name": "status",
                "label": "Trạng thái",
                "choices": [("open", "Đang làm"), ("closed", "Đã xong")],
                "value": "closed",
                "col": "col-6",
            },
        )
    assert _squeeze(html) == (
        '<div class="col-6"> <label class="form-label" for="id_status">Trạng thái</label> '
        '<select name="status" id="id_status" class="form-select"> '
        '<option value="">Tất cả</option> '
        '<option value="open">Đang làm</option><option value="closed" selected>Đã xong</option> '
        "</select> </div>"
    )


def test_the_first_option_may_say_something_else_than_all():
    html = render_to_string(
        "_filter_field.html",
        {"name": "outcome", "label": "x", "choices": [("a", "A")], "all": "Still on probation"},
    )
    assert '<option value="">Still on probation</option>' in html
    assert "selected" not in html
