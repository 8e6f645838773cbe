"""The red-flag table (rules/safety/red_flags.yaml): every condition, symptom and activity the
knowledge base knows leads to a set of warning signs, and every set is complete."""

from __future__ import annotations

import re

import pytest
import yaml

from pipeline.knowledge.paths import rules_dir
from pipeline.knowledge.safety import load_safety

RULES = rules_dir()
SETS = load_safety(RULES).red_flags.sets
WORDS: dict[str, list[str]] = {}
for _set in SETS:
    for _word in _set.applies.words:
        WORDS.setdefault(_word, []).append(_set.id)

# Every exercise and activity type an article can recommend.
ACTIVITIES = ("exercise", "fitness", "physical activity", "workout", "running", "jogging",
              "marathon", "swimming", "open water swimming", "cycling", "spinning", "yoga",
              "pilates", "tai chi", "strength training", "weightlifting",
              "resistance training", "stretching", "walking", "hiking", "hiit",
              "high-intensity interval training", "crossfit", "dancing")

# Seed-lexicon words that name no condition of their own (a set would then apply to nearly
# every article) or whose everyday sense is another one; their specific forms are listed.
GENERIC = {
    "disease", "diseases", "condition", "conditions", "disorder", "disorders", "illness",
    "illnesses", "infection", "infections", "injury", "injuries",
    "pain", "ache", "aches", "aching", "soreness", "stiffness", "swelling", "redness",
    "discharge", "spasm", "spasms", "twinge", "twinges", "burning", "weakness", "sweating",
}
AMBIGUOUS = {  # word -> a specific form that must be listed instead
    "cold": "common cold", "strain": "muscle strain", "strains": "muscle strains",
}
# Words too common in other senses to make a set relevant on their own.
NEVER = {"cold", "strain", "strains", "burn", "cut", "fit", "fits", "run", "runs", "walk",
         "walks", "cycle", "fast", "period", "periods", "diet", "diets", "eye", "eyes",
         "vision", "hearing", "temperature", "stress", "sad", "training", "mobility", "limp",
         "hand", "foot", "pressure", "heart", "blood", "skin"}
ACTION = re.compile(r"\b(999|911|112|A&E|NHS 111|111|GP|doctor|dentist|midwife|maternity"
                    r"|optician|pharmacist|helpline|eye casualty|team|clinic"
                    r"|urgent care|emergency department)\b")


def _names(path: str) -> list[tuple[str, list[str]]]:
    data = yaml.safe_load((RULES / path).read_text(encoding="utf-8"))
    return [(c["id"], [n.lower() for n in c["names"]]) for c in data["conditions"]]


@pytest.mark.parametrize("condition_id,names", _names("anatomy/conditions.yaml"))
def test_every_anatomy_condition_is_named_by_a_set(condition_id: str, names: list[str]):
    missing = [n for n in names if n not in WORDS]
    assert not missing, f"{condition_id}: no red-flag set names {missing}"


def test_every_seed_condition_and_symptom_is_named_by_a_set():
    core = yaml.safe_load((RULES / "lexicon" / "core.yaml").read_text(encoding="utf-8"))
    seed = [w.lower() for cls in ("condition", "symptom")
            for w in core["classes"][cls]["words"]]
    missing = []
    for word in seed:
        if word in GENERIC:
            continue
        needed = AMBIGUOUS.get(word, word)
        if needed not in WORDS:
            missing.append(needed)
    assert not missing, f"no red-flag set names {missing}"


@pytest.mark.parametrize("activity", ACTIVITIES)
def test_every_activity_type_is_named_by_a_set(activity: str):
    assert activity in WORDS, activity


def test_activities_lead_to_the_heart_warning_signs():
    for activity in ("exercise", "running", "swimming", "cycling", "strength training",
                     "walking", "hiit", "yoga", "pilates"):
        assert "exercise-heart" in WORDS[activity], activity
    assert "stretching-yoga" in WORDS["stretching"]


@pytest.mark.parametrize("flag_set", SETS, ids=[s.id for s in SETS])
def test_every_set_is_complete(flag_set):
    assert len(flag_set.signs) >= 3
    assert flag_set.sources and all(s.strip() for s in flag_set.sources)
    assert flag_set.danger and flag_set.conditions and flag_set.name
    assert ACTION.search(flag_set.wording), "wording must say what to do and whom to call"
    applies = flag_set.applies
    assert applies.words or applies.groups or applies.conditions or applies.surgery
    for word in applies.words:
        assert word == word.strip().lower() and word, (flag_set.id, word)
        assert word not in NEVER, (flag_set.id, word)
    assert len(set(applies.words)) == len(applies.words), flag_set.id


def test_set_ids_are_unique_and_high_risk_sets_send_readers_to_emergency_care():
    ids = [s.id for s in SETS]
    assert len(ids) == len(set(ids))
    for flag_set in SETS:
        if flag_set.risk == "high":
            assert re.search(r"\b(999|911|112|A&E|emergency|eye casualty|maternity unit)\b",
                             flag_set.wording), flag_set.id


@pytest.mark.parametrize("word,set_id", [
    ("angina", "heart-disease-angina"), ("hypertension", "high-blood-pressure"),
    ("stroke", "stroke-tia"), ("asthma", "asthma"), ("copd", "copd"),
    ("pneumonia", "chest-infection-flu"), ("hay fever", "anaphylaxis-allergy"),
    ("supplements", "anaphylaxis-allergy"), ("supplements", "medicines-overdose"),
    ("type 2 diabetes", "diabetes"), ("type 2 diabetes", "diabetic-foot"),
    ("kidney stones", "kidney"), ("uti", "uti-cystitis"), ("ibs", "bowel-changes"),
    ("piles", "bowel-changes"), ("acid reflux", "reflux-heartburn"),
    ("gallstones", "gallstones"), ("glaucoma", "eyes-vision"),
    ("cataract surgery", "eye-surgery-aftercare"), ("tinnitus", "ears-hearing"),
    ("cellulitis", "skin-infection-bites"), ("burns", "burns-scalds-sunburn"),
    ("moles", "moles-skin-cancer"), ("migraine", "headache"), ("vertigo", "dizziness"),
    ("pregnancy", "pregnancy"), ("baby", "babies-children"), ("falls", "older-adults-falls"),
    ("depression", "mental-health-crisis"), ("sleep apnoea", "sleep-apnoea-insomnia"),
    ("stitches", "wounds-cuts-bites"), ("after surgery", "surgery-aftercare"),
    ("wisdom tooth removal", "tooth-extraction"), ("intermittent fasting", "fasting-diets"),
    ("paracetamol", "medicines-overdose"), ("warfarin", "blood-thinners"),
])
def test_named_topics_reach_their_sets(word: str, set_id: str):
    assert set_id in WORDS.get(word, []), (word, WORDS.get(word))


def test_signs_name_the_warning_signs_editors_expect():
    signs = {s.id: " ".join(s.signs) for s in SETS}
    for set_id, needle in [
        ("pregnancy", "baby 's movements"), ("babies-children", "non-blanching"),
        ("babies-children", "fontanelle"), ("mental-health-crisis", "suicide"),
        ("eyes-vision", "floaters"), ("bowel-changes", "bowel habit"),
        ("reflux-heartburn", "swallowing"), ("tooth-extraction", "socket"),
        ("ears-hearing", "sudden hearing loss"), ("exercise-heart", "palpitations"),
        ("medicines-overdose", "yellowing"), ("fasting-diets", "faint"),
    ]:
        assert needle in signs[set_id], (set_id, needle)
