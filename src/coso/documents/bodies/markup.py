"""A body template's text to the blocks of a document description.

The text is rendered by Django's template engine with the kind's context only: autoescape off
(the output is not HTML), no loader (nothing can be included or extended) and a short list of
allowed tags; an unknown placeholder is an error, not an empty string. The rendered text is then
read as the small markup of `coso.documents.bodies` (its module docstring).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, Node, TokenType, Variable, VariableNode
from django.template.defaulttags import FirstOfNode, ForNode, IfNode, TemplateLiteral, WithNode
from django.utils.translation import gettext as _

from coso.documents.bodies.kinds import default_text
from coso.documents.render.description import Block, Heading, Paragraph, Table

#: the tags a body may use: conditions, loops, local names, comments; nothing that loads,
#: includes, extends or reads anything outside the given context
ALLOWED_TAGS = frozenset(
    {"if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith", "firstof"}
    | {"comment", "endcomment"}
)
#: the filters a body may use: case, defaults, lists; none that can blow a value up in size
#: (ljust, rjust, center, ...) or reach anything outside the value
ALLOWED_FILTERS = frozenset(
    {"upper", "lower", "capfirst", "title", "default", "default_if_none", "yesno", "length"}
    | {"join", "first", "last", "cut", "add"}
)
#: where the kind's table goes (the member list)
TABLE_MARKER = "[BẢNG]"
#: the line after which the recipients ("Nơi nhận") are listed, one a line
RECIPIENTS_MARKER = "[NƠI NHẬN]"
#: what an unknown placeholder renders to, so that it can be refused
_INVALID = "\x00%s\x00"
_INVALID_RE = re.compile("\x00(.*?)\x00")

ENGINE = Engine(debug=True, loaders=[], autoescape=False, string_if_invalid=_INVALID)


def _refuse(message: str, code: str, **params) -> None:
    raise ValidationError(message, code=code, params=params or None)


def check_tags(text: str) -> None:
    """Refuse a tag outside `ALLOWED_TAGS` ({% load %}, {% include %}, {% extends %}, ...)."""
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            tag = (token.contents.split() or [""])[0]
            if tag not in ALLOWED_TAGS:
                _refuse(
                    _("The tag “%(tag)s” is not allowed in a document's text (line %(line)s)."),
                    "forbidden_tag",
                    tag=tag,
                    line=token.lineno,
                )


def known_names(context: Mapping[str, object]) -> set[str]:
    """The placeholders `context` answers: its keys, and ``key.sub`` for a mapping's keys."""
    names = set()
    for key, value in context.items():
        if isinstance(value, Mapping):
            names |= {f"{key}.{sub}" for sub in value}
        else:
            names.add(key)
    return names


def _condition(condition):
    if isinstance(condition, TemplateLiteral):
        yield condition.value
    else:  # an operator of {% if %}: "not", "and", "==", ... over one or two operands
        for operand in (getattr(condition, "first", None), getattr(condition, "second", None)):
            if operand is not None:
                yield from _condition(operand)


def _expressions(node: Node):
    """The filter expressions a node reads."""
    if isinstance(node, VariableNode):
        return [node.filter_expression]
    if isinstance(node, IfNode):
        return [e for c, _n in node.conditions_nodelists if c for e in _condition(c)]
    if isinstance(node, ForNode):
        return [node.sequence]
    if isinstance(node, WithNode):
        return list(node.extra_context.values())
    if isinstance(node, FirstOfNode):
        return list(node.vars)
    return []


def _variables(expression):
    """The variables an expression reads (its own and its filters' arguments); refuses a
    filter outside `ALLOWED_FILTERS`."""
    yield expression.var
    for function, args in expression.filters:
        name = getattr(function, "_filter_name", function.__name__)
        if name not in ALLOWED_FILTERS:
            _refuse(
                _("The filter “%(filter)s” is not allowed in a document's text."),
                "forbidden_filter",
                filter=name,
            )
        yield from (arg for is_var, arg in args if is_var)


def _check_loop(node: ForNode, context: Mapping[str, object]) -> None:
    """A loop runs over a list of the context only, and holds no other loop: the text's
    output stays about as long as the text and the lists it names."""
    var = node.sequence.var
    lookups = getattr(var, "lookups", None) or ()
    if len(lookups) != 1 or not isinstance(context.get(lookups[0]), list | tuple):
        _refuse(
            _("Only a list can be looped over: %(name)s is not one."),
            "loop",
            name=".".join(lookups) or str(var),
        )
    if node.nodelist_loop.get_nodes_by_type(ForNode) or node.nodelist_empty.get_nodes_by_type(
        ForNode
    ):
        _refuse(_("A loop inside a loop is not allowed."), "loop")


def _check_template(template, context: Mapping[str, object]) -> None:
    """Refuse a variable that is neither a placeholder of `context` nor a name the text sets
    itself ({% for x in ... %}, {% with x=... %}, forloop), a filter not allowed, and a loop
    over anything but one of the context's lists."""
    nodes = template.nodelist.get_nodes_by_type(Node)
    local = {"forloop"}
    for node in nodes:
        if isinstance(node, ForNode):
            local |= set(node.loopvars)
        elif isinstance(node, WithNode):
            local |= set(node.extra_context)
    known = known_names(context)
    for node in nodes:
        for expression in _expressions(node):
            for var in _variables(expression):
                if not isinstance(var, Variable) or var.lookups is None:
                    continue  # a literal: "text", 3
                name = ".".join(var.lookups)
                if name not in known and var.lookups[0] not in local:
                    _refuse(
                        _("Unknown placeholder {{ %(name)s }}: use one of those listed."),
                        "unknown_placeholder",
                        name=name,
                    )
    for node in nodes:
        if isinstance(node, ForNode):
            _check_loop(node, context)


def render_text(text: str, context: Mapping[str, object]) -> str:
    """`text` rendered with `context` and nothing else; refused when it cannot be."""
    check_tags(text)
    try:
        template = ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        line = getattr(error, "template_debug", {}).get("line", "?")
        _refuse(
            _("The text has a placeholder or tag that cannot be read on line %(line)s."),
            "syntax",
            line=line,
        )
    _check_template(template, context)
    try:
        rendered = template.render(Context(dict(context), autoescape=False))
    except (TemplateSyntaxError, ArithmeticError, TypeError, ValueError):
        _refuse(_("The text cannot be filled in with the document's data."), "render")
    unknown = _INVALID_RE.search(rendered)
    if unknown:
        _refuse(
            _("Unknown placeholder {{ %(name)s }}: use one of those listed."),
            "unknown_placeholder",
            name=unknown.group(1),
        )
    if "{{" in rendered or "{%" in rendered:
        _refuse(_("The text has a “{{” or “{%” that opens no placeholder or tag."), "syntax")
    return rendered


def parse(text: str, *, table: Table | None = None) -> list[Block]:
    """The markup of rendered text as blocks (see the package's docstring)."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush():
        if lines:
            blocks.append(Paragraph(" ".join(lines)))
            lines.clear()

    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line.startswith(("- ", "+ ", "# ", "## ", "> ")) or line == TABLE_MARKER or not line:
            flush()
        if not line:
            continue
        if line.startswith("## "):
            number, _space, heading = line[3:].partition(" ")
            if not heading:
                _refuse(
                    _("A heading “## %(number)s” needs its number and its text."),
                    "heading",
                    number=number,
                )
            blocks.append(Heading(number, heading))
        elif line.startswith("# "):
            blocks.append(Paragraph(line[2:], bold=True, indent=False, align="C"))
        elif line.startswith("> "):
            blocks.append(Paragraph(line[2:], indent=False, align="L"))
        elif line == TABLE_MARKER:
            if table is None:
                _refuse(
                    _("This document has no table: remove the line %(marker)s."),
                    "no_table",
                    marker=TABLE_MARKER,
                )
            blocks.append(table)
        else:
            lines.append(line)
    flush()
    if not blocks:
        _refuse(_("The document's text is empty."), "empty")
    return blocks


@dataclass(frozen=True)
class BodyParts:
    """A rendered body: its blocks, and the recipients it lists (None: it lists none, the
    document keeps the shipped default's)."""

    blocks: list[Block]
    recipients: tuple[str, ...] | None


def split_recipients(text: str) -> tuple[str, tuple[str, ...] | None]:
    """The text before the line ``[NƠI NHẬN]`` and the recipients after it, one a line (a
    leading "- " dropped: the layout prints its own); None without that line."""
    lines = text.splitlines()
    marks = [n for n, line in enumerate(lines) if line.strip() == RECIPIENTS_MARKER]
    if not marks:
        return text, None
    if len(marks) > 1:
        _refuse(
            _("The line %(marker)s may be written once only."),
            "recipients",
            marker=RECIPIENTS_MARKER,
        )
    body, after = lines[: marks[0]], lines[marks[0] + 1 :]
    recipients = tuple(
        " ".join(line.strip().removeprefix("- ").split()) for line in after if line.strip()
    )
    recipients = tuple(r for r in recipients if r and r != "-")
    if not recipients:
        _refuse(
            _("List the recipients under %(marker)s, one a line, or remove that line."),
            "recipients",
            marker=RECIPIENTS_MARKER,
        )
    return "\n".join(body), recipients


def body_parts(
    kind: str, template_text: str | None, context: Mapping[str, object], *, table=None
) -> BodyParts:
    """The body of a document of `kind`: `template_text` (None: the shipped default) rendered
    with `context` and read as markup; `table` goes where the text says ``[BẢNG]``; the
    recipients are those listed under ``[NƠI NHẬN]``, else the shipped default's."""
    if template_text is None:
        template_text = default_text(kind)
    if not template_text.strip():
        _refuse(_("The document's text is empty."), "empty")
    body, recipients = split_recipients(render_text(template_text, context))
    blocks = parse(body, table=table)
    if recipients is None and template_text != default_text(kind):
        recipients = body_parts(kind, None, context, table=table).recipients
    return BodyParts(blocks, recipients)


def body_blocks(
    kind: str, template_text: str | None, context: Mapping[str, object], *, table=None
) -> list[Block]:
    """The blocks of `body_parts` (the body without its recipients)."""
    return body_parts(kind, template_text, context, table=table).blocks
