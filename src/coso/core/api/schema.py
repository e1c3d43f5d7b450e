"""The OpenAPI schema says what the API really answers.

Besides each operation's own answers, every operation can answer with the errors common to
the whole API (see `coso.core.api.views.exception_handler`): 401 without a valid token or session,
403 when the role may not do it, 404 for an id or code that does not exist or is outside the
user's scope (and for a page number past the end of a list), 400 for a bad query parameter
or body, 413 for a body larger than the server accepts and 415 for a body in a format it does
not read. `document_errors` adds those answers where an operation does not declare them itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action

ERROR = {
    "type": "object",
    "description": "Thông báo lỗi bằng tiếng Việt.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# a refused body: messages by field (lists of strings, or nested for nested fields), or a
# `detail` for a body that could not be read at all
MESSAGES = {
    "type": "object",
    "description": "Thông báo lỗi theo từng trường, hoặc `detail` khi không đọc được yêu cầu.",
    "additionalProperties": {},
}


def _common_errors(operation: dict) -> dict:
    has_body = "requestBody" in operation
    has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    errors = {
        "401": (_("Not logged in: no valid token or session."), "Error"),
        "403": (_("The user's role may not do this."), "Error"),
        "404": (_("Not found, or outside the user's scope."), "Error"),
    }
    if has_body or has_query:
        errors["400"] = (_("Refused: messages by field; nothing was changed."), "ErrorMessages")
    if has_body:
        errors["413"] = (_("The request is larger than the server accepts."), "Error")
        errors["415"] = (_("The body is in a format the server does not read."), "Error")
    return errors


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: the errors every operation may answer."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ErrorMessages", MESSAGES)
    for item in result.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for code, (description, component) in _common_errors(operation).items():
                response = responses.setdefault(code, {"description": str(description)})
                response.setdefault(
                    "content",
                    {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                )
    return result


class SingleObjectSchema(AutoSchema):
    """For a `list` action that answers one object (counts and a page of items) rather than a
    list: drf-spectacular would otherwise declare an array."""

    def _is_list_view(self, serializer=None):
        return False


NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
REFUSED = OpenApiResponse(
    description=_("Refused: messages by field, naming the rule; nothing was changed.")
)


def post_action(summary, request, answer, *, refused=REFUSED, **route):
    """A POST action on one object that runs a step: its route (`route`: url_path, url_name)
    and its schema (`answer` with 200, the refusal with 400, out of scope with 404), the
    declaration every viewset's step actions share."""

    def decorate(view):
        view = action(detail=True, methods=["post"], **route)(view)
        return extend_schema(
            summary=summary,
            request=request,
            responses={200: answer, 400: refused, 404: NOT_FOUND},
        )(view)

    return decorate
