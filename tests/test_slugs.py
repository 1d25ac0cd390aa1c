from generator.slugs import slugify, unique_slug


def test_slugs_are_ascii_lowercase_and_hyphenated():
    assert slugify("Organización del Tratado del Atlántico Norte") == "organizacion-del-tratado-del-atlantico-norte"
    assert slugify("Bucarest Nine") == "bucarest-nine"
    assert slugify("Volodymyr Zhelensky") == "volodymyr-zhelensky"


def test_slugs_never_escape_or_vanish():
    for hostile in ("../../etc/passwd", "..", ".", "/", "a/b", "ⅈⅉ", "   "):
        slug = slugify(hostile)
        assert slug and "/" not in slug and slug not in (".", "..")
    assert slugify("CON") != "con"
    assert slugify("!!!", fallback="entity") == "entity"


def test_unique_slug_keeps_distinct_names_apart():
    taken: set[str] = set()
    assert [unique_slug(slugify(n), taken) for n in ("Peña", "Pena", "PEÑA")] == ["pena", "pena-2", "pena-3"]
