"""Which body text is in force for an organization: its own newest version, else its nearest
ancestor's, else the shipped default. A version with an empty text (a reset) means "none of
its own": the search goes on up the tree."""

from __future__ import annotations

from dataclasses import dataclass

from coso.documents.bodies.kinds import BodyKind, default_text
from coso.documents.models import BodyTemplate
from coso.orgs.models import Organization


@dataclass(frozen=True)
class InForce:
    """The text in force and where it comes from: `version` None is the shipped default;
    `version.organization` is the organization itself (its own) or an ancestor (inherited)."""

    kind: str
    text: str
    version: BodyTemplate | None

    @property
    def owner(self) -> Organization | None:
        return self.version.organization if self.version else None


def _ancestor_paths(organization: Organization) -> list[str]:
    step = Organization.steplen
    return [organization.path[:n] for n in range(step, len(organization.path) + 1, step)]


def templates_in_force(organization: Organization) -> dict[str, InForce]:
    """Kind -> the text in force for `organization`, for every kind (one query)."""
    rows = (
        BodyTemplate.objects.filter(organization__path__in=_ancestor_paths(organization))
        .select_related("organization")
        .order_by("kind", "-organization__depth", "-version")
    )
    newest: dict[tuple[str, int], BodyTemplate] = {}
    for row in rows:  # the newest version of each organization and kind comes first
        newest.setdefault((row.kind, row.organization_id), row)
    result = {kind: InForce(kind, default_text(kind), None) for kind in BodyKind.values}
    for (kind, _org), row in newest.items():  # deepest organization first, per kind
        if row.text and result[kind].version is None:
            result[kind] = InForce(kind, row.text, row)
    return result


def body_template(kind: str, organization: Organization) -> str:
    """The body text of `kind` in force for `organization` (own, inherited or default)."""
    return templates_in_force(organization)[kind].text
