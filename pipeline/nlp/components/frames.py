"""``medlint_frames``: read every claim frame of the Doc once (docs/frames.md).

Runs after the mention components (anatomy, mentions, instructions). Each reader in
:func:`readers` gets the same prepared :class:`~pipeline.nlp.readers.base.Reading`; the frames
are stored, sorted by position, in ``doc.user_data["medlint_frames"]``, where
:func:`pipeline.nlp.frames.frames_of` finds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.frames import FRAMES_KEY, Frame
from pipeline.nlp.model import ComponentSpec
from pipeline.nlp.readers.base import ReaderKnowledge, Reading

COMPONENT = ComponentSpec(factory="medlint_frames", order=70, needs_rules_dir=True)
#: Where a reader that failed on a Doc is recorded (the audit reports it as the article's
#: failure, like a check family that failed).
FAILURES_KEY = "medlint_reader_failures"

Reader = Callable[[Reading], Iterable[Frame]]


def readers() -> list[tuple[str, Reader]]:
    """Every frame reader, in the order they run."""
    from pipeline.nlp.readers.advice import AdviceReader
    from pipeline.nlp.readers.evaluation import EvaluationReader
    from pipeline.nlp.readers.prevalence import PrevalenceReader
    from pipeline.nlp.readers.quantity import QuantityReader
    from pipeline.nlp.readers.relations import RelationReader
    from pipeline.nlp.readers.requirement import RequirementReader

    return [
        ("relations", lambda reading: RelationReader(reading).frames()),
        ("advice", lambda reading: AdviceReader(reading).frames()),
        ("quantity", lambda reading: QuantityReader(reading).frames()),
        ("requirement", lambda reading: RequirementReader(reading).frames()),
        ("prevalence", lambda reading: PrevalenceReader(reading).frames()),
        ("evaluation", lambda reading: EvaluationReader(reading).frames()),
    ]


@Language.factory("medlint_frames", default_config={"rules_dir": ""},
                  assigns=["doc.user_data"], requires=["doc.spans"])
def make_frames(nlp: Language, name: str, rules_dir: str) -> FrameReader:
    """Factory for :class:`FrameReader`."""
    return FrameReader(Path(rules_dir) if rules_dir else None)


class FrameReader:
    """Run the frame readers over a Doc."""

    def __init__(self, rules_directory: Path | None) -> None:
        self.knowledge = ReaderKnowledge.load(rules_directory) if rules_directory else None
        self.readers = readers()

    def __call__(self, doc: Doc) -> Doc:
        """Read the frames into ``doc.user_data``."""
        if self.knowledge is None:
            doc.user_data[FRAMES_KEY] = []
            return doc
        reading = Reading(doc, self.knowledge)
        found: list[Frame] = []
        failures: list[str] = []
        for name, reader in self.readers:
            try:
                found.extend(reader(reading))
            except Exception as exc:  # one broken reader must not lose the article
                failures.append(f"frame reader {name!r} failed: {type(exc).__name__}: {exc}")
        doc.user_data[FAILURES_KEY] = failures
        found.sort(key=lambda f: (f.start, f.end, f.type))
        doc.user_data[FRAMES_KEY] = found
        return doc
