"""Sentence shapes the frame readers read the same way in any wording: a hyphenated word is
one noun, a negated verb turns the bound of its amount into a limit, and harms named only
to deny them make an Evaluation that calls the thing safe."""

from __future__ import annotations

import pytest

from pipeline.ingest import document_from_text
from pipeline.knowledge.paths import rules_dir
from pipeline.nlp.frames import Advice, Evaluation, Quantity, Relation, frames_of
from pipeline.nlp.model import make_doc


@pytest.fixture
def read(nlp):
    def run(text: str):
        document = document_from_text(text, rules_dir(), id="shape")
        return frames_of(nlp(make_doc(nlp, document)))
    return run


@pytest.mark.parametrize("text", [
    "Sit-ups and planks should wait until the stitches are out.",
    "Push-ups can wait until your shoulder has settled.",
    "Pull-ups are hard for beginners.",
])
def test_a_hyphenated_word_is_no_imperative(read, text):
    first = text.split("-", 1)[0]
    assert not [f for f in read(text) if isinstance(f, Advice) and f.action.text == first]


@pytest.mark.parametrize(("text", "bound", "limit"), [
    ("You should never take more than 3 g of this in a day.", "at_most", 3000.0),
    ("Do not drink more than 2 litres of it at once.", "at_most", None),
    ("Never sleep less than 6 hours before a long drive.", "at_least", 21600.0),
    ("Take no more than 4 tablets in 24 hours.", "at_most", 4.0),
])
def test_a_negated_verb_makes_the_bound_a_limit(read, text, bound, limit):
    amounts = [f for f in read(text) if isinstance(f, Quantity)]
    assert amounts and amounts[0].bound == bound, amounts
    assert "negated" not in amounts[0].context
    if limit is not None:
        value = amounts[0].high if bound == "at_most" else amounts[0].low
        assert value == pytest.approx(limit)


@pytest.mark.parametrize(("text", "bound"), [
    ("Take your anticoagulant at the same time each day.", "at_least"),
    ("Check your feet every day for cuts.", "at_least"),
    ("Use the cream daily.", "at_least"),
    ("Take the tablets twice a day.", "exact"),
    ("Check your feet every other day.", "exact"),
])
def test_every_day_says_which_days_not_how_often(read, text, bound):
    amounts = [f for f in read(text) if isinstance(f, Quantity)
               and f.dimension == "frequency"]
    assert amounts and amounts[0].bound == bound, amounts


@pytest.mark.parametrize(("text", "topic"), [
    ("Sore throats.\n\nTonsillitis usually clears up in three or four days.", "tonsillitis"),
    ("Colds.\n\nA cold sore normally heals within ten days.", "cold sore"),
])
def test_a_time_taken_through_a_preposition_belongs_to_the_subject(read, text, topic):
    amounts = [f for f in read(text) if isinstance(f, Quantity)
               and f.dimension == "duration"]
    assert amounts and amounts[0].topic is not None, amounts
    assert amounts[0].topic.text.lower() == topic


@pytest.mark.parametrize("text", [
    "Keep your compression stockings on overnight too.",
    "Leave the dressing on for two days.",
])
def test_a_particle_after_the_object_belongs_to_the_act(read, text):
    advice = [f for f in read(text) if isinstance(f, Advice)]
    assert advice and advice[0].action.text.endswith(" on"), advice


def test_a_subject_pronoun_takes_up_the_last_subject(read):
    text = ("Pilates is great for relieving back pain, improving posture and building a "
            "strong, stable core. Best of all, it is completely safe for everyone.")
    judged = [f for f in read(text) if isinstance(f, Evaluation) and f.judgement == "safe"]
    assert judged and judged[0].target.concept == "pilates", judged


def test_a_negated_open_frequency_stays_negated(read):
    amounts = [f for f in read("Do not wash your hair every day.")
               if isinstance(f, Quantity) and f.dimension == "frequency"]
    assert amounts and amounts[0].bound == "at_least" and "negated" in amounts[0].context


def test_a_negation_elsewhere_keeps_the_amount_negated(read):
    amounts = [f for f in read("Don't worry if the baby sleeps more than 14 hours.")
               if isinstance(f, Quantity)]
    assert amounts and amounts[0].bound == "at_least"


@pytest.mark.parametrize("text", [
    "Zinc lozenges have zero side effects.",
    "Melatonin gummies have no side effects at all.",
])
def test_harms_named_to_deny_them_call_the_thing_safe(read, text):
    assert [f for f in read(text) if isinstance(f, Evaluation) and f.judgement == "safe"]


@pytest.mark.parametrize(("text", "polarity"), [
    ("People with gout should avoid this painkiller.", "avoid"),
    ("Pregnant women should shun liquorice tea.", "avoid"),
    ("You shouldn't avoid walking altogether.", "do"),
])
def test_an_avoid_verb_under_a_modal_advises_against_its_object(read, text, polarity):
    advice = [f for f in read(text) if isinstance(f, Advice)]
    assert advice and advice[0].polarity == polarity, advice


@pytest.mark.parametrize("text", [
    "Garlic plays no real part in lowering blood pressure.",
    "Cracking your knuckles makes no difference to arthritis.",
    "Chewing gum makes little difference to heartburn.",
    "A second coffee won't make any difference to your sleep.",
    "Up to 12 g of salt a day has negligible effect on blood pressure.",
])
def test_no_part_and_no_difference_deny_an_effect(read, text):
    assert [f for f in read(text) if isinstance(f, Evaluation) and f.judgement == "no_effect"]


@pytest.mark.parametrize("text", [
    "Chewing gum makes a big difference to heartburn.",
    "A second coffee will make some difference to your sleep.",
    "Cutting salt makes a real difference to blood pressure.",
])
def test_an_effect_that_is_some_or_large_is_no_denial(read, text):
    assert not [f for f in read(text) if isinstance(f, Evaluation)
                and f.judgement == "no_effect"]


def test_a_condition_on_a_negated_step_stays_with_it(read):
    advice = [f for f in read("Take naproxen with a meal, and do not take it if you have "
                              "kidney disease.") if isinstance(f, Advice)]
    do = [f for f in advice if f.polarity == "do"]
    avoid = [f for f in advice if f.polarity == "avoid"]
    assert do and do[0].condition is None
    assert avoid and avoid[0].condition is not None


@pytest.mark.parametrize(("text", "expected"), [
    ("Never lift heavy boxes or twist your back.", {"lift": "avoid", "twist": "avoid"}),
    ("Don't sit still all day, and walk every hour.", {"sit": "avoid", "walk": "do"}),
    ("Stop taking the tablets and get help if you feel faint.", {"take": "avoid", "get": "do"}),
])
def test_negation_and_stopping_across_coordinated_steps(read, text, expected):
    found = {f.action.lemma: f.polarity for f in read(text) if isinstance(f, Advice)}
    assert {k: found.get(k) for k in expected} == expected, found


def test_a_condition_on_stop_limits_what_it_stops(read):
    advice = [f for f in read("If the syrup upsets your stomach, stop taking it for a day.")
              if isinstance(f, Advice) and f.action.lemma == "take"]
    assert advice and advice[0].condition is not None


def test_a_to_clause_after_an_object_is_a_purpose_not_advice(read):
    lemmas = {f.action.lemma for f in read("You can try a warm pack to bring you some "
                                           "relief.") if isinstance(f, Advice)}
    assert "bring" not in lemmas


def test_a_condition_with_no_cure_is_not_a_thing_that_does_nothing(read):
    frames = read("Psoriasis is a long-term condition that has no cure.")
    assert not [f for f in frames if isinstance(f, Evaluation) and f.judgement == "no_effect"
                and f.target.text.lower() in ("that", "psoriasis", "condition")]


@pytest.mark.parametrize(("text", "relation", "subject", "substance"), [
    ("Thyroxine, secreted by the parathyroid glands, sets your metabolic rate.", "releases",
     "parathyroid_glands", "thyroid hormone"),
    ("Bile, produced by the gallbladder, breaks down fat.", "makes", "gallbladder", "bile"),
    ("The salivary glands release saliva into the mouth.", "releases", "salivary_glands",
     "saliva"),
    ("Your pancreas pours its enzymes into the gut.", "releases", "pancreas",
     "pancreatic juice"),
    ("Bile, which is made by your gallbladder, breaks down fat.", "makes", "gallbladder",
     "bile"),
    ("The gallbladder is where bile is produced.", "makes", "gallbladder", "bile"),
    ("The thyroid pumps out adrenaline.", "releases", "thyroid", "adrenaline"),
    ("The adrenal glands sit on the kidneys. They produce insulin.", "makes",
     "adrenal_glands", "insulin"),
])
def test_making_and_releasing_read_in_any_shape(read, text, relation, subject, substance):
    found = [f for f in read(text) if isinstance(f, Relation) and f.relation == relation]
    assert found and found[0].subject.concept == subject, found
    assert found[0].substance == substance


@pytest.mark.parametrize(("text", "layer", "position", "organ"), [
    ("The sclera, the tough outer coat of the eye, is white.", "sclera", "outermost", "eye"),
    ("Dentin is the inner layer of the tooth.", "dentin", "inner", "tooth"),
    ("The dermis is the middle layer of your skin.", "dermis", "middle", "skin"),
])
def test_a_layer_word_places_a_layer_within_its_organ(read, text, layer, position, organ):
    found = [f for f in read(text) if isinstance(f, Relation) and f.relation == "layer"]
    assert found and found[0].subject.concept == layer, found
    assert found[0].superlative == position
    assert found[0].object is not None and found[0].object.concept == organ


def test_a_to_clause_after_the_object_leaves_the_advice_with_its_verb(read):
    advice = [f for f in read("Keep the cast on for six weeks to let the bone knit.")
              if isinstance(f, Advice)]
    assert advice and advice[0].action.lemma == "keep" and advice[0].topic is not None
    assert advice[0].topic.text == "cast"


@pytest.mark.parametrize(("text", "topic"), [
    ("Vitamin C is cheap. Adults need about 40 mg of it a day.", "Vitamin C"),
    ("Zinc helps. Most adults need 10 mg of it each day.", "Zinc"),
])
def test_it_takes_up_a_thing_not_the_people_between(read, text, topic):
    amounts = [f for f in read(text) if isinstance(f, Quantity)]
    assert amounts and amounts[0].topic is not None, amounts
    assert amounts[0].topic.text in ("it", topic) and amounts[0].topic.concept != "adult"


@pytest.mark.parametrize(("text", "rated"), [
    ("Psoriasis is a common skin condition.", True),
    ("Gout is an extremely rare disease.", True),
    ("Gout is a rare cause of knee pain.", False),
])
def test_a_condition_called_a_rare_or_common_illness_has_a_rate(read, text, rated):
    from pipeline.nlp.frames import Prevalence
    rates = [f for f in read(text) if isinstance(f, Prevalence) and f.level is not None]
    assert bool(rates) == rated, rates


def test_a_gerund_is_related_to_the_things_its_verb_names():
    from pipeline.knowledge.lexicon import default_lexicon
    lexicon = default_lexicon()
    assert lexicon.related("smoking", "cigarette")
    assert not lexicon.related("smoking", "salad")


@pytest.mark.parametrize(("text", "judgement", "effect"), [
    ("Sugary drinks make tooth decay worse.", "harms", "tooth decay"),
    ("A warm bath makes your stiffness better.", "helps", "stiffness"),
])
def test_making_a_complaint_worse_or_better_is_a_harm_or_a_help(read, text, judgement, effect):
    found = [f for f in read(text) if isinstance(f, Evaluation)]
    assert found and found[0].judgement == judgement, found
    assert found[0].effect is not None and effect in found[0].effect.text


def test_an_opening_base_form_verb_tagged_as_past_is_an_imperative(read):
    text = "Antibiotics\n\nFinish the whole course of antibiotics, even when you feel better."
    advice = [f for f in read(text) if isinstance(f, Advice)]
    assert advice and advice[0].action.lemma == "finish" and advice[0].form == "imperative"


@pytest.mark.parametrize(("text", "place", "taken"), [
    ("Iron from food is mostly absorbed in the ileum.", "ileum", "iron"),
    ("The stomach lining absorbs most nutrients.", "stomach_lining", "nutrients"),
])
def test_where_the_body_absorbs_a_thing_is_read_in_either_voice(read, text, place, taken):
    found = [f for f in read(text) if isinstance(f, Relation) and f.relation == "absorbs"]
    assert found and found[0].subject.concept == place, found
    assert found[0].substance == taken


def test_a_second_object_after_a_person_is_what_is_given(read):
    advice = [f for f in read("Give your grandson an adult aspirin for the pain.")
              if isinstance(f, Advice)]
    assert advice and advice[0].topic is not None and advice[0].topic.lemma == "aspirin"
    assert advice[0].group is not None and "grandson" in advice[0].group.text


@pytest.mark.parametrize(("text", "maker", "substance"), [
    ("Urine is made in the bladder overnight.", "bladder", "urine"),
    ("Saliva, produced in the parotid glands, starts digestion.", "parotid_gland", "saliva"),
])
def test_where_a_substance_is_made_names_its_maker(read, text, maker, substance):
    found = [f for f in read(text) if isinstance(f, Relation) and f.relation == "makes"]
    assert found and found[0].subject.concept == maker, found
    assert found[0].substance == substance


def test_a_relative_clause_after_an_apposition_is_about_what_it_describes(read):
    text = ("Stress wakes the pituitary gland, a small gland at the base of the brain, "
            "which releases ACTH.")
    found = [f for f in read(text) if isinstance(f, Relation) and f.relation == "releases"]
    assert found and found[0].subject.concept == "pituitary_gland", found


@pytest.mark.parametrize(("text", "target"), [
    ("Cold packs are completely risk-free.", "cold packs"),
    ("Milk thistle is all natural and completely safe.", "milk thistle"),
])
def test_hyphenated_and_coordinated_predicate_adjectives_judge_the_subject(read, text, target):
    judged = [f for f in read(text) if isinstance(f, Evaluation) and f.judgement == "safe"]
    assert judged and judged[0].target.text.lower() == target


def test_a_pronoun_takes_its_kind_from_the_predicate_noun(read):
    judged = [f for f in read("It is a gentle laxative with no side effects.")
              if isinstance(f, Evaluation) and f.judgement == "safe"]
    assert judged and judged[0].target.kind == "medicine"


@pytest.mark.parametrize(("text", "polarity"), [
    ("The simplest approach is to stop all your insulin.", "do"),
    ("The best thing to do is to rest the knee for a day.", "do"),
    ("The worst thing you can do is to stop your insulin.", "avoid"),
])
def test_a_method_judged_best_or_worst_is_advice(read, text, polarity):
    advice = [f for f in read(text) if isinstance(f, Advice) and f.form == "normative"]
    assert advice and advice[0].polarity == polarity, advice


@pytest.mark.parametrize(("text", "polarity"), [
    ("The trick is to take the tablet the minute the aura starts.", "do"),
    ("My advice is to rest the ankle for two days.", "do"),
    ("The secret is not to skip breakfast.", "avoid"),
])
def test_a_method_noun_that_recommends_by_itself_is_advice(read, text, polarity):
    advice = [f for f in read(text) if isinstance(f, Advice) and f.form == "normative"]
    assert advice and advice[0].polarity == polarity, advice


@pytest.mark.parametrize(("text", "topic"), [
    ("The golden rule my neurologist drilled into me: take the tablet as soon as the "
     "headache starts.", "tablet"),
    ("My advice to anyone with aches is the same: just stop your statin for a month.",
     "statin"),
    ("One tip from our physio: rest the knee on a pillow.", "knee"),
])
def test_a_command_after_a_label_and_colon_is_advice(read, text, topic):
    advice = [f for f in read(text) if isinstance(f, Advice) and f.form == "imperative"]
    assert any(f.topic is not None and f.topic.text.endswith(topic) for f in advice), advice


@pytest.mark.parametrize("text", [
    "The trick is that the tablet works best early.",
    "Her advice: she said the tablets made her sleepy.",
])
def test_a_label_or_method_noun_without_a_command_is_no_advice(read, text):
    assert not [f for f in read(text) if isinstance(f, Advice) and f.polarity == "do"]


@pytest.mark.parametrize("text", [
    "We suggest you stop the steroid cream.",
    "You should stop your blood pressure tablets.",
    "Stop your thyroid tablets.",
])
def test_advice_whose_own_verb_stops_something_changes_a_course(read, text):
    advice = [f for f in read(text) if isinstance(f, Advice) and f.polarity == "do"]
    assert advice and advice[0].change == "stop", advice


def test_a_condition_before_a_medicine_noun_names_the_medicine(read):
    advice = [f for f in read("On fasting days, skip your diabetes tablets altogether.")
              if isinstance(f, Advice)]
    assert advice and advice[0].topic is not None and advice[0].topic.kind == "medicine"


@pytest.mark.parametrize(("text", "whole", "value"), [
    ("The heart is a fist-sized muscle with three chambers.", "heart", 3),
    ("The heart, a pump with four chambers, sits behind the breastbone.", "heart", 4),
    ("The umbilical cord, with its two veins and one artery, carries blood.",
     "umbilical_cord", 2),
])
def test_a_with_phrase_counts_the_parts_of_what_it_describes(read, text, whole, value):
    counts = [f for f in read(text) if isinstance(f, Relation) and f.relation == "count"]
    assert counts and counts[0].subject.concept == whole and counts[0].value == value, counts


@pytest.mark.parametrize(("text", "years"), [
    ("Most babies get their first tooth at around 6 months old.", 0.5),
    ("Your baby may smile at about eight weeks old.", 8 * 7 / 365.25),
    ("A baby who is 3 months old and has a fever needs to see a doctor.", 0.25),
    ("Children who are 10 years old can use the spray.", 10.0),
])
def test_an_age_is_read_in_years_whatever_its_unit(read, text, years):
    ages = [f for f in read(text) if isinstance(f, Quantity) and f.dimension == "age"]
    assert ages and ages[0].unit == "years"
    assert ages[0].low == pytest.approx(years, rel=0.01)


@pytest.mark.parametrize(("text", "value", "unit", "bound"), [
    ("Keep your total fluids under a litre a day.", 1000.0, "ml", "at_most"),
    ("Never take more than a gram of vitamin C in one go.", 1000.0, "mg", "at_most"),
    ("Rest for about an hour after lunch.", 3600.0, "s", "about"),
])
def test_a_or_an_before_a_unit_is_one_of_it(read, text, value, unit, bound):
    amounts = [f for f in read(text) if isinstance(f, Quantity) and f.unit == unit]
    assert amounts and amounts[0].bound == bound
    assert value in (amounts[0].low, amounts[0].high)


@pytest.mark.parametrize(("text", "target"), [
    ("A warm bath is a good way to ease sore muscles.", "bath"),
    ("A daily kelp supplement is a natural way to boost a sluggish thyroid.", "supplement"),
])
def test_a_good_way_to_do_it_judges_the_copulas_subject(read, text, target):
    found = [f for f in read(text) if isinstance(f, Evaluation) and f.judgement == "helps"]
    assert found and all(f.target.text.split()[-1] == target for f in found), found
    assert all(f.offered is not None and f.offered.text.endswith("way") for f in found), found


def test_a_plain_way_is_no_offer(read):
    found = [f for f in read("Walking is a way to ease stiff knees.")
             if isinstance(f, Evaluation) and f.judgement == "helps"]
    assert found and all(f.offered is None for f in found), found


@pytest.mark.parametrize(("text", "target", "negated"), [
    ("Beer is one of the worst triggers for gout.", "Beer", False),
    ("Stress is a common trigger of eczema flares.", "Stress", False),
    ("Dairy is the main cause of colic.", "Dairy", False),
    ("Alcohol is not a cause of gout.", "Alcohol", True),
    ("Coffee has nothing to do with panic attacks.", "Coffee", True),
    ("Salt is nothing to do with high blood pressure.", "Salt", True),
])
def test_a_cause_named_by_a_copula_or_denied_is_a_cause_judgement(read, text, target, negated):
    found = [f for f in read(text) if isinstance(f, Evaluation) and f.judgement == "causes"]
    assert found and found[0].target.text == target, found
    assert ("negated" in found[0].context) == negated


@pytest.mark.parametrize("text", [
    "Smoking is not the only cause of lung cancer.",
    "It is one of the main triggers for me.",
    "Nurses are the main source of advice.",
])
def test_no_cause_judgement_for_only_pronouns_or_people(read, text):
    assert not [f for f in read(text) if isinstance(f, Evaluation) and f.judgement == "causes"
                and f.target.text.lower() in ("smoking", "it", "nurses")]


def test_the_worst_of_a_kind_for_an_effect_harms_it(read):
    found = [f for f in read("Red meat is one of the worst foods for gout.")
             if isinstance(f, Evaluation)]
    assert [f.judgement for f in found] == ["harms"]


@pytest.mark.parametrize(("text", "avoided"), [
    ("Never lift, push or pull anything heavy.", {"lift", "push", "pull"}),
    ("Don't bend and twist at the same time.", {"bend", "twist"}),
    ("Do not stand, walk or kneel on the leg.", {"stand", "walk", "kneel"}),
])
def test_a_negation_covers_every_step_of_a_list_joined_by_or(read, text, avoided):
    advice = {f.action.lemma: f.polarity for f in read(text) if isinstance(f, Advice)}
    assert {a for a, p in advice.items() if p == "avoid"} >= avoided, advice


@pytest.mark.parametrize("text", [
    "Do not sit still all day, and walk every hour.",
    "Don't rest in bed, but walk a little each day.",
])
def test_a_step_after_a_comma_and_or_but_is_not_negated(read, text):
    advice = {f.action.lemma: f.polarity for f in read(text) if isinstance(f, Advice)}
    assert advice.get("walk") == "do", advice


@pytest.mark.parametrize(("text", "group"), [
    ("Never put food or drink into the mouth of someone who is unconscious.",
     "someone who is unconscious"),
    ("Do not put anything in their mouth during a fit.", "their"),
    ("Rub the gel onto the baby's gums.", "baby"),
])
def test_a_thing_put_into_another_persons_body_is_advice_for_that_person(read, text, group):
    advice = [f for f in read(text) if isinstance(f, Advice)]
    assert advice and advice[0].group is not None and group in advice[0].group.text, advice


def test_a_thing_put_into_the_readers_own_body_has_no_group(read):
    advice = [f for f in read("Put two drops in your eyes.") if isinstance(f, Advice)]
    assert advice and advice[0].group is None, advice


@pytest.mark.parametrize("text", [
    "I take two 400 mg ibuprofen tablets four times a day with my coffee.",
    "I use a decongestant nasal spray every morning and night.",
])
def test_the_writers_own_routine_with_a_medicine_is_shared_as_advice(read, text):
    advice = [f for f in read(text) if isinstance(f, Advice) and f.speaker == "first_person"]
    assert advice and advice[0].polarity == "do", advice


@pytest.mark.parametrize("text", [
    "I don't take ibuprofen any more.",
    "I take the bus to work.",
    "I can't take ibuprofen because of my asthma.",
])
def test_a_routine_without_a_medicine_or_a_denied_one_is_no_advice(read, text):
    assert not [f for f in read(text) if isinstance(f, Advice) and f.speaker == "first_person"]


@pytest.mark.parametrize(("text", "topic"), [
    ("Doing the exercises once a day is plenty.", "exercise"),
    ("The physio told us every other day is plenty for the arm programme.", "programme"),
    ("Once you are home, doing the exercises once a day is plenty.", "exercise"),
])
def test_an_amount_called_enough_is_about_what_it_is_enough_of(read, text, topic):
    amounts = [f for f in read(text) if isinstance(f, Quantity) and f.enough is not None]
    assert amounts and amounts[0].topic is not None and amounts[0].topic.lemma == topic, amounts


def test_an_amount_enough_for_some_people_names_no_topic(read):
    amounts = [f for f in read("Once a week is plenty for most people.")
               if isinstance(f, Quantity)]
    assert amounts and amounts[0].enough is not None
    assert amounts[0].topic is None or amounts[0].topic.lemma == "plenty", amounts


@pytest.mark.parametrize(("text", "stopped"), [
    ("Once the triptans were working I stopped my propranolol myself.", "propranolol"),
    ("My numbers looked so good that I stopped my metformin. I have never felt better.",
     "metformin"),
])
def test_the_writers_own_change_of_a_medicine_is_told_as_a_model(read, text, stopped):
    advice = [f for f in read(text) if isinstance(f, Advice) and f.speaker == "first_person"]
    assert advice and advice[0].change == "stop" and advice[0].topic.lemma == stopped, advice


@pytest.mark.parametrize("text", [
    "I stopped my statin without telling anyone. It was a mistake: my cholesterol shot up.",
    "My GP and I agreed that I stopped my blood pressure tablets for a week.",
    "I stopped my sertraline over a weekend. But within days I felt awful.",
    "I stopped the exercises after a week.",
])
def test_a_change_told_as_a_warning_or_agreed_with_a_clinician_is_no_model(read, text):
    assert not [f for f in read(text) if isinstance(f, Advice) and f.speaker == "first_person"]


def test_a_title_announcing_a_story_is_no_model(nlp):
    document = document_from_text("Why I Stopped My Statin\n\nMy legs ached for a year.",
                                  rules_dir(), id="shape", detect_title=True)
    frames = frames_of(nlp(make_doc(nlp, document)))
    assert not [f for f in frames if isinstance(f, Advice) and f.speaker == "first_person"]


@pytest.mark.parametrize(("text", "topic"), [
    ("If the pain is really bad, take ibuprofen and naproxen together; using the two side by "
     "side gives much stronger relief.", "ibuprofen"),
    ("The tablets work fast; swallow them whole with water.", "tablet"),
])
def test_a_command_in_a_clause_of_its_own_after_or_before_a_semicolon_is_advice(
        read, text, topic):
    advice = [f for f in read(text) if isinstance(f, Advice) and f.form == "imperative"]
    assert any(f.topic is not None and f.topic.lemma == topic for f in advice), advice


@pytest.mark.parametrize(("text", "phase"), [
    ("Do not empty your bladder until after the scan.", "until after the scan"),
    ("Afterwards you will be asked to empty your bladder.", "Afterwards"),
])
def test_a_time_bounded_by_an_event_or_after_the_last_step_is_a_phase(read, text, phase):
    advice = [f for f in read(text) if isinstance(f, Advice) and f.action.lemma == "empty"]
    assert advice and advice[0].phase is not None and advice[0].phase.text == phase, advice
