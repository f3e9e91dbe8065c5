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
CHART_WIDTH = 640


def fold_change_chart(mirnas) -> str:
    """Fold changes on one axis, log2 scale: up to the right, down to the left; "not reported" shown as such."""
    reported = sorted((m for m in mirnas if m.fold_change is not None), key=lambda m: -m.fold_change)
    unreported = [m for m in mirnas if m.fold_change is None]
    rows = reported + unreported
    if not rows:
        return ""
    largest = max((abs(math.log2(m.fold_change)) for m in reported), default=1) or 1
    middle = LABEL_WIDTH + (CHART_WIDTH - LABEL_WIDTH) / 2
    scale = (CHART_WIDTH - LABEL_WIDTH) / 2 / largest * 0.85
    height = ROW * (len(rows) + 2)
    up = sum(1 for m in reported if m.direction == "up")
    summary = (
        f"{len(rows)} microRNAs: {up} up-regulated and {len(rows) - up} down-regulated; "
        f"{len(unreported)} with no fold change reported."
    )
    marks = []
    for index, mirna in enumerate(rows):
        y = ROW * (index + 1)
        if mirna.fold_change is None:
            mark = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="unreported"/>'
                '<text x="{}" y="{}" class="note">not reported ({})</text>',
                middle - 40,
                y + 4,
                80,
                ROW - 8,
                middle + 46,
                y + ROW / 2 + 4,
                mirna.fold_change_as_printed,
            )
            value = f"not reported (printed: {mirna.fold_change_as_printed})"
        else:
            length = math.log2(mirna.fold_change) * scale
            x, width = (middle, length) if length >= 0 else (middle + length, -length)
            mark = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>',
                _n(x),
                y + 4,
                _n(max(width, 1)),
                ROW - 8,
                mirna.direction,
            )
            value = f"fold change {mirna.fold_change} ({mirna.get_direction_display().lower()})"
        marks.append(
            format_html(
                '<a href="{}"><title>{}: {}</title><text x="{}" y="{}" class="label">{}</text>{}</a>',
                mirna.get_absolute_url(),
                mirna.name,
                value,
                LABEL_WIDTH - 6,
                y + ROW / 2 + 4,
                mirna.name,
                mark,
            )
        )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>'
        '<text x="{}" y="{}" class="note" text-anchor="middle">log2 fold change: down ← 0 → up</text>',
        middle,
        ROW - 4,
        middle,
        height - ROW,
        middle,
        height - 4,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="group" aria-labelledby="chart-title" '
        'aria-describedby="chart-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-title">Fold changes of the dysregulated microRNAs (Table 4)</title>'
        '<desc id="chart-desc">{}</desc>{}{}</svg>',
        CHART_WIDTH,
        height,
        summary,
        mark_safe("".join(marks)),
        axis,
    )


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
        '<svg class="graph" viewBox="0 0 {} {}" role="group" aria-labelledby="graph-title" '
        'aria-describedby="graph-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="graph-title">Links around {}</title>'
        '<desc id="graph-desc">{}</desc>{}{}</svg>',
        width,
        height,
        escape(mechanism.name),
        summary,
        mark_safe("".join(edges)),
        mark_safe("".join(nodes)),
    )
