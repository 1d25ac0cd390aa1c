"""Words for people's roles: before a name they say the name is a person's ("el historiador Enrique Krauze")."""

from __future__ import annotations

from typing import Literal

_SPANISH = """presidente presidenta expresidente expresidenta vicepresidente vicepresidenta ministro ministra
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
bailarín bailarina modelo youtuber influencer actor actriz"""
_ENGLISH = """president vice-president minister chancellor secretary senator governor mayor congressman
congresswoman spokesman spokeswoman spokesperson leader chairman chairwoman chair chief director founder
executive boss manager coach striker midfielder defender goalkeeper player captain singer actor actress
author writer novelist historian professor doctor economist analyst expert lawyer judge prosecutor bishop
archbishop pope cardinal rev reverend king queen prince princess general colonel commander officer
detective inspector candidate mp mep peer lord lady sir mr mr. mrs mrs. ms ms. miss dame dr dr. colleague
wife husband son daughter brother sister father mother campaigner activist journalist reporter editor
presenter ambassador envoy commissioner chancellor premier shadow official pontiff lawmaker legislator attorney
counsel adviser advisor strategist nominee commissioner superintendent sheriff chief ceo founder physician surgeon
nurse teacher owner pundit sprinter hurdler runner athlete swimmer cyclist golfer boxer jockey skater
winger keeper batsman bowler rapper guitarist pianist drummer comedian musician producer designer chef
entrepreneur billionaire tycoon mogul"""
ROLE_WORDS: frozenset[str] = frozenset((_SPANISH + " " + _ENGLISH).split())
#: Honorifics: part of how a person is named, not of the name ("Mr Blair" is Blair).
HONORIFICS: frozenset[str] = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. sr sr. sra sra. dra dra. sir dame lord lady don doña".split()
)
#: The gender an honorific gives the name it opens (`Mrs Hart`, `la Sra. Gil`, `don Luis`).
HONORIFIC_GENDERS: dict[str, Literal["F", "M"]] = {
    **dict.fromkeys("mrs mrs. ms ms. miss sra sra. srta srta. dra dra. dame lady doña".split(), "F"),
    **dict.fromkeys("mr mr. sr sr. sir lord don".split(), "M"),
}
_ROLE_SUFFIXES = ("ista", "ólogo", "óloga", "ador", "adora", "edor", "edora", "tor", "tora")
#: Words with a role's ending that name no person.
_NOT_ROLES = frozenset("sector sectores factor motor vector tractor ecuador contador mostrador computador".split())


def is_role_word(word: str) -> bool:
    """True for a lowercase word naming a person's role or relation (`portavoz`, `historiador`, `spokesman`)."""
    lower = word.lower()
    if lower in ROLE_WORDS:
        return True
    return word.islower() and lower.endswith(_ROLE_SUFFIXES) and lower not in _NOT_ROLES
#: Words that introduce a woman or a man (`Mrs Hart`, `spokeswoman Jane Roe`, `Ana Gil, a congresswoman`);
#: Spanish ones are told by their grammatical gender instead.
FEMININE_WORDS: frozenset[str] = frozenset(
    """mrs mrs. ms ms. miss madam madame dame lady queen princess duchess countess woman wife mother daughter
    sister aunt niece grandmother girlfriend widow actress spokeswoman chairwoman congresswoman
    businesswoman sportswoman councilwoman assemblywoman policewoman first-lady""".split()
)
MASCULINE_WORDS: frozenset[str] = frozenset(
    """mr mr. sir lord king prince duke count man husband father son brother uncle nephew grandfather
    boyfriend widower actor spokesman chairman congressman businessman sportsman councilman assemblyman
    policeman""".split()
)
#: Words that make a title another role (`Deputy Prime Minister` is not `the prime minister`).
ROLE_QUALIFIERS: frozenset[str] = frozenset(
    """deputy vice shadow former ex acting interim assistant junior associate adjunto adjunta vice sub
    exministro""".split()
)
#: Abbreviated titles and the role each stands for (`Sen. Bernie Sanders` is a senator).
ROLE_ABBREVIATIONS: dict[str, str] = {
    "sen": "senator", "rep": "representative", "gov": "governor", "pres": "president", "gen": "general",
    "sec": "secretary", "atty": "attorney", "lt": "lieutenant", "col": "colonel", "capt": "captain",
    "sgt": "sergeant", "supt": "superintendent", "prof": "professor", "dip": "diputado", "gob": "gobernador",
    "gral": "general", "pdte": "presidente", "lic": "licenciado",
}


def role_of(word: str) -> str | None:
    """The role a word names, in one form for both genders (`senadora` → senador, `Sen.` → senator), or None."""
    lower = word.lower().rstrip(".")
    if lower in ROLE_ABBREVIATIONS:
        return ROLE_ABBREVIATIONS[lower]
    if lower in HONORIFICS or lower + "." in HONORIFICS or not is_role_word(lower):
        return None
    for feminine, masculine in (("ora", "or"), ("enta", "ente"), ("efa", "efe"), ("a", "o"), ("esa", "e"),
                                ("woman", "man")):
        if lower.endswith(feminine) and lower[: -len(feminine)] + masculine in ROLE_WORDS:
            return lower[: -len(feminine)] + masculine
    return lower
