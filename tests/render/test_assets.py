"""The files a site's pages load, noted as the pages pass and checked once every file is known."""

from __future__ import annotations

from pathlib import Path

from generator.model import Page
from generator.render.assets import AssetCheck


def page(path: str, *links: str) -> Page:
    return Page(path, "".join(f'<script src="{link}"></script>' for link in links).encode())


def problems(pages: list[Page], *, search: bool = True) -> list[str]:
    check = AssetCheck(Path("theme"))
    for each in pages:
        check.add(each)
    return [problem.message for problem in check.problems(search=search)]


def test_the_first_page_of_each_kind_is_read_and_its_files_must_be_in_the_site() -> None:
    pages = [page("index.html", "static/site.css", "pagefind/pagefind.js"),
             page("articles/a/index.html", "../../static/gone.js", "../../static/site.css"),
             page("articles/b/index.html", "../../static/also-gone.js"),  # not the first story: not read
             Page("static/site.css", b"")]
    assert problems(pages) == ["articles/a/index.html loads static/gone.js, which the site would not have"]


def test_a_file_given_after_the_page_that_loads_it_counts() -> None:
    assert problems([page("index.html", "static/late.css"), Page("static/late.css", b"")]) == []


def test_search_files_are_checked_only_when_the_site_has_a_bundle_and_search_is_asked_for() -> None:
    pages = [page("search/index.html", "../pagefind/bundles.json", "../pagefind/a-0/pagefind.js")]
    assert problems(pages) == []  # nothing indexed: the search page says so
    pages.append(Page("pagefind/bundles.json", b"{}"))
    assert problems(pages) == ["search/index.html loads pagefind/a-0/pagefind.js, which the site would not have"]
    assert problems(pages, search=False) == []
