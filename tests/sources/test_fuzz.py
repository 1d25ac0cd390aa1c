"""Property-based tests: no input makes the readers crash with anything but the project's own error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.annotate.quote_marks import find_quote_spans
from generator.sources.clean import clean_text
from generator.errors import ContentError, Report
from generator.sources.frontmatter import split_front_matter
from generator.sources.load import read_article
from generator.slugs import slugify
from generator.urls import safe_relative

QUOTE_HEAVY = st.text(alphabet=st.sampled_from(list("«»“”\"'‘’ abcXY.,:;\n—-")), max_size=300)
FRONT_MATTER_ISH = st.builds(
    lambda head, body: f"---\n{head}\n---\n{body}",
    st.text(alphabet=st.sampled_from(list("abc:[]{}-'\"#!&*|>\n 0123456789")), max_size=120),
    st.text(max_size=200),
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.one_of(st.text(max_size=400), FRONT_MATTER_ISH))
def test_front_matter_reader_raises_only_content_errors(text):
    try:
        source = split_front_matter(text, Path("fuzz.md"))
    except ContentError as err:
        assert err.problem.line is None or err.problem.line >= 1
        return
    assert isinstance(source.meta, dict)
    assert 1 <= source.body_line <= text.count("\n") + 2


@SETTINGS
@given(st.one_of(st.binary(max_size=400), FRONT_MATTER_ISH.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_article_reader_raises_only_content_errors(tmp_path, data):
    path = tmp_path / "fuzz.md"
    path.write_bytes(data)
    try:
        article = read_article(path, Report())
    except ContentError:
        return
    assert article.title and article.body.strip()
    assert article.slug and "/" not in article.slug


@SETTINGS
@given(st.text(max_size=500), st.sampled_from(["es", "en", "fr"]))
def test_cleaner_only_removes_whole_lines(text, lang):
    cleaned, removed = clean_text(text, lang)
    kept = [line.strip() for line in cleaned.splitlines() if line.strip()]
    original = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(kept) + len(removed) == len(original)
    assert all(line in original for line in kept)


@SETTINGS
@given(st.one_of(QUOTE_HEAVY, st.text(max_size=300)))
def test_quote_spans_always_lie_inside_the_text(text):
    for span in find_quote_spans(text):
        assert 0 <= span.start <= span.end <= len(text)


@SETTINGS
@given(st.text(max_size=120))
def test_slugs_are_always_safe_path_segments(name):
    slug = slugify(name)
    assert slug and slug.isascii() and slug not in (".", "..")
    assert all(c.isalnum() or c == "-" for c in slug)
    assert safe_relative(f"entities/{slug}/index.html").parts[1] == slug
