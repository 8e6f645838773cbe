# ruff: noqa: E501  (article texts keep their natural paragraph lines)
"""Whole made-up articles (written for these tests, not from the corpus): a careful one must
give no instruction finding; a flawed one must give each kind of finding."""

from __future__ import annotations

CAREFUL = '''
Exercises for neck pain

These exercises can help ease neck pain. Do them slowly and gently. Stop if any exercise makes your pain worse, and speak to a GP or physiotherapist if the pain does not improve.

Neck rotation

Sit upright in a chair with your feet flat on the floor. Slowly turn your head to the left as far as is comfortable. Hold for 5 seconds, then return to the middle. Repeat on the right side. Do this 5 times.

Chin tuck

Lie on your back with your knees bent and your feet flat on the floor. Gently tuck your chin in, as if nodding. Keep your head on the floor. Hold for 5 seconds, then relax. Repeat 10 times.

Shoulder shrugs

Stand with your arms by your sides. Lift your shoulders up towards your ears, then slowly lower them. Breathe normally throughout. Do not hold your breath.

Heat or ice

For a new injury, use an ice pack wrapped in a towel for up to 20 minutes at a time during the first 48 hours. After that, a warm bath or a heat pack may help ease stiffness. Do not put ice directly on your skin, and do not fall asleep on a heat pad.

Get urgent help if you have neck pain with a high temperature, numbness or weakness in your arms.

Back stretches

Knee to chest stretch: lie on your back with your knees bent and feet flat on the floor. Bring one knee up to your chest and hold it with both hands for 20 to 30 seconds. Lower it and repeat with the other leg.

Cat-cow: get on your hands and knees with your back straight. Slowly arch your back up, then let it sag down towards the floor. Move within a comfortable range and do not force the movement.

Back extension: lie on your stomach with your hands under your shoulders. Push up onto your forearms and hold for 5 seconds. Keep your hips on the floor. Then lower yourself back down.

Bridge: lie on your back with knees bent. Lift your hips off the floor until your body forms a straight line, then slowly lower down. Breathe out as you lift.

Never bounce during a stretch; some people bounce to get further, but this can strain the muscle. If it hurts, stop and rest until the pain eases. Don't exercise until the pain stops if you have had a recent injury; ask a physiotherapist first.
'''

FLAWED = '''
Banish Knee Pain Forever

Knee pain affects millions. These moves will help.

1. Wall sit

Sit with your back flat against the wall and slide down until your knees are bent at 90 degrees. Keep your feet flat on the floor throughout. Now lift your right foot and cross it over your left knee. Hold for 2 minutes, even if your thighs are burning.

2. Kneeling quad stretch

Kneel on both knees and grab your right ankle behind you. Pull your heel to your buttock as hard as you can. You should feel it pop.

3. Step-downs

Stand on a step on your left leg with both feet flat on the step. Step down quickly and jerk back up 30 times.

Do every exercise slowly and smoothly. Never hold any position for more than 30 seconds.

Aftercare

Put a hot pack on a swollen knee right after training. For the first 2 days after an injury always use ice, never heat.

Take paracetamol every 2 hours if the ache comes back.
'''


def test_careful_articles_are_quiet(audit_text):
    result = audit_text(CAREFUL)
    mine = [f for f in result.findings if f.rule.startswith(("POSTURE", "INSTR", "UNSAFE"))]
    assert not mine, [(f.rule, f.quote) for f in mine]


def test_flawed_article_gives_every_kind(audit_text):
    rules = {f.rule for f in audit_text(FLAWED).findings}
    expected = {
        "POSTURE-CONFLICT", "POSTURE-IMPOSSIBLE", "INSTR-HOLD-CONFLICT",
        "INSTR-TEMPO-CONFLICT", "INSTR-HEAT-ICE-CONFLICT", "UNSAFE-PUSH-THROUGH-PAIN",
        "UNSAFE-FORCE-RANGE", "UNSAFE-SELF-MANIPULATION", "UNSAFE-EXCEED-DOSE",
    }
    assert expected <= rules, sorted(expected - rules)


def test_findings_explain_themselves(audit_text):
    for finding in audit_text(FLAWED).findings:
        if finding.rule.startswith(("POSTURE", "INSTR", "UNSAFE")):
            assert finding.message and finding.explanation and finding.suggestion
            if finding.category == "contradiction":
                assert finding.related, finding.rule
