"""Numbers on screen carry the thousands separator (issue 16, item 7: "3490 đảng viên đến hạn"
should read 3.490): a count shown by a template's plural sentence goes through `intcomma`."""

from __future__ import annotations

import re
from pathlib import Path

import coso

PLURAL = re.compile(r"\{% blocktranslate count (\w+)=[^%]*%\}(.*?)\{% endblocktranslate %\}", re.S)


def test_every_plural_count_is_shown_with_the_thousands_separator():
    bare = []
    for template in sorted(Path(coso.__file__).parent.glob("*/templates/**/*.html")):
        for m in PLURAL.finditer(template.read_text()):
            if f"{{{{ {m.group(1)} }}}}" in m.group(2):  # the raw count, not `shown|intcomma`
                bare.append(f"{template.name}: {m.group(0)[:80]}")
    assert bare == []


def test_a_count_past_a_thousand_reads_with_the_separator():
    from django.template import engines
    from django.utils import translation

    template = engines["django"].from_string(
        Path(coso.__file__).parent.joinpath("awards/templates/awards/due_list.html").read_text()
    )
    sentence = PLURAL.search(template.template.source).group(0)
    with translation.override("vi"):
        shown = (
            engines["django"]
            .from_string("{% load humanize i18n %}" + sentence)
            .render({"page": {"paginator": {"count": 3490}}})
        )
    assert shown == "3.490 đảng viên đến hạn"
