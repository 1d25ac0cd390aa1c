"""Texts longer than the pipeline takes are annotated in pieces: offsets point at the whole text, the result
is what annotating each piece gives, and spaCy's length limit (E088) is never reached."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.annotate import Annotator
from generator.annotate.pieces import PIECE_LENGTH, split_text
from generator.cli import main
from generator.model import Annotations, Article
from click.testing import CliRunner
from conftest import ROOT, SHARED

OWN_PARAGRAPHS = (
    "La Organización del Tratado del Atlántico Norte (OTAN) se reunió en Bruselas.",
    "Bucarest Nine es una referencia a los nueve países del flanco oriental de la OTAN.",
    "«Estamos listos para negociar», dijo el portavoz del Kremlin, Dmitry Peskov.",
)
#: A paragraph that spaCy reads in a blink however long it is: one long word.
FILLER = "x" * 999


def es_news(length: int) -> str:
    """True stories of the Spanish Fake News Corpus (CC BY 4.0), joined as paragraphs, with a few of ours."""
    stories: list[str] = []
    with (SHARED / "data" / "es-news" / "development.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if str(row["Category"]) == "True":
                stories.append(row["Text"].replace("*NUMBER*", "0").strip())
                stories.append(OWN_PARAGRAPHS[len(stories) // 2 % len(OWN_PARAGRAPHS)])
            if sum(map(len, stories)) > length:
                break
    return "\n\n".join(stories)


def long_text() -> str:
    """Over 1,000,000 characters, the pipelines' real limit: a quotation at each end, filler between."""
    said = "El presidente Joe Biden dijo: «Vamos a ganar». Según la Casa Blanca, viajará a {}."
    return "\n\n".join([said.format("Madrid"), *[FILLER] * 1000, said.format("Lima")])


# ---- cutting ----------------------------------------------------------------------


def test_pieces_join_into_the_text_and_end_at_blank_lines() -> None:
    text = "\n\n".join(f"Párrafo {i}. " + "palabra " * (i % 7 + 3) for i in range(60))
    pieces = split_text(text, 200)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 200 for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [text.index(piece) for _, piece in pieces]
    assert len(pieces) > 10 and all(piece.endswith("\n\n") for _, piece in pieces[:-1])


@pytest.mark.parametrize(("text", "ending"), [
    ("Una frase corta, sin más. " * 30, ". "),  # one paragraph: cut after a sentence
    ("Una línea sin punto\n" * 30, "\n"),  # no blank line: cut at a line break
    ("palabra " * 100, " "),  # no sentence: cut at a space
])
def test_without_a_blank_line_pieces_end_at_the_next_best_place(text: str, ending: str) -> None:
    pieces = split_text(text, 100)
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece.endswith(ending) and 70 < len(piece) <= 100 for _, piece in pieces[:-1])  # as long as can be


def test_a_word_longer_than_a_piece_is_cut_inside() -> None:
    assert [len(piece) for _, piece in split_text("x" * 250, 100)] == [100, 100, 50]


# ---- annotating -------------------------------------------------------------------


def _quotes(annotations: Annotations, offset: int = 0) -> list[tuple[object, ...]]:
    return [(q.text, q.kind, q.start + offset, q.end + offset, q.speaker, q.speaker_mention, q.cue, q.score)
            for q in annotations.quotes]


def _mentions(annotations: Annotations, offset: int = 0) -> set[tuple[str, int, int, str]]:
    return {(e.name, m.start + offset, m.end + offset, m.text) for e in annotations.entities for m in e.mentions}


def _definitions(annotations: Annotations, offset: int = 0) -> list[tuple[object, ...]]:
    return [(d.term, d.definition, d.sentence, d.start + offset, d.end + offset) for d in annotations.definitions]


def test_a_long_text_is_annotated_as_its_pieces_are(annotator: Annotator, monkeypatch: pytest.MonkeyPatch) -> None:
    nlp, _ = annotator.pipeline("es")
    monkeypatch.setattr(nlp, "max_length", 3000)
    text = es_news(12000)
    whole = annotator.annotate_text(text, "es")
    pieces = split_text(text, 3000)
    assert len(pieces) >= 4
    # every offset points at the words it names in the whole text
    assert len(whole.quotes) > 10 and all(text[q.start : q.end] == q.text for q in whole.quotes)
    assert all(text[m.start : m.end] == m.text for e in whole.entities for m in e.mentions)
    assert {"OTAN", "Bucarest Nine"} <= {d.term for d in whole.definitions}
    assert all(d.term in text[d.start : d.end] for d in whole.definitions)
    # and the annotations are each piece's, shifted
    alone = [(offset, annotator.annotate_text(piece, "es")) for offset, piece in pieces]
    assert _quotes(whole) == [q for offset, found in alone for q in _quotes(found, offset)]
    assert _mentions(whole) == set().union(*(_mentions(found, offset) for offset, found in alone))
    assert _definitions(whole) == [d for offset, found in alone for d in _definitions(found, offset)]
    assert whole.summary == alone[0][1].summary
    # one entity per name, in order of first mention, with every piece's aliases
    assert len({e.name for e in whole.entities}) == len(whole.entities)
    assert [e.mentions[0].start for e in whole.entities] == sorted(e.mentions[0].start for e in whole.entities)
    peskov = next(e for e in whole.entities if e.name == "Dmitry Peskov")
    piece_of = [max(k for k, (offset, _) in enumerate(pieces) if offset <= m.start) for m in peskov.mentions]
    assert len(set(piece_of)) >= 2


def test_a_line_longer_than_a_piece_is_cut_between_quotations(annotator: Annotator,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    text = '«"Biden" dijo» «No lo sé, de verdad», respondió Putin ' * 120  # one line, no sentence end
    nlp, _ = annotator.pipeline("es")
    whole = annotator.annotate_doc(nlp(text), "es")
    monkeypatch.setattr(nlp, "max_length", 1000)
    in_pieces = annotator.annotate_text(text, "es")
    spans = [(q.text, q.start, q.end) for q in in_pieces.quotes]
    assert len(spans) == 360 and spans == [(q.text, q.start, q.end) for q in whole.quotes]  # none cut in two


def test_pieces_are_at_most_the_piece_length_below_the_pipeline_limit(annotator: Annotator,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    nlp, _ = annotator.pipeline("es")
    seen: list[int] = []
    pipe = nlp.pipe
    monkeypatch.setattr(nlp, "pipe", lambda texts, **kw: pipe([seen.append(len(t)) or t for t in texts], **kw))
    annotator.annotate_text(long_text(), "es")
    assert nlp.max_length == 1_000_000 and len(seen) > 10 and max(seen) <= PIECE_LENGTH


def test_a_text_over_the_real_limit_no_longer_raises(annotator: Annotator) -> None:
    text = long_text()
    assert len(text) > annotator.pipeline("es")[0].max_length == 1_000_000
    short = "«Sí», dijo Ana López en Madrid."
    articles = [Article(path=Path(f"{i}.md"), slug=str(i), title="t", lang="es", body="", body_line=1, text=t)
                for i, t in enumerate([short, text, short])]
    first, found, last = annotator.annotate(articles)
    assert first == last == annotator.annotate_text(short, "es")
    assert found == annotator.annotate_text(text, "es")
    assert [(q.text, q.speaker) for q in found.quotes] == [("Vamos a ganar", "Joe Biden")] * 2
    assert found.quotes[1].start > 1_000_000 and all(text[q.start : q.end] == q.text for q in found.quotes)
    assert {m.text for e in found.entities for m in e.mentions if m.start > 1_000_000} >= {"Joe Biden", "Lima"}


def test_digest_annotate_and_build_take_an_article_over_the_limit(tmp_path: Path) -> None:
    article = tmp_path / "content" / "articles" / "largo.md"
    article.parent.mkdir(parents=True)
    article.write_text(f"---\ntitle: Un artículo muy largo\nlang: es\n---\n{long_text()}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)["quotes"]
    assert [q["start"] > 1_000_000 for q in quotes] == [False, True]
    # the size error of a build suggests raising `max_article_kb`: then the build annotates the article
    (tmp_path / "digest.toml").write_text(f'theme_dir = "{ROOT / "templates"}"\nmax_article_kb = 3000\n')
    build = subprocess.run([sys.executable, "-m", "generator", "build", "--config", "digest.toml", "--no-cache"],
                           cwd=tmp_path, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert "quotes 2" in build.stdout and "E088" not in build.stdout + build.stderr
