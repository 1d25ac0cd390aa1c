import json

from generator.sources.clean import CleanRules, clean_text
from conftest import GOLD, SEED


def seed_body() -> str:
    return SEED.read_text(encoding="utf-8").split("\n", 1)[1]


def test_seed_boilerplate_removed_exactly_as_gold():
    gold = json.loads((GOLD / "seed.json").read_text(encoding="utf-8"))
    text, removed = clean_text(seed_body(), "es")
    assert removed == gold["boilerplate"]
    for line in gold["boilerplate"]:
        assert line not in text
    # Names that only occur in the removed lines are gone from the text the NLP sees.
    for name in ("James Comey", "McCabe", "FBI", "Trump", "Deja una respuesta"):
        assert name not in text


def test_article_text_is_kept_intact():
    text, _ = clean_text(seed_body(), "es")
    assert text.startswith("Según el ejecutivo, Putin exigió la invitación")
    assert text.rstrip().endswith("Anna Chernova de CNN en Moscú contribuyó al reportaje.")
    assert "\n\n\n" not in text


def test_tail_rule_removes_everything_after_the_comment_form():
    body = "Primer párrafo.\n\nDeja una respuesta\n\nNombre *\n\nCorreo electrónico *\n"
    text, removed = clean_text(body, "es")
    assert text == "Primer párrafo.\n"
    assert removed == ["Deja una respuesta", "Nombre *", "Correo electrónico *"]


def test_rules_are_language_aware():
    body = "A paragraph.\n\nLeave a Reply\n\nDeja una respuesta\n"
    english, removed_en = clean_text(body, "en")
    assert removed_en == ["Leave a Reply", "Deja una respuesta"]
    spanish, removed_es = clean_text(body, "es")
    assert "Leave a Reply" in spanish and removed_es == ["Deja una respuesta"]


def test_a_sentence_that_merely_starts_like_boilerplate_stays():
    body = "READ the full report, said the minister.\n\nDeja una respuesta clara, pidió el juez.\n"
    text, removed = clean_text(body, "es")
    assert removed == []
    assert "READ the full report" in text and "Deja una respuesta clara" in text


def test_rules_from_config_extend_the_built_in_ones():
    body = "Texto.\n\nPublicidad\n\nMás texto.\n\n-- Fin del boletín --\nfirma\n"
    rules = CleanRules(line_patterns=(r"Publicidad",), tail_patterns=(r"-- Fin del boletín --",))
    text, removed = clean_text(body, "es", rules)
    assert text == "Texto.\n\nMás texto.\n"
    assert removed == ["Publicidad", "-- Fin del boletín --", "firma"]


def test_a_social_link_line_is_boilerplate_even_inside_quotation_marks():
    body = ('"He said it twice."\n\n"Follow Jo Smith on Twitter @josmith."\n\nFollow us on Facebook\n\n'
            "Readers follow the campaign on Twitter every day.\n")
    text, removed = clean_text(body, "en")
    assert removed == ['"Follow Jo Smith on Twitter @josmith."', "Follow us on Facebook"]
    assert "Readers follow the campaign on Twitter every day." in text
    cuerpo = "Texto.\n\nSíguenos en Twitter: @diario\n\nSigue a Ana Ruiz en Instagram\n\nSigue en Twitter la votación, pidió.\n"
    texto, quitadas = clean_text(cuerpo, "es")
    assert quitadas == ["Síguenos en Twitter: @diario", "Sigue a Ana Ruiz en Instagram"]
    assert "Sigue en Twitter la votación, pidió." in texto
