"""Spanish words the annotator reads: verbs of speech, words around a speaker, roles, kinds of name."""

from __future__ import annotations

# Verbs of speech ------------------------------------------------------------------------------------------

#: Regular `-ar` verbs of speech, infinitives.
REPORTING_AR = """agregar señalar afirmar indicar explicar asegurar subrayar declarar comentar expresar apuntar
precisar destacar recalcar enfatizar aclarar relatar tuitear preguntar mencionar sentenciar puntualizar
denunciar anunciar argumentar reiterar alertar matizar lamentar criticar acusar confesar ironizar
bromear zanjar replicar resaltar anotar estimar calificar remarcar reclamar opinar narrar plantear
detallar informar insinuar exclamar gritar cuestionar agradecer revelar
justificar razonar valorar aseverar estipular pronunciar continuar trasladar reclamar
concretar apostillar rematar espetar proclamar confirmar comunicar completar observar""".split()
#: Regular `-er` and `-ir` verbs of speech, infinitives.
REPORTING_ER_IR = """añadir admitir insistir escribir responder reconocer aludir esgrimir incidir resumir""".split()
#: The forms news writes of irregular verbs of speech.
REPORTING_IRREGULAR = """dijo dijeron dice dicen decía decían dicho diciendo dirá lee leen leía leían leyó
advirtió advirtieron advierte advierten advertía advertido advirtiendo
sostuvo sostuvieron sostiene sostienen sostenía sostenido
mantuvo mantuvieron mantiene mantienen mantenido
concluyó concluyeron concluye concluyen concluido
refirió refiere refirieron sugirió sugiere sugirieron expuso expone
cuenta cuentan contó contaron recuerda recuerdan recordó recordaron
manifestó manifiesta manifiestan manifestaron continúa continúan
prosiguió prosigue prosiguen prosiguieron proseguía""".split()
#: Infinitives of the irregular verbs of speech.
REPORTING_IRREGULAR_INFINITIVES = """decir advertir sostener mantener concluir referir sugerir exponer contar recordar
manifestar hablar proseguir""".split()

_AR_ENDINGS = ("ó", "a", "an", "aron", "aba", "aban", "ado", "ando", "ará")
_ER_IR_ENDINGS = ("ió", "e", "en", "ieron", "ía", "ían", "ido", "iendo", "irá", "erá")


def verb_forms(ar: str | list[str], er_ir: str | list[str]) -> set[str]:
    """The forms of regular verbs that news writes for reported speech (third person, participle, gerund, future)."""
    forms = set()
    for verb in ar.split() if isinstance(ar, str) else ar:
        forms.update(verb[:-2] + end for end in _AR_ENDINGS)
    for verb in er_ir.split() if isinstance(er_ir, str) else er_ir:
        forms.update(verb[:-2] + end for end in _ER_IR_ENDINGS)
    return forms


def plurals(words: str) -> set[str]:
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


#: Every form of the verbs of speech.
REPORTING_VERBS = frozenset(set(REPORTING_IRREGULAR) | verb_forms(REPORTING_AR, REPORTING_ER_IR))
#: Their infinitives.
REPORTING_INFINITIVES = frozenset(REPORTING_AR + REPORTING_ER_IR + REPORTING_IRREGULAR_INFINITIVES)
#: Verbs that speak of a topic, and the words that open it (`el senador hablaba de «las políticas del pasado»`):
#: a quotation in that topic is the words of the verb's subject.
TOPIC_SPEECH = {form: (("de",), ("sobre",)) for form in verb_forms("hablar", "")}
#: Verbs that characterise somebody or something in the subject's words (`lo tildó de «traidor»`).
CHARACTERISING_VERBS = frozenset(
    verb_forms(
        """llamar tildar tachar catalogar denominar bautizar elogiar alabar condenar rechazar comparar equiparar
        atacar cantar corear reclamar lamentar cuestionar calificar considerar tuitear""",
        "arremeter prometer exigir definir describir",
    )
    | {"pidió", "pide", "piden", "pidieron", "pedía", "pedido", "defiende", "defienden", "defendió",
       "defendieron", "descrito", "descrita"}
)
#: Verbs of speech that narrate when their object is a thing (`añadió un gol`, `mantiene el liderato`).
NARRATING_WITH_AN_OBJECT = frozenset(
    verb_forms("agregar sumar", "añadir")
    | {"mantuvo", "mantuvieron", "mantiene", "mantienen", "mantenido", "continúa", "continúan", "continuó"}
)
#: Verbs that go on with what the same source said (`Se agrega que ...` after `En la web se lee que ...`).
CONTINUING_VERBS = frozenset(verb_forms("agregar precisar completar", "añadir proseguir") | {
    "continúa", "continúan", "continuó", "continuaron", "insiste", "insisten", "insistió", "concluye", "concluyen",
    "concluyó"})
#: Verbs that report only right after a quotation (`«...», continúa Krauze`).
AFTER_QUOTES_ONLY = frozenset("continúa continúan continuó continuaron continua".split())
#: Verbs of speech whose object is not somebody's words (`cuenta con temas` = has songs), with that word.
NOT_REPORTING_BEFORE = {"cuenta": "con", "cuentan": "con", "contaba": "con", "contó": "con"}

# Words around a speaker -----------------------------------------------------------------------------------

SOURCE_PREPOSITIONS = frozenset({"según"})
SOURCE_PHRASES = (("de", "acuerdo", "con"), ("en", "opinión", "de"), ("en", "opinión", "del"), ("en", "palabras", "de"),
                  ("en", "palabras", "del"))
PERSON_SOURCE_PREPOSITIONS = frozenset({"para"})
BETWEEN_SUBJECT_AND_VERB = frozenset(
    "le les lo la se me te nos ya también además luego no ha han había habían habría".split())
AUXILIARIES = frozenset("ha han había habían habría hubiera".split())
PERSONAL_PRONOUNS = frozenset("él ella".split())
RELATIVE_PRONOUNS = frozenset("que quien quienes".split())
#: Relative pronouns that only take up a person (`que` may take up the thing before one).
PERSON_RELATIVES = frozenset("quien quienes".split())
PLURAL_PRONOUNS = frozenset("ellos ellas".split())
TIME_WORDS = frozenset(
    """lunes martes miércoles jueves viernes sábado domingo ayer hoy anoche mañana semana mes año
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre""".split()
)
NAMING_WORDS = frozenset(
    """llamado llamada llamados llamadas denominado denominada denominados denominadas apodado
    apodada conocido conocida conocidos conocidas término términos palabra palabras concepto conceptos
    expresión expresiones llama llaman""".split()
)
TURN_NOUNS = frozenset({"turno"})
POSSESSIVES = frozenset("su sus nuestro nuestra nuestros nuestras".split())
#: Possessives that may mean one person (`fueron sus palabras`).
PERSONAL_POSSESSIVES = frozenset("su sus".split())
#: Nouns of a claim whose content clause (`de que ...`) holds its owner's words (`la afirmación de Trump de que hubo
#: «miles de tiroteos»`).
CLAIM_NOUNS = frozenset(
    """afirmación afirmaciones aseveración declaración declaraciones promesa promesas advertencia advertencias denuncia
    insistencia sugerencia acusación acusaciones predicción alegato""".split())
#: The words that open a claim's content clause.
CLAIM_OPENERS: tuple[str, ...] = ("de", "que")
SPEECH_NOUNS = frozenset(
    """comentario comentarios respuesta respuestas palabras mensaje mensajes declaración declaraciones reacción
    reacciones advertencia advertencias tuit tuits""".split())
DOCUMENT_NOUNS = frozenset("comunicado carta escrito nota texto mensaje declaración tuit".split())
OWNED_DOCUMENTS = frozenset(
    """informe reporte memorándum circular documento estudio encuesta demanda sentencia fallo resolución decreto
    editorial artículo comunicado carta nota mensaje declaración tuit cuenta página web sitio comentario
    publicación""".split()
)
JOINT_WORDS = frozenset("conjunto conjunta".split())
ANONYMOUS_SOURCES = frozenset(
    """funcionario funcionaria funcionarios fuente fuentes portavoz vocero vocera diplomático diplomática
    ejecutivo ejecutiva responsable responsables testigo testigos vecino vecina agente agentes""".split()
)
NOUN_PHRASE_OPENERS = frozenset(
    """el la los las un una unos unas su sus este esta estos estas ese esa esos esas aquel aquella
    nuestro nuestra nuestros nuestras mi mis tu tus lo al del""".split()
)
CHARACTERISING_PREPOSITIONS = frozenset({"como"})
NOT_SPEAKERS = frozenset("esto eso ello aquello".split())
SOURCE_NOUNS = frozenset(
    plurals(
        """funcionario crítico experto manifestante legislador vecino votante simpatizante opositor autoridad
        investigador científico médico padre estudiante alumno alumna trabajador miembro usuario internauta
        cibernauta fuente
        informe carta comunicado memorándum circular documento texto nota escrito artículo estudio encuesta
        demanda denuncia sentencia fallo resolución decreto editorial publicación mensaje tuit video anuncio
        gobierno tribunal corte ministerio empresa compañía partido grupo sindicato comité comisión consejo
        junta campaña administración organización"""
    )
    | {"policía", "gente"}
)

# Noun phrases ---------------------------------------------------------------------------------------------

DEFINITE_ARTICLES = frozenset("el la los las".split())
#: A preposition and an article in one word.
CONTRACTED_ARTICLES = frozenset({"del", "al"})
ARTICLES = DEFINITE_ARTICLES | frozenset("un una unos unas".split())
DETERMINERS = frozenset("el la los las un una unos unas este esta estos estas ese esa su sus".split())
LINKS = frozenset({"de", "del"})
CONJUNCTIONS = frozenset({"y", "e"})
COPULAS = frozenset({"fue", "fueron", "era", "es"})
QUANTIFIERS = frozenset("uno una varios varias muchos muchas algunos algunas otros otras ambos ambas".split())
#: Counting nouns before a plural (`cientos de comentarios`).
COUNT_NOUNS = frozenset("decenas cientos centenares miles millones".split())

# Roles ----------------------------------------------------------------------------------------------------

ROLE_WORDS = frozenset("""presidente presidenta expresidente expresidenta vicepresidente vicepresidenta ministro ministra
exministro exministra canciller excanciller secretario secretaria subsecretario subsecretaria senador senadora
exsenador diputado diputada congresista legislador legisladora gobernador gobernadora alcalde alcaldesa
concejal concejala embajador embajadora cónsul portavoz vocero vocera representante líder lideresa dirigente
jefe jefa director directora fundador fundadora cofundador cofundadora consejero consejera asesor asesora
comisionado comisionada fiscal juez jueza magistrado magistrada abogado abogada procurador procuradora
defensor defensora activista periodista reportero reportera escritor escritora autor autora poeta poetisa
novelista historiador historiadora investigador investigadora científico científica profesor profesora
catedrático catedrática académico académica doctor doctora médico médica economista analista experto
experta especialista empresario empresaria ejecutivo ejecutiva gerente propietario propietaria actor actriz
cantante cantautor cantautora músico música rapero rapera artista cineasta productor productora
futbolista jugador jugadora delantero delantera portero portera arquero guardameta entrenador entrenadora
técnico seleccionador tenista piloto atleta ciclista boxeador obispo arzobispo cardenal papa sacerdote
reverendo pastor pastora rabino rey reina príncipe princesa infanta infante general coronel capitán
comandante teniente sargento soldado policía agente comisario comisaria inspector inspectora mandatario
mandataria premier candidato candidata precandidato precandidata aspirante militante señor señora don doña
sr sr. sra sra. dr dr. dra dra. hermano hermana hijo hija padre madre esposo esposa marido viuda abuelo
abuela tío tía primo prima sobrino sobrina compañero compañera amigo amiga colega estudiante alumno alumna
vecino vecina paciente víctima testigo sospechoso sospechosa detenido detenida acusado acusada titular
homólogo homóloga administración funcionario funcionaria pontífice edil regidor regidora gobernante asambleísta
parlamentario parlamentaria eurodiputado eurodiputada rector rectora decano decana estratega intérprete cantautor
bailarín bailarina modelo youtuber influencer actor actriz""".split())
#: Honorifics: part of how a person is named, not of the name (`el Sr. Gil` is Gil).
HONORIFICS = frozenset("sr sr. sra sra. dra dra. dr dr. don doña".split())
FEMININE_HONORIFICS = frozenset("sra sra. srta srta. dra dra. doña".split())
MASCULINE_HONORIFICS = frozenset("sr sr. don".split())
#: Endings of nouns of a person's occupation (`historiador`, `economista`).
ROLE_SUFFIXES = ("ista", "ólogo", "óloga", "ador", "adora", "edor", "edora", "tor", "tora")
#: Words with such an ending that name no person.
NOT_ROLES = frozenset("sector sectores factor motor vector tractor ecuador contador mostrador computador".split())
ROLE_QUALIFIERS = frozenset("adjunto adjunta vice sub exministro".split())
ROLE_ABBREVIATIONS = {"dip": "diputado", "gob": "gobernador", "gral": "general", "pdte": "presidente",
                      "lic": "licenciado"}

# Kinds of name --------------------------------------------------------------------------------------------

INSTITUTION_HEADS = frozenset(
    """organización organizacion departamento ministerio secretaría secretaria consejo comisión facultad registro
    defensoría contraloría tesorería museo museos biblioteca
    banco fondo instituto universidad tribunal corte agencia fundación asociación federación
    unión partido comité centro oficina servicio junta cámara sociedad alianza liga confederación
    procuraduría fiscalía dirección autoridad administración academia asamblea senado congreso
    parlamento gobierno ayuntamiento diputación generalitat policía guardia ejército armada
    campaña movimiento frente coalición plataforma sindicato colegio escuela hospital empresa compañía""".split()
)
MISC_HEADS = frozenset(
    """ley convenio convención tratado acuerdo pacto constitución estatuto código reglamento decreto
    declaración carta premio copa mundial campeonato juegos olimpiada festival guerra operación plan
    programa proyecto""".split()
)
ORG_TAILS = frozenset(
    """noticias prensa televisión medios fundación instituto universidad partido consejo comisión comité
    asociación federación unión agencia oficina servicio autoridad ministerio departamento liga gobierno
    parlamento asamblea congreso senado""".split()
)
ORG_CLASSIFIERS = frozenset(
    """revista diario periódico semanario cadena canal emisora televisora radio agencia compañía
    empresa firma aerolínea partido universidad banco club equipo selección grupo organización
    plataforma red aplicación portal sitio web editorial fundación asociación sindicato coalición alianza
    movimiento frente""".split()
)
MISC_CLASSIFIERS = frozenset(
    """canción canciones tema temas disco álbum sencillo libro novela película serie programa
    documental obra obras festival evento torneo campeonato ley proyecto""".split()
)
#: Nouns of works right before a title written in sentence case (`el melodrama Pasión y poder`).
WORK_CLASSIFIERS = frozenset(
    """canción disco álbum sencillo libro novela película filme cinta serie telenovela melodrama superserie
    programa documental obra poema""".split()
)
LOC_CLASSIFIERS = frozenset(
    """ciudad localidad municipio pueblo villa país estado provincia región comarca capital isla
    río barrio distrito condado""".split()
)
PARTY_WORDS = frozenset("psoe pp podemos vox ciudadanos morena pri pan prd erc pnv bildu sumar".split())
PARTY_NAMES = frozenset({"unidas podemos", "unidos podemos", "partido popular", "partido socialista obrero español"})
PORTFOLIO_ROLES = frozenset(
    """ministro ministra exministro exministra secretario secretaria subsecretario subsecretaria
    consejero consejera conseller concejal concejala encargado encargada responsable licenciado
    licenciada licenciatura graduado graduada doctor doctora doctorado catedrático catedrática
    profesor profesora investigador investigadora máster grado carrera facultad""".split()
)
FIELD_HEADS = frozenset("materia especialidad asignatura disciplina departamento área servicio unidad cátedra".split())
NAME_POSSESSIVES = frozenset("su sus mi mis tu tus nuestro nuestra nuestros nuestras vuestro vuestra".split())
MANY_OF_A_KIND = frozenset(
    """universidad hospital clínica facultad escuela colegio instituto centro oficina empresa compañía banco
    fundación asociación secretaría dirección departamento ministerio agencia servicio sociedad club museo
    juzgado tribunal gobierno estado república ley decreto reglamento convenio tratado acuerdo pacto estatuto""".split()
)
LEGAL_FORMS = frozenset("s.a s.l s.a.b s.a.u s.l.u s.c s.r.l s.a.s sa sl sab".split())
REVERENTIAL_TITLES = frozenset(
    {"santo padre", "sumo pontífice", "romano pontífice", "su santidad", "su majestad", "sus majestades",
     "su alteza", "su excelencia", "su señoría", "vuestra majestad"}
)
#: Offices a person holds, written with a capital before the holder's name (`Presidente Sebastián Piñera`),
#: that open no other kind of name.
OFFICE_TITLES = frozenset(
    """presidente presidenta expresidente expresidenta senador senadora gobernador gobernadora alcalde alcaldesa
    ministro ministra diputado diputada canciller vicepresidente vicepresidenta""".split()
)
