"""English words the annotator reads: verbs of speech, words around a speaker, roles, kinds of name."""

from __future__ import annotations

# Verbs of speech ------------------------------------------------------------------------------------------

#: Verbs of speech in the forms news writes them, irregular ones among them.
REPORTING_FORMS = """say says said saying tell tells told telling add adds added adding warn warns warned demanded demands
claim claims claimed insist insists insisted explain explains explained argue argues argued
state states stated note notes noted comment comments commented admit admits admitted reply
replies replied replying ask asks asked asking stress stresses stressed urge urges urged
declare declares declared acknowledge acknowledges acknowledged announce announces announced
write writes wrote tweet tweets tweeted tweeting conclude concludes concluded concede concedes conceded
recall recalls recalled predict predicts predicted accuse accuses accused maintain maintains
maintained continued observe observes observed remark remarks remarked
respond responds responded responding confirm confirms confirmed welcome welcomes welcomed praise praises praised
criticise criticises criticised criticize criticizes criticized condemn condemns condemned
apologise apologises apologised apologize apologizes apologized
describes described suggest suggests suggested reveal reveals revealed
continue continues quip quips quipped quipping reads""".split()
#: Regular verbs of speech, infinitives (every form is taken, see `verb_forms`).
REPORTING_REGULAR = """report assert contend allege emphasize emphasise complain deny mention repeat reiterate boast
joke shout yell exclaim vow caution proclaim testify recount argue claim insist explain state note warn
declare acknowledge announce conclude concede recall predict accuse observe remark confirm suggest reveal
wonder quip retort scoff plead muse agree chant"""


def verb_forms(verbs: str) -> set[str]:
    """Every form of regular verbs (`call` → call calls called calling; `describe` → describes ...)."""
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


def plurals(words: str) -> set[str]:
    """Each noun and its plural (`official` → officials, `authority` → authorities, `witness` → witnesses)."""
    found = set()
    for word in words.split():
        if word.endswith("y") and word[-2] not in "aeiou":
            plural = word[:-1] + "ies"
        else:
            plural = word + ("es" if word.endswith(("s", "sh", "ch", "x")) else "s")
        found.update((word, plural))
    return found


#: Gerunds of the regular verbs of speech: they report only the clause they govern (`arguing that ...`).
REPORTING_GERUNDS = frozenset(f for f in verb_forms(REPORTING_REGULAR) if f.endswith("ing"))
#: Every other form of the verbs of speech.
REPORTING_VERBS = frozenset(set(REPORTING_FORMS) | (verb_forms(REPORTING_REGULAR) - REPORTING_GERUNDS))
REPORTING_INFINITIVES: frozenset[str] = frozenset()
#: Verbs of speech that say something else before a word (`the article continues to spread fear`, `agreed to pay`).
NOT_REPORTING_BEFORE = {form: "to" for form in ("continue", "continues", "continued", "continuing", "agree", "agrees",
                                                 "agreed", "agreeing")}
#: Verbs that speak of a topic, and the words that open it (`the senator went on about “the failed
#: policies”`): a quotation in that topic is the words of the verb's subject.
TOPIC_SPEECH = {
    **{form: (("about",),) for form in verb_forms("talk rant")},
    **{form: (("about",), ("of",)) for form in ("speak", "speaks", "spoke", "speaking", "spoken")},
    **{form: (("on", "about"),) for form in ("go", "goes", "went", "going", "gone")},
    **{form: (("against",),) for form in verb_forms("rail")},
}
#: Verbs that characterise somebody or something in the subject's words (`Cruz called Trump a "liar"`).
CHARACTERISING_VERBS = frozenset(
    verb_forms(
        """call describe brand label term hail liken compare dismiss blast slam praise criticize criticise
        denounce condemn rate deem promise vow pledge urge exhort demand cite attack mock reject decry lament
        tout defend blame characterize characterise portray depict question challenge assert contend allege
        charge chant shout scream yell post quip joke boast complain refer insist tweet laud"""
    )
    | {"dub", "dubs", "dubbed", "dubbing", "labelled", "labelling", "sing", "sings", "sang", "sung", "singing"}
)
#: Verbs of speech that narrate when their object is a thing (`claim the first set`).
NARRATING_WITH_AN_OBJECT = frozenset(verb_forms("add claim maintain continue"))
#: Verbs that go on with what the same source said, in an impersonal cue: English has none (`Se agrega que`).
CONTINUING_VERBS: frozenset[str] = frozenset()
#: Verbs that report only right after a quotation (`"...?" Vitter demanded`).
AFTER_QUOTES_ONLY = frozenset("continues continued demanded demands".split())

# Words around a speaker -----------------------------------------------------------------------------------

SOURCE_PREPOSITIONS: frozenset[str] = frozenset()
SOURCE_PHRASES = (("according", "to"), ("in", "the", "words", "of"))
PERSON_SOURCE_PREPOSITIONS = frozenset({"for"})
BETWEEN_SUBJECT_AND_VERB = frozenset("has have had also later then previously once again further would will".split())
AUXILIARIES = frozenset("has have had".split())
PERSONAL_PRONOUNS = frozenset("he she".split())
RELATIVE_PRONOUNS = frozenset({"who"})
#: Relative pronouns that only take up a person.
PERSON_RELATIVES = frozenset({"who"})
PLURAL_PRONOUNS = frozenset({"they"})
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
TIME_WORDS = WEEKDAYS | frozenset(
    """yesterday today tonight week month year
    january february march april june july august september october november december""".split()
)
NAMING_WORDS = frozenset(
    "called so-called dubbed nicknamed term terms word words phrase branded labelled labeled".split())
TURN_NOUNS = frozenset({"turn"})
POSSESSIVES = frozenset("his her their its our".split())
#: Possessives that may mean one person (`were her words`).
PERSONAL_POSSESSIVES = frozenset("his her".split())
#: Nouns of a claim whose content clause (`that ...`) holds its owner's words (`Trump's claim that there were
#: "thousands of shootings"`).
CLAIM_NOUNS = frozenset(
    """claim claims assertion assertions statement promise promises pledge vow warning warnings insistence argument
    suggestion allegation allegations contention prediction boast""".split())
#: The word that opens a claim's content clause.
CLAIM_OPENERS: tuple[str, ...] = ("that",)
SPEECH_NOUNS = frozenset(
    """comment comments response responses words message messages statement statements reaction reactions warning
    warnings tweet tweets reply replies""".split())
DOCUMENT_NOUNS = frozenset("statement letter note message tweet".split())
OWNED_DOCUMENTS = frozenset(
    """report memo memorandum study poll survey complaint lawsuit ruling document article editorial release
    filing statement letter note message tweet account website page""".split()
)
JOINT_WORDS = frozenset({"joint"})
ANONYMOUS_SOURCES = frozenset(
    """official officials source sources spokesman spokeswoman spokesperson diplomat aide insider
    witness executive""".split()
)
NOUN_PHRASE_OPENERS = frozenset("the a an his her their its our my your this that these those".split())
CHARACTERISING_PREPOSITIONS = frozenset({"as"})
NOT_SPEAKERS = frozenset("it its this that these those there which what".split())
SOURCE_NOUNS = frozenset(
    plurals(
        """official critic expert analyst protester demonstrator lawmaker legislator resident voter supporter
        opponent authority investigator researcher scientist economist doctor parent student teacher worker
        member leader aide adviser advisor source insider witness neighbour neighbor user fan
        report letter statement memo memorandum article study poll survey complaint lawsuit filing ruling
        document ad advertisement editorial post tweet email message note website release transcript
        bill resolution platform piece column book video court committee campaign government administration
        company firm department agency party group union council board panel ministry"""
    )
    | {"police", "people"}
)

# Noun phrases ---------------------------------------------------------------------------------------------

DEFINITE_ARTICLES = frozenset({"the"})
CONTRACTED_ARTICLES: frozenset[str] = frozenset()
ARTICLES = DEFINITE_ARTICLES | frozenset({"a", "an"})
DETERMINERS = frozenset("the a an this that these those his her their its".split())
LINKS = frozenset({"of"})
CONJUNCTIONS = frozenset({"and"})
COPULAS = frozenset({"was", "were", "is"})
QUANTIFIERS = frozenset("one several many some both other others".split())
#: Counting nouns before a plural (`hundreds of comments`).
COUNT_NOUNS = frozenset("dozens hundreds thousands millions".split())

# Roles ----------------------------------------------------------------------------------------------------

ROLE_WORDS = frozenset("""president vice-president minister chancellor secretary senator governor mayor congressman
congresswoman spokesman spokeswoman spokesperson leader chairman chairwoman chair chief director founder
executive boss manager coach striker midfielder defender goalkeeper player captain singer actor actress
author writer novelist historian professor doctor economist analyst expert lawyer judge prosecutor bishop
archbishop pope cardinal rev reverend king queen prince princess general colonel commander officer
detective inspector candidate mp mep msp mla peer lord lady sir mr mr. mrs mrs. ms ms. miss dame dr dr. colleague
wife husband son daughter brother sister father mother campaigner activist journalist reporter editor
presenter ambassador envoy commissioner chancellor premier shadow official pontiff lawmaker legislator attorney
counsel adviser advisor strategist nominee commissioner superintendent sheriff chief ceo founder physician surgeon
nurse teacher owner pundit sprinter hurdler runner athlete swimmer cyclist golfer boxer jockey skater
winger keeper batsman bowler rapper guitarist pianist drummer comedian musician producer designer chef
entrepreneur billionaire tycoon mogul""".split())
#: Roles written as acronyms (`the MEP`, `MSPs`): a role alone, not a name, though in capitals like one.
ROLE_ACRONYMS = frozenset("mp mps mep meps msp msps mla mlas".split())
#: Honorifics: part of how a person is named, not of the name (`Mr Blair` is Blair).
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady".split())
FEMININE_HONORIFICS = frozenset("mrs mrs. ms ms. miss dame lady".split())
MASCULINE_HONORIFICS = frozenset("mr mr. sir lord".split())
ROLE_SUFFIXES: tuple[str, ...] = ()
NOT_ROLES: frozenset[str] = frozenset()
#: Words that introduce a woman or a man (`Mrs Hart`, `spokeswoman Jane Roe`): Spanish tells them by grammatical gender.
FEMININE_WORDS = frozenset(
    """mrs mrs. ms ms. miss madam madame dame lady queen princess duchess countess woman wife mother daughter
    sister aunt niece grandmother girlfriend widow actress spokeswoman chairwoman congresswoman
    businesswoman sportswoman councilwoman assemblywoman policewoman first-lady""".split()
)
MASCULINE_WORDS = frozenset(
    """mr mr. sir lord king prince duke count man husband father son brother uncle nephew grandfather
    boyfriend widower actor spokesman congressman businessman sportsman councilman assemblyman
    policeman""".split()
)
# `chairman` is no masculine word: British usage gives it to women as well (`UKIP chairman Ann Lee ... She said`)
ROLE_QUALIFIERS = frozenset("deputy vice shadow former ex acting interim assistant junior associate".split())
ROLE_ABBREVIATIONS = {
    "sen": "senator", "rep": "representative", "gov": "governor", "pres": "president", "gen": "general",
    "sec": "secretary", "atty": "attorney", "lt": "lieutenant", "col": "colonel", "capt": "captain",
    "sgt": "sergeant", "supt": "superintendent", "prof": "professor",
}

# Kinds of name --------------------------------------------------------------------------------------------

INSTITUTION_HEADS = frozenset(
    """organisation organization department ministry council commission bank fund institute
    university court agency foundation association federation union party committee centre
    center office service board chamber society alliance league authority academy assembly senate
    congress parliament government police army navy campaign movement front coalition school
    college hospital company corporation treasury executive""".split()
)
MISC_HEADS = frozenset(
    """act bill law treaty convention accord agreement pact constitution charter code declaration
    prize award cup championship games olympics festival war operation budget""".split()
)
ORG_TAILS = frozenset(
    """corporation corp corp. inc inc. ltd ltd. plc llc co. company group holdings airlines airways
    bank times post journal news press tribune herald gazette telegraph guardian
    observer review magazine radio tv television channel network media records
    studios pictures motors foundation institute university college school party council commission
    committee association federation union agency office service authority ministry department league club fc afc
    united rovers wanderers athletic albion hotspur
    executive government parliament assembly congress senate cabinet""".split()
)
ORG_CLASSIFIERS = frozenset(
    """magazine newspaper paper channel network broadcaster station agency company firm airline
    carrier party university bank club team group organisation organization platform charity
    website publisher union coalition alliance movement front""".split()
)
MISC_CLASSIFIERS = frozenset(
    """song songs single album book novel film movie series programme program show documentary
    festival tournament""".split()
)
#: Nouns of works right before a title written in sentence case (`the film Gone with the wind`).
WORK_CLASSIFIERS = frozenset("song album book novel film movie series programme documentary play".split())
LOC_CLASSIFIERS = frozenset("city town village country county province region capital island river district borough"
                            .split())
PARTY_WORDS = frozenset(
    """labour tory tories conservative conservatives liberal-democrat lib-dem lib-dems ukip snp
    plaid democrat democrats republican republicans green greens""".split()
)
PARTY_NAMES = frozenset(
    {"liberal democrat", "liberal democrats", "lib dem", "lib dems", "green party", "labour party",
     "conservative party", "scottish national party", "plaid cymru"}
)
#: Parties' other names in common use: each stands for the party whose members' word it gives.
PARTY_NICKNAMES = {"gop": "republican", "tory": "conservative", "tories": "conservative"}
#: The word for a party after its members' word (`Republican Party`).
PARTY_NOUNS = frozenset({"party"})
PORTFOLIO_ROLES = frozenset("secretary undersecretary minister".split())
FIELD_HEADS: frozenset[str] = frozenset()
#: What only an organisation has, after its name and `'s` (`United's chief executive`).
ORGANISATION_PARTS = frozenset(
    """board shareholders shareholder directors chairman chairwoman headquarters subsidiary subsidiaries
    shares stock""".split()
)
NAME_POSSESSIVES = frozenset("his her their our my your its".split())
#: Title words the role list lacks: abbreviated and parliamentary titles (`Gov. Mike Pence`, `Speaker of the House`).
TITLE_WORDS = frozenset(
    """gov gov. sen sen. rep rep. lt lt. gen gen. atty atty. supt supt. speaker nominee whip majority minority
    attorney""".split()
)
MANY_OF_A_KIND = frozenset(
    """government university hospital clinic faculty school college institute centre center office company bank
    foundation association department ministry agency service society club museum court act bill law treaty
    accord""".split()
)
LEGAL_FORMS = frozenset("inc corp ltd plc llc gmbh ag nv bv spa".split())
REVERENTIAL_TITLES = frozenset(
    {"holy father", "supreme pontiff", "his holiness", "his majesty", "her majesty", "their majesties",
     "his royal highness", "her royal highness", "his excellency", "her excellency"}
)
#: Words joined to a name by a hyphen to make an adjective (`Trump-backed`, `Clinton-era`): not part of the name.
HYPHEN_COMPOUNDS = frozenset(
    """era led run backed based born style like type linked owned appointed allied aligned friendly free related
    inspired funded supporting supported loving hating bashing esque controlled dominated leaning""".split()
)
#: Offices a person holds, written before the holder's name (`Senator Tom Reed`), that open no other kind of name.
OFFICE_TITLES = frozenset(
    """president senator governor mayor congressman congresswoman congressmember councilman councilwoman
    chancellor""".split()
)
