"""The body text of each document kind as a template the office may adjust (issue 10, item 5).

The HD 36 frame (header, number, date line, type name, summary, signature block, the look of
"Nơi nhận") stays in the builders and `render.layout`: nobody edits it. The *body* between the
type name and the signature, and the list of recipients, are a text template:

- shipped defaults, one file per kind: ``bodies/<kind>.txt`` (`kinds.default_text`);
- a committee's own versions in `models.BodyTemplate`, inherited down the tree
  (`services.body_templates.body_template`);
- rendered by `markup.body_blocks` into the description's blocks (`render.description`).

The markup (also shown on the edit page, `markup.MARKUP_HELP`):

- paragraphs are separated by a blank line; the lines of one paragraph are joined by a space;
- a line starting with ``- `` or ``+ `` starts a paragraph of its own (a ground, a list item);
- ``# TEXT``: a line centred in bold ("QUYẾT ĐỊNH:", the deciding body);
- ``## I. TEXT``: a numbered section heading (its first word is the number);
- ``> TEXT``: a paragraph set flush left, without the first-line indent (a total);
- ``[BẢNG]`` alone on a line: where the kind's table goes (the member list only);
- ``[NƠI NHẬN]`` alone on a line, at the end: the recipients follow, one a line (a leading
  "- " is dropped); without it the document keeps the shipped default's recipients;
- "Điều 1.", "1." and the like are plain text;
- placeholders in Django's syntax, ``{{ member.full_name }}``, from the kind's fixed context
  (`kinds.PLACEHOLDERS`); ``{% if %}``, ``{% for %}``, ``{% with %}``, ``{% firstof %}`` and
  ``{# comments #}`` are allowed, nothing that loads or includes anything; a loop runs over
  one of the context's lists only and holds no other loop, and only the filters of
  `markup.ALLOWED_FILTERS` apply (none can blow a value up), so the output stays about as long
  as the text.

A text is checked before it is saved (`samples.check_body`): it must render with the kind's
sample values, once with every optional value given and once without.
"""
