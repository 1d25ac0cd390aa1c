"""Word lists for quote attribution: reporting verbs, and the words around a speaker."""

from __future__ import annotations

_ES_AR = """agregar señalar afirmar indicar explicar asegurar subrayar declarar comentar expresar apuntar
precisar destacar recalcar enfatizar aclarar relatar tuitear preguntar mencionar sentenciar puntualizar
denunciar anunciar argumentar reiterar alertar matizar lamentar criticar acusar confesar ironizar
bromear zanjar replicar resaltar anotar estimar calificar remarcar reclamar opinar narrar plantear
detallar informar insinuar exclamar gritar cuestionar agradecer revelar
justificar razonar valorar aseverar estipular pronunciar continuar trasladar reclamar
concretar apostillar rematar espetar proclamar confirmar comunicar completar observar""".split()
_ES_ER_IR = """añadir admitir insistir escribir responder reconocer aludir esgrimir incidir resumir""".split()
_ES_IRREGULAR = """dijo dijeron dice dicen decía decían dicho diciendo dirá
advirtió advirtieron advierte advierten advertía advertido advirtiendo
sostuvo sostuvieron sostiene sostienen sostenía sostenido
mantuvo mantuvieron mantiene mantienen mantenido
concluyó concluyeron concluye concluyen concluido
refirió refiere refirieron sugirió sugiere sugirieron expuso expone
cuenta cuentan contó contaron recuerda recuerdan recordó recordaron
manifestó manifiesta manifiestan manifestaron continúa continúan
prosiguió prosigue prosiguen prosiguieron proseguía""".split()
_ES_IRREGULAR_INFINITIVES = """decir advertir sostener mantener concluir referir sugerir exponer contar recordar
manifestar hablar proseguir""".split()
_EN = """say says said saying tell tells told telling add adds added adding warn warns warned
claim claims claimed insist insists insisted explain explains explained argue argues argued
state states stated note notes noted comment comments commented admit admits admitted reply
replies replied ask asks asked stress stresses stressed urge urges urged
declare declares declared acknowledge acknowledges acknowledged announce announces announced
write writes wrote tweet tweets tweeted conclude concludes concluded concede concedes conceded
recall recalls recalled predict predicts predicted accuse accuses accused maintain maintains
maintained continued observe observes observed remark remarks remarked
respond responds responded confirm confirms confirmed welcome welcomes welcomed praise praises praised
criticise criticises criticised criticize criticizes criticized condemn condemns condemned
apologise apologises apologised apologize apologizes apologized
describes described suggest suggests suggested reveal reveals revealed
continue continues""".split()


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
#: Their infinitives: a cue only after another verb ("ha querido aclarar", "llegó a ironizar") or `al`
#: ("al decir").
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
    apodada conocido conocida conocidos conocidas término términos palabra palabras concepto conceptos
    expresión expresiones llama llaman
    called so-called dubbed nicknamed term terms word words phrase branded labelled labeled""".split()
)
#: Possessives: a quoted phrase after one is a term somebody uses (`sus «líneas rojas»`).
POSSESSIVES = frozenset("su sus nuestro nuestra nuestros nuestras his her their its our".split())
#: Verbs that report only right after a quotation (`«...», continúa Krauze`): elsewhere they narrate.
AFTER_QUOTES_ONLY = frozenset("continúa continúan continuó continuaron continua continues continued".split())
#: Reporting verbs whose object is not somebody's words (`cuenta con temas` = has songs).
NOT_REPORTING_BEFORE = {"cuenta": "con", "cuentan": "con", "contaba": "con", "contó": "con"}
#: Nouns of what somebody said: `«...», fue el comentario del reverendo X`.
SPEECH_NOUNS = frozenset(
    """comentario comentarios respuesta palabras mensaje declaración declaraciones reacción advertencia
    comment comments response words message statement reaction warning""".split()
)
#: Documents that speak for their authors: `recalca el comunicado conjunto` is its signatories' words.
DOCUMENT_NOUNS = frozenset(
    """comunicado carta escrito nota texto mensaje declaración tuit
    statement letter note message tweet""".split()
)
#: Adjectives that make a document several people's: `el comunicado conjunto`.
JOINT_WORDS = frozenset("conjunto conjunta joint".split())
#: Nouns for anonymous sources: a definite description with one is an unnamed source, never a named person.
ANONYMOUS_SOURCES = frozenset(
    """funcionario funcionaria funcionarios fuente fuentes portavoz vocero vocera diplomático diplomática
    ejecutivo ejecutiva responsable responsables testigo testigos vecino vecina agente agentes
    official officials source sources spokesman spokeswoman spokesperson diplomat aide insider
    witness executive""".split()
)
#: Determiners and possessives that put a short quoted phrase inside a noun phrase.
NOUN_PHRASE_OPENERS = frozenset(
    """el la los las un una unos unas su sus este esta estos estas ese esa esos esas aquel aquella
    nuestro nuestra nuestros nuestras mi mis tu tus lo al del
    the a an his her their its our my your this that these those""".split()
)
