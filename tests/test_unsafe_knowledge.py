"""rules/unsafe/: the medicines, supplements, remedies and activity cautions load, cross-check,
carry sources, and their phrases are well formed."""

from __future__ import annotations

import pytest

from pipeline.knowledge.medicines import Amount, Limit, Medicine, load_medicines
from pipeline.knowledge.paths import rules_dir
from pipeline.knowledge.safety import compile_phrase

K = load_medicines(rules_dir())
MEDICINES = list(K.medicines.values())
CLASSES = list(K.classes.values())

MASS = {"mg", "mcg", "g"}
#: units that count things; only for combination products, whose strength varies by tablet
COUNT = {"tablets", "puffs", "doses", "sprays", "drops", "patches", "sachets"}
#: words that may share a choice slot with "a", "an" or "the": a slot like
#: "breakfast|food|a" is a multi-word alternative ("a meal") split by mistake
FUNCTION_WORDS = {"a", "an", "the", "your", "their", "his", "her", "its", "my", "our", "this",
                  "that", "these", "those", "any", "some", "it", "them", "him", "you",
                  "someone", "somebody", "anyone", "every"}
#: who a source may name: every fact cites a specific page of one of these
PUBLISHERS = (
    "NHS", "NICE", "BNF", "MHRA", "NIH ODS", "NCCIH", "FDA", "CDC", "MedlinePlus",
    "Cleveland Clinic", "Cancer Research UK", "Food Standards Agency",
    "National Capital Poison Center", "Royal College of Surgeons",
    "American Dental Association", "AAOS OrthoInfo", "Diabetes UK", "Blood Pressure UK",
    "Bone Health and Osteoporosis Foundation", "Asthma + Lung UK", "GOV.UK",
    "Memorial Sloan Kettering", "US OTC Drug Facts label", "American Geriatrics Society",
    "American Academy of Pediatrics",
)


def _limits() -> list[tuple[Medicine, Limit]]:
    return [(m, limit) for m in MEDICINES for limit in m.limits]


def _amounts(limit: Limit) -> list[Amount]:
    return [a for a in (limit.per_dose, limit.per_day) if a is not None]


def _phrases() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for owner in [*CLASSES, *MEDICINES]:
        for rule in owner.administration:
            out += [(f"{owner.id}.{rule.id}", v) for v in rule.violations]
    for remedy in K.remedies:
        out += [(f"remedy.{remedy.id}", c) for c in remedy.cues]
    for caution in K.cautions:
        out += [(f"caution.{caution.id}", a) for a in caution.activities]
    return out


def _sources() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for owner in [*CLASSES, *MEDICINES]:
        if owner.source:
            out.append((owner.id, owner.source))
        out += [(f"{owner.id}.avoid", a.source) for a in owner.avoid_in]
        out += [(f"{owner.id}.{r.id}", r.source) for r in owner.administration]
    out += [(f"{m.id}.limit", limit.source) for m, limit in _limits()]
    out += [(f"remedy.{r.id}", r.source) for r in K.remedies]
    out += [(f"caution.{c.id}", c.source) for c in K.cautions]
    return out


def test_counts():
    supplements = [m for m in MEDICINES if m.kind == "supplement"]
    assert len(MEDICINES) - len(supplements) >= 80
    assert len(supplements) >= 20
    assert len(CLASSES) >= 25
    assert len(K.remedies) >= 20
    assert len(K.cautions) >= 30


def test_every_referenced_class_exists():
    for medicine in MEDICINES:
        for cid in medicine.classes:
            assert cid in K.classes, f"{medicine.id}: unknown class {cid}"
        assert len(set(medicine.classes)) == len(medicine.classes), medicine.id


def test_classes_that_forbid_combining_have_two_members():
    members: dict[str, int] = {}
    for medicine in MEDICINES:
        for cid in medicine.classes:
            members[cid] = members.get(cid, 0) + 1
    for cls in CLASSES:
        if cls.no_combination:
            assert members.get(cls.id, 0) >= 2, f"{cls.id}: nothing to combine"


def test_a_name_means_one_medicine():
    seen: dict[str, str] = {}
    for medicine in MEDICINES:
        for name in medicine.names:
            assert name not in seen, f"{name!r} names both {seen[name]} and {medicine.id}"
            seen[name] = medicine.id
        assert len(set(medicine.names)) == len(medicine.names), medicine.id


def test_a_name_is_a_medicine_or_a_class_not_both():
    medicine_names = {n for m in MEDICINES for n in m.names}
    for cls in CLASSES:
        for name in cls.names:
            for form in (name, f"{name}s", name.removesuffix("s")):
                assert form not in medicine_names, f"{name!r}: class {cls.id} and a medicine"


def test_a_class_name_means_one_class():
    seen: dict[str, str] = {}
    for cls in CLASSES:
        for name in cls.names:
            assert name not in seen, f"{name!r} names both {seen[name]} and {cls.id}"
            seen[name] = cls.id


@pytest.mark.parametrize(("medicine", "limit"), _limits(),
                         ids=[f"{m.id}-{limit.group}" for m, limit in _limits()])
def test_limit_units_suit_the_medicine(medicine, limit):
    amounts = _amounts(limit)
    units = {a.unit for a in amounts}
    # a supplement's limit is a mass (or IU with its conversion); so is a single medicine's
    if medicine.kind == "supplement" or not units & COUNT:
        assert units <= MASS | {"IU"}, f"{medicine.id}: {units}"
    else:  # counted units only for combination products (two active ingredients)
        assert len(medicine.classes) >= 2 or "co-" in medicine.names[0], medicine.id
        assert units <= COUNT
    if "IU" in units:
        assert medicine.iu_per_mcg, f"{medicine.id}: IU limit without iu_per_mcg"
    # per dose and per day in one kind of unit, and the dose not above the daily total
    if limit.per_dose and limit.per_day:
        dose, day = limit.per_dose, limit.per_day
        if dose.unit in MASS and day.unit in MASS:
            assert dose.milligrams() <= day.milligrams(), medicine.id
        else:
            assert dose.unit == day.unit and dose.value <= day.value, medicine.id
    # plausible magnitudes: mg limits of medicines between 1 mcg and 10 g a day
    for amount in amounts:
        mg = amount.milligrams(medicine.iu_per_mcg)
        if mg is not None:
            assert 0.001 <= mg <= 10_000, f"{medicine.id}: {amount}"


def test_upper_levels_are_supplement_daily_limits():
    for medicine, limit in _limits():
        if limit.upper_level:
            assert medicine.kind == "supplement", medicine.id
            assert limit.per_day is not None, medicine.id
        if medicine.kind == "supplement":
            assert limit.upper_level, f"{medicine.id}: a supplement limit is an upper level"


def test_iu_conversions():
    vitamin_d = K.named("vitamin d")[0]
    assert vitamin_d.iu_per_mcg == 40
    adult = next(limit for limit in vitamin_d.limits if limit.group == "adult")
    assert adult.per_day is not None
    assert Amount(value=4000, unit="IU").milligrams(vitamin_d.iu_per_mcg) == pytest.approx(
        adult.per_day.milligrams())
    # the vitamin A UL (3,000 mcg RAE) is 10,000 IU of retinol: that much is not above it
    vitamin_a = K.named("vitamin a")[0]
    ul = vitamin_a.limits[0].per_day
    assert ul is not None and ul.milligrams() is not None
    assert Amount(value=10_000, unit="IU").milligrams(vitamin_a.iu_per_mcg) <= ul.milligrams()
    assert Amount(value=11_000, unit="IU").milligrams(vitamin_a.iu_per_mcg) > ul.milligrams()


@pytest.mark.parametrize(("owner", "text"), _phrases(),
                         ids=[f"{o}-{i}" for i, (o, _) in enumerate(_phrases())])
def test_phrases_compile_with_one_word_per_slot(owner, text):
    phrase = compile_phrase(text)
    for slot in phrase.slots:
        if len(slot.words) > 1 and slot.words & {"a", "an", "the"}:
            stray = slot.words - FUNCTION_WORDS
            assert not stray, f"{owner}: {text!r}: {sorted(stray)} share a slot with 'a/the'"


@pytest.mark.parametrize(("owner", "source"), _sources(),
                         ids=[f"{o}-{i}" for i, (o, _) in enumerate(_sources())])
def test_every_fact_names_its_source(owner, source):
    assert source.strip() == source and len(source) >= 8, owner
    assert any(part.strip().startswith(PUBLISHERS) for part in source.split(";")), (
        f"{owner}: {source!r} names no known publisher")


def test_references_name_a_publisher():
    from pipeline.knowledge.loader import read_yaml

    for name in ("medicines.yaml", "remedies.yaml", "activities.yaml"):
        refs = read_yaml(rules_dir() / "unsafe" / name).get("references", {})
        assert refs, name
        for key, text in refs.items():
            assert text.startswith(PUBLISHERS), f"{name}: {key}: {text!r}"


def test_cautions_and_remedies_are_unique():
    ids = [c.id for c in K.cautions]
    assert len(ids) == len(set(ids))
    ids = [r.id for r in K.remedies]
    assert len(ids) == len(set(ids))
    for caution in K.cautions:
        assert len(set(caution.conditions)) == len(caution.conditions), caution.id


@pytest.mark.parametrize(("name", "expected"), [
    ("paracetamol", {"per_dose": 1000, "per_day": 4000}),
    ("ibuprofen", {"per_dose": 400, "per_day": 1200}),
    ("codeine", {"per_dose": 60, "per_day": 240}),
    ("tramadol", {"per_dose": 100, "per_day": 400}),
    ("vitamin c", {"per_day": 2000}),
    ("iron", {"per_day": 45}),
    ("zinc", {"per_day": 40}),
    ("magnesium", {"per_day": 350}),
])
def test_standard_figures(name, expected):
    (medicine,) = K.named(name)
    adult = next(limit for limit in medicine.limits if limit.group == "adult")
    for field, value in expected.items():
        amount = getattr(adult, field)
        assert amount is not None and amount.milligrams() == pytest.approx(value), field


def test_lookups_by_lay_and_brand_name():
    assert K.named("nurofen")[0].id == "ibuprofen"
    assert K.named("Tylenol")[0].id == "paracetamol"
    cls = K.class_named("blood thinners")
    assert cls is not None and cls.stop_abruptly and cls.prescription
    (alendronate,) = K.named("fosamax")
    rules = {r.id for c in K.classes_of(alendronate) for r in c.administration}
    assert {"empty_stomach", "plain_water", "stay_upright"} <= rules
    (co_codamol,) = K.named("co-codamol")
    assert {"opioid", "paracetamol_product"} <= set(co_codamol.classes)
    (aspirin,) = K.named("aspirin")
    assert any("children under 16" in a.who for a in aspirin.avoid_in)
    antibiotics = K.class_named("antibiotics")
    assert antibiotics is not None
    assert {r.id for r in antibiotics.administration} == {"finish_course", "no_saving_or_sharing"}
