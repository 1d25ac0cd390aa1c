"""The evaluation's matching rules, on hand-made predictions (no NLP)."""

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.evaluate.score import GoldArticle, evaluate, match_quotes, score, speaker_matches
from generator.model import Annotations, Article, Entity, Quote


def gold(quotes, entities) -> GoldArticle:
    article = Article(path=Path("x"), slug="x", title="x", lang="es", body="", body_line=1)
    return GoldArticle("x#1", "es", quotes, entities, article)


def q(text, speaker=None, kind="statement"):
    return Quote(text, kind, 0, len(text), speaker=speaker)


def test_speaker_matching_is_case_insensitive_and_accepts_surnames():
    assert speaker_matches("dmitry peskov", "Dmitry Peskov")
    assert speaker_matches("Peskov", "Dmitry Peskov")
    assert speaker_matches("Andrés Manuel López Obrador", "López Obrador")
    assert speaker_matches("Chen", "Chen Mingjun")
    assert not speaker_matches("Putin", "Dmitry Peskov")
    assert not speaker_matches("el funcionario", "un funcionario de la Casa Blanca")
    assert not speaker_matches(None, "Horn")
    assert speaker_matches("Peter Morgan", "Mr. Morgan of the Sierra Club")  # a name and its affiliation


def test_quotes_match_on_80_percent_of_the_gold_characters_ignoring_marks_and_spaces():
    g = gold([{"text": "Los problemas en la agenda son muy complejos", "kind": "statement", "speaker": "Dmitry Peskov"},
              {"text": "líneas rojas", "kind": "scare", "speaker": None}], [])
    predicted = Annotations(quotes=[q("«Los  problemas en la agenda son muy complejo»", "Peskov"), q("otra cosa"),
                                    q("líneas rojas", kind="scare")])
    counts = score(predicted, g)
    assert (counts.quotes_matched, counts.quotes_pred, counts.quotes_gold) == (2, 3, 2)
    assert counts.statements_matched == 1 and counts.speakers_right == 1
    assert round(counts.quote_precision, 3) == 0.667 and counts.quote_recall == 1.0


def test_a_gold_of_statements_only_does_not_judge_a_predicted_term_it_does_not_list():
    g = gold([{"text": "We will rebuild every bridge in this state", "kind": "statement", "speaker": "Ann Lee"}], [])
    predicted = Annotations(quotes=[q("We will rebuild every bridge in this state", "Ann Lee"),
                                    q("bridge to nowhere", kind="scare"), q("a statement nobody attributed")])
    both = score(predicted, g)
    assert both.quotes_unjudged == 0 and round(both.quote_precision, 3) == 0.333
    statements = score(predicted, g, statements_only=True)
    assert statements.quotes_unjudged == 1 and statements.quote_precision == 0.5  # the extra statement still counts
    assert not any("bridge to nowhere" in m for m in statements.misses)


def test_a_quote_covering_less_than_80_percent_does_not_match():
    g = gold([{"text": "Estamos en un momento crítico y necesitamos más compromiso", "kind": "statement",
               "speaker": "x"}], [])
    counts = score(Annotations(quotes=[q("Estamos en un momento crítico")]), g)
    assert counts.quotes_matched == 0 and counts.quote_f1 == 0.0


def test_entities_match_by_any_name_or_alias_and_types_are_checked():
    g = gold([], [{"name": "Dmitry Peskov", "type": "PER", "aliases": ["Peskov"]},
                  {"name": "Kremlin", "type": "ORG", "aliases": []},
                  {"name": "OTAN", "type": "ORG", "aliases": []}])
    predicted = Annotations(entities=[Entity("Peskov", "PER"), Entity("Kremlin", "LOC"), Entity("Según", "PER")])
    counts = score(predicted, g)
    assert counts.entities_pred_matched == 2 and counts.entities_pred == 3
    assert counts.entities_gold_matched == 2 and counts.entities_gold == 3
    assert counts.types_right == 1 and counts.type_accuracy == 0.5


def test_quotes_are_matched_one_to_one_as_many_as_possible():
    # the short gold quotation is found inside both predictions; it must not take the long one's only match
    g = gold([{"text": "nadie puede estar contento", "kind": "statement", "speaker": "Ochoa"},
              {"text": "Estoy tranquilo y nadie puede estar contento, así es el fútbol", "kind": "statement",
               "speaker": "Ochoa"}], [])
    predicted = Annotations(quotes=[q("Estoy tranquilo y nadie puede estar contento, así es el fútbol", "Ochoa"),
                                    q("nadie puede estar contento", "Ochoa")])
    counts = score(predicted, g)
    assert counts.quotes_matched == 2 and counts.speakers_right == 2


def test_a_short_gold_quote_prefers_the_prediction_closest_in_length():
    predicted = ["contra los asiáticos en su retórica y otros", "con su retórica"]
    assert match_quotes(["con su retórica"], predicted) == {0: 1}


def test_a_one_word_quote_never_matches_a_long_one_that_only_holds_its_letters():
    long = ("el partido presentó una demanda ante el tribunal por las noticias emitidas sin rectificación en su "
            "propio espacio")
    assert match_quotes(["erróneas"], [long]) == {}  # its letters are all there, one by one
    assert match_quotes(["erróneas", long], [long, "errónea"]) == {0: 1, 1: 0}


def test_a_statement_whose_gold_names_no_speaker_is_not_scored_for_speaker():
    g = gold([{"text": "We will win this election", "kind": "statement", "speaker": None},
              {"text": "The plan is ready", "kind": "statement", "speaker": "Ana Ruiz"}], [])
    counts = score(Annotations(quotes=[q("We will win this election", "Somebody"), q("The plan is ready", "Ruiz")]), g)
    assert counts.quotes_matched == 2
    assert counts.statements_matched == 1 and counts.speakers_right == 1


def test_a_gold_speaker_that_is_only_a_verb_of_speech_is_not_scored():
    g = gold([{"text": "We will win this election", "kind": "statement", "speaker": "said"},
              {"text": "The plan is ready", "kind": "statement", "speaker": "Ana Ruiz"}], [])
    counts = score(Annotations(quotes=[q("We will win this election", "Ana Ruiz"), q("The plan is ready", "Ruiz")]), g)
    assert counts.statements_matched == 1 and counts.speakers_right == 1


def write_gold_set(root: Path, name: str, with_entities: bool) -> Path:
    """A gold file under root/gold whose article (my own text) lies under root/data."""
    (root / "data").mkdir(exist_ok=True)
    (root / "gold").mkdir(exist_ok=True)
    (root / "data" / f"{name}.txt").write_text(
        "Una historia\n\n«El puente estará listo en mayo», dijo la alcaldesa Marta Gil en Sevilla.\n", encoding="utf-8")
    item = {"ref": f"{name}.txt", "language": "es",
            "quotes": [{"text": "El puente estará listo en mayo", "speaker": "Marta Gil", "kind": "statement"}]}
    if with_entities:
        item["entities"] = [{"name": "Marta Gil", "type": "PER", "aliases": []},
                            {"name": "Sevilla", "type": "LOC", "aliases": []}]
    path = root / "gold" / f"{name}.json"
    path.write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8")
    return path


def test_eval_scores_every_gold_file_of_a_folder_in_one_table(tmp_path, annotator, monkeypatch):
    write_gold_set(tmp_path, "alpha", with_entities=True)
    write_gold_set(tmp_path, "beta", with_entities=False)
    monkeypatch.setattr("generator.annotate.Annotator", lambda: annotator)
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "gold"), "--json", str(tmp_path / "figures.json")])
    assert result.exit_code == 0, result.output
    header, alpha, beta = result.output.splitlines()[:3]
    assert header.split()[:4] == ["set", "articles", "quotes", "scored"]
    assert alpha.split()[:4] == ["alpha", "1", "1", "1"] and beta.split()[:4] == ["beta", "1", "1", "1"]
    assert "–" not in alpha and beta.split()[-3:] == ["–", "–", "–"]
    figures = json.loads((tmp_path / "figures.json").read_text())
    assert figures["alpha"]["speaker_acc"] == 1.0 and figures["beta"]["entity_p"] is None
    assert figures["alpha"]["entity_r"] == 1.0


def test_eval_of_a_missing_or_empty_folder_is_a_message(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "empty")])
    assert result.exit_code == 1 and "no gold files (*.json) in this folder" in result.output


def test_a_source_written_with_title_and_apposition_matches_the_name_in_it():
    assert speaker_matches("Tom Reyes", "Mr. Reyes")
    assert speaker_matches("Ana Lee", "Sen. Ana Lee (D-Ohio)")
    assert speaker_matches("Ana Lee", "Ana Lee, a lawyer for the city, who has followed the case")
    assert speaker_matches("Carl Ward", "the Rev. Carl Ward, of First Church")
    assert speaker_matches("Ana Lee", "the mayor's sister, Ana Lee, 25,")
    assert speaker_matches("María Gil", "la Sra. María Gil")
    assert not speaker_matches("Ohio", "Sen. Ana Lee (D-Ohio)")
    assert not speaker_matches("Tom Reyes", "Mrs. Reyes's lawyer")
    assert not speaker_matches("the city", "Ana Lee, a lawyer for the city")
    assert not speaker_matches("Mr. Reyes", "Mr. Ortiz")
    # a description that leads up to the name, a nickname inside it
    assert speaker_matches("Ana Lee", "committee Chairman Rep. Ana Lee (D-Ohio)")
    assert speaker_matches('Jo "Jojo" Price', 'the mayor\'s niece, state Del. Jo "Jojo" Price (D-Ohio),')
    assert not speaker_matches("Ana Lee", "committee aides to Rep. Ana Lee's chief of staff")
    assert not speaker_matches("Gary Hunt", "candidate Gary Hunt's doctor")
    assert speaker_matches("Jo Price", 'state Del. Jo "Jojo" Price (D-Ohio)')
    assert speaker_matches("Ana Lee", "Ana Lee’s") and not speaker_matches("Ana Lee", "Ana Lee’s doctor")
    assert not speaker_matches("George Bush", "George H. W. Bush")


def test_a_name_matches_a_gold_description_only_when_the_article_gives_that_person_the_role():
    from generator.evaluate.roles import described_as, description_head

    text = ("Vermont Sen. Jane Doyle spoke first. Mayor Peter Quill agreed. Ann Lee, the city's treasurer, "
            "disagreed. Tom Hart, a friend of the mayor, left. The governor thanked Rob Stone.")
    people = [Entity("Jane Doyle", "PER", ["Doyle"]), Entity("Peter Quill", "PER", ["Quill"]),
              Entity("Ann Lee", "PER", ["Lee"]), Entity("Tom Hart", "PER"), Entity("Rob Stone", "PER")]
    assert description_head("the Vermont senator") == "senator" and description_head("Jane Doyle") is None
    assert described_as("Jane Doyle", "the Vermont senator", text, people)
    assert described_as("Peter Quill", "the mayor", text, people)
    assert described_as("Ann Lee", "the treasurer", text, people)
    assert not described_as("Tom Hart", "the mayor", text, people)  # a friend of the mayor is not the mayor
    assert not described_as("Rob Stone", "the governor", text, people)  # the governor thanked him
    assert not described_as("Ann Lee", "the mayor", text, people)


def test_a_surname_two_people_share_proves_no_role_and_an_organisation_is_named_by_its_head_noun():
    from generator.evaluate.roles import described_as

    text = "President Obama spoke. Later Michelle Obama spoke too. Ask President Barack Obama."
    people = [Entity("Barack Obama", "PER", ["Obama"]), Entity("Michelle Obama", "PER", ["Obama"]),
              Entity("Commission on Public Debates", "ORG")]
    assert described_as("Barack Obama", "the president", text, people)  # by the full name
    assert not described_as("Michelle Obama", "the president", text, people)
    assert not described_as("Barack Obama", "the president", "President Obama spoke. Michelle Obama too.", people)
    assert described_as("Commission on Public Debates", "the commission", "", people)
    assert not described_as("Commission on Public Debates", "the court", "", people)


def test_scoring_uses_the_article_to_accept_a_name_for_a_description():
    g = gold([{"text": "We will rebuild the bridge", "kind": "statement", "speaker": "the mayor"}], [])
    predicted = Annotations(quotes=[q("We will rebuild the bridge", "Peter Quill")], entities=[Entity("Peter Quill", "PER")])
    assert score(predicted, g, "Mayor Peter Quill visited.").speakers_right == 1
    assert score(predicted, g, "Peter Quill visited.").speakers_right == 0


def test_a_set_that_marks_no_quotation_a_term_leaves_predicted_terms_unjudged(tmp_path, annotator):
    (tmp_path / "data").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "data" / "a.txt").write_text(
        "Una historia\n\n«El puente estará listo en mayo», dijo la alcaldesa Marta Gil sobre el barrio "
        "'La Isleta Vieja'.\n", encoding="utf-8")
    (tmp_path / "data" / "b.txt").write_text("Otra historia\n\nEl grupo 'Luna Roja' tocó en Vigo.\n", encoding="utf-8")
    statement = {"text": "El puente estará listo en mayo", "speaker": "Marta Gil", "kind": "statement"}
    item_a = {"ref": "a.txt", "language": "es", "quotes": [statement]}
    item_b = {"ref": "b.txt", "language": "es", "quotes": [{"text": "Luna Roja", "speaker": None, "kind": "scare"}]}
    only = tmp_path / "gold" / "only.json"
    only.write_text(json.dumps([item_a]), encoding="utf-8")
    both = tmp_path / "gold" / "both.json"
    both.write_text(json.dumps([item_a, item_b]), encoding="utf-8")
    statements = evaluate(only, annotator).total
    assert statements.quotes_unjudged == 1 and statements.quote_precision == 1.0
    terms_too = evaluate(both, annotator).total
    assert terms_too.quotes_unjudged == 0 and terms_too.quote_precision < 1.0
