"""Request bodies the API reads: JSON and forms, bounded in size and (JSON) in depth.

DRF's parsers read the whole stream whatever its length (Django's DATA_UPLOAD_MAX_MEMORY_SIZE
only guards `request.body` and `request.POST`), and Python's json module recurses once per
nesting level: a body of ten thousand "[" ends in a RecursionError, a 500. Here a body larger
than DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 and a JSON body nested deeper than `max_depth` is a
400, both with a Vietnamese message, before anything is decoded.
"""

from __future__ import annotations

import io
import json
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is larger than the server accepts.")
    default_code = "payload_too_large"


def read_bounded(stream) -> bytes:
    """The whole body, or a 413 once it passes DATA_UPLOAD_MAX_MEMORY_SIZE (None: no limit)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if stream is None:
        return b""
    data = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise PayloadTooLarge()
    return data


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


def json_depth(raw: bytes) -> int:
    """How deep arrays and objects nest in a JSON text (brackets inside strings not counted)."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKET)
    depth = deepest = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    # the API's bodies are flat records; 32 levels leave room for any client's wrapping
    max_depth = 32

    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_bounded(stream)
        if json_depth(raw) > self.max_depth:
            raise ParseError(
                _("The JSON is nested more than %(depth)s levels deep.") % {"depth": self.max_depth}
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(
                _("The body is not valid %(encoding)s text.") % {"encoding": encoding}
            ) from exc
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except json.JSONDecodeError as exc:
            raise ParseError(
                _("The body is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": exc.lineno, "column": exc.colno}
            ) from exc
        except ValueError as exc:
            raise ParseError(_("The body is not valid JSON.")) from exc


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON (DRF's strict parser refuses them too)
    raise ValueError(name)


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return super().parse(io.BytesIO(read_bounded(stream)), media_type, parser_context)
