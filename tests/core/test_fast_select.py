"""`FastSelect` writes the same options as Django's `Select`, escaped, without the template engine."""

import re

from django import forms

from coso.core.forms import FastSelect, fast_selects

CHOICES = [("", "---------"), (1, "Thành phố Hà Nội"), (79, 'Tỉnh <b>"X"</b> & Y')]


def options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (value, bool(selected), label)
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html
        )
    ]


def test_same_options_as_django_select():
    for value in (None, "", 1, "79"):
        slow = forms.Select(choices=CHOICES).render("p", value, {"id": "id_p", "class": "a"})
        fast = FastSelect(choices=CHOICES).render("p", value, {"id": "id_p", "class": "a"})
        assert options(fast) == options(slow), value
    fast = FastSelect(choices=CHOICES).render("p", 79, {"id": "id_p", "required": True})
    assert fast == (
        '<select name="p" id="id_p" required><option value="">---------</option>'
        '<option value="1">Thành phố Hà Nội</option><option value="79" selected>'
        "Tỉnh &lt;b&gt;&quot;X&quot;&lt;/b&gt; &amp; Y</option></select>"
    )


def test_fast_selects_swaps_plain_selects_only():
    class Form(forms.Form):
        province = forms.ChoiceField(choices=CHOICES)
        several = forms.MultipleChoiceField(choices=CHOICES)
        name = forms.CharField()

    form = Form()
    form.fields["province"].widget.attrs["hx-get"] = "/wards/"
    fast_selects(form)
    assert type(form.fields["province"].widget) is FastSelect
    assert form.fields["province"].widget.attrs == {"hx-get": "/wards/"}
    assert type(form.fields["several"].widget) is forms.SelectMultiple
    assert type(form.fields["name"].widget) is forms.TextInput
    html = str(form["province"])
    slow = forms.Select(choices=CHOICES, attrs={"hx-get": "/wards/"})
    assert (
        html.split("<option")[0]
        == slow.render("province", None, {"required": True, "id": "id_province"})
        .split("\n")[0]
        .split("<option")[0]
        == ('<select name="province" hx-get="/wards/" required id="id_province">')
    )
