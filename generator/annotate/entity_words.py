"""Word lists that say what kind of thing a name is: head nouns, name endings, classifier nouns, parties."""

from __future__ import annotations

from ..model import EntityType

#: First words of organisation names (`Universidad de Granada`, `Ministry of Defence`).
INSTITUTION_HEADS = frozenset(
    """organización organizacion departamento ministerio secretaría secretaria consejo comisión facultad registro
    defensoría contraloría tesorería museo museos biblioteca
    banco fondo instituto universidad tribunal corte agencia fundación asociación federación
    unión partido comité centro oficina servicio junta cámara sociedad alianza liga confederación
    procuraduría fiscalía dirección autoridad administración academia asamblea senado congreso
    parlamento gobierno ayuntamiento diputación generalitat policía guardia ejército armada
    campaña movimiento frente coalición plataforma sindicato colegio escuela hospital empresa compañía
    organisation organization department ministry council commission bank fund institute
    university court agency foundation association federation union party committee centre
    center office service board chamber society alliance league authority academy assembly senate
    congress parliament government police army navy campaign movement front coalition school
    college hospital company corporation treasury executive""".split()
)
#: First words of names of laws, treaties, events, prizes and works (`Ley de Protección de ...`).
MISC_HEADS = frozenset(
    """ley convenio convención tratado acuerdo pacto constitución estatuto código reglamento decreto
    declaración carta premio copa mundial campeonato juegos olimpiada festival guerra operación plan
    programa proyecto
    act bill law treaty convention accord agreement pact constitution charter code declaration
    prize award cup championship games olympics festival war operation budget""".split()
)
#: Last words of organisation names (`Fox Corporation`, `The New York Times`, `Aristegui Noticias`).
ORG_TAILS = frozenset(
    """corporation corp corp. inc inc. ltd ltd. plc llc co. company group holdings airlines airways
    bank times post journal news noticias press prensa tribune herald gazette telegraph guardian
    observer review magazine radio tv televisión television channel network media medios records
    studios pictures motors foundation fundación institute instituto university universidad
    college school party partido council consejo commission comisión committee comité association
    asociación federation federación union unión agency agencia office oficina service servicio
    authority autoridad ministry ministerio department departamento league liga club fc executive government
    gobierno parliament parlamento assembly asamblea congress congreso senate senado cabinet""".split()
)
#: A common noun right before a name that says what the name is (`la revista Letras Libres`).
CLASSIFIERS: dict[str, EntityType] = {
    **dict.fromkeys(
        """revista diario periódico semanario cadena canal emisora televisora radio agencia compañía
        empresa firma aerolínea partido universidad banco club equipo selección grupo organización
        plataforma red aplicación portal sitio web editorial fundación asociación sindicato coalición alianza
        movimiento frente
        magazine newspaper paper channel network broadcaster station agency company firm airline
        carrier party university bank club team group organisation organization platform charity
        website publisher union coalition alliance movement front""".split(),
        "ORG",
    ),
    **dict.fromkeys(
        """canción canciones tema temas disco álbum sencillo libro novela película serie programa
        documental obra obras festival evento torneo campeonato ley proyecto
        song songs single album book novel film movie series programme program show documentary
        festival tournament""".split(),
        "MISC",
    ),
    **dict.fromkeys(
        """ciudad localidad municipio pueblo villa país estado provincia región comarca capital isla
        río barrio distrito condado
        city town village country county province region capital island river district borough""".split(),
        "LOC",
    ),
}
#: Political parties and their members' names: organisations, not nationalities or people.
PARTY_WORDS = frozenset(
    """labour tory tories conservative conservatives liberal-democrat lib-dem lib-dems ukip snp
    plaid democrat democrats republican republicans green greens
    psoe pp podemos vox ciudadanos morena pri pan prd erc pnv bildu sumar""".split()
)
#: Multi-word party names, lowercased.
PARTY_NAMES = frozenset(
    {"liberal democrat", "liberal democrats", "lib dem", "lib dems", "green party", "labour party",
     "conservative party", "scottish national party", "plaid cymru", "unidas podemos", "unidos podemos",
     "partido popular", "partido socialista obrero español"}
)
#: Online platforms and companies that a small model takes for products or people.
PLATFORMS = frozenset(
    """twitter facebook instagram youtube tiktok whatsapp telegram snapchat linkedin reddit google
    apple microsoft amazon netflix spotify uber airbnb tesla wikipedia yahoo ebay paypal""".split()
)
#: Roles whose `de X` names a portfolio or a field, not an organisation (`exministro de Economía`).
PORTFOLIO_ROLES = frozenset(
    """ministro ministra exministro exministra secretario secretaria subsecretario subsecretaria
    consejero consejera conseller concejal concejala encargado encargada responsable licenciado
    licenciada licenciatura graduado graduada doctor doctora doctorado catedrático catedrática
    profesor profesora investigador investigadora máster grado carrera facultad
    secretary undersecretary minister""".split()
)
#: Nouns whose `de` complement is a field of work or study (`en materia de Transparencia`, `la especialidad de
#: Cirugía`), not a name, when they are written in lowercase (not `departamento` or `área`: `el departamento
#: de La Paz` is a place).
FIELD_HEADS = frozenset("materia especialidad asignatura disciplina".split())
#: What only an organisation has, after its name and `'s` (`United's chief executive`, `Yukos's shareholders`).
ORGANISATION_PARTS = frozenset(
    """board shareholders shareholder directors chairman chairwoman headquarters subsidiary subsidiaries
    shares stock""".split()
)
#: Possessives: a capitalised word after one is a noun used with respect (`su Maestro`), not a name.
POSSESSIVES = frozenset(
    """su sus mi mis tu tus nuestro nuestra nuestros nuestras vuestro vuestra
    his her their our my your its""".split()
)
#: Title words the role list lacks: abbreviated and parliamentary titles (`Gov. Mike Pence`, `Speaker of the
#: House`, `Senate Majority Leader`), lowercase.
TITLE_WORDS = frozenset(
    """gov gov. sen sen. rep rep. lt lt. gen gen. atty atty. supt supt. speaker nominee whip majority minority
    attorney""".split()
)
#: Kinds of institution a country has many of: the word alone (`la Universidad`, `el Hospital`) names no one
#: thing; nor do the words for any country's state (`el Gobierno`, `el Estado`, `la República`), whose pages
#: would gather every country's across a site.
MANY_OF_A_KIND = frozenset(
    """universidad hospital clínica facultad escuela colegio instituto centro oficina empresa compañía banco
    fundación asociación secretaría dirección departamento ministerio agencia servicio sociedad club museo
    juzgado tribunal gobierno estado república government
    university hospital clinic faculty school college institute centre center office company bank foundation
    association department ministry agency service society club museum court""".split()
)
#: Companies' legal forms written after their names (`Telmex, S.A.`, `Acme Inc.`), lowercase, without a final dot.
LEGAL_FORMS = frozenset(
    """s.a s.l s.a.b s.a.u s.l.u s.c s.r.l s.a.s sa sl sab inc corp ltd plc llc gmbh ag nv bv spa""".split()
)
#: Forms of address and reverential names of an office, written capitalised out of respect (`el Santo Padre`, `al
#: Sumo Pontífice`, `Su Majestad`): they name the holder by the office, like a title alone, not by a name.
REVERENTIAL_TITLES = frozenset(
    {"santo padre", "sumo pontífice", "romano pontífice", "su santidad", "su majestad", "sus majestades",
     "su alteza", "su excelencia", "su señoría", "vuestra majestad", "holy father", "supreme pontiff",
     "his holiness", "his majesty", "her majesty", "their majesties", "his royal highness", "her royal highness",
     "his excellency", "her excellency"}
)
#: Parties' other names in common use, lowercase: each stands for the party whose members' word it gives.
PARTY_NICKNAMES = {"gop": "republican", "tory": "conservative", "tories": "conservative"}
#: The word for a party, after its members' word (`Republican Party`, `Partido Popular` is written the other way).
PARTY_NOUNS = frozenset({"party"})
#: English words joined to a name by a hyphen to make an adjective (`Trump-backed`, `Clinton-era`), lowercase:
#: not the rest of the name, unlike a hyphenated given name's second part (`Ban Ki-moon`, `Moon Jae-in`).
HYPHEN_COMPOUNDS = frozenset(
    """era led run backed based born style like type linked owned appointed allied aligned friendly free related
    inspired funded supporting supported loving hating bashing esque controlled dominated leaning""".split()
)
