"""Word lists that say what kind of thing a name is: head nouns, name endings, classifier nouns, parties."""

from __future__ import annotations

from ..lang import en, es
from ..model import EntityType

#: First words of organisation names (`Universidad de Granada`, `Ministry of Defence`).
#: `el`, `la`, `the`: the articles that open a name's mention.
DEFINITE_ARTICLES = es.DEFINITE_ARTICLES | en.DEFINITE_ARTICLES
#: Definite and indefinite articles.
ARTICLES = es.ARTICLES | en.ARTICLES
#: Definite articles, and Spanish's joined to a preposition (`del`, `al`).
ARTICLES_WITH_CONTRACTIONS = DEFINITE_ARTICLES | es.CONTRACTED_ARTICLES | en.CONTRACTED_ARTICLES
INSTITUTION_HEADS = es.INSTITUTION_HEADS | en.INSTITUTION_HEADS
#: First words of names of laws, treaties, events, prizes and works (`Ley de Protección de ...`).
MISC_HEADS = es.MISC_HEADS | en.MISC_HEADS
#: Last words of organisation names (`Fox Corporation`, `The New York Times`, `Aristegui Noticias`).
ORG_TAILS = es.ORG_TAILS | en.ORG_TAILS
#: A common noun right before a name that says what the name is (`la revista Letras Libres`).
CLASSIFIERS: dict[str, EntityType] = {
    **dict.fromkeys(sorted(es.ORG_CLASSIFIERS | en.ORG_CLASSIFIERS), "ORG"),
    **dict.fromkeys(sorted(es.MISC_CLASSIFIERS | en.MISC_CLASSIFIERS), "MISC"),
    **dict.fromkeys(sorted(es.LOC_CLASSIFIERS | en.LOC_CLASSIFIERS), "LOC"),
}
#: Political parties and their members' names: organisations, not nationalities or people.
PARTY_WORDS = es.PARTY_WORDS | en.PARTY_WORDS
#: Multi-word party names, lowercased.
PARTY_NAMES = es.PARTY_NAMES | en.PARTY_NAMES
#: Online platforms and companies that a small model takes for products or people (names, in any language).
PLATFORMS = frozenset(
    """twitter facebook instagram youtube tiktok whatsapp telegram snapchat linkedin reddit google
    apple microsoft amazon netflix spotify uber airbnb tesla wikipedia yahoo ebay paypal""".split()
)
#: Roles whose `de X` names a portfolio or a field, not an organisation (`exministro de Economía`).
PORTFOLIO_ROLES = es.PORTFOLIO_ROLES | en.PORTFOLIO_ROLES
#: Nouns whose `de` complement is a field of work or study (`en materia de Transparencia`, `la especialidad de
#: Cirugía`), not a name, when they are written in lowercase (not `departamento` or `área`: `el departamento
#: de La Paz` is a place).
FIELD_HEADS = es.FIELD_HEADS | en.FIELD_HEADS
#: What only an organisation has, after its name and `'s` (`United's chief executive`, `Yukos's shareholders`).
ORGANISATION_PARTS = en.ORGANISATION_PARTS
#: Possessives: a capitalised word after one is a noun used with respect (`su Maestro`), not a name.
POSSESSIVES = es.NAME_POSSESSIVES | en.NAME_POSSESSIVES
#: Title words the role list lacks: abbreviated and parliamentary titles (`Gov. Mike Pence`, `Speaker of the
#: House`, `Senate Majority Leader`), lowercase.
TITLE_WORDS = en.TITLE_WORDS
#: Kinds of institution a country has many of: the word alone (`la Universidad`, `el Hospital`) names no one
#: thing; nor do the words for any country's state (`el Gobierno`, `el Estado`, `la República`), whose pages
#: would gather every country's across a site.
MANY_OF_A_KIND = es.MANY_OF_A_KIND | en.MANY_OF_A_KIND
#: Companies' legal forms written after their names (`Telmex, S.A.`, `Acme Inc.`), lowercase, without a final dot.
LEGAL_FORMS = es.LEGAL_FORMS | en.LEGAL_FORMS
#: Forms of address and reverential names of an office, written capitalised out of respect (`el Santo Padre`, `al
#: Sumo Pontífice`, `Su Majestad`): they name the holder by the office, like a title alone, not by a name.
REVERENTIAL_TITLES = es.REVERENTIAL_TITLES | en.REVERENTIAL_TITLES
#: Parties' other names in common use, lowercase: each stands for the party whose members' word it gives.
PARTY_NICKNAMES = en.PARTY_NICKNAMES
#: The word for a party, after its members' word (`Republican Party`, `Partido Popular` is written the other way).
PARTY_NOUNS = en.PARTY_NOUNS
#: Words joined to a name by a hyphen to make an adjective (`Trump-backed`, `Clinton-era`), lowercase: not the
#: rest of the name, unlike a hyphenated given name's second part (`Ban Ki-moon`, `Moon Jae-in`).
HYPHEN_COMPOUNDS = en.HYPHEN_COMPOUNDS
#: Days of the week, which English capitalises (`Congress Friday passed`: no part of the name).
WEEKDAYS = en.WEEKDAYS
#: Roles written as acronyms (`MEP`, `MSPs`), lowercased: a role alone, though in capitals like a name.
ROLE_ACRONYMS = en.ROLE_ACRONYMS
#: Offices written before their holder's name that open no other kind of name (`Presidente Sebastián Piñera`).
OFFICE_TITLES = es.OFFICE_TITLES | en.OFFICE_TITLES
