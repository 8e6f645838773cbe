"""The frame benchmark: how well medlint's readers find the claim frames a person labelled.

    python benchmarks/frames/run.py [--realtext DIR] [--details] [--format json]

Reads ``benchmarks/frames/labels.yaml`` (sentences given by their source article and character
offsets; the ``../shared/realtext`` articles are read from ``--realtext``, the corpus ones from
``corpus/articles``), audits each source article once through medlint's pipeline, and
compares the frames whose words start inside each labelled sentence with the labels:

- a gold frame is found when a predicted frame of the same type overlaps its anchor (each
  predicted frame matches at most one gold frame);
- a predicted frame that overlaps no gold frame of its type is a false alarm; one that
  overlaps only an ``optional`` gold frame counts neither way;
- precision, recall and F1 are reported per type; for found frames, the share whose key slot
  agrees with the label (Relation group, Advice polarity, Quantity dimension, Requirement
  polarity, Prevalence aspect, Evaluation judgement; "helps" under negation counts as
  "no_effect") is reported beside them.

Targets (issue "claim frames"): recall at least 0.8 and precision at least 0.9 for every type.

``--half dev`` scores only the sentences with an even number (s0002, e0002, ...), ``--half
test`` only the odd ones. Readers are developed against the dev half (its ``--details`` may be
read); the test half is only scored, so that its figures say how the readers do on sentences
nobody tuned them on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pipeline.evaluate import locate  # noqa: E402

TYPES = ("Relation", "Advice", "Quantity", "Requirement", "Prevalence", "Evaluation")
KEY_SLOT = {"Relation": "group", "Advice": "polarity", "Quantity": "dimension",
            "Requirement": "polarity", "Prevalence": "aspect", "Evaluation": "judgement"}
TARGET_RECALL = 0.8
TARGET_PRECISION = 0.9


def source_path(source: str, realtext: Path) -> Path:
    """The file a label's ``source`` names."""
    kind, rel = source.split(":", 1)
    return realtext / rel if kind == "realtext" else REPO / "corpus" / rel


def predicted_slot(frame: Any) -> str | None:
    """The key slot of a predicted frame, comparable with the labels."""
    if frame.type == "Relation":
        return frame.group
    value = getattr(frame, KEY_SLOT[frame.type])
    if frame.type == "Evaluation" and value == "helps" and "negated" in frame.context:
        return "no_effect"
    return value


def in_half(entry_id: str, half: str) -> bool:
    """Whether a label belongs to the ``dev`` half (even number), ``test`` (odd) or ``all``."""
    if half == "all":
        return True
    number = int("".join(ch for ch in entry_id if ch.isdigit()))
    return (number % 2 == 0) == (half == "dev")


def run(labels_path: Path, realtext: Path, half: str = "all") -> dict[str, Any]:
    """Score the readers against the labels."""
    from pipeline.audit import Auditor
    from pipeline.ingest import InputProblem, iter_documents
    from pipeline.nlp.frames import frames_of
    from pipeline.nlp.model import make_doc

    entries = [e for e in yaml.safe_load(labels_path.read_text(encoding="utf-8"))
               if in_half(e["id"], half)]
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        by_source[entry["source"]].append(entry)
    auditor = Auditor()
    nlp = auditor.nlp
    paths = {str(source_path(s, realtext)): s for s in by_source}
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        raise SystemExit(f"missing source articles (is --realtext right?): {missing[:3]}")
    tally = {t: {"tp": 0, "fp": 0, "fn": 0, "slot_ok": 0} for t in TYPES}
    misses: list[dict[str, Any]] = []
    alarms: list[dict[str, Any]] = []
    errors: list[str] = []
    for document in iter_documents(list(paths), auditor.knowledge.directory):
        if isinstance(document, InputProblem):
            errors.append(f"{document.source}: {document.reason}")
            continue
        doc = nlp(make_doc(nlp, document))
        frames = frames_of(doc)
        text = document.text
        for entry in by_source[paths[document.source]]:
            start, end = entry["start"], entry["end"]
            sentence = text[start:end]
            if hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12] != entry["sha1"]:
                errors.append(f"{entry['id']}: the sentence at {start}..{end} has changed")
                continue
            inside = [f for f in frames if start <= f.start < end]
            used: set[int] = set()
            for gold in entry["frames"]:
                spans = [(start + a, start + b) for a, b in locate(sentence, gold["anchor"])]
                kind = gold["type"]
                hit = None
                for index, frame in enumerate(inside):
                    if index in used or frame.type != kind:
                        continue
                    if any(frame.start < b and a < frame.end for a, b in spans):
                        hit = index
                        break
                if hit is not None:
                    used.add(hit)
                    if not gold.get("optional"):
                        tally[kind]["tp"] += 1
                        if predicted_slot(inside[hit]) == gold.get(KEY_SLOT[kind]):
                            tally[kind]["slot_ok"] += 1
                elif not gold.get("optional"):
                    tally[kind]["fn"] += 1
                    misses.append({"id": entry["id"], "type": kind, "anchor": gold["anchor"],
                                   "slot": gold.get(KEY_SLOT[kind]), "sentence": sentence})
            for index, frame in enumerate(inside):
                if index in used:
                    continue
                tally[frame.type]["fp"] += 1
                alarms.append({"id": entry["id"], "type": frame.type,
                               "words": text[frame.start:frame.end],
                               "slot": predicted_slot(frame), "sentence": sentence})
    scores = {}
    for kind, t in tally.items():
        precision = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 1.0
        recall = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[kind] = {**t, "precision": round(precision, 3), "recall": round(recall, 3),
                        "f1": round(f1, 3),
                        "slot_agreement": round(t["slot_ok"] / t["tp"], 3) if t["tp"] else None,
                        "met": precision >= TARGET_PRECISION and recall >= TARGET_RECALL}
    return {"sentences": len(entries), "scores": scores, "misses": misses, "alarms": alarms,
            "errors": errors}


def main() -> None:
    """Print the scores."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=Path, default=Path(__file__).with_name("labels.yaml"))
    parser.add_argument("--realtext", type=Path, default=REPO.parent / "shared" / "realtext")
    parser.add_argument("--details", action="store_true", help="list misses and false alarms")
    parser.add_argument("--type", help="only this frame type in --details")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--half", choices=("all", "dev", "test"), default="all",
                        help="score only the dev (even) or test (odd) sentences")
    options = parser.parse_args()
    if options.details and options.half != "dev":
        parser.error("--details lists misses to develop against: use it with --half dev")
    result = run(options.labels, options.realtext, options.half)
    if options.format == "json":
        print(json.dumps(result, indent=2))
        return
    print(f"{'type':<12} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7} "
          f"{'f1':>6} {'slot':>6}  target")
    for kind, s in result["scores"].items():
        slot = f"{s['slot_agreement']:.2f}" if s["slot_agreement"] is not None else "-"
        print(f"{kind:<12} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} {s['precision']:>9.3f} "
              f"{s['recall']:>7.3f} {s['f1']:>6.3f} {slot:>6}  {'met' if s['met'] else '-'}")
    print(f"sentences: {result['sentences']}")
    for error in result["errors"]:
        print(f"error: {error}")
    if options.details:
        for name in ("misses", "alarms"):
            print(f"\n{name}:")
            for item in result[name]:
                if options.type and item["type"] != options.type:
                    continue
                words = item.get("anchor") or item.get("words")
                print(f"  {item['id']} {item['type']:<11} [{words}] ({item['slot']})  "
                      f"| {item['sentence'][:160]}")


if __name__ == "__main__":
    main()
