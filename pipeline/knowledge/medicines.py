"""What is known about medicines, supplements, remedies and activities that can harm:
``rules/unsafe/medicines.yaml``, ``remedies.yaml`` and ``activities.yaml``.

The unsafe-advice family judges Advice, Quantity and Evaluation frames against it:

- a medicine's **limits** (largest dose, daily maximum, least time between doses) and a
  supplement's tolerable upper intake level;
- **classes** whose members must not be combined (two NSAIDs), and which groups a class or a
  medicine harms (``avoid_in``: NSAIDs in kidney disease or late pregnancy, aspirin for
  children);
- **administration** rules and the advice that breaks them (crushing slow-release tablets,
  lying down after a bisphosphonate, stopping an antibiotic course early);
- medicines that must not be stopped suddenly (``stop_abruptly``), and prescription-only ones
  a reader must not change on their own;
- **remedies** known to harm, and **activities** a condition or procedure rules out for a
  while (heavy lifting after a hernia repair).

Every entry carries its source. Names are lower-case, as an article writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model

AmountUnit = Literal["mg", "mcg", "g", "IU", "ml", "tablets", "puffs", "doses", "units",
                     "drinks", "sprays", "drops", "patches", "sachets"]


def _lower(values: list[str]) -> list[str]:
    for value in values:
        if value != value.lower() or value != value.strip():
            raise ValueError(f"{value!r} must be lower-case, without outer spaces")
    return values


class Amount(StrictModel):
    """An amount with its unit."""

    value: float = Field(gt=0)
    unit: AmountUnit

    def milligrams(self, iu_per_mcg: float | None = None) -> float | None:
        """The amount in mg, when it is a mass (or IU with a conversion)."""
        if self.unit == "mg":
            return self.value
        if self.unit == "g":
            return self.value * 1000
        if self.unit == "mcg":
            return self.value / 1000
        if self.unit == "IU" and iu_per_mcg:
            return self.value / iu_per_mcg / 1000
        return None


class Limit(StrictModel):
    """The most that may be taken, for one group of people."""

    group: Literal["adult", "child", "older_adult", "pregnancy", "any"] = "adult"
    per_dose: Amount | None = None
    per_day: Amount | None = None
    min_hours_between: float | None = Field(default=None, gt=0)
    #: an upper intake level (supplements): above it, harm becomes likely
    upper_level: bool = False
    source: str

    @model_validator(mode="after")
    def _something(self) -> Limit:
        if self.per_dose is None and self.per_day is None and self.min_hours_between is None:
            raise ValueError("a limit needs per_dose, per_day or min_hours_between")
        return self


class Avoid(StrictModel):
    """People a medicine or class harms: who (as articles name them), why, and where
    that is said."""

    who: list[str] = Field(min_length=1)
    why: str
    source: str

    _who = field_validator("who")(classmethod(lambda cls, v: _lower(v)))


class Administration(StrictModel):
    """How a medicine must be taken, and the advice that breaks it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    rule: str
    #: phrases (rules/safety phrase syntax: words, a|b choices, trailing ? optional) that,
    #: in advice about the medicine, break the rule
    violations: list[str] = Field(min_length=1)
    safer: str
    source: str


class HarmlessEffect(StrictModel):
    """Signs a medicine is known to cause without harm ("black stools" with iron): an
    article that calls them normal explains a side effect, it does not dismiss a sign."""

    signs: list[str] = Field(min_length=1)
    source: str

    _signs = field_validator("signs")(classmethod(lambda cls, v: _lower(v)))


class Medicine(StrictModel):
    """One medicine, supplement or remedy."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    names: list[str] = Field(min_length=1)
    kind: Literal["medicine", "supplement", "remedy"] = "medicine"
    classes: list[str] = Field(default_factory=list)
    prescription: bool = False
    limits: list[Limit] = Field(default_factory=list)
    avoid_in: list[Avoid] = Field(default_factory=list)
    administration: list[Administration] = Field(default_factory=list)
    #: why stopping it suddenly harms (beta blockers, antidepressants, steroids ...)
    stop_abruptly: str | None = None
    #: IU per microgram, for supplements dosed in IU (vitamin D: 40)
    iu_per_mcg: float | None = Field(default=None, gt=0)
    harmless_effects: list[HarmlessEffect] = Field(default_factory=list)
    source: str | None = None

    _names = field_validator("names")(classmethod(lambda cls, v: _lower(v)))


class MedicineClass(StrictModel):
    """A class of medicines (NSAIDs, beta blockers, bisphosphonates ...)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    #: how a message names the class ("anti-inflammatory painkillers (NSAIDs)")
    label: str | None = None
    names: list[str] = Field(min_length=1)
    #: taking two members at once harms (two NSAIDs; two paracetamol products)
    no_combination: str | None = None
    prescription: bool = False
    avoid_in: list[Avoid] = Field(default_factory=list)
    administration: list[Administration] = Field(default_factory=list)
    stop_abruptly: str | None = None
    source: str | None = None

    _names = field_validator("names")(classmethod(lambda cls, v: _lower(v)))


class MedicinesFile(StrictModel):
    """``rules/unsafe/medicines.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    classes: list[MedicineClass]
    medicines: list[Medicine]


class Remedy(StrictModel):
    """A remedy or practice known to harm."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    #: phrases (rules/safety phrase syntax) that, in advice to do it, name the practice
    cues: list[str] = Field(min_length=1)
    harm: str
    safer: str
    source: str


class RemediesFile(StrictModel):
    """``rules/unsafe/remedies.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    remedies: list[Remedy]


class ActivityCaution(StrictModel):
    """An activity that a condition or procedure rules out, at least for a while."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    #: the condition or procedure, as articles name it
    conditions: list[str] = Field(min_length=1)
    #: the activity, as phrases (rules/safety phrase syntax)
    activities: list[str] = Field(min_length=1)
    #: for how long ("the first 6 weeks", "until symptoms have gone"), if not for good
    phase: str | None = None
    why: str
    safer: str
    source: str

    _conditions = field_validator("conditions")(classmethod(lambda cls, v: _lower(v)))


class ActivitiesFile(StrictModel):
    """``rules/unsafe/activities.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    cautions: list[ActivityCaution]


@dataclass(frozen=True)
class MedicineKnowledge:
    """The medicines, classes, remedies and activity cautions, with lookups by name."""

    classes: Mapping[str, MedicineClass]
    medicines: Mapping[str, Medicine]
    remedies: tuple[Remedy, ...]
    cautions: tuple[ActivityCaution, ...]
    #: a name (medicine or class) -> medicine ids it may mean
    by_name: Mapping[str, tuple[str, ...]]
    #: a class name -> class id
    class_by_name: Mapping[str, str]

    def named(self, name: str) -> tuple[Medicine, ...]:
        """The medicines a name means (a class name means none: see :meth:`class_named`)."""
        return tuple(self.medicines[m] for m in self.by_name.get(name.lower(), ()))

    def class_named(self, name: str) -> MedicineClass | None:
        """The class a name means ("nsaids", "beta blockers")."""
        cid = self.class_by_name.get(name.lower())
        return self.classes[cid] if cid else None

    def classes_of(self, medicine: Medicine) -> tuple[MedicineClass, ...]:
        """The classes a medicine belongs to."""
        return tuple(self.classes[c] for c in medicine.classes)


@lru_cache(maxsize=4)
def load_medicines(directory: Path) -> MedicineKnowledge:
    """Load and check ``rules/unsafe/``."""
    folder = directory / "unsafe"
    meds = load_model(folder / "medicines.yaml", MedicinesFile)
    remedies = load_model(folder / "remedies.yaml", RemediesFile)
    activities = load_model(folder / "activities.yaml", ActivitiesFile)
    classes = {c.id: c for c in meds.classes}
    medicines: dict[str, Medicine] = {}
    by_name: dict[str, list[str]] = {}
    for medicine in meds.medicines:
        if medicine.id in medicines:
            raise KnowledgeError(f"{folder / 'medicines.yaml'}: {medicine.id!r} is listed twice")
        unknown = [c for c in medicine.classes if c not in classes]
        if unknown:
            raise KnowledgeError(f"{folder / 'medicines.yaml'}: {medicine.id}: unknown "
                                 f"classes {unknown}")
        medicines[medicine.id] = medicine
        for name in medicine.names:
            by_name.setdefault(name, []).append(medicine.id)
    class_by_name: dict[str, str] = {}
    for cls in meds.classes:
        for name in cls.names:
            if name in class_by_name:
                raise KnowledgeError(f"{folder / 'medicines.yaml'}: class name {name!r} is "
                                     "given twice")
            class_by_name[name] = cls.id
    return MedicineKnowledge(
        classes=MappingProxyType(classes), medicines=MappingProxyType(medicines),
        remedies=tuple(remedies.remedies), cautions=tuple(activities.cautions),
        by_name=MappingProxyType({k: tuple(v) for k, v in by_name.items()}),
        class_by_name=MappingProxyType(class_by_name))
