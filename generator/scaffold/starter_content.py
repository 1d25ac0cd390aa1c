"""What `digest new` puts in a new site, in each interface language: stories, a glossary term, notes.

The stories are short invented local news about an invented town, written for this project, so a
new site shows every kind of page at once: people, an organisation and a place, a quotation, a
term of the glossary. With `--example` three more stories follow the same story line, so related
coverage, a thread and entity pages with several stories show too.
"""

from __future__ import annotations

from dataclasses import dataclass


def _reflow(text: str) -> str:
    """The body's paragraphs on one line each (kept short here for reading; one line per paragraph in a file)."""
    head, separator, body = text.partition("\n---\n")
    paragraphs = [" ".join(p.split("\n")) for p in body.strip().split("\n\n")]
    return f"{head}{separator}" + "\n\n".join(paragraphs) + "\n"


@dataclass(frozen=True)
class Starter:
    """The texts of a new site in one language (file name → text)."""

    title: str
    description: str
    story: dict[str, str]
    more_stories: dict[str, str]
    glossary: dict[str, str]
    entities: str
    readme: str


_EN_STORY = """\
---
title: "Riverton council backs a new library by the harbour"
date: 2026-03-02
lang: en
tags: [riverton, library]
---
Riverton City Council voted on Monday to build a new public library on Harbour Street, on the site of
the old fish market. The project will be paid for from the participatory budget, the share of the
town's spending that residents choose by vote each spring.

"This is the building people asked for, and they asked for it twice," said the mayor, Ana Lopez,
after the vote. Nine councillors supported the plan and two abstained.

The library should open in 2028. Ana Lopez said Riverton City Council will publish the designs in
April and hold a public meeting on Harbour Street before any work begins.
"""

_EN_MORE = {
    "2026-03-05-riverton-library-designs.md": """\
---
title: "Riverton library: residents ask for late opening hours"
date: 2026-03-05
lang: en
tags: [riverton, library]
---
Residents of Riverton filled the town hall on Thursday to discuss the new public library that Riverton
City Council approved for Harbour Street this week.

"Most of us work until six; a library that closes at five is a library for somebody else," said Tom
Reyes, who runs the tenants' association of the harbour district. Many of those present asked for the
library to stay open in the evenings and at weekends.

The mayor, Ana Lopez, promised that the opening hours would be part of the designs the architect, Lena
Hart, will show in April, and that the participatory budget would pay for evening staff.
""",
    "2026-03-09-riverton-library-cost.md": """\
---
title: "Riverton library will cost 4 million, the council says"
date: 2026-03-09
lang: en
tags: [riverton, library]
---
The new public library on Harbour Street will cost 4.2 million, Riverton City Council said on Monday,
a third more than the first estimate because the old fish market needs new foundations, the architect,
Lena Hart, told councillors. The late opening hours residents asked for stay in the plan.

"The participatory budget covers the building; the foundations will come from the town's reserves,"
the mayor, Ana Lopez, told councillors. Tom Reyes of the harbour tenants' association said residents
would accept the cost "as long as the late opening hours stay in the plan".

The council will publish the designs of the Riverton library in April.
""",
    "2026-03-12-riverton-harbour-market.md": """\
---
title: "Fish sellers of Harbour Street will move to the old station"
date: 2026-03-12
lang: en
tags: [riverton, harbour]
---
The last fish sellers of the old market on Harbour Street will move to the old railway station by the
summer, Riverton City Council announced on Thursday, to make room for the new public library.

"We were promised a roof and cold water, and the station has both," said Maria Costa, who has sold fish
on Harbour Street for thirty years. The mayor, Ana Lopez, said the move would cost the sellers nothing.
""",
}

_ES_STORY = """\
---
title: "Puerto Alto aprueba una nueva biblioteca junto al puerto"
date: 2026-03-02
lang: es
tags: [puerto alto, biblioteca]
---
El Ayuntamiento de Puerto Alto aprobó el lunes la construcción de una nueva biblioteca pública en la
calle del Muelle, en el solar del antiguo mercado de pescado. La obra se pagará con el presupuesto
participativo, la parte del gasto municipal que los vecinos deciden cada primavera con su voto.

"Es el edificio que pidieron los vecinos, y lo pidieron dos veces", dijo la alcaldesa, Marta Ríos,
después de la votación. Nueve concejales apoyaron el proyecto y dos se abstuvieron.

La biblioteca abrirá en 2028. Marta Ríos explicó que el Ayuntamiento de Puerto Alto publicará los
planos en abril y que habrá una reunión abierta en la calle del Muelle antes de empezar las obras.
"""

_ES_MORE = {
    "2026-03-05-puerto-alto-biblioteca-horarios.md": """\
---
title: "Biblioteca de Puerto Alto: los vecinos piden abrir por la tarde"
date: 2026-03-05
lang: es
tags: [puerto alto, biblioteca]
---
Los vecinos de Puerto Alto llenaron el jueves el salón de plenos para hablar de la nueva biblioteca
pública que el Ayuntamiento de Puerto Alto aprobó esta semana en la calle del Muelle.

"Casi todos trabajamos hasta las seis; una biblioteca que cierra a las cinco es una biblioteca para
otros", dijo Tomás Reyes, presidente de la asociación de vecinos del barrio del puerto. Muchos de los
presentes pidieron que la biblioteca abra por la tarde y los fines de semana.

La alcaldesa, Marta Ríos, prometió que los horarios formarán parte de los planos que el ayuntamiento
publicará en abril y que el presupuesto participativo pagará el personal de tarde.
""",
    "2026-03-09-puerto-alto-biblioteca-coste.md": """\
---
title: "La biblioteca de Puerto Alto costará 4 millones, según el ayuntamiento"
date: 2026-03-09
lang: es
tags: [puerto alto, biblioteca]
---
La nueva biblioteca pública de la calle del Muelle costará 4,2 millones, informó el lunes el
Ayuntamiento de Puerto Alto, un tercio más de lo previsto porque el antiguo mercado necesita cimientos
nuevos.

"El presupuesto participativo paga el edificio; los cimientos saldrán de las reservas del municipio",
explicó la alcaldesa, Marta Ríos, a los concejales. Tomás Reyes, de la asociación de vecinos del
puerto, dijo que los vecinos aceptarán el coste "si se mantiene el horario de tarde".

El ayuntamiento publicará los planos de la biblioteca de Puerto Alto en abril.
""",
    "2026-03-12-puerto-alto-mercado.md": """\
---
title: "Los pescaderos de la calle del Muelle se mudarán a la antigua estación"
date: 2026-03-12
lang: es
tags: [puerto alto, puerto]
---
Los últimos pescaderos del antiguo mercado de la calle del Muelle se mudarán a la antigua estación de
tren antes del verano, anunció el jueves el Ayuntamiento de Puerto Alto, para dejar sitio a la nueva
biblioteca pública.

"Nos prometieron techo y agua fría, y la estación tiene las dos cosas", dijo María Costa, que lleva
treinta años vendiendo pescado en la calle del Muelle. La alcaldesa, Marta Ríos, aseguró que el
traslado no costará nada a los pescaderos.
""",
}

_EN_ENTITIES = """\
# Names the entity recogniser should know: their type (PER, ORG, LOC or MISC) and other names they go by.
# An entry wins over what the language model guesses. Remove the # of an entry to use it.
#
# [[entity]]
# name = "Riverton City Council"
# type = "ORG"
# aliases = ["the council"]
#
# [[entity]]
# name = "Ana Lopez"
# type = "PER"
"""

_ES_ENTITIES = """\
# Nombres que el reconocedor de entidades debe conocer: su tipo (PER, ORG, LOC o MISC) y otros nombres.
# Una entrada gana a lo que adivina el modelo de lengua. Quite el # de una entrada para usarla.
#
# [[entity]]
# name = "Ayuntamiento de Puerto Alto"
# type = "ORG"
# aliases = ["el ayuntamiento"]
#
# [[entity]]
# name = "Marta Ríos"
# type = "PER"
"""

_EN_README = """\
# {title}

A news digest built with digest.

- `digest serve` shows the site at http://127.0.0.1:8000/ and rebuilds it whenever you save.
- Add stories to `content/articles/` (Markdown with a `title`), terms to `content/glossary/`.
- `digest build` writes the site into `site/`; `digest publish` copies it where `[publish] target` says.
- Settings are in `digest.toml`. To change the look, `digest theme export templates` copies the theme
  here; keep only the files you change.
"""

_ES_README = """\
# {title}

Un resumen de noticias hecho con digest.

- `digest serve` muestra el sitio en http://127.0.0.1:8000/ y lo reconstruye cada vez que guarda.
- Añada noticias en `content/articles/` (Markdown con `title`) y términos en `content/glossary/`.
- `digest build` escribe el sitio en `site/`; `digest publish` lo copia donde diga `[publish] target`.
- La configuración está en `digest.toml`. Para cambiar el aspecto, `digest theme export templates`
  copia el tema aquí; conserve solo los archivos que cambie.
"""

STARTERS: dict[str, Starter] = {
    "en": Starter(
        title="News digest",
        description="Annotated news: who said what, who is mentioned and what the terms mean.",
        story={"2026-03-02-riverton-library.md": _reflow(_EN_STORY)},
        more_stories={name: _reflow(text) for name, text in _EN_MORE.items()},
        glossary={"participatory-budget.md": """\
---
term: participatory budget
aliases: [participatory budgets]
---
The share of a town's spending that its residents decide by vote, usually once a year.
"""},
        entities=_EN_ENTITIES,
        readme=_EN_README,
    ),
    "es": Starter(
        title="Resumen de noticias",
        description="Noticias anotadas: quién dijo qué, de quién se habla y qué significan los términos.",
        story={"2026-03-02-puerto-alto-biblioteca.md": _reflow(_ES_STORY)},
        more_stories={name: _reflow(text) for name, text in _ES_MORE.items()},
        glossary={"presupuesto-participativo.md": """\
---
term: presupuesto participativo
aliases: [presupuestos participativos]
---
La parte del gasto de un municipio que deciden sus vecinos con su voto, normalmente una vez al año.
"""},
        entities=_ES_ENTITIES,
        readme=_ES_README,
    ),
}
