"""A self-contained SVG chart of a game's sold prices, drawn server-side (no JS, no CDN).

    render_price_chart(sales, start, end, p25=, p75=, ludostore=) → '<svg …>…</svg>'

* one `<circle class="sale sale-<condition>" data-…>` per sale (x = end time, y = price),
  coloured by condition, with a `<title>` tooltip;
* the rolling median (trailing window of ROLLING_WINDOW sales) as a polyline;
* the p25–p75 band (the fair range) as a rectangle;
* Ludostore's new price as a dashed reference line;
* axes with R$ labels and Brasília month ticks, and a legend.
"""
from __future__ import annotations

import math
from datetime import datetime
from html import escape
from typing import Sequence

from django.utils import timezone

from webapi import stats
from webapi.dashboard.templatetags.dashboard import format_brl

WIDTH, HEIGHT = 960, 400
LEFT, RIGHT, TOP, BOTTOM = 78, 24, 44, 40
COLORS = {"new": "#2b8a3e", "sealed": "#1c64c8", "used": "#e8590c", "unknown": "#868e96"}
LEGEND_ORDER = ("sealed", "new", "used", "unknown")
STYLE = (
    "text{font:12px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;fill:#495057}"
    ".grid{stroke:#e9ecef;stroke-width:1}.baseline,.tick{stroke:#adb5bd}"
    ".band{fill:#51cf66;fill-opacity:.16;stroke:#2f9e44;stroke-opacity:.35;stroke-dasharray:2 3}"
    ".sale{fill-opacity:.72;stroke:#fff;stroke-width:1}.sale.dim{fill-opacity:.22}"
    "polyline.rolling-median,line.rolling-median{fill:none;stroke:#212529;stroke-width:2.2;"
    "stroke-linejoin:round}"
    ".ludostore line{stroke:#7048e8;stroke-width:1.6;stroke-dasharray:6 4}"
    ".ludostore text{fill:#7048e8;font-weight:600}.empty{font-size:16px;fill:#868e96}"
)
MONTHS_PT = ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez")


def nice_step(span: float, target_ticks: int = 5) -> float:
    raw = span / max(target_ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def y_ticks(low_cents: int, high_cents: int) -> list[int]:
    """Round R$ ticks covering [low, high] (centavos in, centavos out)."""
    low, high = low_cents / 100, high_cents / 100
    if high <= low:
        high = low + 10
    step = nice_step(high - low)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value <= high + step * 0.999:
        ticks.append(round(value * 100))
        value += step
    return ticks


def _fmt_axis(cents: int) -> str:
    """Axis label: 'R$ 1.250' (no centavos unless needed)."""
    text = format_brl(cents)
    return text[:-3] if text.endswith(",00") else text


def _num(value: float) -> str:
    return f"{value:.1f}"


def render_price_chart(
    sales: Sequence[stats.Sale],
    start: datetime,
    end: datetime,
    *,
    p25: int | None = None,
    p75: int | None = None,
    ludostore: int | None = None,
    focus: str | None = None,
    title: str = "Preços de venda",
) -> str:
    """`focus` (a condition): the rolling median follows that condition's sales only, and
    the other conditions' points are dimmed (the band is whatever p25/p75 are passed)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    t0, t1 = start.timestamp(), end.timestamp()
    span_t = max(t1 - t0, 1.0)

    values = [s.price_cents for s in sales]
    refs = [v for v in (p25, p75, ludostore) if v is not None]
    out: list[str] = [
        f'<svg class="price-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'data-sales="{len(sales)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
    ]
    if not values and not refs:
        out.append(
            f'<text class="empty" x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">'
            "Nenhuma venda no período</text></svg>"
        )
        return "".join(out)

    ticks = y_ticks(min(values + refs), max(values + refs))
    y_lo, y_hi = ticks[0], ticks[-1]
    span_y = max(y_hi - y_lo, 1)

    def x(moment: datetime) -> float:
        return LEFT + (moment.timestamp() - t0) / span_t * plot_w

    def y(cents: float) -> float:
        return TOP + plot_h - (cents - y_lo) / span_y * plot_h

    # grid and y axis
    out.append('<g class="axis y-axis">')
    for tick in ticks:
        yy = _num(y(tick))
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy}" y2="{yy}"/>')
        out.append(
            f'<text x="{LEFT - 8}" y="{yy}" dy="0.32em" text-anchor="end">{_fmt_axis(tick)}</text>'
        )
    out.append("</g>")

    # x axis: Brasília month starts
    months = stats.month_range(start, end)
    step = 1 if len(months) <= 13 else math.ceil(len(months) / 12)
    out.append('<g class="axis x-axis">')
    out.append(
        f'<line class="baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
        f'y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>'
    )
    tz = timezone.get_current_timezone()
    for i, (year, month) in enumerate(months):
        first = datetime(year, month, 1, tzinfo=tz)
        if first < start or i % step:
            continue
        xx = _num(x(first))
        out.append(f'<line class="tick" x1="{xx}" x2="{xx}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 5}"/>')
        out.append(
            f'<text x="{xx}" y="{TOP + plot_h + 20}" text-anchor="middle">'
            f"{MONTHS_PT[month - 1]}/{year % 100:02d}</text>"
        )
    out.append("</g>")

    # fair range band
    if p25 is not None and p75 is not None:
        top, bottom = y(p75), y(p25)
        out.append(
            f'<rect class="band" x="{LEFT}" y="{_num(top)}" width="{plot_w}" '
            f'height="{_num(max(bottom - top, 1))}" data-p25-cents="{p25}" data-p75-cents="{p75}">'
            f"<title>Faixa justa (p25–p75): {format_brl(p25)} a {format_brl(p75)}</title></rect>"
        )

    # Ludostore reference
    if ludostore is not None:
        yy = _num(y(ludostore))
        out.append(
            f'<g class="ludostore" data-price-cents="{ludostore}">'
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy}" y2="{yy}"/>'
            f'<text x="{WIDTH - RIGHT - 4}" y="{yy}" dy="-0.45em" text-anchor="end">'
            f"Ludostore {format_brl(ludostore)}</text></g>"
        )

    # sales
    out.append('<g class="sales">')
    for sale in sales:
        local = timezone.localtime(sale.ends_at)
        label = stats.CONDITION_LABELS.get(sale.condition, sale.condition)
        dim = " dim" if focus and sale.condition != focus else ""
        out.append(
            f'<circle class="sale sale-{escape(sale.condition)}{dim}" cx="{_num(x(sale.ends_at))}" '
            f'cy="{_num(y(sale.price_cents))}" r="4" '
            f'fill="{COLORS.get(sale.condition, COLORS["unknown"])}" data-auction="{sale.auction_id}" '
            f'data-condition="{escape(sale.condition)}" data-price-cents="{sale.price_cents}" '
            f'data-ends-at="{sale.ends_at.isoformat()}">'
            f"<title>{format_brl(sale.price_cents)} · {label} · {local:%d/%m/%Y}</title></circle>"
        )
    out.append("</g>")

    # rolling median (of the focused condition's sales, if any)
    line_sales = [s for s in sales if not focus or s.condition == focus]
    if len(line_sales) >= 2:
        rolling = stats.rolling_median([s.price_cents for s in line_sales])
        points = " ".join(
            f"{_num(x(s.ends_at))},{_num(y(m))}" for s, m in zip(line_sales, rolling)
        )
        out.append(f'<polyline class="rolling-median" points="{points}"/>')

    # legend (above the plot)
    present = [c for c in LEGEND_ORDER if any(s.condition == c for s in sales)]
    lx = LEFT
    ly = 18
    out.append('<g class="legend">')
    for condition in present:
        out.append(
            f'<circle cx="{lx + 5}" cy="{ly}" r="5" fill="{COLORS[condition]}"/>'
            f'<text x="{lx + 14}" y="{ly}" dy="0.32em">{stats.CONDITION_LABELS[condition]}</text>'
        )
        lx += 26 + 8 * len(stats.CONDITION_LABELS[condition])
    focus_label = f"{stats.CONDITION_LABELS[focus].lower()}, " if focus else ""
    if len(line_sales) >= 2:
        text = f"Mediana móvel ({focus_label}{stats.ROLLING_WINDOW} vendas)"
        out.append(
            f'<line class="rolling-median" x1="{lx}" x2="{lx + 22}" y1="{ly}" y2="{ly}"/>'
            f'<text x="{lx + 28}" y="{ly}" dy="0.32em">{text}</text>'
        )
        lx += 40 + 7 * len(text)
    if p25 is not None and p75 is not None:
        text = f"Faixa justa ({focus_label}p25–p75)"
        out.append(
            f'<rect class="band" x="{lx}" y="{ly - 6}" width="22" height="12"/>'
            f'<text x="{lx + 28}" y="{ly}" dy="0.32em">{text}</text>'
        )
        lx += 40 + 7 * len(text)
    if ludostore is not None:
        out.append(
            f'<g class="ludostore"><line x1="{lx}" x2="{lx + 22}" y1="{ly}" y2="{ly}"/></g>'
            f'<text x="{lx + 28}" y="{ly}" dy="0.32em">Ludostore (novo)</text>'
        )
    out.append("</g></svg>")
    return "".join(out)
