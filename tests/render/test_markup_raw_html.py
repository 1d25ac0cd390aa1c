"""Raw HTML in Markdown: escaped by default; with `[markdown] raw_html` kept, sanitised by nh3."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.errors import ConfigError
from generator.render.markup import entity_highlights, plain_text, render_body, render_markdown, term_highlights
from generator.model import Mention

#: Classic payloads: each one must lose everything executable and keep nothing but text and formatting.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)><script>alert(3)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(4)>",
    '<a href="javascript:alert(5)">clic</a>',
    '<a href="JaVaScRiPt:alert(6)">clic</a>',
    '<a href="jav&#x09;ascript:alert(7)">clic</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==">clic</a>',
    '<iframe src="javascript:alert(9)"></iframe>',
    '<iframe srcdoc="<script>alert(10)</script>"></iframe>',
    '<object data="javascript:alert(11)"></object><embed src="javascript:alert(12)">',
    '<form action="javascript:alert(13)"><button>enviar</button></form>',
    '<details open ontoggle=alert(14)>x</details>',
    '<div style="background:url(javascript:alert(15))">estilo</div>',
    '<style>body{background:url("javascript:alert(16)")}</style>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(17)">',
    '<base href="javascript:alert(18)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<p onmouseover="alert(19)" title="a > b">texto</p>',
    "<!--<script>alert(20)</script>-->",
    '<img src="x" alt="<script>alert(21)</script>">',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(22)">clic</a>',
    "<noscript><p title=\"</noscript><img src=x onerror=alert(23)>\"></noscript>",
]

_EXECUTABLE_TAGS = {"script", "iframe", "object", "embed", "form", "style", "meta", "base", "link", "svg", "math",
                    "noscript", "frame", "frameset", "applet"}


class Executable(HTMLParser):
    """Collects anything a browser could run or load from an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _EXECUTABLE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "data") and value is not None:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.found.append(f"<{tag} {name}={value}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def executable(html: str) -> list[str]:
    parser = Executable()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_with_raw_html_on_every_payload_loses_what_could_run(payload):
    html = render_markdown(f"Antes.\n\n{payload}\n\nDespués con {payload} en línea.\n", raw_html=True)
    assert executable(html) == []
    assert "<script" not in html.lower()
    assert "<p>Antes.</p>" in html  # an unclosed <style> or <script> takes the rest with it: that is HTML


@pytest.mark.parametrize("payload", PAYLOADS)
def test_with_raw_html_off_every_payload_is_shown_as_text(payload):
    html = render_markdown(f"Antes.\n\n{payload}\n\nDespués con {payload} en línea.\n")
    assert executable(html) == []
    assert "&lt;" in html  # the markup is visible, as text


def test_ordinary_formatting_and_safe_links_are_kept():
    source = ('Texto con <b>negrita</b>, <em>énfasis</em>, <sub>2</sub>, <abbr title="Organización">OTAN</abbr> y '
              '<a href="https://example.org/a?b=1" title="fuente" onclick="alert(1)">un enlace</a>.\n\n'
              "<table><tr><th>país</th><td>España</td></tr></table>\n")
    html = render_markdown(source, raw_html=True)
    for kept in ("<b>negrita</b>", "<em>énfasis</em>", "<sub>2</sub>", '<abbr title="Organización">OTAN</abbr>',
                 '<a href="https://example.org/a?b=1" title="fuente">un enlace</a>', "<th>país</th>",
                 "<td>España</td>"):
        assert kept in html
    assert "onclick" not in html and "rel=" not in html  # no attribute added to the site's own links either


def test_the_same_source_without_raw_html_escapes_the_tags():
    html = render_markdown("Texto con <b>negrita</b> y <script>alert(1)</script>.\n")
    assert "&lt;b&gt;negrita&lt;/b&gt;" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "<script>" not in html


def test_highlights_still_work_around_raw_html():
    text = ('<p onclick="alert(1)">Juan Pérez habló</p>\n\nLa <b>OTAN</b> y Juan Pérez '
            '<img src=x onerror=alert(2)> en Madrid <script>alert("Juan Pérez")</script>.\n')
    found = entity_highlights(text, [Mention(m.start(), m.end(), "Juan Pérez") for m in re.finditer("Juan Pérez", text)],
                              "PER", "../../entities/juan-perez/")
    found += term_highlights(text, ["OTAN"], "../../glossary/otan/", "Alianza militar", "otan")
    html = render_body(text, found, raw_html=True)
    assert executable(html) == []
    assert html.count('<mark class="ent ent-PER"><a class="ent-link" href="../../entities/juan-perez/">'
                      "Juan Pérez</a></mark>") == 2  # the one inside the script went with it
    assert '<b><a class="term" href="../../glossary/otan/" title="Alianza militar">OTAN</a></b>' in html
    assert not re.search("[\ue000-\uf8ff]", html)


def test_only_the_sites_own_classes_survive():
    html = render_markdown('<mark class="ent ent-PER evil">x</mark> <a class="term hidden" href="/x">y</a> '
                           '<span class="overlay">z</span>\n', raw_html=True)
    assert '<mark class="ent ent-PER">x</mark>' in html and '<a class="term" href="/x">y</a>' in html
    assert "evil" not in html and "hidden" not in html and "overlay" not in html


def test_plain_text_drops_tags_and_what_scripts_hold():
    source = "La <b>OTAN</b> dijo <script>alert(1)</script><style>p{}</style>algo <img src=x onerror=alert(2)>."
    assert plain_text(source, inline=True, raw_html=True) == "La OTAN dijo algo ."
    assert plain_text(source, inline=True) == "La <b>OTAN</b> dijo <script>alert(1)</script><style>p{}</style>" \
                                              "algo <img src=x onerror=alert(2)>."


_fragments = st.lists(st.sampled_from(
    ["<", ">", "/", "=", '"', "'", " ", "script", "img", "a", "svg", "href", "src", "on", "onerror", "javascript",
     ":", "alert(1)", "&#", "x", "\n\n", "*", "[", "](", ")", "`", "<!--", "-->", "style", "iframe", "Juan Pérez"]),
    max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_fragments)
def test_no_input_renders_anything_executable(source):
    found = entity_highlights(source, [Mention(m.start(), m.end(), "Juan Pérez")
                                       for m in re.finditer("Juan Pérez", source)], "PER", "p/")
    html = render_body(source, found, raw_html=True)
    assert executable(html) == [], html
    assert executable(render_markdown(source, raw_html=True)) == []


def test_the_config_key_turns_raw_html_on_and_typos_are_caught(tmp_path: Path):
    config_file = tmp_path / "digest.toml"
    assert load_config(None).markdown.raw_html is False
    config_file.write_text("[markdown]\nraw_html = true\n", encoding="utf-8")
    assert load_config(config_file).markdown.raw_html is True
    config_file.write_text("[markdown]\nraw_htm = true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key 'markdown\.raw_htm'; did you mean 'markdown\.raw_html'\?"):
        load_config(config_file)
    config_file.write_text('[markdown]\nraw_html = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'markdown.raw_html' must be true or false"):
        load_config(config_file)
    config_file.write_text("[markdwn]\nraw_html = true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="did you mean 'markdown'"):
        load_config(config_file)
