"""Grammar and spelling: LanguageTool when one is available, medlint's built-in checks always.

The LanguageTool backend is chosen once per run (pipeline.grammar.backend). Without one the
audit goes on, and the run carries one plain note saying grammar was not checked by
LanguageTool and how to enable it. Medical and anatomical words from rules/ are never reported
as misspellings.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.document import PROSE_KINDS
from pipeline.findings import Finding
from pipeline.grammar.backend import Backend, resolve_backend
from pipeline.grammar.builtin import find_issues
from pipeline.grammar.knowledge import GrammarKnowledge, load_grammar_knowledge
from pipeline.grammar.languagetool import LanguageToolError, LTMatch

STATE_KEY = "grammar.backend"


def backend_for(ctx: CheckContext, knowledge: GrammarKnowledge) -> Backend:
    """The run's LanguageTool backend, resolved on first use."""
    backend = ctx.run_state.get(STATE_KEY)
    if not isinstance(backend, Backend):
        lt = knowledge.languagetool
        backend = resolve_backend(ctx.config, lt.disabled_rules, lt.disabled_categories)
        ctx.run_state[STATE_KEY] = backend
    return backend


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Built-in slips, then LanguageTool matches that do not repeat them."""
    knowledge = ctx.knowledge.load(load_grammar_knowledge)
    prose = [b for b in ctx.document.blocks if b.kind in PROSE_KINDS]

    def in_prose(start: int, end: int) -> bool:
        return any(b.start <= start and end <= b.end for b in prose)

    taken: list[tuple[int, int]] = []
    for issue in find_issues(ctx.doc, knowledge):
        if not in_prose(issue.start, issue.end):
            continue
        taken.append((issue.start, issue.end))
        yield ctx.finding(issue.rule, issue.start, issue.end, message=issue.message,
                          suggestion=issue.suggestion, explanation=issue.explanation)
    backend = backend_for(ctx, knowledge)
    if not backend.available or backend.client is None:
        _note(ctx, backend)
        return
    try:
        matches = backend.client.check(ctx.document.text)
    except LanguageToolError as exc:
        backend.failed(exc)
        _note(ctx, backend)
        return
    backend.answered = True
    for match in matches:
        if match.end <= match.start or not in_prose(match.start, match.end):
            continue
        if any(s < match.end and match.start < e for s, e in taken):
            continue
        rule = knowledge.medlint_rule(match.rule_id, match.category_id, match.issue_type)
        quote = ctx.document.text[match.start : match.end]
        if rule == knowledge.languagetool.spelling_rule and (
                knowledge.known_word(quote) or _name_or_acronym(ctx, match)):
            continue
        taken.append((match.start, match.end))
        yield _finding(ctx, rule, match, backend.description)


def _note(ctx: CheckContext, backend: Backend) -> None:
    note = backend.note()
    if note:
        ctx.note(note)


def _name_or_acronym(ctx: CheckContext, match: LTMatch) -> bool:
    """A person's or brand's name, or an acronym: spell checkers know too few of them."""
    span = ctx.doc.char_span(match.start, match.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return all(t.pos_ == "PROPN" or (t.text.isupper() and len(t.text) > 1) for t in span
               if t.is_alpha)


def _finding(ctx: CheckContext, rule: str, match: LTMatch, source: str) -> Finding:
    suggestions = ", ".join(f"\u201c{r}\u201d" for r in match.replacements[:3])
    message = match.message or match.short_message or match.description or "Possible error."
    explanation = (f"LanguageTool rule {match.rule_id}"
                   + (f" ({match.category_name})" if match.category_name else "")
                   + f", reported by the {source}.")
    return ctx.finding(
        rule, match.start, match.end, message=message, explanation=explanation,
        suggestion=(f"Consider {suggestions}." if suggestions else None),
        references=[f"LanguageTool rule {match.rule_id}"], confidence=0.8,
    )


FAMILY = CheckFamily("grammar", run, order=80,
                     description="grammar and spelling: LanguageTool plus offline slips")
