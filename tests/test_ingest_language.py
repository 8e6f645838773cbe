"""Language check: non-English articles are reported, English ones never rejected."""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.ingest import InputProblem, load_source
from pipeline.ingest.language import detect
from pipeline.knowledge.paths import rules_dir
from tests.conftest import SHARED

NIH = (SHARED / "realtext/nih")

NON_ENGLISH = {
    "German": "Rückenschmerzen sind sehr häufig. Wenn Sie Schmerzen im oberen Rücken haben, "
              "sollten Sie sich zuerst ausruhen und dann mit leichten Übungen beginnen. Die "
              "Übungen werden langsam ausgeführt, und Sie hören auf, wenn der Schmerz stärker "
              "wird. Bei Taubheit in den Armen oder Fieber gehen Sie bitte sofort zum Arzt, "
              "denn das kann ein Zeichen für eine ernste Erkrankung sein.",
    "French": "Les douleurs du dos sont très fréquentes. Si vous avez mal entre les omoplates, "
              "reposez-vous d'abord, puis commencez des exercices doux. Faites les mouvements "
              "lentement et arrêtez si la douleur augmente. En cas de fièvre ou "
              "d'engourdissement dans les bras, consultez un médecin sans attendre, car cela "
              "peut être le signe d'une maladie grave.",
    "Spanish": "El dolor de espalda es muy común. Si usted tiene dolor entre los omóplatos, "
               "primero descanse y después empiece con ejercicios suaves. Haga los movimientos "
               "despacio y pare si el dolor aumenta. Si tiene fiebre o adormecimiento en los "
               "brazos, vaya al médico porque puede ser una señal de una enfermedad grave.",
    "Italian": "Il mal di schiena è molto comune. Se hai dolore tra le scapole, prima riposa e "
               "poi inizia con esercizi leggeri. Fai i movimenti lentamente e fermati se il "
               "dolore aumenta. In caso di febbre o formicolio alle braccia, vai dal medico, "
               "perché questo può essere il segno di una malattia grave che non si deve "
               "ignorare.",
    "Portuguese": "A dor nas costas é muito comum. Se você tem dor entre as omoplatas, descanse "
                  "primeiro e depois comece com exercícios leves. Faça os movimentos devagar e "
                  "pare quando a dor aumentar. Em caso de febre ou dormência nos braços, procure "
                  "um médico, porque isso pode ser um sinal de uma doença grave que não deve ser "
                  "ignorada.",
    "Dutch": "Rugpijn is een veelvoorkomende klacht. Als u pijn tussen de schouderbladen heeft, "
             "rust dan eerst en begin daarna met lichte oefeningen. Voer de bewegingen langzaam "
             "uit en stop als de pijn erger wordt. Bij koorts of een doof gevoel in de armen "
             "moet u naar de huisarts, want dat kan een teken zijn van een ernstige ziekte.",
    "Russian or another Cyrillic-script language":
        "Боль в спине встречается очень часто. Если у вас болит между лопатками, сначала "
        "отдохните, а затем начните с лёгких упражнений. Выполняйте движения медленно и "
        "остановитесь, если боль усиливается. При температуре или онемении рук обратитесь к "
        "врачу.",
}

SHORT_ENGLISH = [
    "Rest the knee.",
    "Die Hard is not a guide to back pain.",
    "See a GP if it hurts.",
    "Le Mans, Paris and Rome: a runner's diary of sore knees and long stretches.",
    "Pain de mie and café au lait for breakfast, then a gentle walk.",
    "Stretch slowly. Stop if it hurts. See a doctor if numbness spreads down your arm.",
    "Tai chi, qi gong und yoga: gentle movement for stiff joints.",
    "Das Boot and Der Untergang are long films; stretch during the break.",
    "La dolce vita: olive oil, fresh fish and a daily walk.",
    "Ich bin ein Berliner, said Kennedy, and then he walked on.",
]

ONE_SENTENCE = {
    "German": "Wenn Sie Schmerzen im oberen Rücken haben, sollten Sie sich zuerst ausruhen.",
    "French": "Si vous avez mal au dos, reposez-vous et consultez un médecin.",
    "Spanish": "Si usted tiene dolor de espalda, descanse y vaya al médico.",
}


@pytest.mark.parametrize("language", sorted(NON_ENGLISH))
def test_non_english_is_reported(language: str) -> None:
    text = NON_ENGLISH[language]
    assert detect(text, rules_dir()).language == language
    items = list(load_source("article.txt", text.encode("utf-8"), "text", rules_dir()))
    assert isinstance(items[0], InputProblem)
    assert items[0].code == "language"
    assert items[0].reason.startswith(f"unsupported language (looks like {language})")


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_is_never_rejected(text: str) -> None:
    items = list(load_source("a.txt", text.encode(), "text", rules_dir()))
    assert isinstance(items[0], Document)


@pytest.mark.parametrize("language", sorted(ONE_SENTENCE))
def test_one_sentence_in_another_language_is_reported(language: str, tmp_path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    path = tmp_path / "kurz.txt"
    path.write_text(ONE_SENTENCE[language] + "\n", encoding="utf-8")
    items = list(load_source(str(path), path.read_bytes(), "text", rules_dir()))
    assert isinstance(items[0], InputProblem) and items[0].code == "language"
    result = CliRunner().invoke(main, ["audit", str(path), "--no-cache"])
    assert result.exit_code == 2
    assert f"unsupported language (looks like {language})" in result.stdout
    assert "no findings" not in result.stdout


def test_english_with_a_quoted_foreign_sentence() -> None:
    text = ("Many readers asked about a German leaflet that says 'Bei Schmerzen sollten Sie "
            "sofort aufhören'. It means you should stop at once if it hurts, which is good "
            "advice for any exercise. Start slowly, keep the movement small, and see a doctor "
            "if the pain does not settle within a few weeks or if you feel numbness.")
    assert detect(text, rules_dir()).language == "English"


@pytest.mark.skipif(not NIH.is_dir(), reason="NIH texts not available")
def test_no_nih_article_is_rejected() -> None:
    paths = sorted(NIH.glob("*.txt"))
    assert len(paths) == 150
    rejected = [p.name for p in paths
                if detect(p.read_text(encoding="utf-8"), rules_dir()).language != "English"]
    assert rejected == []

# The 25 real pages: test_ingest_html.test_real_pages_extract_close_to_expected_text loads
# every one of them as a Document, so none is taken for another language.
