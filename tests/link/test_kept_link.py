"""What linking keeps in the build state, taken by a build in another process: the same corpus as a fresh link.

A corpus is linked once, its link memory saved with a build state and loaded again (plain values only,
as a new `digest build` loads it), then one story is edited and the corpus linked again with the loaded
memory. Its related coverage, threads, "more about", main subjects, entities and term uses must equal a
fresh link's of the edited corpus, and the costly parts must have been taken, not made again. So must a link
after stories were added or removed, which reads the language's rarity of no word the corpus had before.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

import numpy as np
import pytest

from generator.cache import StoreWarnings
from generator.config import SiteConfig
from generator.link import link_corpus, merge_reuse, story_lines
from generator.link.memory import LinkMemory
from generator.link.related import RelatedIndex
from generator.model import Article, Corpus, GlossaryEntry, Quote
from generator.pipeline.build_state import BuildState
from test_link import article, entity

PEOPLE = ["Vladimir Putin", "Joe Biden", "Dmitry Peskov", "Olaf Scholz", "Pedro Sánchez", "Emmanuel Macron"]
PLACES = ["Ucrania", "Ginebra", "Moscú", "Washington", "Madrid"]
VERBS = ["negocia", "rechaza", "anuncia", "firma"]
LEAD = "Ya no hay sol en la mar, y el bus se fue por la vía de las dos; no sé más de eso hoy, ni tú ni yo."
GLOSSARY = [GlossaryEntry(Path("otan.md"), "OTAN", "Alianza militar.", ["Alianza Atlántica"], "otan")]


def stories(edit: str = "", n: int = 60) -> list[Article]:
    """`n` stories drawing words, names and headlines from pools, so that many relate, share subjects and
    form threads; `edit` changes story 7: `text` (more words, some new to it), `lead` (another lead, the same
    words), `name` (a new name), `none`."""
    rng = random.Random(5)
    syllables = [c + v for c in "bcdfgklmnprstvz" for v in "aeiou"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(3)) for _ in range(300)})
    made = []
    for i in range(n):
        people = rng.sample(PEOPLE, 2)
        text = " ".join(rng.choice(words) for _ in range(30)) + (" de la OTAN" if i % 5 == 0 else "")
        named = [entity(name, "PER", mentions=rng.randint(1, 4)) for name in people]
        named += [entity(name, "LOC", mentions=rng.randint(1, 3)) for name in rng.sample(PLACES, 2)]
        if i == 7 and edit == "text":
            text = f"{text} {' '.join(words[k] for k in range(0, 300, 25))}"
        if i == 7 and edit == "lead":  # a new first paragraph of short words: a new lead, the same event words
            text = f"{LEAD}\n\n{text}"
        if i == 7 and edit == "name":
            named.append(entity("Xi Jinping", "PER", mentions=2))
        quote = Quote("Las conversaciones siguen abiertas", "statement", 0, 10, speaker=people[0], cue="dijo")
        story = article(f"s{i:03d}", text, named, day=1 + i % 28, quotes=[quote], tags=["diplomacia"] if i % 3 else [])
        story.title = f"{people[0]} {rng.choice(VERBS)} {rng.choice(words)} en {rng.choice(PLACES)}"
        made.append(story)
    return made


def config() -> SiteConfig:
    site = SiteConfig()
    site.related.threshold = 0.2  # random stories relate weakly: many pairs to get wrong
    return site


def shape(corpus: Corpus) -> dict[str, object]:
    """All that a link made, by slugs and keys (the stories themselves are other objects in each link)."""
    return {
        "articles": [a.slug for a in corpus.articles],
        "related": {s: [(link.article.slug, link.score, link.shared) for link in links]
                    for s, links in corpus.related.items()},
        "threads": [(t.slug, t.title, [a.slug for a in t.articles], t.shared) for t in corpus.threads.values()],
        "more_about": {s: [(link.article.slug, link.shared) for link in links]
                       for s, links in corpus.more_about.items()},
        "subjects": {s: e.key for s, e in corpus.main_subjects.items()},
        "entities": [(e.key, e.name, e.type, sorted(e.aliases), e.has_page,
                      [(ap.article.slug, ap.sentence, ap.mentions) for ap in e.appearances],
                      [(q.article.slug, q.quote.text) for q in e.quotes], [(o.key, n) for o, n in e.cooccurring])
                     for e in corpus.entities.values()],
        "pages": {s: [e.key for e in listed] for s, listed in corpus.article_entities.items()},
        "terms": {s: [t.slug for t in terms] for s, terms in corpus.article_terms.items()},
        "glossary": [(t.slug, [a.slug for a in t.articles]) for t in corpus.glossary.values()],
    }


def kept_and_loaded(tmp_path: Path) -> BuildState:
    """A build state whose link memory linked the unedited stories, saved and loaded as the next process loads it."""
    state = BuildState()
    link_corpus(stories(), GLOSSARY, config(), memory=state.link)
    state.save(tmp_path, StoreWarnings())
    return BuildState.load(tmp_path)


def test_the_corpus_before_an_edit_is_worth_comparing():
    before = shape(link_corpus(stories(), GLOSSARY, config()))
    after = shape(link_corpus(stories("text"), GLOSSARY, config()))
    assert sum(len(links) for links in before["related"].values()) > 50
    assert before["threads"] and before["more_about"] and before["subjects"] and any(before["terms"].values())
    assert before["related"] != after["related"]  # the edit changes what is related


@pytest.mark.parametrize("edit", ["text", "lead", "name", "none"])
def test_a_link_with_a_loaded_state_equals_a_fresh_link_of_the_edited_corpus(tmp_path, monkeypatch, edit):
    loaded = kept_and_loaded(tmp_path)
    assert loaded.link.stored_related is not None and loaded.link.stored_merge is not None
    made: list[str] = []
    monkeypatch.setattr(merge_reuse, "merge_entities", lambda *args, real=merge_reuse.merge_entities: (
        made.append("merge") or real(*args)))
    monkeypatch.setattr(RelatedIndex, "__init__", lambda self, *args, real=RelatedIndex.__init__: (
        made.append("index") or real(self, *args)))
    monkeypatch.setattr(story_lines, "_rarity", lambda word, lang, real=story_lines._rarity: (
        made.append("rarity") or real(word, lang)))
    edited = stories(edit)
    again = link_corpus(edited, GLOSSARY, config(), memory=loaded.link)
    reused = made.copy()
    fresh_memory = LinkMemory()
    fresh = link_corpus(stories(edit), GLOSSARY, config(), memory=fresh_memory)
    assert shape(again) == shape(fresh)
    for name in ("indptr", "indices", "data"):  # the scores of every shown pair, to the last bit
        assert np.array_equal(getattr(loaded.link.related[1].shown, name), getattr(fresh_memory.related[1].shown, name))
    # What the loaded state held was taken: a merge and an index made again only when a name changed, and
    # the language's rarity read only for words the edit made count.
    if edit == "name":
        assert reused.count("merge") == 1 and reused.count("index") == 1
    else:
        assert "merge" not in reused and "index" not in reused
    fresh_rarities = made.count("rarity") - reused.count("rarity")
    assert fresh_rarities > 50 and reused.count("rarity") < fresh_rarities / 2
    if edit == "none":
        assert "rarity" not in reused
    # Every link points at the stories of this link, never at the ones the state was made with.
    ids = {id(a) for a in edited}
    assert all(id(link.article) in ids for links in again.related.values() for link in links)
    assert all(id(a) in ids for e in again.entities.values() for a in (ap.article for ap in e.appearances))


def test_a_state_saved_after_the_edit_gives_the_same_corpus_again(tmp_path):
    loaded = kept_and_loaded(tmp_path)
    link_corpus(stories("text"), GLOSSARY, config(), memory=loaded.link)
    loaded.save(tmp_path, StoreWarnings())
    again = BuildState.load(tmp_path)
    assert shape(link_corpus(stories("text"), GLOSSARY, config(), memory=again.link)) == \
        shape(link_corpus(stories("text"), GLOSSARY, config()))


def test_a_kept_index_or_merge_that_does_not_fit_is_made_again_with_a_warning(tmp_path, caplog):
    loaded = kept_and_loaded(tmp_path)
    made_of, index = loaded.link.stored_related
    loaded.link.stored_related = (made_of, {**index, "shown": ((3, 3), *index["shown"][1:])})
    signature, merge = loaded.link.stored_merge
    loaded.link.stored_merge = (signature, {**merge, "mentions": merge["mentions"][:-1]})
    with caplog.at_level(logging.WARNING):
        again = link_corpus(stories("text"), GLOSSARY, config(), memory=loaded.link)
    assert shape(again) == shape(link_corpus(stories("text"), GLOSSARY, config()))
    warned = " ".join(record.getMessage() for record in caplog.records)
    assert "kept related index damaged" in warned and "kept entity merge damaged" in warned


def counted_rarities(monkeypatch) -> list[str]:
    """The words whose rarity in the language is read from now on."""
    read: list[str] = []
    monkeypatch.setattr(story_lines, "_rarity", lambda word, lang, real=story_lines._rarity: (
        read.append(word) or real(word, lang)))
    return read


@pytest.mark.parametrize("change", ["add ten", "remove one"])
def test_a_link_with_a_loaded_state_after_stories_were_added_or_removed_equals_a_fresh_link(tmp_path, monkeypatch,
                                                                                           change):
    loaded = kept_and_loaded(tmp_path)
    known = {word for story in stories() for word in story.annotations.event_words}
    read = counted_rarities(monkeypatch)
    changed = stories(n=70) if change == "add ten" else [s for s in stories() if s.slug != "s010"]
    again = link_corpus(changed, GLOSSARY, config(), memory=loaded.link)
    reread = read.copy()
    fresh_memory = LinkMemory()
    fresh = link_corpus(stories(n=70) if change == "add ten" else [s for s in stories() if s.slug != "s010"],
                        GLOSSARY, config(), memory=fresh_memory)
    assert shape(again) == shape(fresh)
    assert len(again.articles) == (70 if change == "add ten" else 59)
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(loaded.link.related[1].shown, name), getattr(fresh_memory.related[1].shown, name))
    # The rarity of a word the stories had before is kept, whether it counted then or not: only the words new to
    # the corpus are read (a fresh link reads them all).
    assert len(read) - len(reread) > 50
    assert not known & set(reread)
