"""Word lists for quote attribution: reporting verbs, and the words around a speaker."""

from __future__ import annotations

_ES_AR = """agregar señalar afirmar indicar explicar asegurar subrayar declarar comentar expresar apuntar
precisar destacar recalcar enfatizar aclarar relatar tuitear preguntar mencionar sentenciar puntualizar
denunciar anunciar argumentar reiterar alertar matizar lamentar criticar acusar confesar ironizar
bromear zanjar replicar resaltar anotar estimar calificar remarcar reclamar opinar narrar plantear
detallar informar insinuar exclamar gritar cuestionar agradecer revelar
justificar razonar valorar aseverar estipular pronunciar""".split()
_ES_ER_IR = """añadir admitir insistir escribir responder reconocer aludir""".split()
_ES_IRREGULAR = """dijo dijeron dice dicen decía decían dicho diciendo dirá
advirtió advirtieron advierte advierten advertía advertido advirtiendo
sostuvo sostuvieron sostiene sostienen sostenía sostenido
mantuvo mantuvieron mantiene mantienen mantenido
concluyó concluyeron concluye concluyen concluido
refirió refiere refirieron sugirió sugiere sugirieron expuso expone
cuenta cuentan contó contaron recuerda recuerdan recordó recordaron
manifestó manifiesta manifiestan manifestaron""".split()
_ES_IRREGULAR_INFINITIVES = """decir advertir sostener mantener concluir referir sugerir exponer contar recordar
manifestar""".split()
_EN = """say says said saying tell tells told telling add adds added adding warn warns warned
claim claims claimed insist insists insisted explain explains explained argue argues argued
state states stated note notes noted comment comments commented admit admits admitted reply
replies replied ask asks asked stress stresses stressed urge urges urged
declare declares declared acknowledge acknowledges acknowledged announce announces announced
write writes wrote tweet tweets tweeted conclude concludes concluded concede concedes conceded
recall recalls recalled predict predicts predicted accuse accuses accused maintain maintains
maintained continued observe observes observed remark remarks remarked
respond responds responded confirm confirms confirmed""".split()


def _spanish_forms() -> set[str]:
    forms = set(_ES_IRREGULAR)
    for verb in _ES_AR:
        stem = verb[:-2]
        forms.update(stem + end for end in ("ó", "a", "an", "aron", "aba", "aban", "ado", "ando", "ará"))
    for verb in _ES_ER_IR:
        stem = verb[:-2]
        forms.update(stem + end for end in ("ió", "e", "en", "ieron", "ía", "ían", "ido", "iendo", "irá", "erá"))
    return forms


#: Reporting verbs, lowercased, every person and tense a news story uses for reported speech.
REPORTING_VERBS: frozenset[str] = frozenset(_spanish_forms() | set(_EN))
#: Their infinitives: a cue only after another verb ("ha querido aclarar", "llegó a ironizar").
REPORTING_INFINITIVES: frozenset[str] = frozenset(_ES_AR + _ES_ER_IR + _ES_IRREGULAR_INFINITIVES)
#: Prepositions that introduce a source: "según X", "according to X", "de acuerdo con X".
SOURCE_PREPOSITIONS: frozenset[str] = frozenset({"según"})
SOURCE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("according", "to"), ("de", "acuerdo", "con"), ("in", "the", "words", "of"), ("en", "opinión", "de"),
    ("en", "opinión", "del"), ("en", "palabras", "de"), ("en", "palabras", "del"),
)
#: A preposition that introduces a source only before a person's name at a clause start ("Para Krauze, ...").
PERSON_SOURCE_PREPOSITIONS: frozenset[str] = frozenset({"para", "for"})
#: Words that may sit between a preposed subject and its verb ("Peskov le dijo", "he also said").
BETWEEN_SUBJECT_AND_VERB = frozenset(
    """le les lo la se me te nos ya también además luego no ha han había habían habría ha has
    have had has also later then previously once again further has had would will""".split()
)
#: Auxiliaries kept as part of the cue ("ha dicho", "has said").
AUXILIARIES = frozenset("ha han había habían habría hubiera has have had".split())
PERSONAL_PRONOUNS = frozenset("él ella he she".split())
#: Relative pronouns whose antecedent is the subject ("Jack Straw, who argues...").
RELATIVE_PRONOUNS = frozenset("que quien quienes who".split())
PLURAL_PRONOUNS = frozenset("ellos ellas they".split())
#: Time words that end a postposed subject ("dijo el funcionario el martes").
TIME_WORDS = frozenset(
    """lunes martes miércoles jueves viernes sábado domingo ayer hoy anoche mañana semana mes año
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    monday tuesday wednesday thursday friday saturday sunday yesterday today tonight week month year
    january february march april june july august september october november december""".split()
)
#: Words that make a short quoted phrase a term, a title or a nickname, not somebody's words.
NAMING_WORDS = frozenset(
    """llamado llamada llamados llamadas denominado denominada denominados denominadas apodado
    apodada conocido conocida conocidos conocidas término palabra concepto expresión
    called so-called dubbed nicknamed term word phrase branded labelled labeled""".split()
)
#: Determiners and possessives that put a short quoted phrase inside a noun phrase.
NOUN_PHRASE_OPENERS = frozenset(
    """el la los las un una unos unas su sus este esta estos estas ese esa esos esas aquel aquella
    nuestro nuestra nuestros nuestras mi mis tu tus lo al del
    the a an his her their its our my your this that these those""".split()
)
