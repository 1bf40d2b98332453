"""A failed check's curves (a loss history, say) as an inline SVG: the student's next to the
reference's, on the same scale, drawn by hand (polylines), so the page needs no plotting library
and no script. Pure: numbers in, markup out; the same numbers always give the same bytes."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

__all__ = ["curve_svg"]

PANEL_W, PANEL_H = 260, 150  # one panel; two side by side when the reference's curve is shown
LEFT, RIGHT, TOP, BOTTOM = 60, 10, 24, 28  # room for the y labels, the title and the x label
LOG_RATIO = 100  # positive values spanning more than this are drawn on a log scale
DOTS_UP_TO = 25  # points marked with a dot when the curve is this short (one point is only a dot)


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _number(value: float) -> str:
    """An axis label: short, as a student reads it."""
    if value == 0:
        return "0"
    if abs(value) >= 1e6 or abs(value) < 1e-3:
        return f"{value:.3g}"
    return f"{value:.6g}"


def _scale(curves: list[tuple[float, ...]]):
    """(y -> plotted value, lowest, highest, logarithmic) shared by every panel."""
    values = [v for curve in curves for v in curve]
    low, high = min(values), max(values)
    log = low > 0 and high / low > LOG_RATIO
    if log:
        return math.log10, math.log10(low), math.log10(high), True
    return (lambda v: v), low, high, False


def _panel(curve: tuple[float, ...], title: str, x0: int, scale, colour: str, dashed: bool) -> list[str]:
    to_plot, low, high, _ = scale
    width, height = PANEL_W - LEFT - RIGHT, PANEL_H - TOP - BOTTOM
    span = (high - low) or 1.0
    steps = max(len(curve) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        x = x0 + LEFT + (width * i / steps if len(curve) > 1 else width / 2)
        y = TOP + height - height * ((to_plot(v) - low) / span if high > low else 0.5)
        return x, y

    points = [point(i, v) for i, v in enumerate(curve)]
    parts = [
        f'<text x="{x0 + LEFT + width / 2:.1f}" y="14" text-anchor="middle" class="curve-title">{escape(title)}</text>',
        f'<rect x="{x0 + LEFT}" y="{TOP}" width="{width}" height="{height}" class="curve-frame"/>',
    ]
    style = ' stroke-dasharray="5 3"' if dashed else ""
    if len(points) > 1:
        joined = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)
        parts.append(f'<polyline points="{joined}" fill="none" stroke="{colour}" stroke-width="2"{style}/>')
    if len(points) <= DOTS_UP_TO:
        parts += [f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="2.5" fill="{colour}"/>' for x, y in points]
    parts.append(f'<text x="{x0 + LEFT + width / 2:.1f}" y="{PANEL_H - 6}" text-anchor="middle" class="curve-axis">update 1 to {len(curve)}</text>')
    return parts


def curve_svg(yours: tuple[float, ...], expected: tuple[float, ...], label: str) -> Markup:
    """The student's curve, and beside it the reference's (when given), as a figure holding one
    SVG element and a caption naming what is drawn (`label`, from course.toml)."""
    curves = [c for c in (yours, expected) if c]
    if not curves:
        return Markup("")
    scale = _scale(curves)
    _, low, high, log = scale
    panels = [("yours", yours, "#b3261e", False)] + ([("the reference's", expected, "#1a5fb4", True)] if expected else [])
    width = PANEL_W * len(panels)
    unit = (lambda v: 10**v) if log else (lambda v: v)
    described = f"{label}: yours {', '.join(_number(v) for v in yours)}" if yours else label
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="curve" role="img" width="{width}" height="{PANEL_H}" viewBox="0 0 {width} {PANEL_H}">',
        f"<title>{escape(described[:300])}</title>",
    ]
    for index, (whose, curve, colour, dashed) in enumerate(panels):
        x0 = index * PANEL_W
        if curve:
            parts += _panel(curve, whose, x0, scale, colour, dashed)
        for value, y in ((high, TOP), (low, PANEL_H - BOTTOM)):
            parts.append(f'<text x="{x0 + LEFT - 4}" y="{y + 4}" text-anchor="end" class="curve-axis">{escape(_number(unit(value)))}</text>')
    parts.append("</svg>")
    caption = f"{label}" + (", on a log scale" if log else "") + (" (the reference's dashed, same scale)" if expected else "")
    return Markup(f'<figure class="curves">{"".join(parts)}<figcaption>{escape(caption)}</figcaption></figure>')
