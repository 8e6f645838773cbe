#!/usr/bin/env python3
"""Write ``rules/lexicon/uberon.yaml``: human anatomy names from UBERON, for medlint.

A build-time tool. It reads the UBERON release bundled (as zstd-compressed JSON) with the
``cellxgene-ontology-guide`` package and keeps the terms a consumer health article may name:
organs, glands, named vessels, nerves, muscles, bones, joints, ligaments, tendons,
cartilages, cavities, layers, sense organs and their parts, teeth and mouth, skin,
digestive, urinary, reproductive and pregnancy structures, endocrine glands and the
divisions of the nervous system. It leaves out terms that only make sense in other species,
embryonic and developmental structures, cell-level terms and very fine structures.

Each term is written with its id, label, exact synonyms (lower case), its is_a and part_of
parents, and ``concept``: the medlint anatomy concept (``rules/anatomy/*.yaml``) that has
one of its names, or null.

The bundled JSON keeps only the label, the exact synonyms and the ancestors (is_a and
part_of together, with their distance), so: there are no related synonyms to copy, and the
direct parents (distance 1) are split into is_a and part_of by the rule in ``split_parents``
(a parent that names a kind of structure is is_a; a parent that names a whole, a region or a
system is part_of). The split is an inference, documented in the output.

Usage::

    /work/venv/bin/python tools/build_uberon_names.py           # rewrite rules/lexicon/uberon.yaml
    /work/venv/bin/python tools/build_uberon_names.py --check   # exit 1 if it would change
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "rules" / "lexicon" / "uberon.yaml"
ANATOMY = ROOT / "rules" / "anatomy"
VERSION = "v2026-04-01"  # the UBERON release the package lists as latest
FILE = f"UBERON-ontology-{VERSION}.json.zst"

ANATOMICAL_STRUCTURE = "UBERON:0000061"
# Subtrees left out: embryonic and developing structures, the embryo, extraembryonic
# structures other than those of a human pregnancy (kept by name below), cell parts,
# acellular and anatomical-space terms below the level an article names.
EXCLUDED_ANCESTORS = {
    "UBERON:0002050": "embryonic structure",
    "UBERON:0005423": "developing anatomical structure",
    "UBERON:0000922": "embryo",
    "UBERON:0006598": "presumptive structure",
    "UBERON:0001048": "primordium",
    "UBERON:0000478": "extraembryonic structure",
}
KEEP_DESPITE_EXCLUSION = {"placenta", "umbilical cord", "amnion", "chorion", "amniotic fluid",
                          "amniotic sac", "yolk sac", "fetal membrane"}
# Words of labels and synonyms that mark a term as belonging to other species, to embryos
# or to the microscopic level.
NOT_HUMAN = re.compile(
    r"\b(fin|fins|gill|gills|scale|scales|feather|feathers|beak|hoof|hooves|horn|antler|"
    r"swim bladder|gizzard|crop|cloaca|cloacal|tentacle|vibrissa|vibrissae|whisker|comb|"
    r"wattle|rumen|reticulum|omasum|abomasum|proventriculus|carapace|plastron|spur|"
    r"marsupial|pouch|avian|amniote|teleost|insect|reptile|reptilian|amphibian|fish|"
    r"mouse|murine|rodent|bird|chicken|zebrafish|xenopus|turtle|snake|lizard|whale|"
    r"bovine|equine|canine|porcine|ovine|feline|primate|vertebrate|tetrapod|zona|"
    r"caudal fin|tail|udder|teat|hump|blubber|baleen|trunk of elephant|syrinx|cere|"
    r"forestomach|pedipalp|egg tooth|vomerine|procoracoid|intermedium|lunge feeding|"
    r"notochord|lateral line|electric organ|head kidney|"
    r"pronephros|mesonephros|mesonephric|pronephric|nephrostome|ampulla of lorenzini|"
    r"embryo|embryonic|fetal|foetal|primordium|primordial|rudiment|anlage|bud|placode|"
    r"primitive|future|presumptive|larval|larva|somite|mesenchyme|mesoderm|endoderm|"
    r"ectoderm|blastema|neural crest|neural plate|neural fold|germ|pharyngeal arch|"
    r"branchial|ridge of|anlagen|cell|cells|cellular|nucleus of cell|organelle|"
    r"epithelium|epithelial|endothelium|mesothelium|stroma|parenchyma|matrix|"
    r"basal lamina|basement membrane|lamina|stratum|zone|sulcus|gyrus|tubule|acinus|"
    r"alveolus|crypt|villus|microvillus|glomerulus|follicle of|islet|lobule|"
    r"capillary bed|sinusoid|trabecula|osteon|haversian|canaliculus|fibre|fiber|"
    r"tract of|fasciculus|lemniscus|commissure|decussation|nucleus|nuclei|"
    r"subdivision|segment|compartment|region of|part of|portion of|surface of|"
    r"wall of|lumen of|cavity of|layer of|element|skeletal element|ossification|"
    r"anatomical|entity|structure|system element|cluster|set|group|collection)\b")
# Heads that name a structure an article names by type: a term whose label (or a synonym)
# ends in one of them is kept even when WordNet does not know it.
HEADS = re.compile(
    r"\b(organ|gland|artery|arteries|vein|veins|nerve|nerves|muscle|muscles|bone|bones|"
    r"joint|ligament|tendon|cartilage|cavity|sinus|duct|valve|lobe|ventricle|atrium|"
    r"vertebra|rib|tooth|teeth|incisor|canine tooth|molar|premolar|plexus|ganglion|"
    r"membrane|sphincter|canal|fascia|bursa|meniscus|disc|disk|tract|cord|node|"
    r"lymph node|tonsil|lung|kidney|bladder|ureter|urethra|uterus|ovary|testis|"
    r"prostate|placenta|brain|cerebrum|cerebellum|spinal cord|eye|ear|nose|tongue|lip|"
    r"skin|hair|nail|breast|nipple|heart|liver|pancreas|spleen|stomach|intestine|colon|"
    r"rectum|anus|oesophagus|esophagus|larynx|pharynx|trachea|bronchus|aorta|system|"
    r"skull|pelvis|spine|retina|cornea|lens|iris|pupil|eardrum|cochlea|palate|gum|"
    r"epidermis|dermis|hypodermis|aponeurosis|retinaculum|septum|diaphragm|pleura|"
    r"peritoneum|pericardium|meninges|dura mater|arachnoid|pia mater|umbilical cord|"
    r"amnion|chorion|vagina|vulva|penis|scrotum|cervix|fallopian tube|oviduct|"
    r"epididymis|appendix|gallbladder|thymus|thyroid|adrenal|pituitary|hypothalamus|"
    r"thalamus|brainstem|medulla oblongata|pons|midbrain|hippocampus|amygdala|cortex)$")
MAX_WORDS = 5
HUMAN_ID_RANGES = {"0", "1", "8"}


def load_uberon(path: Path) -> dict[str, dict[str, Any]]:
    """The UBERON terms of the cellxgene-ontology-guide JSON."""
    import zstandard

    with path.open("rb") as handle:
        raw = zstandard.ZstdDecompressor().stream_reader(handle).read()
    return json.loads(raw)


def default_path() -> Path:
    """The bundled UBERON file."""
    import cellxgene_ontology_guide

    return Path(cellxgene_ontology_guide.__file__).parent / "data" / FILE


def wordnet_body_words() -> set[str]:
    """Every lemma of WordNet's noun.body file (Debian's data.noun), lower case."""
    words: set[str] = set()
    path = Path("/usr/share/wordnet/data.noun")
    if not path.is_file():
        return words
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        if len(fields) < 5 or fields[1] != "08":  # 08: noun.body in lexnames order
            continue
        count = int(fields[3], 16)
        for i in range(count):
            words.add(fields[4 + 2 * i].replace("_", " ").lower())
    return words


def concept_names(directory: Path) -> dict[str, str]:
    """The anatomy concepts of medlint by name: {name: concept id} (first file, first concept)."""
    names: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        for concept in data.get("concepts") or []:
            for name in concept.get("names") or []:
                names.setdefault(str(name).lower(), concept["id"])
    return names


def term_names(term: dict[str, Any]) -> list[str]:
    """Label and exact synonyms, lower case, without duplicates (label first)."""
    out: list[str] = []
    for name in [term["label"], *(term.get("synonyms") or [])]:
        name = " ".join(str(name).lower().split())
        if name and name not in out:
            out.append(name)
    return out


def human_relevant(tid: str, term: dict[str, Any], body: set[str], concepts: dict[str, str],
                   terms: dict[str, dict[str, Any]]) -> bool:
    """Whether an article for people could name this term (see the module docstring)."""
    if term.get("deprecated") or not tid.startswith("UBERON:"):
        return False
    # ids from 2000000 on came from the zebrafish, amphibian, skeletal and insect
    # ontologies merged into UBERON: none is a human structure
    if tid[len("UBERON:")] not in HUMAN_ID_RANGES:
        return False
    names = term_names(term)
    label = names[0]
    if NOT_HUMAN.search(label):
        return False
    if label.count(" of ") > 1 or ("lymph node" in label and len(label.split()) > 3):
        return False
    if any(n in concepts for n in names if len(n) > 3):
        return True
    ancestors = term.get("ancestors") or {}
    if ANATOMICAL_STRUCTURE not in ancestors and tid != ANATOMICAL_STRUCTURE:
        return False
    if label not in KEEP_DESPITE_EXCLUSION and any(a in ancestors for a in EXCLUDED_ANCESTORS):
        return False
    if len(label.split()) > MAX_WORDS or (re.search(r"\d", label) and not re.search(
            r"\b(vertebra|rib|nerve|molar|premolar|incisor|metacarpal|metatarsal)\b", label)):
        return False
    return any(n in body for n in names) or bool(HEADS.search(label))


KIND_HEADS = re.compile(
    r"\b(organ|gland|bone|muscle|artery|vein|nerve|vessel|tissue|structure|entity|element|"
    r"zone|region|segment|cavity|space|duct|valve|joint|ligament|tendon|cartilage|"
    r"membrane|sphincter|lobe|sinus|plexus|ganglion|node|tube|canal|layer|fascia|"
    r"conduit|tract|appendage|protuberance|process|projection|feature|system)$")


def head(label: str) -> str:
    """The head noun of a label: the last word before " of " ("wall of heart" -> wall)."""
    return label.split(" of ")[0].split()[-1] if label.split() else label


def split_parents(term: dict[str, Any], terms: dict[str, dict[str, Any]]
                  ) -> tuple[list[str], list[str]]:
    """Direct parents (ancestor distance 1), split into is_a and part_of.

    The bundled JSON merges the two relations. A parent is taken as is_a when it names a
    kind: its head noun is the term's own head ("left ventricle" is a "cardiac ventricle")
    or a type word (organ, gland, bone, muscle, artery, structure ...) and it is not a
    system; otherwise (a whole, a region, a system: "heart", "abdomen", "digestive
    system") it is part_of.
    """
    own = head(term["label"].lower())
    is_a: list[str] = []
    part_of: list[str] = []
    for pid, distance in sorted((term.get("ancestors") or {}).items()):
        if distance != 1 or pid not in terms:
            continue
        plabel = terms[pid]["label"].lower()
        phead = head(plabel)
        if plabel.endswith("system") and not term["label"].lower().endswith("system"):
            part_of.append(pid)
        elif phead == own or KIND_HEADS.search(plabel.split(" of ")[0]):
            is_a.append(pid)
        else:
            part_of.append(pid)
    return is_a, part_of


class _Flow(list):  # type: ignore[type-arg]
    """A list written in flow style."""


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))

HEADER = f"""\
medlint lexicon: human anatomy names from UBERON {VERSION} (CC BY 3.0, see ATTRIBUTION.md).
GENERATED by tools/build_uberon_names.py; do not edit by hand.
Shape: {{source, version, terms: [{{id, label, synonyms, is_a, part_of, concept}}]}}
  synonyms: UBERON's exact synonyms, lower case (the bundled release carries no related
            synonyms)
  is_a, part_of: the term's direct parents (ids), split by an inference: the bundled
            release merges the two relations (see split_parents in the tool)
  concept:  the medlint anatomy concept (rules/anatomy/*.yaml) one of whose names is one of
            the term's names, or null
Terms kept: structures an article for people may name (organs, glands, named vessels,
nerves, muscles, bones, joints, ligaments, tendons, cartilages, cavities, layers, sense
organs, teeth and mouth, skin, digestive, urinary, reproductive and pregnancy structures,
endocrine glands, nervous system divisions); left out: other species, embryonic and
developmental structures, cell-level and very fine structures.
"""


def build(path: Path) -> str:
    """The text of uberon.yaml."""
    terms = load_uberon(path)
    body = wordnet_body_words()
    concepts = concept_names(ANATOMY)
    kept = [tid for tid in sorted(terms)
            if human_relevant(tid, terms[tid], body, concepts, terms)]
    out = []
    for tid in kept:
        term = terms[tid]
        names = term_names(term)
        is_a, part_of = split_parents(term, terms)
        concept = next((concepts[n] for n in names if n in concepts and len(n) > 3), None)
        if concept is None and names[0] in concepts:
            concept = concepts[names[0]]
        out.append({
            "id": tid,
            "label": names[0],
            "synonyms": _Flow(n for n in names[1:] if not NOT_HUMAN.search(n)),
            "is_a": _Flow(is_a),
            "part_of": _Flow(part_of),
            "concept": concept,
        })
    stream = io.StringIO()
    for line in HEADER.strip("\n").splitlines():
        stream.write(f"# {line}".rstrip() + "\n")
    yaml.dump({
        "source": f"UBERON {VERSION} (CC BY 3.0), from the cellxgene-ontology-guide package",
        "version": VERSION,
        "terms": out,
    }, stream, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
        default_flow_style=False)
    return stream.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uberon", type=Path, default=None,
                        help=f"UBERON JSON (.json.zst); default: {FILE} from the "
                             "cellxgene-ontology-guide package")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="output file (default: %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the file would change")
    args = parser.parse_args(argv)
    text = build(args.uberon or default_path())
    current = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
    if current == text:
        print("uberon.yaml up to date")
        return 0
    if args.check:
        print(f"would change {args.out}")
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
