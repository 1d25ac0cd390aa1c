"""A glossary term that is also a person, an organisation or a place: a warning at the glossary file's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline.build import build
from generator.config import load_config
from generator.errors import BuildFailed, Report
from generator.link.glossary import check_term_types
from generator.model import CorpusEntity, GlossaryEntry
from conftest import ROOT

STORY = ("---\ntitle: Cumbre\nlang: es\ndate: 2021-03-01\n---\n"
         "La OTAN se reunió en Bruselas. «Estamos listos», dijo el ministro Juan Pérez en Madrid. "
         "Pérez añadió que la OTAN respondería.\n")


def entry(tmp_path: Path, name: str, text: str, term: str, aliases: list[str]) -> GlossaryEntry:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return GlossaryEntry(path=path, term=term, definition="Algo.", aliases=aliases)


@pytest.mark.parametrize(("kind", "word"), [("PER", "a person"), ("ORG", "an organisation"), ("LOC", "a place")])
def test_a_term_that_is_an_entity_of_another_type_is_warned_at_its_term_line(tmp_path, kind, word):
    otan = entry(tmp_path, "otan.md", "---\nterm: OTAN\n---\nAlianza.\n", "OTAN", [])
    report = Report()
    check_term_types([otan], {"otan": CorpusEntity(key="otan", name="OTAN", type=kind)}, report)
    [problem] = report.warnings
    assert (problem.path, problem.line) == (otan.path, 2)
    assert problem.message.startswith(f"glossary term 'OTAN' is also {word} (an entity of type {kind} in 0 stories)")
    assert "delete this file" in problem.hint and 'type = "MISC"' in problem.hint


def test_an_alias_names_the_entity_and_its_own_line(tmp_path):
    text = "---\nterm: Alianza Atlántica\naliases:\n  - Alianza\n  - NATO\n---\nAlianza.\n"
    alliance = entry(tmp_path, "alianza.md", text, "Alianza Atlántica", ["Alianza", "NATO"])
    nato = CorpusEntity(key="otan", name="Organización del Tratado del Atlántico Norte", type="ORG",
                        aliases={"OTAN", "NATO"})
    report = Report()
    check_term_types([alliance], {"otan": nato}, report)
    [problem] = report.warnings
    assert problem.line == 5
    assert "glossary term 'NATO' is also an organisation 'Organización del Tratado del Atlántico Norte'" in str(problem)


def test_concepts_and_unknown_names_are_no_warning_and_each_entry_warns_once(tmp_path):
    b9 = entry(tmp_path, "b9.md", "---\nterm: Bucarest Nine\naliases: [B9]\n---\nGrupo.\n", "Bucarest Nine", ["B9"])
    putin = entry(tmp_path, "putin.md", "---\nterm: Putin\naliases: [Vladímir Putin]\n---\nx\n", "Putin",
                  ["Vladímir Putin"])
    entities = {"b9": CorpusEntity(key="b9", name="Bucarest Nine", type="MISC", aliases={"B9"}),
                "putin": CorpusEntity(key="putin", name="Vladímir Putin", type="PER", aliases={"Putin"})}
    report = Report()
    check_term_types([b9, putin, entry(tmp_path, "nadie.md", "---\nterm: Nadie\n---\nx\n", "Nadie", [])],
                     entities, report)
    assert [(p.path.name, p.line) for p in report.warnings] == [("putin.md", 2)]


def test_the_example_sites_glossary_has_no_such_conflict(annotator, tmp_path):
    """Its terms (OTAN, PSOE, Kremlin...) are concepts to the recogniser: no warning, `--strict` still builds."""
    result = build(load_config(ROOT / "digest.toml", output=tmp_path / "site"), annotator=annotator)
    assert [str(w) for w in result.report.warnings if "glossary term" in w.message] == []


# ---- in a build (`digest build` and `digest serve` report it like any warning) -------------------------------


def make_site(root: Path) -> Path:
    (root / "content/articles").mkdir(parents=True)
    (root / "content/glossary").mkdir()
    (root / "content/articles/cumbre.md").write_text(STORY, encoding="utf-8")
    (root / "content/glossary/otan.md").write_text("---\nterm: OTAN\naliases: [NATO]\n---\nAlianza militar.\n",
                                                   encoding="utf-8")
    (root / "content/entities.toml").write_text('[[entity]]\nname = "OTAN"\ntype = "ORG"\n', encoding="utf-8")
    (root / "digest.toml").write_text(f'theme_dir = "{ROOT / "templates"}"\n', encoding="utf-8")
    return root


def test_a_term_that_entities_toml_types_as_an_organisation_is_warned_and_strict_fails(tmp_path, annotator):
    config = load_config(make_site(tmp_path) / "digest.toml")
    result = build(config, annotator=annotator)
    warnings = [w for w in result.report.warnings if "glossary term" in w.message]
    assert [(w.path.name, w.line) for w in warnings] == [("otan.md", 2)]
    assert "'OTAN' is also an organisation" in warnings[0].message and "content/entities.toml" in warnings[0].hint
    before = {p: p.read_bytes() for p in config.output_path.rglob("*") if p.is_file()}
    config.strict = True
    with pytest.raises(BuildFailed) as failed:
        build(config, annotator=annotator)
    assert any("'OTAN' is also an organisation" in e.message for e in failed.value.errors)
    assert {p: p.read_bytes() for p in config.output_path.rglob("*") if p.is_file()} == before


def test_declaring_the_term_a_concept_in_entities_toml_silences_it(tmp_path, annotator):
    root = make_site(tmp_path)
    (root / "content/entities.toml").write_text('[[entity]]\nname = "OTAN"\ntype = "MISC"\n', encoding="utf-8")
    result = build(load_config(root / "digest.toml"), annotator=annotator)
    assert [w for w in result.report.warnings if "glossary term" in w.message] == []
