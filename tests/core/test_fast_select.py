"""`FastSelect` writes the same options as Django's `Select`, and `FastInput` the same `<input>` as
Django's input widgets, escaped, without the template engine."""

import re

from django import forms

from coso.core.forms import FastInput, FastSelect, date_field, fast_widgets

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


def test_fast_widgets_swaps_plain_selects_and_inputs_only():
    class Form(forms.Form):
        province = forms.ChoiceField(choices=CHOICES)
        several = forms.MultipleChoiceField(choices=CHOICES)
        name = forms.CharField()

    form = Form()
    form.fields["province"].widget.attrs["hx-get"] = "/wards/"
    fast_widgets(form)
    assert type(form.fields["province"].widget) is FastSelect
    assert form.fields["province"].widget.attrs == {"hx-get": "/wards/"}
    assert type(form.fields["several"].widget) is forms.SelectMultiple
    assert isinstance(form.fields["name"].widget, FastInput)
    assert isinstance(form.fields["name"].widget, forms.TextInput)
    html = str(form["province"])
    slow = forms.Select(choices=CHOICES, attrs={"hx-get": "/wards/"})
    assert (
        html.split("<option")[0]
        == slow.render("province", None, {"required": True, "id": "id_province"})
        .split("\n")[0]
        .split("<option")[0]
        == ('<select name="province" hx-get="/wards/" required id="id_province">')
    )


class _Inputs(forms.Form):
    name = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"class": "form-control"}))
    score = forms.DecimalField(required=False, min_value=0, max_value=100, decimal_places=2)
    share = forms.IntegerField(required=False, min_value=0)
    day = date_field(required=False)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    mail = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"data-x": '"<a>&'}))
    flag = forms.BooleanField(required=False)
    text = forms.CharField(required=False, widget=forms.Textarea)


def test_fast_inputs_write_what_django_writes():
    import datetime as dt

    for data in (None, {"name": 'Lê "Văn" <An> & co', "score": "92.5", "share": "7",
                        "day": "05/01/2026", "hidden": "x y", "mail": "a@b.vn"}):  # fmt: skip
        slow = _Inputs(data, initial={"day": dt.date(2026, 1, 5)})
        fast = _Inputs(data, initial={"day": dt.date(2026, 1, 5)})
        fast_widgets(fast)
        for name in ("name", "score", "share", "day", "hidden", "mail"):
            assert isinstance(fast.fields[name].widget, FastInput), name
            assert str(fast[name]).strip() == str(slow[name]).strip(), (name, str(fast[name]))
        for name in ("flag", "text"):  # templates of their own: left to Django
            assert not isinstance(fast.fields[name].widget, FastInput)
    html = str(fast["name"])
    assert html == (
        '<input type="text" name="name" value="Lê &quot;Văn&quot; &lt;An&gt; &amp; co" '
        'class="form-control" maxlength="20" required id="id_name">'
    )
