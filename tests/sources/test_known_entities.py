"""`content/entities.toml`: authored names, checked with `path:line` messages, fed to the entity ruler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.annotate import Annotator
from generator.errors import Report
from generator.sources.known_entities import load_known_entities
from generator.model import GlossaryEntry, KnownEntity

VALID = """\
# people and institutions the model gets wrong
[[entity]]
name = "Organización del Tratado del Atlántico Norte"
type = "ORG"
aliases = ["OTAN", "NATO"]

[[entity]]
name = "Dmitry Peskov"
type = "PER"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "entities.toml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(report: Report) -> list[str]:
    return [str(problem) for problem in report.errors]


def test_entities_are_read_with_their_type_and_aliases(tmp_path: Path) -> None:
    report = Report()
    found = load_known_entities(write(tmp_path, VALID), report)
    assert found == [
        KnownEntity("Organización del Tratado del Atlántico Norte", "ORG", ["OTAN", "NATO"]),
        KnownEntity("Dmitry Peskov", "PER", []),
    ]
    assert not report.errors


def test_a_missing_file_means_no_authored_entities(tmp_path: Path) -> None:
    report = Report()
    assert load_known_entities(tmp_path / "entities.toml", report) == []
    assert not report.errors


def test_unknown_key_is_an_error_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    report = Report()
    path = write(tmp_path, VALID + '\n[[entity]]\nname = "Kremlin"\ntype = "ORG"\nalias = ["Moscú"]\n')
    found = load_known_entities(path, report)
    assert [k.name for k in found] == ["Organización del Tratado del Atlántico Norte", "Dmitry Peskov"]
    assert messages(report) == [f"{path}:14: unknown key 'alias' (did you mean 'aliases'?)"]


def test_unknown_type_names_the_types_and_maps_other_tools_labels(tmp_path: Path) -> None:
    report = Report()
    path = write(tmp_path, '[[entity]]\nname = "Biden"\ntype = "PERSON"\n\n[[entity]]\nname = "X"\ntype = "THING"\n')
    assert load_known_entities(path, report) == []
    first, second = messages(report)
    assert first.startswith(f"{path}:3: 'Biden': unknown type 'PERSON' (did you mean 'PER'?")
    assert second.startswith(f"{path}:7: 'X': unknown type 'THING' (the types are PER, ORG, LOC, MISC)")


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    report = Report()
    path = write(tmp_path, '[[entity]]\nname = "Peskov\ntype = "PER"\n')
    assert load_known_entities(path, report) == []
    [message] = messages(report)
    assert message.startswith(f"{path}:2: invalid TOML")


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    report = Report()
    text = (
        '[[entity]]\ntype = "PER"\n\n'  # no name
        '[[entity]]\nname = "OTAN"\ntype = "ORG"\naliases = "NATO"\n\n'  # aliases not a list
        '[[entity]]\nname = "Putin"\ntype = "PER"\n\n'
        '[entities]\n'  # a table the file does not have
    )
    path = write(tmp_path, text)
    found = load_known_entities(path, report)
    assert [k.name for k in found] == ["Putin"]
    assert messages(report) == [
        f"{path}:13: unknown table or key 'entities' (entities are listed as [[entity]] tables)",
        f"{path}:1: an entity needs a non-empty `name` (add name = \"...\" to this [[entity]])",
        f"{path}:7: 'OTAN': `aliases` must be a list of names (write aliases = [\"...\", \"...\"])",
    ]


def test_a_name_given_to_two_entities_is_an_error(tmp_path: Path) -> None:
    report = Report()
    text = VALID + '\n[[entity]]\nname = "North Atlantic Treaty Organization"\ntype = "ORG"\naliases = ["NATO"]\n'
    path = write(tmp_path, text)
    found = load_known_entities(path, report)
    assert [k.name for k in found] == ["Organización del Tratado del Atlántico Norte", "Dmitry Peskov"]
    assert messages(report) == [
        f"{path}:14: 'NATO' names both 'Organización del Tratado del Atlántico Norte' and "
        "'North Atlantic Treaty Organization' (give each name to one entity only)"
    ]


# ---- the long-lived annotator -------------------------------------------------


@pytest.fixture
def restored(annotator: Annotator) -> Iterator[Annotator]:
    """The session's annotator, given back without authored names whatever the test did."""
    yield annotator
    annotator.configure((), ())


def test_configure_feeds_the_ruler_without_reloading_the_model(restored: Annotator) -> None:
    text = "Polonia pidió a la OTAN más tropas. La OTAN respondió el lunes."
    nlp = restored.pipeline("es")[0]
    known = [KnownEntity("Organización del Tratado del Atlántico Norte", "ORG", ["OTAN"])]
    assert restored.configure((), known) is True
    assert restored.pipeline("es")[0] is nlp
    names = {e.name: e.type for e in restored.annotate_text(text, "es").entities}
    assert names["Organización del Tratado del Atlántico Norte"] == "ORG" and "OTAN" not in names
    assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner")


def test_configure_is_a_no_op_when_nothing_changed_and_undoes_itself(restored: Annotator) -> None:
    glossary = [GlossaryEntry(Path("glossary/b9.md"), "Bucarest Nine", "Nueve países.", ["B9"])]
    assert restored.configure(glossary, ()) is True
    assert restored.configure(glossary, ()) is False
    assert {e.name: e.type for e in restored.annotate_text("Rumania forma parte de B9.", "es").entities}[
        "Bucarest Nine"
    ] == "MISC"
    assert restored.configure((), ()) is True
    assert "entity_ruler" not in restored.pipeline("es")[0].pipe_names
    assert "Bucarest Nine" not in {e.name for e in restored.annotate_text("Rumania forma parte de B9.", "es").entities}


def test_an_authored_type_wins_over_the_model(restored: Annotator) -> None:
    restored.configure((), [KnownEntity("Letras Libres", "ORG")])
    result = restored.annotate_text("El ensayo de Letras Libres fue citado por Letras Libres en su portada.", "es")
    assert {e.name: e.type for e in result.entities}["Letras Libres"] == "ORG"
