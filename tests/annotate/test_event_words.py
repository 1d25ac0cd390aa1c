"""Event words: the lemmas of a story's content words and the phrases they form, from the real pipelines."""

from __future__ import annotations

from generator.annotate.event_words import event_words, lemmatizer


def words(annotator, text: str, lang: str) -> dict[str, int]:
    nlp, _ = annotator.pipeline(lang)
    return event_words(nlp(text), lemmatizer(nlp))


def test_spanish_lemmas_and_phrases_across_function_words(annotator):
    found = words(annotator, "Las negociaciones del acuerdo comercial siguen. El tipo de cambio subió tras el acuerdo.",
                  "es")
    assert found["negociación"] == 1 and found["acuerdo"] == 2 and found["acuerdo comercial"] == 1
    assert found["tipo cambio"] == 1  # `de` between the two words of the phrase
    assert "comercial tipo" not in found  # a phrase never crosses a sentence end


def test_english_lemmas_and_phrases(annotator):
    found = words(annotator, "Two senators were arrested. The arrests followed a long investigation into the trade deal.",
                  "en")
    assert found["arrest"] == 2 and found["senator"] == 1 and found["trade deal"] == 1
    assert "the" not in found and "two" not in found


def test_names_are_not_event_words(annotator):
    found = words(annotator, "Vladimir Putin visitó Madrid y habló con Pedro Sánchez sobre el gasoducto.", "es")
    assert "gasoducto" in found
    assert not any(word in found for word in ("vladimir", "putin", "madrid", "pedro", "sánchez"))


def test_annotations_carry_the_event_words_and_a_long_text_in_pieces_keeps_them_all(annotator, monkeypatch):
    from generator.annotate import annotator as annotator_module

    text = "El gasoducto fue inaugurado ayer.\n\n" * 5 + "La tregua fue firmada hoy.\n"
    whole = annotator.annotate_text(text, "es")
    monkeypatch.setattr(annotator_module, "PIECE_LENGTH", 60)
    pieces = annotator.annotate_text(text, "es")
    assert whole.event_words["gasoducto"] == 5 and whole.event_words["tregua"] == 1
    assert pieces.event_words == whole.event_words
