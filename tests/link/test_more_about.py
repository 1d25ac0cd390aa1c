""""More about": other stories with the same main subject, and the main subject of a story."""

from __future__ import annotations


from generator.config import SiteConfig
from generator.link import link_corpus
from generator.link.more_about import MORE_ABOUT
from generator.model import Entity, Mention
from test_link import article


def at(name: str, type_: str, *starts: int) -> Entity:
    """An entity mentioned at these offsets (for the lead)."""
    return Entity(name, type_, [], [Mention(s, s + len(name), name) for s in starts], f"{name} habló.")


def story(slug: str, title: str, people: list[Entity], day: int | None, text: str = "Texto de la noticia."):
    a = article(slug, text * 40, people, day=day)
    a.title = title
    return a


def test_the_main_subject_is_the_first_name_a_headline_gives_and_a_headline_naming_no_one_gives_none():
    stories = [
        story("llamada", "Recibe Ana Ruiz llamada de Luis Gil", [at("Luis Gil", "PER", 0, 50), at("Ana Ruiz", "PER", 10, 70)], 1),
        story("objeto", "Ana Ruiz critica a Luis Gil", [at("Luis Gil", "PER", 0, 50, 90, 900), at("Ana Ruiz", "PER", 10, 30)], 5),
        story("lead", "Nuevo plan de transporte", [at("Luis Gil", "PER", 900, 950), at("Ana Ruiz", "PER", 20, 40)], 2),
        story("paso", "Nuevo parque en la ciudad", [at("Ana Ruiz", "PER", 20)], 3),  # named once: not its subject
        story("lugar", "Madrid estrena tranvía", [at("Madrid", "LOC", 0, 30, 60)], 4),  # a place is not a subject
    ]
    extra = [story(f"x{n}", "Otra", [at("Ana Ruiz", "PER", 0, 10), at("Luis Gil", "PER", 0, 10)], None) for n in range(2)]
    corpus = link_corpus([*stories, *extra], [], SiteConfig())
    assert corpus.main_subjects["llamada"].name == "Ana Ruiz"  # the first the headline names
    assert corpus.main_subjects["objeto"].name == "Ana Ruiz"  # even when the story names the other more
    # The lead's most mentioned name may be a side player: without a name in the headline there is no subject.
    assert "lead" not in corpus.main_subjects
    assert "paso" not in corpus.main_subjects and "lugar" not in corpus.main_subjects


def test_a_name_written_as_a_common_word_or_a_headline_in_capitals_gives_no_main_subject():
    company = lambda: [at("Rueda", "ORG", 0, 30, 60)]  # noqa: E731
    stories = [
        story("comun", "La rueda de la fortuna gira otra vez", company(), 1),  # a word, not the company
        story("nombre", "Rueda compra una fábrica en el norte", company(), 2),
        story("mayusculas", "RUEDA COMPRA OTRA FÁBRICA EN EL NORTE", company(), 3),
    ]
    corpus = link_corpus(stories, [], SiteConfig())
    assert corpus.main_subjects["nombre"].name == "Rueda"
    assert "comun" not in corpus.main_subjects and "mayusculas" not in corpus.main_subjects


def test_a_name_in_a_phrase_that_sets_the_scene_is_not_the_main_subject():
    person = lambda: [at("Luis Gil", "PER", 0, 30, 60), at("Gil", "PER", 90)]  # noqa: E731
    stories = [
        story("tras", "La bolsa sube tres días seguidos tras la victoria de Luis Gil", person(), 1),
        story("era", "Migración y violencia en la frontera en la era Luis Gil", person(), 2),
        story("under", "Deficits grow under Luis Gil", person(), 3),
        story("sujeto", "Luis Gil promete bajar impuestos tras su victoria", person(), 4),
        story("confia", "El campo confía en Luis Gil", person(), 5),
        story("ambos", "Ana Ruiz dimite durante el mandato de Luis Gil",
              [at("Luis Gil", "PER", 0, 30, 60, 90), at("Ana Ruiz", "PER", 10, 40)], 6),
    ]
    corpus = link_corpus(stories, [], SiteConfig())
    assert not {"tras", "era", "under"} & corpus.main_subjects.keys()
    assert corpus.main_subjects["sujeto"].name == "Luis Gil" and corpus.main_subjects["confia"].name == "Luis Gil"
    assert corpus.main_subjects["ambos"].name == "Ana Ruiz"  # the other name is the story's subject


def test_a_name_that_only_modifies_the_headline_subject_is_not_the_main_subject():
    person = lambda: [at("Luis Gil", "PER", 0, 30, 60), at("Gil", "PER", 90)]  # noqa: E731
    stories = [
        story("ally", "Gil ally rejects the new budget plan", person(), 1),
        story("lawyer", "Luis Gil's lawyer asks for more time", person(), 2),
        story("esposa", "La esposa de Luis Gil abre una galería", person(), 3),
        story("abogado", "Abogado de Gil pide más tiempo", person(), 4),
        # Still the subject: a possessive of a thing, and a name before a verb.
        story("plan", "Gil's budget plan rejected by the council", person(), 6),
        story("verb", "Luis Gil rejects the new budget plan", person(), 7),
    ]
    corpus = link_corpus(stories, [], SiteConfig())
    assert not {"ally", "lawyer", "esposa", "abogado"} & corpus.main_subjects.keys()
    assert corpus.main_subjects["plan"].name == "Luis Gil" and corpus.main_subjects["verb"].name == "Luis Gil"


def test_a_headline_may_name_a_person_of_the_story_by_surname_alone():
    people = lambda: [at("Luis Gil", "PER", 0, 30, 60), at("Ana Ruiz", "PER", 10, 40)]  # noqa: E731
    stories = [
        story("surname", "Gil rejects the new budget plan", people(), 1),
        story("both", "Ruiz attacks Gil over the budget", people(), 2),
        # Two people of the story share the surname: it names neither.
        story("shared", "Gil rejects the plan", [*people(), at("Marta Gil", "PER", 20, 50)], 3),
        # The last word after `de` is part of a compound surname, not one of its own.
        story("compound", "Ochoa llega a Madrid", [at("Javier Duarte de Ochoa", "PER", 0, 30, 60)], 4),
    ]
    corpus = link_corpus(stories, [], SiteConfig())
    assert corpus.main_subjects["surname"].name == "Luis Gil"
    assert corpus.main_subjects["both"].name == "Ana Ruiz"  # the first the headline names
    assert "shared" not in corpus.main_subjects
    assert "compound" not in corpus.main_subjects


def test_a_name_in_a_compound_a_comparison_or_naming_a_work_is_not_the_main_subject():
    people = lambda: [at("Luis Gil", "PER", 0, 30, 60), at("Ana Ruiz", "PER", 10, 40)]  # noqa: E731
    stories = [
        story("anti", "Protest against anti-Gil posters", people(), 1),
        story("como", "Como Gil, Ana Ruiz aparece en la portada", people(), 2),
        story("film", "Gil film tops the box office", people(), 3),
        story("boss", "Gil boss hails a great year", people(), 4),
    ]
    corpus = link_corpus(stories, [], SiteConfig())
    assert not {"anti", "film", "boss"} & corpus.main_subjects.keys()
    assert corpus.main_subjects["como"].name == "Ana Ruiz"


def test_a_name_inside_a_longer_name_or_inside_quotation_marks_is_not_the_main_subject():
    father = lambda: [at("Luis Gil", "PER", 0, 30, 60, 90), at("Gil", "PER", 120, 150)]  # noqa: E731
    stories = [
        # The father, named more often, is `Gil` too; but here `Gil` is part of his daughter's name.
        story("hija", "Marta Gil habla por primera vez de su infancia", [*father(), at("Marta Gil", "PER", 10, 40)], 1),
        story("padre", "Gil presenta su plan de pensiones", father(), 2),
        story("cita", "El gremio responde: «Gil miente sobre las pensiones»", father(), 3),
        story("pelicula", "Una actriz estrena 'La noche de Gil' en Lima", father(), 4),
    ]
    corpus = link_corpus(stories, [], SiteConfig())
    assert corpus.main_subjects["padre"].name == "Luis Gil"
    assert corpus.main_subjects["hija"].name == "Marta Gil"
    assert not {"cita", "pelicula"} & corpus.main_subjects.keys()


def test_a_name_with_figures_or_an_abbreviation_in_the_plural_is_no_main_subject():
    stories = [
        story("virus", "Cómo protegerse de la XZV-21 este invierno", [at("XZV-21", "ORG", 0, 30, 60)], 1),
        story("copa", "Lima 2030 abre la venta de entradas", [at("Lima 2030", "ORG", 0, 30, 60)], 2),
        story("mps", "MPs reject the new housing bill", [at("MPs", "ORG", 0, 30, 60)], 3),
        story("onu", "ONU pide una tregua en la frontera", [at("ONU", "ORG", 0, 30, 60)], 4),
    ]
    corpus = link_corpus(stories, [], SiteConfig())
    assert not {"virus", "copa", "mps"} & corpus.main_subjects.keys()
    assert corpus.main_subjects["onu"].name == "ONU"


def test_more_about_lists_the_newest_stories_of_the_same_subject_never_one_already_related():
    people = lambda: [at("Ana Ruiz", "PER", 0, 40, 80)]  # noqa: E731
    stories = [story(f"s{day}", f"Ana Ruiz, día {day}", people(), day, f"Historia número {day} sin relación. ")
               for day in range(1, 7)]
    stories.append(story("sin-fecha", "Ana Ruiz sin fecha", people(), None, "Otra historia distinta. "))
    corpus = link_corpus(stories, [], SiteConfig())
    shown = corpus.more_about["s1"]
    assert [link.article.slug for link in shown] == ["s6", "s5", "s4"][:MORE_ABOUT]
    assert [link.article.slug for link in corpus.more_about["s6"]] == ["s5", "s4", "s3"]
    assert all(link.shared == ["Ana Ruiz"] for link in shown)
    for slug, links in corpus.more_about.items():
        related = {link.article.slug for link in corpus.related.get(slug, [])}
        assert not related & {link.article.slug for link in links} and slug not in {l.article.slug for l in links}


def test_a_story_of_the_same_story_line_is_related_coverage_not_more_about():
    text = "La tregua firmada en la frontera norte incluye el gasoducto y la retirada de tropas. "
    people = lambda: [at("Ana Ruiz", "PER", 0, 40, 80), at("Zona Norte", "LOC", 5, 45)]  # noqa: E731
    twins = [story("t1", "Ana Ruiz firma la tregua", people(), 1, text), story("t2", "Ana Ruiz defiende la tregua", people(), 2, text)]
    others = [story(f"o{n}", f"Otra noticia {n}", [at("Otro", "PER", 0)], n + 3, f"Nada que ver {n}. ") for n in range(8)]
    corpus = link_corpus([*twins, *others], [], SiteConfig())
    assert [link.article.slug for link in corpus.related["t1"]] == ["t2"]
    assert "t1" not in corpus.more_about and "t2" not in corpus.more_about


class CountedSlug(str):
    """A slug that counts how often it is looked up in a set or dict."""

    lookups = 0

    def __hash__(self) -> int:
        CountedSlug.lookups += 1
        return super().__hash__()


def test_each_story_reads_a_few_stories_of_its_subject_not_all_of_them():
    from generator.link.more_about import more_about
    from generator.model import CorpusEntity

    n = 300
    stories = [article(f"s{i:03d}", "Texto.", [], day=1 + i % 28) for i in range(n)]
    for a in stories:
        a.slug = CountedSlug(a.slug)
    subject = CorpusEntity("ana-ruiz", "Ana Ruiz", "PER")
    subjects = {str(a.slug): subject for a in stories}
    CountedSlug.lookups = 0
    found = more_about(stories, subjects, {})
    assert len(found) == n and all(len(links) == MORE_ABOUT for links in found.values())
    assert CountedSlug.lookups <= n * (MORE_ABOUT + 10)  # reading every story of the subject for each: n * n
