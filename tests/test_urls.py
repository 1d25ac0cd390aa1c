"""Relative links between output files."""

from __future__ import annotations

import posixpath
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.urls import article_path, entity_path, relative_url, term_path


@pytest.mark.parametrize(
    ("from_page", "to_page", "expected"),
    [
        ("index.html", "index.html", "index.html"),
        ("index.html", "articles/a/index.html", "articles/a/index.html"),
        ("articles/a/index.html", "index.html", "../../index.html"),
        ("articles/a/index.html", "entities/putin/index.html", "../../entities/putin/index.html"),
        ("articles/a/index.html", "articles/b/index.html", "../b/index.html"),
        ("articles/a/index.html", "articles/a/index.html", "index.html"),
        ("entities/index.html", "entities/putin/index.html", "putin/index.html"),
        ("glossary/otan/index.html", "glossary/index.html", "../index.html"),
        ("404.html", "static/style.css", "static/style.css"),
        ("articles/a/index.html", "static/style.css", "../../static/style.css"),
    ],
)
def test_relative_url(from_page: str, to_page: str, expected: str) -> None:
    assert relative_url(from_page, to_page) == expected
    assert posixpath.normpath(posixpath.join(posixpath.dirname(from_page), expected)) == to_page


def test_fragment_is_kept() -> None:
    assert relative_url("articles/a/index.html", "index.html#main") == "../../index.html#main"
    assert relative_url("articles/a/index.html", "#main") == "#main"


def test_unsafe_characters_are_percent_encoded() -> None:
    assert relative_url("index.html", "articles/año 2024/index.html") == "articles/a%C3%B1o%202024/index.html"
    assert relative_url("index.html", "articles/a?b/index.html") == "articles/a%3Fb/index.html"


def test_page_paths() -> None:
    assert article_path("cumbre") == "articles/cumbre/index.html"
    assert entity_path("vladimir-putin") == "entities/vladimir-putin/index.html"
    assert term_path("otan") == "glossary/otan/index.html"


_PARTS = st.sampled_from(["articles", "entities", "a b", "ñandú", "index.html", "x", ".", "..", ""])
_PATHS = st.lists(_PARTS, min_size=1, max_size=4).map("/".join)


def _reference(from_page: str, to_page: str) -> str:
    """The definition: `posixpath.relpath` from the page's folder, percent-encoded."""
    target, hash_, fragment = to_page.partition("#")
    if not target:
        return f"#{quote(fragment, safe='')}" if hash_ else posixpath.basename(from_page)
    link = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    link = quote(link + "/" if target.endswith("/") and not link.endswith("/") else link, safe="/")
    return f"{link}#{quote(fragment, safe='')}" if hash_ else link


@given(_PATHS, _PATHS, st.booleans(), st.sampled_from(["", "#", "#sec 1"]))
def test_relative_url_is_relpath_from_the_pages_folder(from_page, to_page, folder, fragment):
    to_page = (to_page + "/" if folder else to_page) + fragment
    assert relative_url(from_page, to_page) == _reference(from_page, to_page)


def test_links_out_of_the_page_folder_depend_on_its_depth_and_keep_their_fragment():
    assert relative_url("b/x/index.html", "a#top") == "../../a#top"
    assert relative_url("a/x/index.html", "b#top") == "../../b#top"
    assert relative_url("a/x/index.html", "a#top") == "..#top"
    assert relative_url("entities/x/index.html", "articles/y/index.html") == "../../articles/y/index.html"
    assert relative_url("entities/x/index.html", "entities/y/index.html") == "../y/index.html"
