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
_ES_IRREGULAR = """dijo dijeron dice dicen decía decían dicho diciendo dirá lee leen leía leían leyó
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
_EN = """say says said saying tell tells told telling add adds added adding warn warns warned demanded demands
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
continue continues quip quips quipped quipping reads""".split()
#: Regular English verbs of speech, in every form (`_english_forms`).
_EN_REGULAR = """report assert contend allege emphasize emphasise complain deny mention repeat reiterate boast
joke shout yell exclaim vow caution proclaim testify recount argue claim insist explain state note warn
declare acknowledge announce conclude concede recall predict accuse observe remark confirm suggest reveal
wonder quip retort scoff plead muse"""


def _spanish_forms() -> set[str]:
    forms = set(_ES_IRREGULAR)
    for verb in _ES_AR:
        stem = verb[:-2]
        forms.update(stem + end for end in ("ó", "a", "an", "aron", "aba", "aban", "ado", "ando", "ará"))
    for verb in _ES_ER_IR:
        stem = verb[:-2]
        forms.update(stem + end for end in ("ió", "e", "en", "ieron", "ía", "ían", "ido", "iendo", "irá", "erá"))
    return forms


def _english_forms(verbs: str) -> set[str]:
    """Every form of regular English verbs (`call` → call calls called calling; `describe` → describes ...)."""
    forms = set()
    for verb in verbs.split():
        stem = verb[:-1] if verb.endswith("e") else verb
        third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z")) else verb + "s"
        if verb.endswith("y") and verb[-2:-1] not in "aeiou":
            third, past = verb[:-1] + "ies", verb[:-1] + "ied"
        else:
            past = stem + "ed"
        forms.update((verb, third, past, stem + "ing"))
    return forms


#: Reporting verbs, lowercased, every person and tense a news story uses for reported speech.
#: Gerunds (`arguing that ...`) report only the clause they govern: as cues they would credit the words to
#: a mere object (`e-mailed Mr X pointing out ...`).
REPORTING_GERUNDS: frozenset[str] = frozenset(f for f in _english_forms(_EN_REGULAR) if f.endswith("ing"))
REPORTING_VERBS: frozenset[str] = frozenset(_spanish_forms() | set(_EN) | (_english_forms(_EN_REGULAR) - REPORTING_GERUNDS))
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
#: Nouns of somebody's turn to speak: `Cuando tocó el turno de X, comentó` (X speaks).
TURN_NOUNS = frozenset("turno turn".split())
#: Possessives: a quoted phrase after one is a term somebody uses (`sus «líneas rojas»`).
POSSESSIVES = frozenset("su sus nuestro nuestra nuestros nuestras his her their its our".split())
#: Verbs that report only right after a quotation (`«...», continúa Krauze`, `"...?" Vitter demanded`):
#: elsewhere they narrate (`the storms demand that`).
AFTER_QUOTES_ONLY = frozenset("continúa continúan continuó continuaron continua continues continued demanded demands"
                              .split())
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
#: Documents whose named owner speaks through them: `the IMF report stated` is the IMF's words, `el
#: informe de la OMS señala` the OMS's.
OWNED_DOCUMENTS = frozenset(
    """informe reporte memorándum circular documento estudio encuesta demanda sentencia fallo resolución decreto
    editorial artículo comunicado carta nota mensaje declaración tuit cuenta página web sitio comentario publicación
    report memo memorandum study poll survey complaint lawsuit ruling document article editorial release
    filing statement letter note message tweet account website page""".split()
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


def _spanish_verb_forms(ar: str, er_ir: str) -> set[str]:
    """The forms of regular Spanish verbs that news writes for reported speech (see `_spanish_forms`)."""
    forms = set()
    for verb in ar.split():
        stem = verb[:-2]
        forms.update(stem + end for end in ("ó", "a", "an", "aron", "aba", "aban", "ado", "ando", "ará"))
    for verb in er_ir.split():
        stem = verb[:-2]
        forms.update(stem + end for end in ("ió", "e", "en", "ieron", "ía", "ían", "ido", "iendo", "irá", "erá"))
    return forms


#: Verbs that characterise somebody or something in the subject's words (`Cruz called Trump a "liar"`,
#: `lo tildó de «traidor»`): a quotation they govern is the subject's statement, however short.
CHARACTERISING_VERBS: frozenset[str] = frozenset(
    _english_forms(
        """call describe brand label term hail liken compare dismiss blast slam praise criticize criticise
        denounce condemn rate deem promise vow pledge urge exhort demand cite attack mock reject decry lament
        tout defend blame characterize characterise portray depict question challenge assert contend allege
        charge chant shout scream yell post quip joke boast complain refer insist tweet laud"""
    )
    | {"dub", "dubs", "dubbed", "dubbing", "labelled", "labelling", "sing", "sings", "sang", "sung", "singing"}
    | _spanish_verb_forms(
        """llamar tildar tachar catalogar denominar bautizar elogiar alabar condenar rechazar comparar equiparar
        atacar cantar corear reclamar lamentar cuestionar calificar considerar tuitear""",
        "arremeter prometer exigir definir describir",
    )
    | {"pidió", "pide", "piden", "pidieron", "pedía", "pedido", "defiende", "defienden", "defendió",
       "defendieron", "descrito", "descrita"}
)
#: Reporting verbs that narrate when their object is a thing (`claim the first set`, `añadió un gol`,
#: `mantiene el liderato`); other verbs of speech still report with one (`lamentó la decisión`).
NARRATING_WITH_AN_OBJECT: frozenset[str] = frozenset(
    _english_forms("add claim maintain continue")
    | _spanish_verb_forms("agregar sumar", "añadir")
    | {"mantuvo", "mantuvieron", "mantiene", "mantienen", "mantenido", "continúa", "continúan", "continuó"}
)
#: Prepositions of characterisation: `dismissed Estonia as ...`, `describió la crisis como «...»`.
CHARACTERISING_PREPOSITIONS = frozenset({"as", "como"})
#: Subjects that are never somebody who speaks.
NOT_SPEAKERS = frozenset("it its this that these those there which what esto eso ello aquello".split())


def _english_plurals(words: str) -> set[str]:
    """Each noun and its plural (`official` → officials, `authority` → authorities, `witness` → witnesses)."""
    found = set()
    for word in words.split():
        if word.endswith("y") and word[-2] not in "aeiou":
            plural = word[:-1] + "ies"
        else:
            plural = word + ("es" if word.endswith(("s", "sh", "ch", "x")) else "s")
        found.update((word, plural))
    return found


def _spanish_plurals(words: str) -> set[str]:
    """Each noun and its plural (`informe` → informes, `autoridad` → autoridades, `resolución` → resoluciones)."""
    found = set()
    unaccented = str.maketrans("áéíóú", "aeiou")
    for word in words.split():
        if word[-1] in "aeiouáéíóú":
            plural = word + "s"
        else:
            stem = word[:-1] + word[-1] if not word.endswith("z") else word[:-1] + "c"
            plural = (stem if word[-2] not in "áéíóú" else stem.translate(unaccented)) + "es"
        found.update((word, plural))
    return found


#: Common nouns that may be the source of somebody's words: groups of people, documents and institutions
#: (`Protesters chanted "..."`, `the letter reads`, `la circular dice`, `el Tribunal señala`).
SOURCE_NOUNS: frozenset[str] = frozenset(
    _english_plurals(
        """official critic expert analyst protester demonstrator lawmaker legislator resident voter supporter
        opponent authority investigator researcher scientist economist doctor parent student teacher worker
        member leader aide adviser advisor source insider witness neighbour neighbor user fan
        report letter statement memo memorandum article study poll survey complaint lawsuit filing ruling
        document ad advertisement editorial post tweet email message note website release transcript
        bill resolution platform piece column book video court committee campaign government administration
        company firm department agency party group union council board panel ministry"""
    )
    | _spanish_plurals(
        """funcionario crítico experto manifestante legislador vecino votante simpatizante opositor autoridad
        investigador científico médico padre estudiante alumno alumna trabajador miembro usuario internauta
        cibernauta fuente
        informe carta comunicado memorándum circular documento texto nota escrito artículo estudio encuesta
        demanda denuncia sentencia fallo resolución decreto editorial publicación mensaje tuit video anuncio
        gobierno tribunal corte ministerio empresa compañía partido grupo sindicato comité comisión consejo
        junta campaña administración organización"""
    )
    | {"police", "people", "policía", "gente"}
)
