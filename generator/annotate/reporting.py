"""Word lists for quote attribution, both languages together: reporting verbs, and the words around a speaker.

Each language's words are in `generator/lang/`; a rule reads the union, since an article's language is not
always known and news in one language quotes the other.
"""

from __future__ import annotations

from ..lang import en, es

#: Reporting verbs, lowercased, every person and tense a news story uses for reported speech.
#: Gerunds (`arguing that ...`) report only the clause they govern: as cues they would credit the words to
#: a mere object (`e-mailed Mr X pointing out ...`).
REPORTING_GERUNDS: frozenset[str] = en.REPORTING_GERUNDS
REPORTING_VERBS: frozenset[str] = es.REPORTING_VERBS | en.REPORTING_VERBS
#: Their infinitives: a cue only after another verb ("ha querido aclarar", "llegó a ironizar") or `al`
#: ("al decir").
REPORTING_INFINITIVES: frozenset[str] = es.REPORTING_INFINITIVES | en.REPORTING_INFINITIVES
#: Prepositions that introduce a source: "según X", "according to X", "de acuerdo con X".
SOURCE_PREPOSITIONS: frozenset[str] = es.SOURCE_PREPOSITIONS | en.SOURCE_PREPOSITIONS
SOURCE_PHRASES: tuple[tuple[str, ...], ...] = en.SOURCE_PHRASES + es.SOURCE_PHRASES
#: A preposition that introduces a source only before a person's name at a clause start ("Para Krauze, ...").
PERSON_SOURCE_PREPOSITIONS: frozenset[str] = es.PERSON_SOURCE_PREPOSITIONS | en.PERSON_SOURCE_PREPOSITIONS
#: Words that may sit between a preposed subject and its verb ("Peskov le dijo", "he also said").
BETWEEN_SUBJECT_AND_VERB = es.BETWEEN_SUBJECT_AND_VERB | en.BETWEEN_SUBJECT_AND_VERB
#: Auxiliaries kept as part of the cue ("ha dicho", "has said").
AUXILIARIES = es.AUXILIARIES | en.AUXILIARIES
PERSONAL_PRONOUNS = es.PERSONAL_PRONOUNS | en.PERSONAL_PRONOUNS
#: Relative pronouns whose antecedent is the subject ("Jack Straw, who argues...").
RELATIVE_PRONOUNS = es.RELATIVE_PRONOUNS | en.RELATIVE_PRONOUNS
#: Relative pronouns that only take up a person.
PERSON_RELATIVES = es.PERSON_RELATIVES | en.PERSON_RELATIVES
#: Verbs an impersonal cue goes on reading a document with (`Se agrega que`).
CONTINUING_VERBS = es.CONTINUING_VERBS | en.CONTINUING_VERBS
#: Spanish articles joined to a preposition (`del`, `al`).
CONTRACTED_ARTICLES = es.CONTRACTED_ARTICLES | en.CONTRACTED_ARTICLES
#: Counting nouns before a plural (`cientos de`, `dozens of`).
COUNT_NOUNS = es.COUNT_NOUNS | en.COUNT_NOUNS
#: Prepositions that link a noun to its complement (`de`, `of`).
LINKS = es.LINKS | en.LINKS
PLURAL_PRONOUNS = es.PLURAL_PRONOUNS | en.PLURAL_PRONOUNS
#: Time words that end a postposed subject ("dijo el funcionario el martes").
TIME_WORDS = es.TIME_WORDS | en.TIME_WORDS
#: Words that make a short quoted phrase a term, a title or a nickname, not somebody's words.
NAMING_WORDS = es.NAMING_WORDS | en.NAMING_WORDS
#: Nouns of somebody's turn to speak: `Cuando tocó el turno de X, comentó` (X speaks).
TURN_NOUNS = es.TURN_NOUNS | en.TURN_NOUNS
#: Possessives: a quoted phrase after one is a term somebody uses (`sus «líneas rojas»`).
POSSESSIVES = es.POSSESSIVES | en.POSSESSIVES
PERSONAL_POSSESSIVES = es.PERSONAL_POSSESSIVES | en.PERSONAL_POSSESSIVES
#: Verbs that report only right after a quotation (`«...», continúa Krauze`, `"...?" Vitter demanded`):
#: elsewhere they narrate (`the storms demand that`).
AFTER_QUOTES_ONLY = es.AFTER_QUOTES_ONLY | en.AFTER_QUOTES_ONLY
#: Reporting verbs that say something else before a word (`cuenta con temas` = has songs, `continues to spread`).
NOT_REPORTING_BEFORE = {**es.NOT_REPORTING_BEFORE, **en.NOT_REPORTING_BEFORE}
#: Verbs that speak of a topic, with the words that open the topic (`hablaba de`, `went on about`).
TOPIC_SPEECH: dict[str, tuple[tuple[str, ...], ...]] = {**es.TOPIC_SPEECH, **en.TOPIC_SPEECH}
#: Nouns of what somebody said: `«...», fue el comentario del reverendo X`.
SPEECH_NOUNS = es.SPEECH_NOUNS | en.SPEECH_NOUNS
#: Documents that speak for their authors: `recalca el comunicado conjunto` is its signatories' words.
DOCUMENT_NOUNS = es.DOCUMENT_NOUNS | en.DOCUMENT_NOUNS
#: Documents whose named owner speaks through them: `the IMF report stated` is the IMF's words, `el
#: informe de la OMS señala` the OMS's.
OWNED_DOCUMENTS = es.OWNED_DOCUMENTS | en.OWNED_DOCUMENTS
#: Adjectives that make a document several people's: `el comunicado conjunto`.
JOINT_WORDS = es.JOINT_WORDS | en.JOINT_WORDS
#: Nouns for anonymous sources: a definite description with one is an unnamed source, never a named person.
ANONYMOUS_SOURCES = es.ANONYMOUS_SOURCES | en.ANONYMOUS_SOURCES
#: Determiners and possessives that put a short quoted phrase inside a noun phrase.
NOUN_PHRASE_OPENERS = es.NOUN_PHRASE_OPENERS | en.NOUN_PHRASE_OPENERS
#: Verbs that characterise somebody or something in the subject's words (`Cruz called Trump a "liar"`,
#: `lo tildó de «traidor»`): a quotation they govern is the subject's statement, however short.
CHARACTERISING_VERBS: frozenset[str] = es.CHARACTERISING_VERBS | en.CHARACTERISING_VERBS
#: Reporting verbs that narrate when their object is a thing (`claim the first set`, `añadió un gol`,
#: `mantiene el liderato`); other verbs of speech still report with one (`lamentó la decisión`).
NARRATING_WITH_AN_OBJECT: frozenset[str] = es.NARRATING_WITH_AN_OBJECT | en.NARRATING_WITH_AN_OBJECT
#: Prepositions of characterisation: `dismissed Estonia as ...`, `describió la crisis como «...»`.
CHARACTERISING_PREPOSITIONS = es.CHARACTERISING_PREPOSITIONS | en.CHARACTERISING_PREPOSITIONS
#: Subjects that are never somebody who speaks.
NOT_SPEAKERS = es.NOT_SPEAKERS | en.NOT_SPEAKERS
#: Common nouns that may be the source of somebody's words: groups of people, documents and institutions
#: (`Protesters chanted "..."`, `the letter reads`, `la circular dice`, `el Tribunal señala`).
SOURCE_NOUNS: frozenset[str] = es.SOURCE_NOUNS | en.SOURCE_NOUNS
