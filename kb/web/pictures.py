"""Pictures drawn on the server as SVG, each with a text alternative: the microRNA chart and the mechanism graph.

Every label is escaped; every mark links to the record it stands for.
"""

import math

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

ROW = 22


def _n(number: float) -> str:
    """A coordinate, to a tenth of a pixel."""
    return f"{number:.1f}".rstrip("0").rstrip(".")


LABEL_WIDTH = 150
CHART_WIDTH = 680
TOP = 34  # the legend's row, above the bars


def fold_change_chart(mirnas) -> str:
    """Fold changes on one axis, log2 scale: up to the right, down to the left, each bar with its value; an axis
    with ticks and a legend; the microRNAs with no fold change reported listed apart, below the axis. Drawn at
    its own size (12-pixel text), in a box that scrolls sideways where the screen is narrower."""
    reported = sorted((m for m in mirnas if m.fold_change is not None), key=lambda m: -m.fold_change)
    unreported = [m for m in mirnas if m.fold_change is None]
    if not reported and not unreported:
        return ""
    largest = math.ceil(max((abs(math.log2(m.fold_change)) for m in reported), default=1) or 1)
    middle = LABEL_WIDTH + (CHART_WIDTH - LABEL_WIDTH) / 2
    scale = (CHART_WIDTH - LABEL_WIDTH) / 2 / largest * 0.8  # room for the value beside the longest bar
    axis_y = TOP + ROW * len(reported) + 4
    apart = axis_y + 56  # the heading of the microRNAs with no fold change
    height = apart + (ROW * (len(unreported) + 1) if unreported else 0) + 8
    up = sum(1 for m in reported if m.direction == "up")
    summary = (
        f"{len(reported) + len(unreported)} microRNAs: {up} up-regulated and {len(reported) - up} down-regulated "
        f"with a fold change; {len(unreported)} with no fold change reported."
    )
    marks = [_legend()]
    for index, mirna in enumerate(reported):
        y = TOP + ROW * index
        length = math.log2(mirna.fold_change) * scale
        x, width = (middle, length) if length >= 0 else (middle + length, -length)
        value_x, anchor = (x + max(width, 1) + 4, "start") if length >= 0 else (x - 4, "end")
        marks.append(
            format_html(
                '<a href="{}"><title>{}: fold change {} ({})</title><text x="{}" y="{}" class="label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>'
                '<text x="{}" y="{}" class="value" text-anchor="{}">{}</text></a>',
                mirna.get_absolute_url(),
                mirna.name,
                mirna.fold_change,
                mirna.get_direction_display().lower(),
                LABEL_WIDTH - 6,
                y + ROW / 2 + 4,
                mirna.name,
                _n(x),
                y + 4,
                _n(max(width, 1)),
                ROW - 8,
                mirna.direction,
                _n(value_x),
                y + ROW / 2 + 4,
                anchor,
                mirna.fold_change,
            )
        )
    if unreported:
        marks.append(format_html('<text x="{}" y="{}" class="heading">Fold change not reported</text>', 6, apart))
    for index, mirna in enumerate(unreported):
        y = apart + 8 + ROW * index
        marks.append(
            format_html(
                '<a href="{}"><title>{}: not reported (printed: {})</title><text x="{}" y="{}" class="label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="unreported"/>'
                '<text x="{}" y="{}" class="note">not reported ({})</text></a>',
                mirna.get_absolute_url(),
                mirna.name,
                mirna.fold_change_as_printed,
                LABEL_WIDTH - 6,
                y + ROW / 2 + 4,
                mirna.name,
                LABEL_WIDTH,
                y + 4,
                14,
                ROW - 8,
                LABEL_WIDTH + 20,
                y + ROW / 2 + 4,
                mirna.fold_change_as_printed,
            )
        )
    return format_html(
        '<div class="picture" tabindex="0"><svg class="chart" width="{}" height="{}" viewBox="0 0 {} {}" role="group" '
        'aria-labelledby="chart-title" aria-describedby="chart-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-title">Fold changes of the dysregulated microRNAs (Table 4)</title>'
        '<desc id="chart-desc">{}</desc>{}{}</svg></div>',
        CHART_WIDTH,
        height,
        CHART_WIDTH,
        height,
        summary,
        mark_safe("".join(marks)),
        _axis(middle, scale, largest, axis_y) if reported else "",
    )


def _legend() -> str:
    """What the colours and the dashed box mean, in the chart's top row."""
    items = (("up", "up-regulated"), ("down", "down-regulated"), ("unreported", "no fold change reported"))
    parts, x = [], LABEL_WIDTH
    for kind, label in items:
        parts.append(
            format_html(
                '<rect x="{}" y="6" width="14" height="12" class="legend {}"/><text x="{}" y="16">{}</text>',
                x,
                kind,
                x + 18,
                label,
            )
        )
        x += 18 + 7 * len(label) + 22
    return format_html('<g class="legend">{}</g>', mark_safe("".join(parts)))


def _axis(middle: float, scale: float, largest: int, y: float) -> str:
    """The fold-change axis under the bars: the line at a fold change of 1 through them, ticks at the powers of 2
    (log2 scale), each with its value, and the axis's name."""
    parts = [
        format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>', middle, TOP - 4, middle, y),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>',
            _n(middle - largest * scale),
            y,
            _n(middle + largest * scale),
            y,
        ),
    ]
    for power in range(-largest, largest + 1):
        x = middle + power * scale
        value = 2.0**power
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis tick"/>'
                '<text x="{}" y="{}" class="tick" text-anchor="middle">{}</text>',
                _n(x),
                y,
                _n(x),
                y + 5,
                _n(x),
                y + 18,
                f"{value:g}",
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="{}" class="note" text-anchor="middle">fold change (log2 scale): down-regulated ← 1 → '
            "up-regulated</text>",
            middle,
            y + 34,
        )
    )
    return mark_safe("".join(parts))


NODE_WIDTH, NODE_HEIGHT, GAP = 170, 30, 12
COLUMNS = ("Mechanism", "Biomarkers", "Compounds", "Trials")


def mechanism_graph(mechanism, trials) -> str:
    """The mechanism, the biomarkers that signal it, the compounds that counter it and their trials, linked."""
    biomarkers = list(mechanism.biomarkers.all())
    compounds = list(mechanism.compounds.all())
    columns = [[mechanism], biomarkers, compounds, list(trials)]
    if not any(columns[1:]):
        return ""
    tallest = max(len(column) for column in columns)
    height = (NODE_HEIGHT + GAP) * tallest + 40
    width = len(columns) * (NODE_WIDTH + 40)
    position = {}
    nodes = []
    for col, (heading, records) in enumerate(zip(COLUMNS, columns, strict=True)):
        x = col * (NODE_WIDTH + 40) + 10
        nodes.append(format_html('<text x="{}" y="16" class="heading">{}</text>', x, heading))
        top = 30 + ((tallest - len(records)) * (NODE_HEIGHT + GAP)) / 2
        for row, record in enumerate(records):
            y = top + row * (NODE_HEIGHT + GAP)
            position[(col, record.pk)] = (x, y)
            label = str(record.nct_id if col == 3 else record.name)
            nodes.append(
                format_html(
                    '<a href="{}"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="4" class="node c{}"/>'
                    '<text x="{}" y="{}">{}</text></a>',
                    record.get_absolute_url(),
                    record.name,
                    x,
                    _n(y),
                    NODE_WIDTH,
                    NODE_HEIGHT,
                    col,
                    x + 8,
                    _n(y + 19),
                    label if len(label) <= 24 else label[:23] + "…",
                )
            )
    edges = []

    def edge(a, b):
        (x1, y1), (x2, y2) = position[a], position[b]
        edges.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="edge"/>',
                x1 + NODE_WIDTH,
                _n(y1 + NODE_HEIGHT / 2),
                x2,
                _n(y2 + NODE_HEIGHT / 2),
            )
        )

    for biomarker in biomarkers:
        edge((0, mechanism.pk), (1, biomarker.pk))
    biomarker_ids = {b.pk for b in biomarkers}
    for compound in compounds:
        linked = [b.pk for b in compound.biomarkers.all() if b.pk in biomarker_ids]
        for pk in linked:
            edge((1, pk), (2, compound.pk))
        if not linked:
            edge((0, mechanism.pk), (2, compound.pk))
        for trial in compound.trials.all():
            if (3, trial.pk) in position:
                edge((2, compound.pk), (3, trial.pk))
    summary = (
        f"{mechanism.name}: {len(biomarkers)} biomarkers, {len(compounds)} compounds that counter it, "
        f"{len(columns[3])} trials of those compounds."
    )
    return format_html(
        '<div class="picture" tabindex="0"><svg class="graph" width="{}" height="{}" viewBox="0 0 {} {}" role="group" '
        'aria-labelledby="graph-title" aria-describedby="graph-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="graph-title">Links around {}</title>'
        '<desc id="graph-desc">{}</desc>{}{}</svg></div>',
        width,
        height,
        width,
        height,
        escape(mechanism.name),
        summary,
        mark_safe("".join(edges)),
        mark_safe("".join(nodes)),
    )
