"""Entities merged across the site: every written form of one thing is one entity, named by its usual full form."""

from __future__ import annotations

from pathlib import Path

from generator.link.entity_merge import merge_entities, normalise
from generator.model import Annotations, Article, CorpusEntity, Entity, Mention


def entity(name: str, type_: str, *aliases: str, mentions: int = 1) -> Entity:
    return Entity(name, type_, list(aliases), [Mention(0, len(name), name)] * mentions, f"{name} spoke.")


def story(slug: str, *entities: Entity) -> Article:
    a = Article(path=Path(f"{slug}.md"), slug=slug, title=slug, lang="en", body="Text.", body_line=1, text="Text.")
    a.annotations = Annotations(entities=list(entities))
    return a


def merged(*stories: Article) -> list[CorpusEntity]:
    return list(merge_entities(list(stories), [], 1).entities.values())


def find(entities: list[CorpusEntity], name: str) -> CorpusEntity:
    found = [e for e in entities if normalise(name) in {normalise(n) for n in (e.name, *e.aliases)}]
    assert len(found) == 1, f"{name!r}: {[(e.name, e.aliases) for e in entities]}"
    return found[0]


def test_abbreviations_compare_without_their_dots_and_an_english_name_without_its_article() -> None:
    assert normalise("U.S.") == normalise("US")
    assert normalise("EE. UU.") == normalise("EE.UU.") == normalise("EEUU")
    assert normalise("The Daily Planet") == normalise("Daily Planet")
    assert normalise("St. Louis") != normalise("St Louis")  # only initials lose their dots
    assert normalise("Mr. J. Smith").startswith("mr. ")


def test_dotted_and_plain_acronyms_join_their_expansion() -> None:
    entities = merged(
        story("a", entity("United States", "LOC", mentions=3)),
        story("b", entity("U.S.", "LOC", mentions=2)),
        story("c", entity("US", "LOC")),
        story("d", entity("Federal Bureau of Investigation", "ORG", "F.B.I.")),
        story("e", entity("FBI", "ORG")),
    )
    assert len(entities) == 2
    assert find(entities, "U.S.") is find(entities, "United States")
    assert find(entities, "FBI") is find(entities, "Federal Bureau of Investigation")


def test_spanish_doubled_initials_of_a_plural_join_the_name() -> None:
    entities = merged(story("a", entity("Estados Unidos", "LOC")), story("b", entity("EE.UU.", "LOC")))
    assert find(entities, "EE.UU.") is find(entities, "Estados Unidos")


def test_an_acronym_of_two_names_joins_neither() -> None:
    entities = merged(
        story("a", entity("Amnesty Index", "ORG", "AI")),
        story("b", entity("Artificial Intelligence", "MISC", "AI")),
        story("c", entity("AI", "MISC")),
    )
    assert find(entities, "Amnesty Index") is not find(entities, "Artificial Intelligence")


def test_the_page_is_named_by_the_usual_full_form_not_the_one_with_a_middle_initial() -> None:
    entities = merged(
        story("a", entity("Donald Trump", "PER", "Trump", mentions=4)),
        story("b", entity("Donald J. Trump", "PER", "Donald Trump", "Trump", mentions=2)),
        story("c", entity("Donald Trump", "PER", mentions=3)),
    )
    assert find(entities, "Donald J. Trump").name == "Donald Trump"


def test_a_nickname_inside_a_name_joins_the_name_without_it() -> None:
    entities = merged(
        story("a", entity("Saúl «Canelo» Álvarez", "PER", "Álvarez")), story("b", entity("Saúl Álvarez", "PER")),
    )
    assert find(entities, "Saúl «Canelo» Álvarez") is find(entities, "Saúl Álvarez")
    assert find(entities, "Saúl Álvarez").name == "Saúl Álvarez"


def test_a_middle_initial_joins_the_same_name_without_it_unless_two_initials_claim_it() -> None:
    entities = merged(
        story("a", entity("Paul D. Ryder", "PER")), story("b", entity("Paul Ryder", "PER")),
        story("c", entity("George W. Baker", "PER")), story("d", entity("George H. W. Baker", "PER")),
        story("e", entity("George Baker", "PER")),
    )
    assert find(entities, "Paul D. Ryder") is find(entities, "Paul Ryder")
    assert find(entities, "George Baker") is not find(entities, "George W. Baker")


def test_each_story_votes_once_for_the_type() -> None:
    entities = merged(
        story("a", entity("Mike Dalton", "ORG", "Dalton", mentions=9)),
        story("b", entity("Mike Dalton", "PER")), story("c", entity("Mike Dalton", "PER")),
    )
    assert find(entities, "Mike Dalton").type == "PER"


def test_an_acronym_alone_joins_the_name_most_of_its_namesakes_stories_name() -> None:
    entities = merged(
        *(story(f"us{n}", entity("United States", "LOC")) for n in range(4)),
        story("sam", entity("Uncle Sam", "PER")),
        story("short", entity("US", "LOC")),
    )
    assert find(entities, "US") is find(entities, "United States")
    assert find(entities, "Uncle Sam") is not find(entities, "United States")


def test_an_acronym_joined_to_its_expansion_in_a_story_stays_there() -> None:
    entities = merged(
        story("a", entity("Amnesty Index", "ORG", "AI")),
        story("b", entity("Arch of Independence", "LOC")),
    )
    assert find(entities, "AI") is find(entities, "Amnesty Index")
    assert find(entities, "Arch of Independence") is not find(entities, "Amnesty Index")


def test_an_acronym_written_as_a_word_joins_its_expansion() -> None:
    entities = merged(
        story("a", entity("Office of Housing and Infrastructure Operations", "ORG")), story("b", entity("Ohio", "LOC")),
        story("c", entity("Nafta", "MISC")), story("d", entity("North American Free Trade Agreement", "MISC")),
        story("e", entity("Pacific Ocean Treaty", "MISC")), story("f", entity("Pot", "MISC")),
    )
    assert find(entities, "Nafta") is find(entities, "North American Free Trade Agreement")
    assert find(entities, "Ohio") is not find(entities, "Office of Housing and Infrastructure Operations")  # a place
    assert find(entities, "Pot") is not find(entities, "Pacific Ocean Treaty")  # too short to be no word


def test_a_name_named_by_its_acronym_with_the_expansion_as_alias_joins_it() -> None:
    entities = merged(
        story("a", entity("INE", "ORG", "Instituto Nacional Electoral")),
        story("b", entity("Instituto Nacional Electoral", "ORG")),
    )
    assert find(entities, "INE") is find(entities, "Instituto Nacional Electoral")


def test_a_place_s_abbreviation_joins_the_one_place_it_shortens() -> None:
    entities = merged(
        *(story(f"fl{n}", entity("Florida", "LOC")) for n in range(3)),
        story("tampa", entity("Tampa", "LOC"), entity("Fla.", "LOC", mentions=9)),
        story("bay", entity("Fort Lauderdale", "LOC")),
        story("ga", entity("Georgia", "LOC")), story("de", entity("Germany", "LOC")),
        story("atlanta", entity("Ga.", "LOC")),
        story("gen", entity("Gen.", "PER")), story("gena", entity("Genoa", "LOC")),
    )
    assert find(entities, "Fla.") is find(entities, "Florida")
    assert find(entities, "Fla.").name == "Florida"
    assert find(entities, "Ga.") is not find(entities, "Georgia")  # Germany holds its letters too
    assert find(entities, "Gen.") is not find(entities, "Genoa")  # no place


def test_a_party_its_members_plural_and_its_nickname_are_one_organisation() -> None:
    entities = merged(
        story("a", entity("Republicans", "ORG", mentions=4), entity("GOP", "ORG")),
        story("b", entity("Republican Party", "ORG"), entity("Democrats", "ORG", mentions=3)),
        story("c", entity("Democratic Party", "ORG"), entity("Republican National Committee", "ORG")),
    )
    assert find(entities, "GOP") is find(entities, "Republicans") is find(entities, "Republican Party")
    assert find(entities, "Democrats") is find(entities, "Democratic Party")
    assert find(entities, "Republican National Committee") is not find(entities, "Republicans")


def test_a_plural_joins_only_the_party_of_its_stem() -> None:
    entities = merged(story("a", entity("Greens", "ORG"), entity("Green Party", "ORG")),
                      story("b", entity("Liberals", "ORG"), entity("Labour Party", "ORG")))
    assert find(entities, "Greens") is find(entities, "Green Party")
    assert find(entities, "Liberals") is not find(entities, "Labour Party")


def test_a_short_first_name_joins_the_full_one_of_the_same_surname() -> None:
    entities = merged(
        story("a", entity("Joe Biden", "PER", mentions=3), entity("Ron Paulsen", "PER")),
        story("b", entity("Joseph R. Biden Jr.", "PER"), entity("Ronald W. Paulsen", "PER")),
        story("c", entity("Joseph R. Biden, Jr.", "PER")),
    )
    assert find(entities, "Joseph R. Biden, Jr.") is find(entities, "Joseph R. Biden Jr.")
    assert find(entities, "Joe Biden") is find(entities, "Joseph R. Biden Jr.")
    assert find(entities, "Ron Paulsen") is find(entities, "Ronald W. Paulsen")


def test_a_short_first_name_of_two_full_ones_or_with_a_generation_of_its_own_joins_none() -> None:
    entities = merged(
        story("a", entity("Joe Smith", "PER"), entity("Joseph A. Smith", "PER"), entity("Josephine B. Smith", "PER")),
        story("b", entity("Donald J. Trump", "PER", mentions=5), entity("Don Trump Jr.", "PER")),
        story("c", entity("Juan Ruiz", "PER"), entity("Juana M. Ruiz", "PER"), entity("José Pérez", "PER"),
              entity("Josefina Pérez", "PER")),
    )
    assert len({find(entities, n).key for n in ("Joe Smith", "Joseph A. Smith", "Josephine B. Smith")}) == 3
    assert find(entities, "Don Trump Jr.") is not find(entities, "Donald J. Trump")
    assert find(entities, "Juan Ruiz") is not find(entities, "Juana M. Ruiz")
    assert find(entities, "José Pérez") is not find(entities, "Josefina Pérez")  # no name in full style


def test_two_people_of_one_surname_never_become_one_entity_through_their_short_forms() -> None:
    # Each story resolves its own `Mrs Hart` or `Hart`; chained across stories by the bare surname and
    # the honorific forms, the two full names would otherwise end up on one page.
    entities = merged(
        story("a", entity("Tom Hart", "PER", "Mr Hart", "Hart", mentions=3)),
        story("b", entity("Tom Hart", "PER", "Hart", mentions=2)),
        story("c", entity("Jane Hart", "PER", "Mrs Hart", mentions=2)),
        story("d", entity("Mrs Hart", "PER")),
        story("e", entity("Hart", "PER", mentions=2)),
        story("f", entity("Ron Hart", "PER", "Hart")),
    )
    tom, jane, ron = find(entities, "Tom Hart"), find(entities, "Jane Hart"), find(entities, "Ron Hart")
    assert len({tom.key, jane.key, ron.key}) == 3
    assert not {"Mrs Hart", "Jane Hart"} & tom.aliases
    # A short first name and a middle initial are still the same person.
    joe = merged(story("g", entity("Joseph R. Biden Jr.", "PER", mentions=2)), story("h", entity("Joe Biden", "PER")))
    assert len(joe) == 1
