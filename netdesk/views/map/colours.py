"""The map's colours: relations, me, paths, clusters, labels and the edges' pens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from netdesk.services.network.model import GroupLabel
from netdesk.services.vocabulary import LINKEDIN_ONLY, RELATIONS

RELATION_COLOURS = {
    "family": "#d62728",
    "friend": "#ff7f0e",
    "classmate": "#b8a000",
    "colleague": "#1f77b4",
    "manager": "#17becf",
    "mentor": "#9467bd",
    "teacher": "#8c564b",
    "client": "#2ca02c",
    "vendor": "#6b6ecf",
    "group": "#e377c2",
    "service": "#7f9f3f",
    LINKEDIN_ONLY: "#a5abb3",
    "other": "#5f6b7a",
}
ME_COLOUR = QColor("#1b2a41")
BACKGROUND = QColor("#f7f8fa")
PATH_COLOUR = QColor("#f28e00")
CLUSTER_FILL = QColor(165, 171, 179, 70)
CLUSTER_EDGE = QColor(120, 128, 140, 140)
LABEL_TEXT = QColor("#1d2633")
CLUSTER_TEXT = QColor("#3c4450")
GROUP_TEXT = QColor("#2b3442")
LABEL_BACK = QColor(255, 255, 255, 200)
EDGE_STYLES = {  # kind -> (colour, cosmetic width)
    "tie": (QColor(70, 110, 170, 70), 1.0),
    "knows": (QColor(95, 105, 120, 90), 1.0),
    "introduced": (QColor(230, 120, 0, 190), 2.0),
    "referred": (QColor(40, 150, 90, 170), 1.6),
    "cluster": (QColor(120, 128, 140, 55), 1.0),
}
KINDS = list(EDGE_STYLES)  # an edge's kind as a small number: its index here
CLUSTER_KIND = KINDS.index("cluster")


def opaque(colour: QColor, over: QColor = BACKGROUND) -> QColor:
    """The colour a translucent *colour* shows over *over*, as an opaque colour."""
    a = colour.alphaF()
    return QColor.fromRgbF(
        colour.redF() * a + over.redF() * (1 - a),
        colour.greenF() * a + over.greenF() * (1 - a),
        colour.blueF() * a + over.blueF() * (1 - a),
    )


def relation_colour(relation: str) -> QColor:
    return QColor(RELATION_COLOURS.get(relation, RELATION_COLOURS["other"]))


def edge_pen(kind: str, bucket: int) -> QPen:
    # Opaque colours (pre-blended with the background) and whole-pixel widths: the
    # raster engine's fast line path, about ten times cheaper than translucent lines.
    colour, width = EDGE_STYLES.get(kind, EDGE_STYLES["knows"])
    if kind == "tie":
        width = 2.0 if bucket >= 4 else 1.0
        colour = QColor(colour)
        colour.setAlpha(min(255, 45 + 30 * bucket))
    elif kind == "cluster":
        width = 2.0 if bucket >= 2 else 1.0
    pen = QPen(opaque(colour), width)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def group_colour(label: GroupLabel, grouping: str) -> QColor:
    """Grouped by how I know them, a group's name takes its people's colour."""
    if grouping == "relation":
        for key, name in RELATIONS.items():
            if name == label.name:
                return relation_colour(key).darker(135)
    return GROUP_TEXT
