"""Anatomy: check each anatomical claim in an article against the anatomy knowledge base.

Claims come from :mod:`pipeline.nlp.readers.claims` (the parse); facts from
``rules/anatomy`` (:mod:`pipeline.knowledge.anatomy`). A claim the knowledge base cannot
decide gives nothing; a negated, hedged, hypothetical, reported or debunked claim gives
nothing. Every finding states the fact, its source and what to write instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.checks.anatomy.conditions import judge_condition
from pipeline.checks.base import CheckContext, CheckFamily, word_list
from pipeline.findings import Finding
from pipeline.knowledge import body_map
from pipeline.knowledge.anatomy import AnatomyKB, Concept, load_anatomy
from pipeline.nlp.context import load_context, modifiers
from pipeline.nlp.frames import Relation, frames_of
from pipeline.nlp.readers.claims import ClaimReader
from pipeline.nlp.readers.condition_claims import read_condition_claims, topic_condition

#: Kinds that can sensibly be said to "be" one another; identity is judged within a group.
KIND_GROUPS = {
    "region": "place", "joint": "place", "bone": "bone", "organ": "organ", "gland": "organ",
    "vessel": "organ", "muscle": "muscle", "muscle_group": "muscle", "nerve": "nerve",
    "spinal_nerve": "nerve", "tendon": "tissue", "ligament": "tissue", "cartilage": "tissue",
    "structure": "tissue", "tissue": "tissue",
}
#: Kinds whose position in the body a location claim can be about (not limbs or regions,
#: which instructions place on each other: "hands on your knees").
LOCATABLE = frozenset({"organ", "gland", "vessel", "nerve", "spinal_nerve", "muscle",
                       "muscle_group", "bone", "tendon", "ligament", "cartilage", "structure"})
PLACE_KINDS = frozenset({"region", "joint", "bone"})
#: Kinds that cannot be one another ("the funny bone, a small bone" is a nerve).
KIND_CONFLICTS = {
    "bone": {"nerve", "muscle", "muscle_group", "joint", "tendon", "ligament"},
    "nerve": {"bone", "muscle", "muscle_group", "joint", "tendon", "ligament"},
    "muscle": {"bone", "nerve", "joint", "ligament"},
    "joint": {"bone", "nerve", "muscle", "muscle_group", "tendon"},
    "tendon": {"bone", "nerve", "joint", "muscle", "muscle_group"},
    "ligament": {"bone", "nerve", "muscle", "muscle_group"},
    "structure": {"muscle", "muscle_group", "nerve"},
    "cartilage": {"muscle", "muscle_group", "nerve", "bone"},
}
INVERSE = {"above": "below", "below": "above", "behind": "in_front_of",
           "in_front_of": "behind"}
RELATION_WORDS = {"above": "above", "below": "below", "behind": "behind",
                  "in_front_of": "in front of", "beside": "next to"}
SIDE_CONFLICTS = {
    "left": {"right", "right_of_midline"},
    "right": {"left", "left_of_midline"},
    "middle": {"left", "right"},
    "far_left": {"right", "right_of_midline", "midline", "left_of_midline", "middle"},
    "far_right": {"left", "left_of_midline", "midline", "right_of_midline", "middle"},
}
SIDE_WORDS = {"left": "the left side", "right": "the right side", "midline": "the middle",
              "left_of_midline": "the middle, slightly to the left",
              "right_of_midline": "the middle, slightly to the right",
              "bilateral": "both sides", "middle": "the middle",
              "far_left": "the far left side", "far_right": "the far right side"}
MOVEMENT_WORDS = {
    "circumduction": "move in circles", "hyperextension": "bend backwards",
    "lateral_flexion": "bend sideways", "abduction": "move out to the side",
    "adduction": "move in towards the body", "rotation": "rotate",
    "flexion": "bend", "extension": "straighten",
}


@dataclass(frozen=True)
class Verdict:
    """What is wrong with a claim, ready to become a Finding."""

    rule: str
    message: str
    explanation: str
    suggestion: str
    references: tuple[str, ...]
    confidence: float = 0.9


def _the(c: Concept) -> str:
    name = c.name
    if (name[:1].isupper() and name[1:2].isdigit()) or name.startswith("between "):
        return name
    return f"the {name}"


def _plural_name(c: Concept) -> bool:
    """Whether a concept's name is a plural ("the hamstrings", "the calf muscles"; not "the
    pancreas" or "the biceps")."""
    name = c.name.split(" (")[0]
    return name.endswith("s") and not name.endswith(("ss", "us", "is", "sis", "ceps", "as"))


def _counted(c: Concept, n: object) -> str:
    """The concept's name for a count of ``n``: its own plural among its names ("5
    vertebrae", "12 ribs"), the singular for one."""
    name = c.name.split(" (")[0]
    if n == 1 or n == "1":
        return name
    stem = name[:-2] if name.endswith("us") else name[:-1] if len(name) > 4 else name
    # ("meniscus" -> "menisci")
    plurals = [x for x in c.names if x != name and x.startswith(stem)
               and x.endswith(("s", "ae", "i", "a")) and len(x) <= len(name) + 2
               and " " not in x.removeprefix(name.rsplit(" ", 1)[0])[1:]]
    if plurals:
        return plurals[0]
    umlaut = name.replace("oo", "ee")  # "tooth" -> "teeth", "foot" -> "feet"
    if umlaut != name and umlaut in c.names:
        return umlaut
    return name if name.endswith("s") else name + "s"


def _on(side: str) -> str:
    """Where a side puts something: "on the left side", "in the middle"."""
    words = SIDE_WORDS[side]
    return ("in " if words.startswith("the middle") else "on ") + words


def _does(c: Concept) -> str:
    return "do" if _plural_name(c) else "does"


def _is(c: Concept) -> str:
    return "are" if _plural_name(c) else "is"


def _it_is(c: Concept) -> str:
    return "they are" if _plural_name(c) else "it is"


def _facts(c: Concept, kb: AnatomyKB) -> str:
    """One sentence of what the knowledge base says about where ``c`` is."""
    if c.description:
        text = c.description
    elif c.located_in:
        text = ("lie in " if _plural_name(c) else "lies in ") + ", ".join(
            _the(kb[p]) for p in c.located_in)
    elif c.part_of:
        text = f"{_is(c)} part of " + ", ".join(_the(kb[p]) for p in c.part_of)
    else:
        text = f"{_is(c)} {_the(c)}"
        return f"{_the(c)[0].upper()}{_the(c)[1:]} {text}."
    if c.description:
        return f"{_the(c)[0].upper()}{_the(c)[1:]}: {text}."
    return f"{_the(c)[0].upper()}{_the(c)[1:]} {text}."


def _refs(kb: AnatomyKB, *concepts: Concept) -> tuple[str, ...]:
    out: list[str] = []
    for c in concepts:
        ref = kb.reference(c)
        if ref and ref not in out:
            out.append(ref)
    return tuple(out)


def _part_chain(kb: AnatomyKB, a: str) -> set[str]:
    seen: set[str] = set()
    todo = [a]
    while todo:
        for parent in kb[todo.pop()].part_of:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _structural(kb: AnatomyKB, a: str, b: str) -> bool:
    """Same structure, or one is (transitively) part of the other, or they overlap."""
    return a == b or b in _part_chain(kb, a) or a in _part_chain(kb, b) or bool(
        set(kb[a].overlaps) & ({b} | _part_chain(kb, b))) or bool(
        set(kb[b].overlaps) & ({a} | _part_chain(kb, a)))


def _overlap(kb: AnatomyKB, a: str, b: str) -> bool:
    """Nested or overlapping (shared ground), not merely linked."""
    if kb.nested(a, b):
        return True
    up_a = kb.ancestors(a) | {a}
    up_b = kb.ancestors(b) | {b}
    around_b = up_b | kb.descendants(b)
    around_a = up_a | kb.descendants(a)
    return any(set(kb[x].overlaps) & around_b for x in up_a) or any(
        set(kb[y].overlaps) & around_a for y in up_b)


def judge(rel: Relation, kb: AnatomyKB) -> Verdict | None:
    """The verdict on one Relation frame, or None when it is right or cannot be decided."""
    subject = kb.get(rel.subject.concept or "")
    obj_id = rel.object.concept if rel.object is not None else None
    obj = kb.get(obj_id) if obj_id else None
    if subject is None:
        return None
    kind = rel.relation
    if kind == "identity" and obj is not None:
        return _identity(subject, obj, kb)
    if kind == "part_of" and obj is not None:
        group = KIND_GROUPS.get(subject.kind)
        other_group = KIND_GROUPS.get(obj.kind)
        if group is None or other_group is None or (
            group != other_group and "place" not in (group, other_group)
            and {group, other_group} != {"tissue", "bone"}
        ):
            return None
        if {group, other_group} == {"tissue", "bone"}:
            group = other_group = "bone"  # "the acetabulum is part of the thigh bone"
        same_structure_kind = group != "place" and group == other_group
        wrong = not _structural(kb, subject.id, obj.id) if same_structure_kind else \
            kb.disjoint(subject.id, obj.id)
        if wrong:
            return Verdict(
                "ANAT-IDENTITY",
                f"{_the(subject).capitalize()} is not part of {_the(obj)}.",
                f"{_facts(subject, kb)} {_facts(obj, kb)}",
                f"Say where {_the(subject)} really is: {_where(subject, kb)}.",
                _refs(kb, subject, obj))
        return None
    if kind == "location" and obj is not None:
        return _location(rel, subject, obj, kb)
    if kind == "side" and rel.side:
        return _side(subject, rel.side, obj, kb)
    if kind == "aspect" and rel.aspect:
        return _aspect(subject, rel.aspect, obj, kb)
    if kind == "count" and obj is not None:
        return _count(rel, subject, obj, kb)
    if kind == "function" and obj is not None and rel.movement:
        return _function(subject, obj, rel.movement, rel.verb or "", kb)
    if kind == "movement" and rel.movement:
        return _movement(subject, rel.movement, kb)
    if kind == "joint_type" and obj_id:
        return _joint_type(subject, obj_id, kb)
    if kind == "is_a" and obj is not None:
        return _is_a(subject, obj, kb)
    if kind == "superlative" and obj is not None and rel.superlative:
        return _superlative(subject, obj, rel.superlative, kb, int(rel.value or 1))
    if kind == "joins" and obj is not None:
        return _joins(subject, obj, kb)
    if kind == "relative" and obj is not None and rel.position:
        return _layers_relative(subject, obj, rel.position, kb) or \
            _relative(subject, obj, rel.position, kb, rel.close)
    if kind == "layer" and rel.superlative:
        return _layer(subject, obj, rel.superlative, kb)
    if kind == "referral_denied" and obj is not None:
        return _referral_denied(subject, obj, kb)
    if kind == "flow" and obj is not None and rel.side in ("from", "to"):
        return _flow(subject, obj, rel.side, kb)
    if kind == "range" and rel.value is not None and rel.movement:
        return range_verdict(subject, rel.movement, int(rel.value), kb)
    if kind == "contact" and obj is not None and (rel.verb or "") in kb:
        return _contact(subject, obj, kb[rel.verb or ""], kb)
    if kind == "phase_action" and rel.aspect and rel.verb:
        return _phase_action(subject, rel.aspect, rel.verb, kb)
    if kind == "makes" and rel.substance:
        return _makes(subject, rel.substance, kb)
    if kind == "absorbs" and rel.substance:
        return _absorbs(subject, rel.substance, rel.subject.text, kb)
    if kind == "releases" and rel.substance:
        return _releases(subject, obj, rel.substance, kb)
    if kind == "stores" and rel.substance:
        return _stores(subject, rel.substance, kb)
    if kind == "supplies" and obj is not None:
        return _supplies(subject, obj, kb)
    if kind == "pain_site" and obj is not None:
        return _pain_site(subject, obj, rel.side, kb)
    if kind == "pumps" and rel.substance:
        return _pumps(subject, rel.substance, kb)
    if kind == "between" and rel.between:
        return _between(subject, [kb[x] for x in rel.between if x in kb], kb)
    if kind == "term" and rel.term and rel.movement:
        return _term(subject, rel.movement, rel.term, kb)
    return None


def _between(c: Concept, named: list[Concept], kb: AnatomyKB) -> Verdict | None:
    """"X lies between A and B" when X's ``between`` facts name none of A, B. A class is
    judged only when some structure is known to lie between its members (the ribs, the
    vertebrae); "between the bones" is too vague to be wrong."""
    if not c.between or not named:
        return None
    known = {x for y in kb for x in y.between}

    def fits(other: Concept) -> bool:
        return any(f == other.id or _structural(kb, f, other.id) or f in kb.ancestors(
            other.id) or other.id in kb.ancestors(f) or other.kind == f for f in c.between)

    for other in named:
        if fits(other) or (other.kind in ("class", "system", "region") and
                           other.id not in known):
            return None
    facts = ", ".join(_plural(kb[f]) for f in c.between)
    plural = _carrier(c)[1]
    return Verdict(
        "ANAT-LOCATION",
        f"{_the(c).capitalize()} {'do' if plural else 'does'} not lie between "
        f"{' and '.join(_plural(o) for o in named)}.",
        f"{_facts(c, kb)} What {'they lie' if plural else 'it lies'} between: {facts}.",
        f"Say what {_the(c)} really {'lie' if plural else 'lies'} between ({facts}).",
        _refs(kb, c))


def _plural(c: Concept) -> str:
    """"the ribs" for a class, "the femur" for a structure."""
    if len(c.names) > 1 and (c.kind == "class" or c.names[1] in (
            c.names[0] + "s", c.names[0] + "es")):
        return f"the {c.names[1]}"
    return _the(c)


def _term(part: Concept, described: str, named: str, kb: AnatomyKB) -> Verdict | None:
    """"Turning the palm up is called pronation": a movement named by its opposite."""
    if named == described or kb.opposite(described) != named:
        return None
    right = next((t for t in kb.movement_terms if t.movement == described), None)
    wrong = next((t for t in kb.movement_terms if t.movement == named), None)
    if right is None or wrong is None:
        return None
    return Verdict(
        "ANAT-MOVEMENT",
        f"This movement of {_the(part)} is {right.names[0]}, not {wrong.names[0]}.",
        f"{right.names[0].capitalize()} is {right.description}; {wrong.names[0]} is the "
        f"opposite: {wrong.description}.",
        f"Call it {right.names[0]}, or describe {wrong.names[0]} correctly "
        f"({wrong.description}).",
        (kb.cite(right.ref),) if right.ref else _refs(kb, part))


def _supplies(nerve: Concept, part: Concept, kb: AnatomyKB) -> Verdict | None:
    """A nerve said to serve a part that another nerve serves and it does not."""
    if not nerve.supplies or any(_overlap(kb, part.id, s) for s in nerve.supplies):
        return None
    others = [c for c in kb if not _overlap(kb, nerve.id, c.id) and any(
        _overlap(kb, part.id, s) for s in c.supplies)]  # not a plexus it belongs to
    if not others:
        return None
    served = ", ".join(_the(kb[s]) for s in nerve.supplies)
    return Verdict(
        "ANAT-FUNCTION",
        f"{_the(nerve).capitalize()} {_does(nerve)} not supply {_the(part)}; "
        f"{_the(others[0])} does.",
        f"{_facts(nerve, kb)} It supplies {served}. {_facts(others[0], kb)}",
        f"Name {_the(others[0])} as the nerve that supplies {_the(part)}.",
        _refs(kb, nerve, others[0]))


def range_verdict(joint: Concept, movement: str, degrees: int, kb: AnatomyKB
                  ) -> Verdict | None:
    """"Turn your neck 180 degrees": beyond the joint's normal range (with a margin)."""
    limit = joint.ranges.get(movement)
    if limit is None or degrees <= limit * 1.3:
        return None
    word = MOVEMENT_WORDS.get(movement, movement.replace("_", " "))
    return Verdict(
        "ANAT-MOVEMENT",
        f"{_the(joint).capitalize()} cannot {word} {degrees} degrees; about {limit} is the "
        "normal limit.",
        f"Normal range of {movement.replace('_', ' ')} at {_the(joint)}: about {limit} degrees "
        "in a healthy adult. Forcing a joint past its range strains ligaments and joint "
        "surfaces.",
        f"Ask readers to move {_the(joint)} only as far as is comfortable (up to about "
        f"{limit} degrees).",
        _refs(kb, joint))


def _contact(joint: Concept, a: Concept, b: Concept, kb: AnatomyKB) -> Verdict | None:
    """"Bend your wrist back until your fingers touch your forearm": a contact the joint's
    range cannot produce."""
    def names(x: str, y: str) -> bool:
        return x == y or y in kb.ancestors(x)

    if not any((names(a.id, p) and names(b.id, q)) or (names(a.id, q) and names(b.id, p))
               for p, q in joint.cannot_touch):
        return None
    return Verdict(
        "ANAT-MOVEMENT",
        f"Moving {_the(joint)} cannot bring {_the(a)} to touch {_the(b)}.",
        f"{_facts(joint, kb)} Its normal range "
        + (", ".join(f"{m.replace('_', ' ')} about {d} degrees" for m, d in
                     joint.ranges.items()) or "is limited")
        + f"; {_the(a)} reaching {_the(b)} would need far more.",
        f"Ask readers to move {_the(joint)} only as far as is comfortable.",
        _refs(kb, joint))


PHASE_NAMES = {"inhale": "breathe in", "exhale": "breathe out"}


def _third_person(motion: str) -> str:
    """"contract" -> "contracts", "move down" -> "moves down"."""
    verb, _, rest = motion.partition(" ")
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        verb += "es"
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        verb = verb[:-1] + "ies"
    else:
        verb += "s"
    return f"{verb} {rest}".strip()


def _phase_action(c: Concept, phase: str, motion: str, kb: AnatomyKB) -> Verdict | None:
    """"When you breathe in, the diaphragm relaxes and rises": what a structure does in a
    phase of breathing, against ``phases.yaml``. A motion said with a direction ("move
    down") is matched as said, then by its verb alone when the verb alone is listed."""
    action = kb.phase_actions.get(c.id)
    motions = action.phases.get(phase) if action is not None else None
    if action is None or motions is None:
        return None
    verb = motion.split()[0]
    if motion in motions.right or (motion not in motions.wrong and verb in motions.right):
        return None
    if motion not in motions.wrong and verb not in motions.wrong:
        return None
    when = PHASE_NAMES.get(phase, phase)
    does = " and ".join(motions.right[:2] if _plural_name(c) else
                        (_third_person(m) for m in motions.right[:2]))
    return Verdict(
        "ANAT-FUNCTION",
        f"When you {when}, {_the(c)} {'do' if _plural_name(c) else 'does'} not {motion}: "
        f"{'they' if _plural_name(c) else 'it'} {does}.",
        f"When you {when}, {_the(c)} {does}. {_facts(c, kb)}",
        f"Write that when you {when}, {_the(c)} {does}.",
        (kb.cite(action.ref),))


def _makes(c: Concept, substance: str, kb: AnatomyKB, act: str = "make") -> Verdict | None:
    """"The liver produces insulin": which organs make a substance. ``act`` is what the
    claim says the organ does with it ("make", or "make or release")."""
    sub = kb.substance(substance)
    if sub is None or not sub.made_by or c.kind not in ("organ", "gland", "structure",
                                                         "vessel", "tissue", "cartilage"):
        return None  # what the body takes in and stores (iron) is no organ's product
    if any(kb.nested(c.id, m) for m in sub.made_by):
        return None
    makers = word_list([_the(kb[m]) for m in sub.made_by])
    stored = ("; it is stored in " + word_list([_the(kb[x]) for x in sub.stored_in])
              if sub.stored_in else "")
    stores = c.id in sub.stored_in
    plural = _plural_name(c)
    what = ("store" if plural else "stores") if stores else f"{_does(c)} not {act}"
    return Verdict(
        "ANAT-FUNCTION",
        f"{_the(c).capitalize()} {what} {substance}" + (
            f"; {'they do' if plural else 'it does'} not make it." if stores else "."
        ) + f" {substance.capitalize()}"
        f" {_is_are(substance)} made by {makers}.",
        f"{substance.capitalize()} is made by {makers}{stored}. {_facts(c, kb)}",
        f"Write that {substance} is made by {makers}.",
        (kb.cite(sub.ref),) if sub.ref else _refs(kb, c))


def _absorbs(place: Concept, name: str, said: str, kb: AnatomyKB) -> Verdict | None:
    """"Most nutrients are absorbed in the stomach": where the body takes something in."""
    taken = kb.absorption(name)
    if taken is None or place.kind not in ("organ", "gland", "structure", "tissue") or \
            said.lower().removeprefix("the ").strip() in kb.lexicon.vague_gut_names:
        return None
    if any(kb.nested(place.id, x) for x in taken.absorbed_in):
        return None
    where = " and ".join(_the(kb[x]) for x in taken.absorbed_in)
    plural = name.endswith("s")
    title = name[:1].upper() + name[1:]
    return Verdict(
        "ANAT-FUNCTION",
        f"{title} {'are' if plural else 'is'} absorbed in {where}, not in {_the(place)}.",
        f"{title} {'are' if plural else 'is'} taken into the body in {where}. "
        f"{_facts(place, kb)}",
        f"Write that {name} {'are' if plural else 'is'} absorbed in {where}.",
        (kb.cite(taken.ref),) if taken.ref else _refs(kb, place))


def _is_are(name: str) -> str:
    """The verb for a substance's name: "red blood cells are", "bile is"."""
    return "are" if name.endswith("s") and not name.endswith(("ss", "us", "is")) else "is"


def _releases(c: Concept, place: Concept | None, substance: str,
              kb: AnatomyKB) -> Verdict | None:
    """"The adrenals secrete TSH", "the pancreas releases its enzymes into the stomach": an
    organ releases what it makes or stores, into the places the knowledge base lists."""
    sub = kb.substance(substance)
    if sub is None or c.kind not in ("organ", "gland", "structure", "vessel"):
        return None
    sources = (*sub.made_by, *sub.stored_in)
    if not any(kb.nested(c.id, m) for m in sources):
        return _makes(c, substance, kb, act="make or release")
    if place is None or not sub.released_into or any(
            kb.nested(place.id, x) for x in sub.released_into):
        return None
    if place.kind not in ("organ", "gland", "fluid"):
        return None  # "into the blood vessels", "into the belly": too loose to judge
    goes = " and ".join(_the(kb[x]) for x in sub.released_into)
    return Verdict(
        "ANAT-FUNCTION",
        f"{substance.capitalize()} {'go' if _is_are(substance) == 'are' else 'goes'} into "
        f"{goes}, not into {_the(place)}.",
        f"{substance.capitalize()} {_is_are(substance)} made by "
        f"{' and '.join(_the(kb[m]) for m in sub.made_by)} and released into {goes}.",
        f"Write that {_the(c)} {'release' if _plural_name(c) else 'releases'} {substance} "
        f"into {goes}.",
        (kb.cite(sub.ref),) if sub.ref else _refs(kb, c, place))


def _stores(c: Concept, substance: str, kb: AnatomyKB) -> Verdict | None:
    """"Bile is stored in the bladder": which organs store a substance. Only substances whose
    store the knowledge base names are judged; the organ that makes it is let pass."""
    sub = kb.substance(substance)
    if sub is None or not sub.stored_in or c.kind not in ("organ", "gland", "structure"):
        return None
    if any(kb.nested(c.id, m) for m in (*sub.stored_in, *sub.made_by)):
        return None
    stores = word_list([_the(kb[x]) for x in sub.stored_in])
    makers = word_list([_the(kb[m]) for m in sub.made_by])
    made = f"made by {makers} and " if makers else ""
    return Verdict(
        "ANAT-FUNCTION",
        f"{_the(c).capitalize()} {_does(c)} not store {substance}. {substance.capitalize()} is "
        f"stored in {stores}.",
        f"{substance.capitalize()} is {made}stored in {stores}. {_facts(c, kb)}",
        f"Write that {substance} is stored in {stores}.",
        (kb.cite(sub.ref),) if sub.ref else _refs(kb, c))


def _pain_site(source: Concept, site: Concept, side: str | None,
               kb: AnatomyKB) -> Verdict | None:
    """"Pain from the kidneys is felt in the chest": against where it is felt."""
    sites = kb.referred_pain_sites(source.id)
    places = (*sites, *kb.places(source.id))
    ref = kb.referred_refs.get(source.id, "")
    where = ", ".join(_the(kb[s]) for s in sites)
    near = any(s == site.id or _overlap(kb, s, site.id) or kb.related(s, site.id)
               for s in places)
    if not near:
        return Verdict(
            "ANAT-LOCATION",
            f"Pain from {_the(source)} is not usually felt in {_the(site)}.",
            f"Pain from {_the(source)} is commonly felt at: {where}. {_facts(source, kb)}",
            f"Say where pain from {_the(source)} is felt: {where}.",
            (ref,) if ref else _refs(kb, source))
    actual = kb.side_of(source.id)
    if side and actual and actual in SIDE_CONFLICTS.get(side, set()):
        return Verdict(
            "ANAT-LATERALITY",
            f"Pain from {_the(source)} is felt {_on(actual)}, not "
            f"{_on(side)}.",
            f"{_facts(source, kb)} Its pain is commonly felt at: {where}, on "
            f"{SIDE_WORDS[actual]}.",
            f"Say that pain from {_the(source)} is felt {_on(actual)}.",
            (ref,) if ref else _refs(kb, source))
    return None


def _flow(c: Concept, end: Concept, direction: str, kb: AnatomyKB) -> Verdict | None:
    """"X carries ... from/to END" against what X carries from and to: the other way round,
    or (for "to") a destination what it carries never reaches."""
    stated, other = (c.flows_from, c.flows_to) if direction == "from" else (
        c.flows_to, c.flows_from)

    def names(ids: list[str]) -> bool:
        if end.id == "body":
            return "body" in ids
        return any(x == end.id or _structural(kb, x, end.id) or (
            end.kind == "region" and _located(kb, kb[x], end)) for x in ids)

    source = " and ".join(_end_name(kb[x]) for x in c.flows_from) or "the body"
    target = " and ".join(_end_name(kb[x]) for x in c.flows_to) or "the body"
    what, plural = _carrier(c)
    carries = "carry" if plural else "carries"
    contents = "signals" if c.kind in ("nerve", "spinal_nerve") or \
        "nerve" in kb.ancestors(c.id) else "blood or other contents"
    if names(stated):
        return None
    if names(other):
        return Verdict(
            "ANAT-FUNCTION",
            f"{what.capitalize()} {carries} {contents} the other way: from "
            f"{source} to {target}.",
            f"{_facts(c, kb)}",
            f"Write that {what} {carries} from {source} to {target}.",
            _refs(kb, c))
    if direction != "to" or not stated or (end.kind not in FLOW_ENDS and end.id != "body") \
            or _reaches(kb, c, end):
        return None
    return Verdict(
        "ANAT-FUNCTION",
        f"{what.capitalize()} {'do' if plural else 'does'} not carry {contents} "
        f"to {_the(end)}: {'they send' if plural else 'it sends'} them to {target}.",
        f"{_facts(c, kb)} What {'they carry goes' if plural else 'it carries goes'} from "
        f"{source} to {target}.",
        f"Write that {what} {carries} from {source} to {target}.",
        _refs(kb, c))


def _end_name(c: Concept) -> str:
    """Where a flow starts or ends, in a sentence: a class by its plural ("the muscles")."""
    plural = _class_plural(c)
    return f"the {plural}" if plural else _the(c)


def _class_plural(c: Concept) -> str | None:
    """The plural name of a class ("veins", "motor nerves"), if it has one."""
    if c.kind != "class" or len(c.names) < 2:
        return None
    return next((n for n in c.names[:2] if n.endswith("s")), c.names[1])


def _carrier(c: Concept) -> tuple[str, bool]:
    """How to name a vessel or tube in a sentence, and whether it is plural: a class by its
    plural ("veins"), a structure by its name ("the coronary arteries")."""
    plural = _class_plural(c)
    if plural is not None:
        return plural, True
    name = c.name
    return _the(c), name.endswith("s") and not name.endswith(("ss", "us", "is"))


#: Kinds of place a flow can wrongly be said to end in (organs, vessels, the whole body).
FLOW_ENDS = frozenset({"organ", "vessel", "structure", "gland"})


def _reaches(kb: AnatomyKB, c: Concept, end: Concept) -> bool:
    """Whether what ``c`` carries reaches ``end``, following each destination's own
    destinations ("the renal vein carries blood to the heart" via the vena cava); the whole
    body holds everything, but a flow to the body is stated only of vessels that lead
    there."""
    seen: set[str] = set()
    todo = list(c.flows_to)
    while todo:
        x = todo.pop()
        if x in seen or x not in kb:
            continue
        seen.add(x)
        if x == end.id or x == "body":
            return True
        if end.id != "body" and (_structural(kb, x, end.id) or end.id in kb.ancestors(x)
                                 or x in kb.places(end.id)):
            return True
        todo.extend(kb[x].flows_to)
    return False


def _pumps(c: Concept, fluid: str, kb: AnatomyKB) -> Verdict | None:
    """"The kidneys pump blood": only the organs named in substances.yaml pump a fluid;
    muscles ("the calf muscle pump") and vessels are let pass."""
    pump = next((p for p in kb.pumps if p.names[0] == fluid), None)
    if pump is None or c.kind not in ("organ", "gland"):
        return None
    if any(m == c.id or _structural(kb, m, c.id) for m in pump.pumped_by):
        return None
    pumps = " and ".join(_the(kb[m]) for m in pump.pumped_by)
    return Verdict(
        "ANAT-FUNCTION",
        f"{_the(c).capitalize()} {_does(c)} not pump {fluid}: {pumps} does.",
        f"{fluid.capitalize()} is pumped round the body by {pumps}. {_facts(c, kb)}",
        f"Write that {pumps} pumps {fluid}, and say what {_the(c)} really does.",
        (kb.cite(pump.ref),) if pump.ref else _refs(kb, c))


def _referral_denied(source: Concept, site: Concept, kb: AnatomyKB) -> Verdict | None:
    sites = kb.referred_pain_sites(source.id)
    if not any(s == site.id or _overlap(kb, s, site.id) for s in sites):
        return None
    ref = kb.referred_refs.get(source.id, "")
    where = ", ".join(_the(kb[s]) for s in sites)
    return Verdict(
        "ANAT-LOCATION",
        f"Pain from {_the(source)} can spread to {_the(site)}.",
        f"Pain from {_the(source)} is commonly felt at: {where}. Saying it never reaches "
        f"{_the(site)} may lead readers to dismiss a warning sign.",
        f"Say that pain from {_the(source)} can be felt in {_the(site)}, and when to get help.",
        (ref,) if ref else _refs(kb, source))



def _joint_type(joint: Concept, stated: str, kb: AnatomyKB) -> Verdict | None:
    actual = joint.joint_type
    if joint.kind != "joint" or actual is None or actual in ("mixed", "functional"):
        return None
    if stated == actual:
        return None
    return Verdict(
        "ANAT-IDENTITY",
        f"{_the(joint).capitalize()} is a {actual} joint, not a {stated} joint.",
        f"{_facts(joint, kb)} Movements it allows: "
        f"{', '.join(m.replace('_', ' ') for m in joint.movements)}.",
        f"Call {_the(joint)} a {actual} joint.",
        _refs(kb, joint))


def _is_a(c: Concept, cls: Concept, kb: AnatomyKB) -> Verdict | None:
    for group in kb.lexicon.disjoint_classes:
        if cls.id in group and cls.id not in c.is_a and set(c.is_a) & set(group):
            real = next(x for x in c.is_a if x in group)
            article = "an" if real[0] in "aeiou" else "a"
            return Verdict(
                "ANAT-IDENTITY",
                f"{_the(c).capitalize()} {_is(c)} not a {cls.name}; {_it_is(c)} {article} {real}.",
                f"{_facts(c, kb)}",
                f"Call {_the(c)} {article} {real}.",
                _refs(kb, c))
    kind = c.kind.replace("_group", "") if c.kind == "muscle_group" else c.kind
    if cls.id not in KIND_CONFLICTS.get(kind, set()) and not (
        cls.id in KIND_CONFLICTS and kind in KIND_CONFLICTS[cls.id]
        and cls.id in KIND_CONFLICTS.get(kind, set())
    ):
        return None
    return Verdict(
        "ANAT-IDENTITY",
        f"{_the(c).capitalize()} {_is(c)} not a {cls.name}; "
        f"{_it_is(c)} a {c.kind.replace('_', ' ')}.",
        f"{_facts(c, kb)}",
        f"Describe {_the(c)} as a {c.kind.replace('_', ' ')}.",
        _refs(kb, c))


def _superlative(c: Concept, cls: Concept, word: str, kb: AnatomyKB,
                 rank: int = 1) -> Verdict | None:
    lex = kb.lexicon
    word = lex.superlative_synonyms.get(word, word)

    def holds(subject: str) -> bool:
        return subject == c.id or subject in kb.ancestors(c.id) or c.id in kb.ancestors(subject)

    if rank > 1:  # "the skin is the second-largest organ": only the first place is known
        if not any(f.word == word and f.of_kind == cls.id and holds(f.subject)
                   and not f.internal for f in lex.superlatives):
            return None
        said = {2: "second", 3: "third"}.get(rank, f"{rank}th")
        return Verdict(
            "ANAT-COUNT",
            f"{_the(c).capitalize()} {_is(c)} the {word} {cls.name} in the body, not the "
            f"{said}-{word}.",
            f"{_facts(c, kb)}",
            f"Write that {_the(c)} is the {word} {cls.name} in the body.",
            _refs(kb, c))

    if any(f.word == word and f.of_kind == cls.id and holds(f.subject)
           for f in lex.superlatives):
        return None
    for fact in lex.superlatives:
        if fact.of_kind != cls.id:
            continue
        same = fact.subject == c.id or fact.subject in kb.ancestors(c.id) or \
            c.id in kb.ancestors(fact.subject)
        if fact.word == word and not same:
            holder = kb[fact.subject]
            return Verdict(
                "ANAT-COUNT",
                f"{_the(c).capitalize()} {_is(c)} not the {word} {cls.name} in the body; "
                f"the {word} is {_the(holder)}.",
                f"{_facts(holder, kb)}",
                f"Drop the superlative, or name {_the(holder)} as the {word} {cls.name}.",
                _refs(kb, holder, c))
        if lex.antonyms.get(word) == fact.word and same:
            return Verdict(
                "ANAT-COUNT",
                f"{_the(c).capitalize()} {_is(c)} the {fact.word} {cls.name} in the body, not the "
                f"{word}.",
                f"{_facts(c, kb)}",
                f"Write that {_the(c)} is the {fact.word} {cls.name} in the body.",
                _refs(kb, c))
    return None


LAYER_WORDS = {"outermost": "the outermost", "innermost": "the deepest", "inner": "an inner",
               "middle": "the middle"}


def _layer_order(layers: list[str], kb: AnatomyKB) -> str:
    return word_list([_the(kb[x]) for x in layers])


def _layer(c: Concept, organ: Concept | None, position: str,
           kb: AnatomyKB) -> Verdict | None:
    """"The epidermis is the deepest layer of the skin": where a layer lies among its
    organ's layers (rules/anatomy/layers.yaml)."""
    found = kb.layer(c.id)
    if found is None:
        return None
    layering, index = found
    if organ is not None and not kb.nested(organ.id, layering.of):
        return None
    last = len(layering.outer_to_inner) - 1
    wrong = (position == "outermost" and index != 0) or (
        position == "innermost" and index != last) or (position == "inner" and index == 0) or (
        position == "middle" and last >= 2 and index in (0, last))
    if not wrong:
        return None
    whole = kb[layering.of]
    where = ("the outermost" if index == 0 else "the deepest" if index == last
             else "a middle")
    order = _layer_order(layering.outer_to_inner, kb)
    return Verdict(
        "ANAT-LOCATION",
        f"{_the(c).capitalize()} is {where} layer of {_the(whole)}, not "
        f"{LAYER_WORDS[position]} one.",
        f"From the outside in, the layers of {_the(whole)} are {order}.",
        f"Write that {_the(c)} is {where} layer of {_the(whole)}.",
        (kb.cite(layering.ref),) if layering.ref else _refs(kb, c, whole))


def _layers_relative(c: Concept, other: Concept, relation: str,
                     kb: AnatomyKB) -> Verdict | None:
    """"The dermis lies on top of the epidermis": two layers of one organ, where above is
    nearer the outside and below is deeper."""
    if relation not in ("above", "below"):
        return None
    mine, theirs = kb.layer(c.id), kb.layer(other.id)
    if mine is None or theirs is None or mine[0] is not theirs[0]:
        return None
    layering = mine[0]
    outer = mine[1] < theirs[1]
    if (relation == "above") == outer:
        return None
    truth = "above" if outer else "below"
    whole = kb[layering.of]
    return Verdict(
        "ANAT-LOCATION",
        f"{_the(c).capitalize()} {_is(c)} {RELATION_WORDS[truth]} {_the(other)}, not "
        f"{RELATION_WORDS[relation]} it: it is the "
        f"{'outer' if outer else 'deeper'} of the two layers.",
        f"From the outside in, the layers of {_the(whole)} are "
        f"{_layer_order(layering.outer_to_inner, kb)}.",
        f"Write that {_the(c)} lies {RELATION_WORDS[truth]} {_the(other)}.",
        (kb.cite(layering.ref),) if layering.ref else _refs(kb, c, other))


def _joins(c: Concept, other: Concept, kb: AnatomyKB) -> Verdict | None:
    bony = other.kind == "bone"
    ends = [*c.connects, *c.articulates] if bony else [*c.connects, *c.articulates,
                                                         *c.adjacent]
    tube = c.kind in ("organ", "vessel") and bool(c.connects)  # "the oesophagus connects"
    if not ends or (c.kind not in ("joint", "tendon", "ligament", "region", "structure",
                                   "cartilage")
                    and not tube):
        return None
    if tube:  # a tube's ends are named organs: sharing the abdomen is not joining
        if any(other.id == end or _structural(kb, other.id, end) or (
                other.kind == "region" and _located(kb, kb[end], other)) for end in ends):
            return None
        if other.kind not in ("organ", "vessel", "gland"):
            return None
        named = ", ".join(_the(kb[e]) for e in ends)
        return Verdict(
            "ANAT-IDENTITY",
            f"{_the(c).capitalize()} {_does(c)} not join {_the(other)}.",
            f"{_facts(c, kb)} It joins: {named}.",
            f"Name what {_the(c)} really joins: {named}.",
            _refs(kb, c, other))
    for end in ends:
        if bony and kb[end].kind in ("bone", "class"):
            if _structural(kb, other.id, end):
                return None
            continue
        if other.id == end or _overlap(kb, other.id, end) or other.id in kb.ancestors(end) \
                or end in kb.ancestors(other.id):
            return None
        if other.id in kb[end].part_of or end in other.part_of:
            return None
    if (_structural if bony else _overlap)(kb, c.id, other.id):
        return None
    named = ", ".join(_the(kb[e]) for e in ends)
    return Verdict(
        "ANAT-IDENTITY",
        f"{_the(c).capitalize()} {_does(c)} not join {_the(other)}.",
        f"{_facts(c, kb)} It joins or borders: {named}.",
        f"Name what {_the(c)} really joins: {named}.",
        _refs(kb, c, other))


def _relative(c: Concept, other: Concept, relation: str, kb: AnatomyKB,
              close: bool = False) -> Verdict | None:
    others = {other.id} | _part_chain(kb, other.id)

    def holds(rel: str) -> bool:
        return bool(others & set(getattr(c, rel))) or any(
            c.id in getattr(kb[o], INVERSE[rel]) for o in others)

    if relation not in INVERSE:
        return _mapped(c, other, relation, close, kb)
    opposite = INVERSE[relation]
    if holds(relation):
        return _mapped(c, other, relation, close, kb) if close else None
    if not holds(opposite):
        return _mapped(c, other, relation, close, kb)
    return Verdict(
        "ANAT-LOCATION",
        f"{_the(c).capitalize()} {_is(c)} {RELATION_WORDS[opposite]} {_the(other)}, not "
        f"{RELATION_WORDS[relation]} it.",
        f"{_facts(c, kb)}",
        f"Write that {_the(c)} lies {RELATION_WORDS[opposite]} {_the(other)}.",
        _refs(kb, c, other))


def _mapped(c: Concept, other: Concept, relation: str, close: bool,
            kb: AnatomyKB) -> Verdict | None:
    """A relative position judged on the body map when no fact decides it: "the spleen
    sits just above the bladder" (they are far apart), "the kidneys lie in front of the
    stomach" (they lie behind it)."""
    if c.kind not in LOCATABLE or (other.kind not in LOCATABLE and other.kind != "region") \
            or _structural(kb, c.id, other.id) or kb.nested(c.id, other.id):
        return None
    judgement = body_map.relative(c, other, relation, close)
    if judgement.answer != "wrong":
        return None
    claimed = ("just " if close else "") + RELATION_WORDS.get(relation, relation.replace(
        "_", " "))
    return Verdict(
        "ANAT-LOCATION",
        f"{_the(c).capitalize()} {_does(c)} not lie {claimed} {_the(other)}: "
        f"{judgement.reason}.",
        f"{_facts(c, kb)} {_facts(other, kb)} Positions from medlint's coarse body map "
        "(each structure's height, side and depth in the anatomical position).",
        f"Describe where {_the(c)} really is: {_where(c, kb)}.",
        _refs(kb, c, other), confidence=0.8)


def _where(c: Concept, kb: AnatomyKB) -> str:
    if c.description:
        return c.description
    places = c.located_in or c.course or c.part_of
    return "in " + " and ".join(_the(kb[p]) for p in places) if places else _the(c)


def _identity(a: Concept, b: Concept, kb: AnatomyKB) -> Verdict | None:
    group_a, group_b = KIND_GROUPS.get(a.kind), KIND_GROUPS.get(b.kind)
    if group_a is None or group_b is None:
        return None
    if group_a != group_b and "place" not in (group_a, group_b):
        return None
    if group_a != group_b and not kb.disjoint(a.id, b.id):
        return None
    if group_a == "place" and _overlap(kb, a.id, b.id):
        return None
    if group_a != "place" and _structural(kb, a.id, b.id):
        return None
    relation = ""
    if b.id in a.adjacent or a.id in b.adjacent:
        relation = f" They are neighbours, not the same: {_the(a)} borders {_the(b)}."
    return Verdict(
        "ANAT-IDENTITY",
        f"{_the(a).capitalize()} and {_the(b)} are different parts of the body.",
        f"{_facts(a, kb)} {_facts(b, kb)}{relation}",
        f"Describe {_the(a)} on its own terms: {_where(a, kb)}.",
        _refs(kb, a, b))


def _located(kb: AnatomyKB, c: Concept, region: Concept) -> bool:
    """Whether ``c`` lies in (or overlaps) ``region``: nesting and overlaps only. A part
    placed by its own facts is judged by them, not by where its whole lies (the thoracic
    spine is part of the spine, which reaches the neck; the thoracic spine does not)."""
    places = kb.places(c.id) if c.located_in else kb.places(c.id) | {c.id}
    if not c.located_in and not c.course:  # a part lies where its whole lies
        wider = {q for p in places if p in kb for q in kb.places(p)}
        if region.kind in ("region", "joint") and any(
                region.id in kb.descendants(p) for p in wider if kb[p].kind == "region"):
            return True  # "a disc in the lower back": narrower than the facts can judge
        places = places | wider
    if region.kind in ("region", "joint"):
        return any(_overlap(kb, p, region.id) for p in places)
    if region.id in kb.ancestors(c.id) or c.id in kb.ancestors(region.id):
        return True
    if region.kind == "bone" and c.course:
        # a nerve or vessel said to run through a bone: the bones it runs through, not the
        # regions around them ("the inferior alveolar nerve runs through the upper jaw": it
        # runs through the lower jaw; both lie in the jaw)
        return any(_overlap(kb, p, region.id) for p in kb.places(c.id))
    return any(_overlap(kb, p, q) for p in kb.places(c.id) for q in kb.places(region.id))


def _location(rel: Relation, c: Concept, region: Concept, kb: AnatomyKB) -> Verdict | None:
    if rel.how == "nominal" and c.kind in PLACE_KINDS and region.kind == "region":
        if _located(kb, c, region) or region.id in c.adjacent or c.id in region.adjacent:
            return None
        return Verdict(
            "ANAT-IDENTITY",
            f"{_the(c).capitalize()} {_is(c)} not {_the(region)}.",
            f"{_facts(c, kb)} {_facts(region, kb)}",
            f"Describe {_the(c)} correctly: {_where(c, kb)}.",
            _refs(kb, c, region))
    if c.kind in LOCATABLE and region.kind in LOCATABLE and region.kind not in PLACE_KINDS:
        return _in_structure(rel, c, region, kb)
    if c.kind not in LOCATABLE or region.kind not in PLACE_KINDS:
        return None
    if not (c.located_in or c.course or c.part_of):
        return None
    if region.kind == "bone" and (region.id in (*c.articulates, *c.adjacent, *c.connects)
                                  or c.id in (*region.articulates, *region.adjacent)):
        return None  # "the kneecap sits at the lower end of the thigh bone"
    if region.mediolateral in ("medial", "lateral") and c.mediolateral \
            and region.mediolateral != c.mediolateral:
        return _aspect(c, {"medial": "inside", "lateral": "outside"}[region.mediolateral],
                       None, kb)
    around = kb.places(c.id) | {a for p in kb.places(c.id) for a in kb.ancestors(p)}
    region_up = {region.id} | {
        a for q in kb.places(region.id) for a in kb.ancestors(q) | {q}
        if kb[a].kind in ("region", "joint")}
    if rel.how == "course_end" and (any(
        set(kb[p].adjacent) & region_up or p in region.adjacent for p in around
    ) or any(e in region_up or _overlap(kb, e, region.id)
             for e in (*c.connects, *c.articulates))):
        return None
    if _located(kb, c, region):
        if region.aspect in ("front", "back") and c.aspect in ("front", "back") \
                and region.aspect != c.aspect:
            return _aspect(c, region.aspect, None, kb)
        return None
    verb = {"course": "run through", "course_end": "reach"}.get(rel.how or "", "lie in")
    return Verdict(
        "ANAT-LOCATION",
        f"{_the(c).capitalize()} {_does(c)} not {verb} {_the(region)}.",
        f"{_facts(c, kb)} {_the(region).capitalize()} is a different part of the body.",
        f"Place {_the(c)} correctly: {_where(c, kb)}.",
        _refs(kb, c, region))


def _in_structure(rel: Relation, c: Concept, other: Concept, kb: AnatomyKB) -> Verdict | None:
    """A structure placed in, on or at another structure ("the adrenal glands sit at the
    base of the brain"), judged on the body map: wrong only when the two are far apart and
    neither is part of, joined to or next to the other."""
    if rel.how in ("course", "course_end") or _structural(kb, c.id, other.id) or \
            kb.nested(c.id, other.id) or other.id in (*c.adjacent, *c.connects,
                                                      *c.articulates) or \
            c.id in (*other.adjacent, *other.connects, *other.articulates):
        return None
    judgement = body_map.inside(c, other)
    if judgement.answer != "wrong":
        return None
    return Verdict(
        "ANAT-LOCATION",
        f"{_the(c).capitalize()} {_does(c)} not lie in {_the(other)}: {judgement.reason}.",
        f"{_facts(c, kb)} {_facts(other, kb)} Positions from medlint's coarse body map "
        "(each structure's height, side and depth in the anatomical position).",
        f"Place {_the(c)} correctly: {_where(c, kb)}.",
        _refs(kb, c, other), confidence=0.8)


def _side(c: Concept, side: str, base: Concept | None, kb: AnatomyKB) -> Verdict | None:
    if c.kind not in LOCATABLE:
        return None
    if base is not None and base.compose is not None and base.compose.side:
        base = kb[base.compose.base]
    if base is not None and base.kind in PLACE_KINDS and kb.disjoint(c.id, base.id):
        return None
    actual = kb.side_of(c.id)
    if actual is None or actual not in SIDE_CONFLICTS.get(side, set()):
        return None
    return Verdict(
        "ANAT-LATERALITY",
        f"{_the(c).capitalize()} {_is(c)} not {_on(side)}; "
        f"{_it_is(c)} {_on(actual)}.",
        f"{_facts(c, kb)}",
        f"Say that {_the(c)} {_is(c)} {_on(actual)} of the body.",
        _refs(kb, c))


def _vertical_end(c: Concept, end: str, base: Concept, kb: AnatomyKB) -> Verdict | None:
    """"The cervix sits at the top of the womb": a part placed at the upper or lower end of
    an organ it belongs to, judged on the body map. Wrong only when the part lies wholly in
    the other half of an organ tall enough to have ends (a part's "top" of a hand, foot or
    tongue is a surface, not an end: lexicon ``surface_tops``)."""
    if c.box is None or base.box is None or base.id == c.id or \
            not (kb.nested(c.id, base.id) or base.id in kb.places(c.id)):
        return None
    if {base.id, *kb.ancestors(base.id)} & set(kb.lexicon.surface_tops):
        return None
    low, high = base.box.z
    if high - low < 5:
        return None
    middle = (low + high) / 2
    top, bottom = c.box.z
    real = "lower" if top >= middle else "upper" if bottom <= middle else None
    if real is None or real == end:
        return None
    said, actual = ("top", "bottom") if end == "upper" else ("bottom", "top")
    return Verdict(
        "ANAT-LOCATION",
        f"{_the(c).capitalize()} {_is(c)} at the {actual} of {_the(base)}, not the {said}.",
        f"{_facts(c, kb)}",
        f"Say that {_the(c)} {_is(c)} at the {actual} of {_the(base)}.",
        _refs(kb, c, base))


def _aspect(c: Concept, aspect: str, base: Concept | None, kb: AnatomyKB) -> Verdict | None:
    if aspect in ("upper", "lower"):
        return _vertical_end(c, aspect, base, kb) if base is not None else None
    if aspect in ("inside", "outside"):
        side = {"inside": "medial", "outside": "lateral"}[aspect]
        if c.mediolateral is None or c.mediolateral == side or c.kind == "region":
            return None
        real = {"medial": "inside", "lateral": "outside", "central": "middle"}[c.mediolateral]
        return Verdict(
            "ANAT-LOCATION",
            f"{_the(c).capitalize()} {_is(c)} {'in' if real == 'middle' else 'on'} the {real}, "
            f"not the {aspect}.",
            f"{_facts(c, kb)}",
            f"Say that {_the(c)} {_is(c)} {'in' if real == 'middle' else 'on'} the {real}.",
            _refs(kb, c))
    if (c.kind not in LOCATABLE and c.kind != "joint") or c.aspect not in ("front", "back") \
            or aspect == c.aspect:
        return None
    if aspect not in ("front", "back"):
        return None
    if base is not None and base.id != c.id and base.id not in kb.ancestors(c.id) and \
            not any(_overlap(kb, p, base.id) for p in kb.places(c.id)):
        return None
    return Verdict(
        "ANAT-LOCATION",
        f"{_the(c).capitalize()} {'lie' if _plural_name(c) else 'lies'} at the {c.aspect}"
        f"{' of ' + _the(base) if base is not None else ''}, not at the {aspect}.",
        f"{_facts(c, kb)}",
        f"Say that {_the(c)} {'lie' if _plural_name(c) else 'lies'} towards the {c.aspect}: "
        f"{_where(c, kb)}.",
        _refs(kb, c))


def _count(rel: Relation, whole: Concept, part: Concept, kb: AnatomyKB) -> Verdict | None:
    age = "newborn" if rel.young else "adult"
    facts = [f for f in kb.counts_for(part.id, whole.id) if f.age in (age, "any")]
    if not facts or rel.value is None:
        return None
    n = int(rel.value) if float(rel.value).is_integer() else rel.value
    for fact in facts:
        correct = {fact.value, *fact.accept}
        if fact.pairs:
            correct |= {fact.pairs}
        if rel.pairs:
            if n == fact.pairs or n * 2 in correct:
                return None
        elif n in correct:
            return None
        if rel.approximate and any(abs(n - c) <= 0.25 * c for c in correct):
            return None
    fact = facts[0]
    counted = _counted(part, fact.value)
    # "12 pairs of ribs (24)", not "12 pairs (24) ribs"
    truth = f"{fact.pairs} pairs of {counted} ({fact.value})" if fact.pairs else \
        f"{fact.value:,} {counted}"
    stated = f"{n} pairs" if rel.pairs else (f"{n:,}" if isinstance(n, int) else str(n))
    extra = f" ({fact.note})" if fact.note else ""
    who = "a newborn's" if rel.young else "an adult's"
    has = "have" if _plural_name(whole) else "has"
    return Verdict(
        "ANAT-COUNT",
        f"Wrong number: {_the(whole)} {has} {truth}, not {stated}.",
        f"In {who} body, {_the(whole)} {has} {truth}{extra}.",
        f"Write {truth}.",
        (kb.cite(fact.ref),) if fact.ref else _refs(kb, whole))


def _function(muscle: Concept, target: Concept, movement: str, verb: str,
              kb: AnatomyKB) -> Verdict | None:
    acts = {a.movement for a in muscle.actions if a.target == target.id}
    if not acts and target.kind != "joint":  # a joint is not moved by moving its limb
        for parent in sorted(_part_chain(kb, target.id)):
            acts = {a.movement for a in muscle.actions if a.target == parent}
            if acts:
                target = kb[parent]
                break
    if verb not in kb.lexicon.function_verbs:
        verb = _verb_for(movement)  # "pull your knee towards your chest" is bending the hip
    if acts:
        opposite = kb.opposite(movement)
        if movement in acts or opposite is None or opposite not in acts:
            return None
        return Verdict(
            "ANAT-FUNCTION",
            f"{_the(muscle).capitalize()} "
            f"{'do not' if muscle.kind == 'muscle_group' else 'does not'} {verb} "
            f"{_the(target)}; {'they do' if muscle.kind == 'muscle_group' else 'it does'} "
            f"the opposite ({opposite}).",
            f"{_facts(muscle, kb)} Main actions at {_the(target)}: "
            f"{', '.join(sorted(acts))}.",
            f"Write that {_the(muscle)} {_verb_for(opposite)} {_the(target)}.",
            _refs(kb, muscle))
    crosses = muscle.crosses or [a.target for a in muscle.actions
                                 if kb[a.target].kind == "joint"]
    if target.kind == "joint" and crosses and movement in ("flexion", "extension") \
            and target.id not in crosses and not any(
                target.id in kb.ancestors(j) or j in kb.ancestors(target.id)
                for j in crosses):
        return Verdict(
            "ANAT-FUNCTION",
            f"{_the(muscle).capitalize()} cannot {verb} {_the(target)}: they do not cross it.",
            f"{_facts(muscle, kb)} They cross only "
            f"{', '.join(_the(kb[j]) for j in crosses)}.",
            f"Name a muscle that acts on {_the(target)}, or describe what "
            f"{_the(muscle)} really do.",
            _refs(kb, muscle, target))
    return None


def _verb_for(movement: str) -> str:
    return {"flexion": "bend", "extension": "straighten", "elevation": "lift",
            "depression": "lower"}.get(movement, f"produce {movement.replace('_', ' ')} of")


def _movement(joint: Concept, movement: str, kb: AnatomyKB) -> Verdict | None:
    if movement not in joint.impossible:
        return None
    allowed = ", ".join(m.replace("_", " ") for m in joint.movements) or "little movement"
    return Verdict(
        "ANAT-MOVEMENT",
        f"{_the(joint).capitalize()} cannot {MOVEMENT_WORDS.get(movement, movement)}.",
        f"{_facts(joint, kb)} It is a {joint.joint_type or 'joint'} joint; it allows: "
        f"{allowed}.",
        f"Describe a movement {_the(joint)} can make ({allowed}), or name the joint that "
        "really makes this movement (the hip, the ankle or the shoulder).",
        _refs(kb, joint))


#: Contexts in which a claim is not the article's own (a negated, hedged, conditional,
#: questioned, reported or debunked claim is no claim to judge).
NOT_CLAIMED = frozenset({"negated", "hypothetical", "hedged", "reported", "myth", "question"})


def _variant_paragraphs(ctx: CheckContext, kb: AnatomyKB) -> list[tuple[int, int]]:
    """Paragraphs about an anatomical variant ("In situs inversus, the liver sits on the
    left"): what they place is the variant's anatomy, not the usual one."""
    found = []
    for block in ctx.document.blocks:
        span = ctx.doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None:
            continue
        text = " " + " ".join(t.lower_ for t in span if not t.is_space) + " "
        if any(f" {w} " in text for w in kb.lexicon.variant_words):
            found.append((block.start, block.end))
    return found


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Judge every Relation frame of the article (and its condition claims)."""
    kb = ctx.knowledge.load(load_anatomy)
    context = load_context(ctx.knowledge.directory)
    verdicts: dict[tuple[str, int], tuple[Relation, Verdict]] = {}
    variant = _variant_paragraphs(ctx, kb)
    phase_said: set[tuple[int, str | None]] = set()
    for rel in frames_of(ctx.doc, Relation):
        verdict = judge(rel, kb)
        if verdict is None or not ctx.enabled(verdict.rule):
            continue
        if rel.context & NOT_CLAIMED or any(a <= rel.start < b for a, b in variant):
            continue
        if rel.relation == "phase_action":
            # "it rises when you breathe in, and drops when you breathe out": one swap of
            # the phases, one finding
            if (rel.sentence, rel.subject.concept) in phase_said:
                continue
            phase_said.add((rel.sentence, rel.subject.concept))
        verdicts.setdefault((verdict.rule, rel.start), (rel, verdict))
    for (rule, start), (rel, verdict) in sorted(verdicts.items(), key=lambda kv: kv[0][1]):
        if rule == "ANAT-LOCATION" and ("ANAT-LATERALITY", start) in verdicts:
            continue  # the side is what is wrong; one finding says it
        yield ctx.finding(
            verdict.rule, rel.start, rel.end, message=verdict.message,
            explanation=verdict.explanation, suggestion=verdict.suggestion,
            references=verdict.references, confidence=verdict.confidence)
    if not ctx.enabled("ANAT-CONDITION"):
        return
    reader = ClaimReader(ctx.doc, kb)
    found: set[int] = set()
    for c in read_condition_claims(reader, topic_condition(ctx.document.title, kb)):
        cverdict = judge_condition(c, kb)
        if cverdict is None or c.first_token in found:
            continue
        span = ctx.doc[c.first_token: c.last_token + 1]
        if modifiers(span, context):
            continue
        found.add(c.first_token)
        yield ctx.finding(
            "ANAT-CONDITION", span.start_char, span.end_char, message=cverdict.message,
            explanation=cverdict.explanation, suggestion=cverdict.suggestion,
            references=(cverdict.reference,) if cverdict.reference else (), confidence=0.8)


FAMILY = CheckFamily("anatomy", run, order=20,
                     description="anatomical claims checked against rules/anatomy")
