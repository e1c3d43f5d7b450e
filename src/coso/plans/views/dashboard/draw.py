"""How the dashboard writes a figure: the value and the goal in the language's numbers, met or
not in words (never by colour alone), and the trend of a target as a bar chart in plain SVG
drawn on the server: no script, no inline style (the CSP allows none), printable."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ...choices import Unit
from ...queries.measures import Figure

NONE = "—"


def number(value: Decimal | int | None, unit: str) -> str:
    """92,5% or 2.150 (the language's separators); a dash without a value."""
    if value is None:
        return NONE
    if unit == Unit.PERCENT:
        trimmed = Decimal(f"{Decimal(value).normalize():f}")
        return number_format(trimmed, force_grouping=True) + "%"
    return number_format(int(value), force_grouping=True)


def has_goal(f: Figure | None) -> bool:
    """Whether the figure is judged: a target without a number is followed for information."""
    return f is not None and (f.goal_min is not None or f.goal_max is not None)


def goal(f: Figure, unit: str) -> str:
    """The goal in words: "more than 90%", "at least 2.000", "from 8% to 10%"."""
    if not has_goal(f):
        return _("no goal: for information")
    low = number(f.goal_min, unit) if f.goal_min is not None else None
    high = number(f.goal_max, unit) if f.goal_max is not None else None
    if low and high:
        return _("from %(low)s to %(high)s") % {"low": low, "high": high}
    if low:
        return (_("more than %(value)s") if f.goal_min_exclusive else _("at least %(value)s")) % {
            "value": low
        }
    return _("at most %(value)s") % {"value": high}


def status(f: Figure | None) -> str:
    """Met, not met, or no figure: the words every colour goes with."""
    if f is None or f.met is None:
        return _("No figure")
    if not has_goal(f):
        return _("For information")
    return _("Met") if f.met else _("Not met")


def status_class(f: Figure | None) -> str:
    """The badge's colour class: green met, red not met, grey no figure."""
    if f is None or f.met is None:
        return "text-bg-secondary"
    if not has_goal(f):
        return "text-bg-light border"
    return "text-bg-success" if f.met else "text-bg-danger"


def status_mark(f: Figure | None) -> str:
    """A mark that says it without colour: ✓ met, ✗ not met."""
    if f is None or f.met is None or not has_goal(f):
        return ""
    return "✓" if f.met else "✗"


def ratio(f: Figure, unit: str) -> str:
    """The count behind a share ("45/50"), empty for a count."""
    if f.denominator is None or unit != Unit.PERCENT:
        return ""
    return f"{number(f.numerator, Unit.COUNT)}/{number(f.denominator, Unit.COUNT)}"


# --- the trend as a bar chart ---------------------------------------------------------------

WIDTH, HEIGHT = 360, 180
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 22, 26
GREEN, RED, GREY, GOAL = "#198754", "#dc3545", "#adb5bd", "#0d6efd"


def _scale(trend: list[Figure], unit: str) -> float:
    values = [float(f.value) for f in trend if f.value is not None]
    goals = [float(g) for f in trend for g in (f.goal_min, f.goal_max) if g is not None]
    top = max([*values, *goals, 1.0])
    return 100.0 if unit == Unit.PERCENT and top <= 100 else top * 1.12


def chart(trend: list[Figure], unit: str, title: str, key: str) -> SafeString:
    """A bar a year, green met and red striped not met (the stripes say it without colour),
    its value above it and the year under it; the goal of the last year as a dashed line.
    ``key`` makes the stripes' pattern id unique on the page."""
    if not trend:
        return mark_safe("")  # noqa: S308 (nothing drawn)
    top = _scale(trend, unit)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / len(trend)
    bar = min(step * 0.62, 48)

    def y(v: float) -> float:
        return TOP + inner_h - inner_h * min(v, top) / top

    stripes = f"stripes-{escape(key)}"
    parts = [
        f'<svg class="trend-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
        f'<defs><pattern id="{stripes}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{RED}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2.5"/></pattern></defs>'
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}" '
        f'stroke="#6c757d" stroke-width="1"/>'
    ]
    for i, f in enumerate(trend):
        cx = LEFT + step * i + step / 2
        if f.value is not None:
            v = float(f.value)
            fill = GREY if not has_goal(f) else GREEN if f.met else f"url(#{stripes})"
            parts.append(
                f'<rect x="{cx - bar / 2:.1f}" y="{y(v):.1f}" width="{bar:.1f}" '
                f'height="{max(y(0) - y(v), 0.5):.1f}" fill="{fill}"/>'
            )
        label = f"{status_mark(f)} {number(f.value, unit)}".strip()
        top_y = y(float(f.value)) if f.value is not None else y(0)
        parts.append(
            f'<text x="{cx:.1f}" y="{top_y - 5:.1f}" text-anchor="middle" font-size="12" '
            f'fill="#212529">{escape(label)}</text>'
            f'<text x="{cx:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="12" '
            f'fill="#495057">{f.year}</text>'
        )
    last = trend[-1]
    for g in (last.goal_min, last.goal_max):
        if g is not None:
            gy = y(float(g))
            parts.append(
                f'<line x1="{LEFT}" y1="{gy:.1f}" x2="{WIDTH - RIGHT}" y2="{gy:.1f}" '
                f'stroke="{GOAL}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped)
