"""The page memo: a page is reused while what it is rendered from is unchanged, and kept across processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Page
from generator.render.page_memo import PageMemo


@pytest.mark.parametrize("compact", [False, True, "scratch"])
def test_a_page_is_reused_only_for_the_same_fingerprint(compact: bool | str, tmp_path: Path) -> None:
    memo = PageMemo(compact=bool(compact), scratch=tmp_path if compact == "scratch" else None)
    memo.start_build()
    same = memo.fingerprint({"title": "Pacto", "stories": [1, 2, 3]})
    assert same == memo.fingerprint({"title": "Pacto", "stories": [1, 2, 3]})
    other = memo.fingerprint({"title": "Pacto", "stories": [1, 2]})
    assert other != same
    page = Page("entities/pacto/index.html", b"<h1>Pacto</h1>")
    memo.keep(page.path, same, page)
    assert memo.page(page.path, same) == page
    assert memo.page(page.path, other) is None and memo.page(page.path, None) is None


def test_what_cannot_be_fingerprinted_is_always_rendered() -> None:
    memo = PageMemo()
    assert memo.fingerprint({"render": lambda: None}) is None  # a function has no stable fingerprint


def test_clear_forgets_the_pages_and_forget_unseen_the_pages_no_longer_asked_for() -> None:
    memo = PageMemo()
    memo.start_build()
    for name in ("a", "b"):
        memo.keep(f"{name}.html", memo.fingerprint(name), Page(f"{name}.html", name.encode()))
    memo.start_build()
    assert memo.page("a.html", memo.fingerprint("a")) is not None
    assert memo.forget_unseen() == 1  # b.html was not asked for by this build
    assert memo.page("b.html", memo.fingerprint("b")) is None
    memo.clear()
    assert memo.page("a.html", memo.fingerprint("a")) is None


def test_pages_go_to_another_process_as_plain_values_and_come_back() -> None:
    memo = PageMemo()
    memo.start_build()
    fingerprint = memo.fingerprint("a")
    memo.keep("a.html", fingerprint, Page("a.html", b"A"))
    other = PageMemo()
    other.restore(memo.stored())
    assert other.page("a.html", fingerprint).content == b"A"
    with pytest.raises(TypeError):
        other.restore([("a.html", "not bytes", b"A")])
    with pytest.raises(ValueError):
        other.restore([("a.html", fingerprint, b"not compressed")])


def test_a_compact_memo_keeps_its_pages_smaller_and_not_their_values() -> None:
    memo = PageMemo(compact=True)
    memo.start_build()
    content = b"<p>" + b"Una frase que se repite. " * 400 + b"</p>"
    fingerprint = memo.fingerprint("a")
    memo.keep("a.html", fingerprint, Page("a.html", content), {"title": "a"})
    (kept,) = memo.stored()
    assert len(kept[2]) < len(content) / 10
    assert memo.page("a.html", fingerprint) == Page("a.html", content)
    assert memo.values("a.html", fingerprint) is None  # only a preview renders pages again from their values
    other = PageMemo()
    other.restore(memo.stored())
    assert other.page("a.html", fingerprint) == Page("a.html", content)


class Noting(PageMemo):
    """A memo that notes the paths of the pages rendered (not taken from it)."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def keep(self, path, fingerprint, page, values=None) -> None:
        self.paths.append(path)
        super().keep(path, fingerprint, page, values)


def rendered_again(change) -> list[str]:
    """The pages rendered again, after a first render through the memo, when the corpus is changed by `change`;
    every page taken from the memo is the one a render without it gives."""
    from generator.config import SiteConfig
    from generator.render.pages import load_theme, site_pages
    from test_render import make_corpus  # three stories, five entities, two terms

    theme = load_theme(SiteConfig(language="es"))
    theme.memo = memo = Noting()
    list(site_pages(make_corpus(), theme))
    corpus = make_corpus()
    change(corpus)
    memo.start_build()
    memo.paths.clear()
    pages = {page.path: page.content for page in site_pages(corpus, theme)}
    theme.memo = None
    assert pages == {page.path: page.content for page in site_pages(corpus, theme)}
    return memo.paths


def test_a_story_page_is_not_rendered_again_for_the_scores_of_its_related_stories_which_it_does_not_show():
    from generator.model import RelatedLink

    def rescored(corpus) -> None:
        corpus.related["cumbre-otan"] = [RelatedLink(link.article, 0.9, link.shared) for link in corpus.related["cumbre-otan"]]
        corpus.more_about["sin-fecha"] = [RelatedLink(link.article, 0.7, []) for link in corpus.more_about["sin-fecha"]]

    def other_reasons(corpus) -> None:
        corpus.related["cumbre-otan"] = [RelatedLink(link.article, link.score, ["OTAN"]) for link in corpus.related["cumbre-otan"]]

    assert rendered_again(lambda corpus: None) == []
    assert rendered_again(rescored) == []
    assert rendered_again(other_reasons) == ["articles/cumbre-otan/index.html"]


def test_an_entity_page_is_rendered_again_when_its_graph_changes_not_when_a_companion_gains_a_story_elsewhere():
    from generator.model import EntityAppearance

    def in_story(slug: str, *keys: str):
        def change(corpus) -> None:
            story = next(a for a in corpus.articles if a.slug == slug)
            for key in keys:
                corpus.entities[key].appearances.append(EntityAppearance(story, "Putin.", 1))
        return change

    # Peskov's graph shows Putin, OTAN, Moscú (all of story `cumbre-otan`) and the group of story `peskov-speaks`,
    # joined by a line when they share two stories; the undated story holds none of them.
    assert "entities/dmitry-peskov/index.html" not in rendered_again(in_story("sin-fecha", "vladimir-putin"))
    assert "entities/vladimir-putin/index.html" in rendered_again(in_story("sin-fecha", "vladimir-putin"))
    # Putin and the group share one story now: no line is drawn between them.
    assert "entities/dmitry-peskov/index.html" not in rendered_again(in_story("peskov-speaks", "vladimir-putin"))
    assert "entities/dmitry-peskov/index.html" in rendered_again(in_story("sin-fecha", "vladimir-putin", "otan"))


def test_a_story_page_is_not_rendered_again_when_its_terms_gain_other_stories_which_it_does_not_show():
    def term_elsewhere(corpus) -> None:
        for term in corpus.glossary.values():
            term.articles.append(next(a for a in corpus.articles if a.slug == "sin-fecha"))

    def defined_again(corpus) -> None:
        for term in corpus.glossary.values():
            term.definition += " Otra frase."

    from test_render import make_corpus

    using = {f"articles/{slug}/index.html" for slug, terms in make_corpus().article_terms.items() if terms}
    assert using and not using & set(rendered_again(term_elsewhere))
    assert using <= set(rendered_again(defined_again))


def test_a_memo_with_a_scratch_folder_keeps_its_pages_there_not_in_memory(tmp_path: Path) -> None:
    memo = PageMemo(compact=True, scratch=tmp_path)
    memo.start_build()
    content = b"<p>" + b"Una frase que se repite. " * 400 + b"</p>"
    fingerprint = memo.fingerprint("a")
    memo.keep("a.html", fingerprint, Page("a.html", content))
    assert not any(isinstance(value, bytes) and len(value) > 20 for value in vars(memo).values())
    assert memo.page("a.html", fingerprint) == Page("a.html", content)
    other = PageMemo(compact=True, scratch=tmp_path)
    other.restore(memo.stored())
    assert other.page("a.html", fingerprint) == Page("a.html", content)
    memo.clear()
    assert memo.page("a.html", fingerprint) is None and memo.stored() == []


def test_fingerprints_made_in_forked_processes_are_those_made_here() -> None:
    from generator.model import Annotations, Article, CorpusEntity, EntityAppearance  # noqa: PLC0415

    stories = [Article(Path(f"{n}.md"), f"s{n}", f"Story {n}", "es", "", 1, text=f"Texto {n}.",
                       annotations=Annotations(summary=f"Texto {n}.", event_words={f"palabra{n}": n}))
               for n in range(30)]
    entities = [CorpusEntity(f"e{n}", f"Entity {n}", "PER",
                             appearances=[EntityAppearance(stories[n], "Texto.", 1), EntityAppearance(stories[n + 1], "", 2)])
                for n in range(20)]
    here, forked = PageMemo(compact=True), PageMemo(compact=True)
    for memo in (here, forked):
        memo.start_build()
    here.know([*stories, *entities])
    forked.know([*entities, *stories], forked=True)
    assert not forked._annotations  # every story was pickled in the forked processes, none here
    assert [forked.whole(v) for v in [*stories, *entities]] == [here.whole(v) for v in [*stories, *entities]]
    assert len({here.whole(v) for v in stories}) == 30


def test_a_storys_fingerprint_leaves_out_its_event_words() -> None:
    # A build empties them once linked (the pages never show them): its fingerprints are the preview's.
    from generator.model import Annotations, Article  # noqa: PLC0415

    def story(summary: str, words: dict[str, int]) -> Article:
        return Article(Path("a.md"), "a", "A", "es", "", 1, text=summary,
                       annotations=Annotations(summary=summary, event_words=words))

    memo = PageMemo(compact=True)
    memo.start_build()
    assert memo.whole(story("Texto.", {"palabra": 2})) == memo.whole(story("Texto.", {}))
    assert memo.whole(story("Otro texto.", {})) != memo.whole(story("Texto.", {}))


def test_annotations_named_by_their_cache_key_are_fingerprinted_by_it() -> None:
    # Not pickled (which would read them all): the key names everything they were made from.
    from generator.model import Annotations, Article  # noqa: PLC0415

    def fingerprint(key: str, summary: str) -> bytes:
        story = Article(Path("a.md"), "a", "A", "es", "", 1, text="Texto.", annotations=Annotations(summary=summary))
        memo = PageMemo(compact=True)
        memo.name_annotations({key: story.annotations})
        memo.start_build()  # names given before the render starts stand
        return memo.whole(story)

    assert fingerprint("k1", "Texto.") == fingerprint("k1", "Texto.")
    assert fingerprint("k1", "Texto.") != fingerprint("k2", "Texto.")
    unnamed = PageMemo(compact=True)
    story = Article(Path("a.md"), "a", "A", "es", "", 1, text="Texto.", annotations=Annotations(summary="Texto."))
    unnamed.start_build()
    assert unnamed.whole(story) != fingerprint("k1", "Texto.")  # pickled instead
