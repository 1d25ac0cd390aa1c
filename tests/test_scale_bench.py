"""The archive-scale benchmark's varied copies: their text, their derived annotations and the archive's order."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from corpus import Story  # noqa: E402
from scale import Base, copy_of, parse_sizes, sequence  # noqa: E402
from sections import write_section  # noqa: E402
from variants import make_variant, renames_for, shifted, surnames  # noqa: E402

from generator.model import Annotations, Definition, Entity, Mention, Quote  # noqa: E402

TEXT = ("Ana Pérez habló con Luis Gómez en Madrid.\n\n"
        "Pérez dijo: «Gómez miente sobre Madrid».\n\n"
        "Un párrafo sin nombres que se puede quitar.\n\n"
        "Al final, Gómez respondió a Pérez.\n")


def spans(text: str, word: str) -> list[Mention]:
    found, start = [], text.find(word)
    while start >= 0:
        found.append(Mention(start, start + len(word), word))
        start = text.find(word, start + 1)
    return found


def annotations() -> Annotations:
    quote_start = TEXT.index("Gómez miente")
    whole = TEXT.index("Ana")
    return Annotations(
        entities=[Entity("Ana Pérez", "PER", ["Pérez"], [Mention(0, 9, "Ana Pérez"), *spans(TEXT, "Pérez")[1:]],
                         "Ana Pérez habló con Luis Gómez en Madrid."),
                  Entity("Luis Gómez", "PER", ["Gómez"], [Mention(20, 30, "Luis Gómez"), *spans(TEXT, "Gómez")[1:]]),
                  Entity("Madrid", "LOC", [], spans(TEXT, "Madrid"))],
        quotes=[Quote("Gómez miente sobre Madrid", "statement", quote_start, quote_start + 25, speaker="Ana Pérez",
                      speaker_mention="Pérez", cue="dijo", score=1.0),
                # A span over the whole text crosses the paragraph that a copy drops: it cannot be moved.
                Quote("everything", "scare", whole, len(TEXT) - 1)],
        definitions=[Definition("Madrid", "la capital", "Madrid es la capital.", 0, 0)],
        summary="Ana Pérez habló con Luis Gómez en Madrid.", model="test", event_words={"hablar": 1})


def test_a_copy_renames_people_drops_a_paragraph_and_moves_every_offset() -> None:
    variant = make_variant(TEXT, annotations(), renames={"Pérez": "Ortega", "Gómez": "Ruiz"}, drop=2)
    assert variant.text == ("Ana Ortega habló con Luis Ruiz en Madrid.\n\n"
                            "Ortega dijo: «Ruiz miente sobre Madrid».\n\n"
                            "Al final, Ruiz respondió a Ortega.\n")
    derived = variant.annotations
    assert [(e.name, e.aliases) for e in derived.entities] == [
        ("Ana Ortega", ["Ortega"]), ("Luis Ruiz", ["Ruiz"]), ("Madrid", [])]
    for entity in derived.entities:
        assert entity.mentions and all(variant.text[m.start:m.end] == m.text for m in entity.mentions)
    assert [m.text for m in derived.entities[0].mentions] == ["Ana Ortega", "Ortega", "Ortega"]
    assert derived.entities[0].sentence == "Ana Ortega habló con Luis Ruiz en Madrid."
    [quote] = derived.quotes
    assert variant.text[quote.start:quote.end] == quote.text == "Ruiz miente sobre Madrid"
    assert (quote.speaker, quote.speaker_mention, quote.cue) == ("Ana Ortega", "Ortega", "dijo")
    assert derived.summary == "Ana Ortega habló con Luis Ruiz en Madrid."
    assert derived.definitions == annotations().definitions and derived.event_words == {"hablar": 1}


def test_what_lay_in_the_dropped_paragraph_is_gone() -> None:
    text = "Primero.\n\nAquí está Sevilla.\n\nÚltimo.\n"
    start = text.index("Sevilla")
    found = Annotations(entities=[Entity("Sevilla", "LOC", [], [Mention(start, start + 7, "Sevilla")])])
    variant = make_variant(text, found, renames={}, drop=1)
    assert variant.text == "Primero.\n\nÚltimo.\n" and variant.annotations.entities == []


def test_a_copy_without_changes_is_the_story_itself() -> None:
    variant = make_variant(TEXT, annotations(), renames={}, drop=None)
    assert variant.text == TEXT and variant.annotations.entities == annotations().entities
    assert variant.annotations.quotes == annotations().quotes


def test_renames_are_stable_distinct_and_never_the_same_name() -> None:
    pool = ["Ortega", "Ruiz", "Pérez", "Gómez", "Vidal"]
    found = annotations()
    assert surnames(found) == ["Pérez", "Gómez"]
    first = renames_for("story", 1, found, pool)
    assert first == renames_for("story", 1, found, pool)
    assert set(first) == {"Pérez", "Gómez"} and len(set(first.values())) == 2
    assert all(old != new for old, new in first.items())
    assert any(renames_for("story", copy, found, pool) != first for copy in range(2, 6))


def test_dates_move_back_by_whole_years() -> None:
    assert shifted(date(2018, 3, 28), 3) == date(2015, 3, 28)
    assert shifted(date(2016, 2, 29), 1) == date(2015, 2, 28)
    assert shifted(None, 2) is None


def bases(count: int) -> list[Base]:
    return [Base(Story(f"s{i}", f"Historia {i} de Pérez", TEXT, "es", day=date(2018, 1, 1 + i)), annotations())
            for i in range(count)]


def test_the_archive_takes_each_real_story_once_then_copies_with_distinct_names_and_texts() -> None:
    real = bases(3)
    order = list(sequence(real, 8))
    assert [copy for _, copy in order] == [0, 0, 0, 1, 1, 1, 2, 2]
    assert {b.story.name for b, copy in order if copy == 0} == {"s0", "s1", "s2"}
    made = [copy_of(base, copy, ["Ortega", "Ruiz", "Vidal", "Pérez", "Gómez"]) for base, copy in order]
    names = [story.name for story, _ in made]
    assert len(set(names)) == len(names)
    assert len({(story.text, story.title) for story, _ in made}) == len(made)
    copy = next(story for story, _ in made if story.name == "s0-c02")
    assert copy.day == date(2016, 1, 1) and "Pérez" not in copy.title


def test_sizes_and_the_results_section(tmp_path: Path) -> None:
    assert parse_sizes("3108,777") == [777, 3108]
    results = tmp_path / "results.md"
    results.write_text("# Benchmark results\n\n## Targets\n\nkept\n", encoding="utf-8")
    write_section(results, "## Archive scale\n\nfirst\n")
    write_section(results, "## Cluster\n\nc\n")
    write_section(results, "## Archive scale\n\nsecond\n")
    assert results.read_text(encoding="utf-8") == \
        "# Benchmark results\n\n## Targets\n\nkept\n\n## Archive scale\n\nsecond\n\n## Cluster\n\nc\n"
