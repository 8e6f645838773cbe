"""Reasoning over the coarse body map: where two structures are relative to each other.

Every locatable concept has a :class:`~pipeline.knowledge.anatomy.Box` (height, side and
depth ranges in the anatomical position). A relative claim ("X lies above / below / behind /
in front of / beside Y", "X sits just above Y") is judged by comparing the boxes:

- **wrong** when the boxes put X clearly on the other side of Y: their centres are apart by
  more than a margin in the opposite direction (boxes are coarse, so a near call is left
  undecided);
- for a claim of closeness ("just above", "directly behind", "on top of", "next to"), also
  wrong when the boxes are far apart, with a clear gap between them;
- **right** when the boxes put X on the claimed side by more than the margin;
- otherwise **undecided**.

Front/back claims are judged only for structures at the same height (their height ranges
overlap): "behind" says nothing about two structures one above the other. Every verdict
names the boxes that decided it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipeline.knowledge.anatomy import Box, Concept

#: Margins, in the map's units: percent of body height for height and side, percent of
#: the part's depth for front/back.
HEIGHT_MARGIN = 4.0
SIDE_MARGIN = 4.0
DEPTH_MARGIN = 20.0
#: A gap (height or side) that rules out "just above", "next to", "on top of".
CLOSE_GAP = 6.0
#: A height gap between two boxes that settles which is higher even when their centres are
#: closer than HEIGHT_MARGIN (small structures of the head: a sinus and an eyebrow).
BOX_GAP = 1.0

Answer = Literal["wrong", "right", "undecided"]


@dataclass(frozen=True)
class Judgement:
    """The answer and the reason, in words an editor can read."""

    answer: Answer
    reason: str = ""


def _centre(span: tuple[float, float]) -> float:
    return (span[0] + span[1]) / 2


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two ranges are (0 when they overlap)."""
    return max(0.0, max(a[0], b[0]) - min(a[1], b[1]))


def side_range(concept: Concept, box: Box) -> tuple[float, float]:
    """The side range of one structure: a paired one counts on both sides (its range and
    the mirror image), unless the concept says which side it is."""
    low, high = box.x
    if not box.paired:
        return low, high
    if concept.side == "left":
        return (abs(low), abs(high)) if low >= 0 else (abs(high), abs(low))
    if concept.side == "right":
        return (-abs(high), -abs(low)) if low >= 0 else (low, high)
    span = max(abs(low), abs(high))
    return -span, span


def inside(a: Concept, b: Concept) -> Judgement:
    """Judge "``a`` lies in (or on, or at) ``b``" for a structure ``b`` that is no region:
    wrong when the two are far apart on the body map, by height or by side."""
    if a.box is None or b.box is None:
        return Judgement("undecided")
    height = _gap(a.box.z, b.box.z)
    side = _gap(side_range(a, a.box), side_range(b, b.box))
    if max(height, side) <= CLOSE_GAP:
        return Judgement("undecided")
    how = (f"their heights on the body map are {a.box.z[0]:g}-{a.box.z[1]:g} and "
           f"{b.box.z[0]:g}-{b.box.z[1]:g} percent of body height" if height >= side else
           "they are on different sides of the body")
    return Judgement("wrong", f"the {a.name} and the {b.name} are far apart ({how})")


def relative(a: Concept, b: Concept, position: str, close: bool = False) -> Judgement:
    """Judge "``a`` lies ``position`` ``b``" (above, below, behind, in_front_of, beside)."""
    if a.box is None or b.box is None:
        return Judgement("undecided")
    box_a, box_b = a.box, b.box
    za, zb = _centre(box_a.z), _centre(box_b.z)
    name_a, name_b = a.name, b.name
    if position in ("above", "below"):
        apart = _gap(box_a.z, box_b.z) >= BOX_GAP
        higher = za < zb - HEIGHT_MARGIN or (apart and za < zb)
        lower = za > zb + HEIGHT_MARGIN or (apart and za > zb)
        wanted, other = (higher, lower) if position == "above" else (lower, higher)
        if other:
            where = "below" if position == "above" else "above"
            return Judgement("wrong", f"the {name_a} lies {where} the {name_b} (their "
                             f"heights on the body map: {box_a.z[0]:g}-{box_a.z[1]:g} and "
                             f"{box_b.z[0]:g}-{box_b.z[1]:g} percent of body height)")
        if close and wanted and _gap(box_a.z, box_b.z) > CLOSE_GAP:
            return Judgement("wrong", f"the {name_a} is far {position} the {name_b}, not "
                             f"just {position} it (heights {box_a.z[0]:g}-{box_a.z[1]:g} and "
                             f"{box_b.z[0]:g}-{box_b.z[1]:g} percent of body height)")
        if close and wanted and _gap(side_range(a, box_a), side_range(b, box_b)) > CLOSE_GAP:
            return Judgement("wrong", f"the {name_a} and the {name_b} are on different "
                             f"sides of the body, so one is not just {position} the other")
        return Judgement("right" if wanted else "undecided")
    if position in ("behind", "in_front_of"):
        if close and _gap(box_a.z, box_b.z) > CLOSE_GAP:
            where = "above" if za < zb else "below"
            return Judgement("wrong", f"the {name_a} lies far {where} the {name_b}, not "
                             f"just {position.replace('_', ' ')} it (heights "
                             f"{box_a.z[0]:g}-{box_a.z[1]:g} and {box_b.z[0]:g}-"
                             f"{box_b.z[1]:g} percent of body height)")
        if box_a.y is None or box_b.y is None or _gap(box_a.z, box_b.z) > 0:
            return Judgement("undecided")
        ya, yb = _centre(box_a.y), _centre(box_b.y)
        back = ya > yb + DEPTH_MARGIN
        front = ya < yb - DEPTH_MARGIN
        wanted, other = (back, front) if position == "behind" else (front, back)
        if other:
            where = "in front of" if position == "behind" else "behind"
            return Judgement("wrong", f"the {name_a} lies {where} the {name_b} (their depth "
                             "from front to back on the body map: "
                             f"{box_a.y[0]:g}-{box_a.y[1]:g} and {box_b.y[0]:g}-{box_b.y[1]:g})")
        return Judgement("right" if wanted else "undecided")
    if position == "beside":
        gap = max(_gap(box_a.z, box_b.z), _gap(side_range(a, box_a), side_range(b, box_b)))
        if gap > CLOSE_GAP * 2:
            return Judgement("wrong", f"the {name_a} and the {name_b} are far apart on the "
                             "body map, not next to each other")
        return Judgement("undecided")
    return Judgement("undecided")
