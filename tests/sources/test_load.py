import datetime as dt
from pathlib import Path

import pytest

from generator.errors import ContentError, Report
from generator.sources.load import load_content, read_article, read_glossary_entry, read_text
from conftest import SEED, SHARED


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_markdown_article_with_front_matter(tmp_path):
    path = write(tmp_path / "a.md", "---\ntitle: \"Un título: con dos puntos\"\ndate: 2021-12-29\nlang: es\n"
                 "source: CNN\ntags: [política, rusia]\n---\n\nPrimer párrafo.\n")
    article = read_article(path, Report())
    assert article.title == "Un título: con dos puntos"
    assert article.date == dt.date(2021, 12, 29)
    assert article.lang == "es" and article.source == "CNN"
    assert article.tags == ["política", "rusia"]
    assert article.format == "markdown" and article.slug == "a"
    assert article.body.strip() == "Primer párrafo."
    assert article.body_line == 8


def test_plain_text_article_like_the_seed_takes_its_first_line_as_title(tmp_path):
    report = Report()
    article = read_article(write(tmp_path / "seed.txt", SEED.read_bytes()), report)
    assert article.title == "Biden mantendrá conversaciones con Putin el jueves a petición del presidente ruso."
    assert article.body.lstrip().startswith("Según el ejecutivo")
    assert article.lang == "es"  # detected: the file has no front matter
    assert article.format == "text"
    [warning] = report.warnings  # the documented rule for .txt files, said for the file
    assert warning.path.name == "seed.txt" and warning.line == 1 and "the first line is the title" in warning.message


def test_language_is_detected_for_english(tmp_path):
    text = (SHARED / "data/en-bbc/politics/360.txt").read_text(encoding="utf-8")
    article = read_article(write(tmp_path / "bbc.txt", text), Report())
    assert article.lang == "en"


def test_invalid_yaml_reports_the_line_in_the_file(tmp_path):
    path = write(tmp_path / "bad.md", "---\ntitle: ok\ndate: 2021-01-01\ntags: [a, b\nlang: es\n---\nText.\n")
    with pytest.raises(ContentError) as err:
        read_article(path, Report())
    assert str(err.value).startswith(f"{path}:")
    assert err.value.problem.line in (4, 5)  # PyYAML notices the missing ] on the next line at the latest


def test_front_matter_that_is_not_a_mapping(tmp_path):
    path = write(tmp_path / "list.md", "---\n- a\n- b\n---\nText.\n")
    with pytest.raises(ContentError, match="must be a mapping"):
        read_article(path, Report())


def test_impossible_date_names_the_line(tmp_path):
    path = write(tmp_path / "d.md", "---\ntitle: T\nlang: es\ndate: 2021-02-30\n---\nText.\n")
    with pytest.raises(ContentError) as err:
        read_article(path, Report())
    assert err.value.problem.line == 4
    assert "2021-02-30" in str(err.value)


def test_unknown_key_warns_with_a_suggestion(tmp_path):
    report = Report()
    read_article(write(tmp_path / "u.md", "---\ntitle: T\nlang: es\ntilte: x\n---\nText.\n"), report)
    assert len(report.warnings) == 1
    warning = report.warnings[0]
    assert warning.line == 4 and "tilte" in warning.message and "title" in (warning.hint or "")


def test_latin1_file_is_decoded_with_a_warning():
    report = Report()
    text = read_text(SHARED / "data/en-bbc/sport/199.txt", report)
    assert len(report.warnings) == 1 and "Latin-1" in report.warnings[0].message
    assert "\ufffd" not in text


def test_bom_and_crlf_are_normalised(tmp_path):
    path = write(tmp_path / "w.md", "\ufeff---\r\ntitle: Windows\r\nlang: en\r\n---\r\nLine one.\r\n".encode("utf-8"))
    article = read_article(path, Report())
    assert article.title == "Windows" and article.body == "Line one.\n"


def test_binary_and_empty_files_are_errors(tmp_path):
    with pytest.raises(ContentError, match="binary"):
        read_article(write(tmp_path / "b.md", b"\x89PNG\r\n\x1a\n\x00\x00"), Report())
    with pytest.raises(ContentError, match="no title and no text"):
        read_article(write(tmp_path / "e.md", ""), Report())
    with pytest.raises(ContentError, match="no text"):
        read_article(write(tmp_path / "f.md", "---\ntitle: Only front matter\n---\n"), Report())


def test_load_content_skips_bad_files_reports_them_all_and_names_duplicate_slugs(tmp_path):
    content = tmp_path / "content"
    write(content / "articles/good.md", "---\ntitle: Good\nlang: es\n---\nTexto.\n")
    write(content / "articles/bad.md", "---\ntitle: [unclosed\n---\nTexto.\n")
    write(content / "articles/draft.md", "---\ntitle: Draft\ndraft: true\n---\nTexto.\n")
    write(content / "articles/one/same.md", "---\ntitle: One\n---\nTexto uno.\n")
    write(content / "articles/two/same.md", "---\ntitle: Two\n---\nTexto dos.\n")
    write(content / "glossary/otan.md", "---\nterm: OTAN\naliases: [Organización del Tratado del Atlántico Norte]\n---\n"
          "Alianza militar.\n")
    write(content / "glossary/otan-again.md", "---\nterm: otan\n---\nOtra.\n")
    report = Report()
    loaded = load_content(content, report)
    assert sorted(a.title for a in loaded.articles) == ["Good", "One"]
    messages = [str(p) for p in report.errors]
    assert any(m.startswith(str(content / "articles/bad.md") + ":2:") for m in messages)
    assert any("same.md" in m and "one/same.md" in m for m in messages)
    assert any("otan-again.md" in m and "otan.md" in m for m in messages)
    assert [e.term.casefold() for e in loaded.glossary] == ["otan"]  # the first in file order is kept


def test_glossary_entry_without_term_or_definition(tmp_path):
    with pytest.raises(ContentError, match="no `term`"):
        read_glossary_entry(write(tmp_path / "x.md", "---\naliases: [a]\n---\nDef.\n"), Report())
    report = Report()
    assert read_glossary_entry(write(tmp_path / "y.md", "---\nterm: Y\n---\n\n"), report) is None
    assert "empty definition" in report.warnings[0].message


# ---- titles: Markdown needs one, plain text takes its first line -----------------------------


def test_markdown_without_a_title_is_an_error_that_says_how_to_give_one(tmp_path):
    with pytest.raises(ContentError) as failed:
        read_article(write(tmp_path / "a.md", "---\nlang: en\n---\nThe bridge opens.\n\nMore text.\n"), Report())
    problem = failed.value.problem
    assert problem.path.name == "a.md" and problem.line == 2 and problem.message == "article has no title"
    assert "title: The headline" in problem.hint and "# The headline" in problem.hint
    with pytest.raises(ContentError, match=r"a\.md:1: article has no title"):
        read_article(write(tmp_path / "a.md", "The bridge opens.\n\nMore text.\n"), Report())


def test_markdown_heading_on_the_first_line_is_the_title(tmp_path):
    report = Report()
    article = read_article(write(tmp_path / "a.md", "\n# The bridge opens\n\nThe mayor said so.\n"), report)
    assert article.title == "The bridge opens" and article.body.strip() == "The mayor said so."
    assert report.warnings == []
    with pytest.raises(ContentError, match="no title"):  # a second-level heading is not a headline
        read_article(write(tmp_path / "b.md", "## Section\n\nText.\n"), Report())


def test_a_one_paragraph_story_keeps_its_text_and_takes_its_first_sentence_as_title(tmp_path):
    report = Report()
    text = "The mayor, Tom Hill, said the bridge would open in May. Residents were pleased.\n"
    article = read_article(write(tmp_path / "short.txt", text), report)
    assert article.title == "The mayor, Tom Hill, said the bridge would open in May."
    assert article.body.strip() == text.strip()
    [warning] = report.warnings
    assert warning.path.name == "short.txt" and "one paragraph" in warning.message
    titled = read_article(write(tmp_path / "titled.md", "---\ntitle: Bridge\n---\nOne paragraph only.\n"), Report())
    assert titled.title == "Bridge" and titled.body.strip() == "One paragraph only."


def test_many_txt_files_without_titles_are_named_then_counted(tmp_path):
    for n in range(6):
        write(tmp_path / f"content/articles/s{n}.txt", f"Headline {n}\n\nThe mayor said the bridge would open.\n")
    report = Report()
    content = load_content(tmp_path / "content", report)
    assert len(content.articles) == 6
    named = [w for w in report.warnings if "the first line is the title" in w.message]
    assert [w.path.name for w in named] == ["s0.txt", "s1.txt", "s2.txt"]
    [counted] = [w for w in report.warnings if "more .txt file(s)" in w.message]
    assert counted.message.startswith("3 more") and counted.path.name == "articles"
