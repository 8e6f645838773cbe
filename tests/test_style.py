"""Style: keyword stuffing and pasted keywords land on the right words; careful text is
quiet."""

from __future__ import annotations

import pytest

STUFFED = """Numbness In Left Arm Causes And Relief

Numbness in left arm can worry anyone. It often comes from a pinched nerve in the neck, from
sleeping on the arm, or from poor circulation.

Numbness in left arm that comes with chest pain needs emergency help at once.

To ease numbness in left arm, change position often. Shake your hand in left arm for a minute
and stretch your neck gently.

If numbness in left arm relief is slow, see your doctor.
"""


def style(result):
    return [(f.rule, f.quote) for f in result.findings if f.category == "style"]


def test_stuffed_phrase_and_pasted_tail(audit_text):
    result = audit_text(STUFFED, detect_title=True)
    found = style(result)
    assert ("STYLE-KEYWORD-STUFFING", "Numbness in left arm") in found
    assert ("STYLE-KEYWORD-PASTED", "hand in left arm") in found
    assert ("STYLE-KEYWORD-PASTED", "numbness in left arm relief") in found
    stuffing = next(f for f in result.findings if f.rule == "STYLE-KEYWORD-STUFFING")
    assert len(stuffing.related) >= 3
    assert all(r.quote.lower() == "numbness in left arm" for r in stuffing.related)


CAREFUL = [
    "Low back pain is very common. Most people get better within a few weeks. Staying active "
    "helps more than bed rest. There is no miracle cure, and no single treatment works for "
    "everyone. Be wary of products that promise instant relief.",
    "Type 2 diabetes is a long-term condition. People with type 2 diabetes can lower their risk "
    "of problems by staying active. Type 2 diabetes medicines work in different ways.",
    "Lie on your back with your knees bent and your feet flat on the floor. Tighten your "
    "stomach muscles and press your lower back into the floor. Hold this position for five "
    "seconds, then relax. Repeat this exercise ten times.",
    "Read more about managing pain at home. Talk to your doctor before starting any new "
    "exercise program.",
]


@pytest.mark.parametrize("text", CAREFUL)
def test_careful_text_has_no_style_findings(audit_text, text):
    assert style(audit_text(text)) == []


def test_furniture_quote_is_exact(audit_text):
    result = audit_text("Rest your knee for two days.&nbsp;Then walk gently.\n\n"
                        "[caption id=\"3\"]Knee brace[/caption]")
    quotes = [q for r, q in style(result) if r == "STYLE-PAGE-FURNITURE"]
    assert "&nbsp;" in quotes and '[caption id="3"]' in quotes
