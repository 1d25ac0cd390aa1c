"""Article text to HTML with entity and glossary highlighting."""

from __future__ import annotations

import re

from generator.render.markup import (
    Highlight,
    entity_highlights,
    plain_text,
    render_body,
    resolve_overlaps,
    term_highlights,
    truncate,
)
from generator.model import Mention


def mentions(text: str, surface: str) -> list[Mention]:
    """Every occurrence of `surface` in `text`, as mentions."""
    return [Mention(m.start(), m.end(), surface) for m in re.finditer(re.escape(surface), text)]


def no_sentinels(html: str) -> bool:
    return not re.search("[\ue000-\uf8ff]", html)


def test_entity_mentions_are_marked_and_linked() -> None:
    text = "Vladimir Putin habló en Moscú. Putin volvió."
    found = entity_highlights(text, mentions(text, "Vladimir Putin") + mentions(text, "Putin"), "PER", "p.html")
    found += entity_highlights(text, mentions(text, "Moscú"), "LOC", None)
    html = render_body(text, found)
    assert html.count('<mark class="ent ent-PER"><a class="ent-link" href="p.html">') == 2
    assert '<a class="ent-link" href="p.html">Vladimir Putin</a></mark>' in html  # outermost wins
    assert '<a class="ent-link" href="p.html">Putin</a></mark> volvió' in html
    assert '<mark class="ent ent-LOC">Moscú</mark>' in html  # no page: no link
    assert no_sentinels(html)


def test_offsets_count_code_points_in_non_ascii_text() -> None:
    text = "🇪🇸 Año de José Álvarez en Bogotá."
    found = entity_highlights(text, mentions(text, "José Álvarez"), "PER", None)
    found += entity_highlights(text, mentions(text, "Bogotá"), "LOC", None)
    html = render_body(text, found)
    assert '<mark class="ent ent-PER">José Álvarez</mark>' in html
    assert '<mark class="ent ent-LOC">Bogotá</mark>' in html


def test_mention_whose_offsets_do_not_match_is_skipped() -> None:
    text = "Putin habló."
    html = render_body(text, entity_highlights(text, [Mention(0, 5, "Biden"), Mention(3, 99, "x")], "PER", None))
    assert "<mark" not in html


def test_only_the_first_use_of_a_term_is_linked_with_its_definition() -> None:
    text = "La OTAN se reunió. Los OTANistas no. La OTAN y la Alianza Atlántica."
    found = term_highlights(text, ["OTAN", "Alianza Atlántica"], "t.html", "Alianza militar", "otan")
    html = render_body(text, found)
    assert html.count('class="term"') == 1
    assert '<a class="term" href="t.html" title="Alianza militar">OTAN</a> se reunió' in html
    assert "OTANistas" in html and no_sentinels(html)


def test_terms_match_case_sensitively_unless_asked() -> None:
    text = "la otan y la OTAN"
    html = render_body(text, term_highlights(text, ["OTAN"], "t.html", "def", "otan"))
    assert 'la otan y la <a class="term"' in html
    html = render_body(text, term_highlights(text, ["OTAN"], "t.html", "def", "otan", ignore_case=True))
    assert 'la <a class="term" href="t.html" title="def">otan</a> y la OTAN' in html


def test_each_term_is_linked_once_and_aliases_match_whole_words() -> None:
    text = "The Cold War ended. NATO grew after the Cold War."
    found = term_highlights(text, ["guerra fría", "Cold War"], "cw.html", "def", "cold-war")
    found += term_highlights(text, ["NATO"], "nato.html", "def", "nato")
    html = render_body(text, found)
    assert html.count('href="cw.html"') == 1 and html.count('href="nato.html"') == 1


def test_first_term_use_wins_over_an_overlapping_entity_later_uses_do_not() -> None:
    text = "La OTAN y la OTAN."
    found = entity_highlights(text, mentions(text, "OTAN"), "ORG", "e.html")
    found += term_highlights(text, ["OTAN"], "t.html", "def", "otan")
    html = render_body(text, found)
    assert '<a class="term" href="t.html" title="def">OTAN</a> y la <mark class="ent ent-ORG">' in html


def test_overlaps_resolve_to_priority_then_longest() -> None:
    spans = [Highlight(0, 5, "entity"), Highlight(0, 14, "entity"), Highlight(6, 10, "entity"), Highlight(15, 20, "entity")]
    assert [(h.start, h.end) for h in resolve_overlaps(spans)] == [(0, 14), (15, 20)]
    term = Highlight(3, 8, "term", priority=2)
    assert [(h.start, h.end) for h in resolve_overlaps([*spans, term])] == [(3, 8), (15, 20)]


def test_markdown_is_rendered_and_headings_move_below_the_page_title() -> None:
    text = "# Cumbre\n\nEl presidente **Vladimir Putin** habló.\n\n- uno\n- dos\n"
    html = render_body(text, entity_highlights(text, mentions(text, "Vladimir Putin"), "PER", "p.html"))
    assert "<h2>Cumbre</h2>" in html
    assert '<strong><mark class="ent ent-PER"><a class="ent-link" href="p.html">Vladimir Putin</a></mark></strong>' in html
    assert "<li>uno</li>" in html


def test_a_mention_split_by_markup_is_dropped_and_what_it_hid_shows() -> None:
    text = "**Vladimir** Putin habló."
    split = Mention(2, 17, "Vladimir** Putin")
    found = entity_highlights(text, [split, *mentions(text, "Putin")], "PER", None)
    html = render_body(text, found)
    assert html == '<p><strong>Vladimir</strong> <mark class="ent ent-PER">Putin</mark> habló.</p>\n'


def test_a_term_inside_a_link_is_not_linked_again_but_its_next_use_is() -> None:
    text = "La [OTAN](https://www.otan.int/otan) y la OTAN."
    html = render_body(text, term_highlights(text, ["OTAN"], "t.html", "def", "otan"))
    assert '<a href="https://www.otan.int/otan">OTAN</a>' in html  # link and URL untouched
    assert '<a class="term" href="t.html" title="def">OTAN</a>.' in html
    assert html.count('class="term"') == 1 and no_sentinels(html)


def test_when_the_first_use_cannot_be_linked_the_next_wins_over_an_entity_again() -> None:
    text = "La [OTAN](https://www.otan.int) y la OTAN."
    found = entity_highlights(text, mentions(text, "OTAN")[:1] + mentions(text, "OTAN")[-1:], "ORG", None)
    found += term_highlights(text, ["OTAN"], "t.html", "def", "otan")
    html = render_body(text, found)
    assert html == (
        '<p>La <a href="https://www.otan.int"><mark class="ent ent-ORG">OTAN</mark></a> y la '
        '<a class="term" href="t.html" title="def">OTAN</a>.</p>\n'
    )


def test_an_entity_inside_a_link_is_marked_without_a_nested_link() -> None:
    text = "Según [Reuters](https://reuters.com) hoy."
    html = render_body(text, entity_highlights(text, mentions(text, "Reuters"), "ORG", "r.html"))
    assert '<a href="https://reuters.com"><mark class="ent ent-ORG">Reuters</mark></a>' in html


def test_highlights_in_image_alt_and_link_titles_leave_no_trace() -> None:
    text = '![Putin en Moscú](foto.jpg "Putin") y [x](http://a.b "Putin")'
    html = render_body(text, entity_highlights(text, mentions(text, "Putin"), "PER", "p.html"))
    assert 'alt="Putin en Moscú"' in html and 'title="Putin"' in html
    assert "<mark" not in html and no_sentinels(html)


def test_hostile_text_stays_escaped() -> None:
    text = 'Hola <script>alert("x")</script> y <b onclick="x">Putin</b> [clic](javascript:alert(1)).'
    found = entity_highlights(text, mentions(text, "Putin"), "PER", 'p.html?a="b"')
    found += term_highlights(text, ["Hola"], "t.html", '<img src=x onerror=alert(1)> "def"', "hola")
    html = render_body(text, found)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b " not in html and 'href="javascript' not in html
    assert 'title="&lt;img src=x onerror=alert(1)&gt; &quot;def&quot;"' in html
    assert 'href="p.html?a=&quot;b&quot;"' in html


def test_private_use_characters_in_the_text_never_pass_as_sentinels() -> None:
    text = "A \ue000\ue010\ue002 B \ue001\ue010\ue002 Putin \ue002"
    html = render_body(text, entity_highlights(text, mentions(text, "Putin"), "PER", None))
    assert no_sentinels(html) and '<mark class="ent ent-PER">Putin</mark>' in html


def test_plain_text_format_keeps_markdown_characters_literal() -> None:
    text = "1999. El año de *Putin*.\n# no es título\n\nSegundo párrafo."
    html = render_body(text, entity_highlights(text, mentions(text, "Putin"), "PER", None), fmt="text")
    assert html == (
        '<p>1999. El año de *<mark class="ent ent-PER">Putin</mark>*.<br />\n# no es título</p>\n'
        "<p>Segundo párrafo.</p>\n"
    )


def test_plain_text_and_truncate() -> None:
    assert plain_text("El **periodo** de [tensión](http://x).\n\nFin.") == "El periodo de tensión. Fin."
    assert plain_text("1. Uno *dos*", inline=True) == "1. Uno dos"
    assert truncate("uno dos tres cuatro", 12) == "uno dos…"
    assert truncate("corto", 12) == "corto"
