"""The site's public addresses: absolute URLs from `base_url`, `sitemap.xml` and `robots.txt`.

Links inside the site stay relative (`urls.py`); these absolute addresses are for
what leaves the site: feeds, the sitemap, canonical links and social previews.
"""

from __future__ import annotations

import logging
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from datetime import date
from urllib.parse import quote, urlsplit

from .. import urls
from ..config import SiteConfig
from ..errors import ConfigError
from ..model import Corpus, Page

log = logging.getLogger(__name__)

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: The most addresses one sitemap file may list (sitemaps.org); a bigger site gets several, and `sitemap.xml`
#: becomes the index of them.
MAX_URLS = 50_000
SITEMAP_PART = "sitemap-{}.xml"


def site_root_url(config: SiteConfig) -> str | None:
    """`base_url` ending in `/`, or None when the site has no public address; an error when it is not http(s)."""
    base = config.base_url.strip()
    if not base:
        return None
    try:
        parts = urlsplit(base)
    except ValueError:  # such as an unclosed IPv6 bracket
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(config.config_path, f"base_url {base!r} is not an absolute http(s) address",
                          hint="write it as https://example.org/ or https://example.org/sub/path/")
    return base if base.endswith("/") else f"{base}/"


def public_path(page_path: str) -> str:
    """A page's address relative to the site root: `articles/x/` for `articles/x/index.html`."""
    if page_path == urls.INDEX:
        return ""
    if page_path.endswith(f"/{urls.INDEX}"):
        return page_path[: -len(urls.INDEX)]
    return page_path


def absolute_url(root_url: str, page_path: str) -> str:
    """The public address of an output file, from the site root address (`site_root_url`)."""
    return root_url + quote(public_path(page_path), safe="/")


def sitemap_pages(paths: Iterable[str], corpus: Corpus, config: SiteConfig) -> list[Page]:
    """`robots.txt` and, when the site has a `base_url`, `sitemap.xml` listing every HTML page of `paths` but the 404
    (past MAX_URLS pages, `sitemap-1.xml`, `sitemap-2.xml`, … list them and `sitemap.xml` is their index)."""
    root = site_root_url(config)
    if root is None:
        log.info("no base_url: no sitemap.xml (a sitemap needs absolute addresses)")
        return [Page(ROBOTS, robots_txt(None))]
    listed = sorted((p for p in dict.fromkeys(paths) if _listed(p)),
                    key=lambda p: (p != urls.INDEX, p))
    lastmod = last_modified(corpus)
    if len(listed) <= MAX_URLS:
        return [Page(SITEMAP, sitemap_xml(root, listed, lastmod)), Page(ROBOTS, robots_txt(root))]
    parts = [listed[start:start + MAX_URLS] for start in range(0, len(listed), MAX_URLS)]
    files = [Page(SITEMAP_PART.format(number), sitemap_xml(root, part, lastmod))
             for number, part in enumerate(parts, start=1)]
    newest = [max((lastmod[p] for p in part if p in lastmod), default=None) for part in parts]
    return [Page(SITEMAP, sitemap_index(root, [(page.path, day) for page, day in zip(files, newest)])), *files,
            Page(ROBOTS, robots_txt(root))]


def sitemap_xml(root_url: str, paths: Iterable[str], lastmod: dict[str, date]) -> bytes:
    """A sitemaps.org `urlset`: the front page first, then every path in order."""
    ordered = sorted(paths, key=lambda p: (p != urls.INDEX, p))
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for path in ordered:
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = absolute_url(root_url, path)
        if path in lastmod:
            ET.SubElement(entry, "lastmod").text = lastmod[path].isoformat()
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def sitemap_index(root_url: str, files: Sequence[tuple[str, date | None]]) -> bytes:
    """A sitemaps.org `sitemapindex` of the sitemap files (path, date of the newest page listed there)."""
    index = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
    for path, day in files:
        entry = ET.SubElement(index, "sitemap")
        ET.SubElement(entry, "loc").text = absolute_url(root_url, path)
        if day is not None:
            ET.SubElement(entry, "lastmod").text = day.isoformat()
    ET.indent(index)
    return ET.tostring(index, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(root_url: str | None) -> bytes:
    """Allow every crawler; name the sitemap when its address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if root_url is not None:
        lines.append(f"Sitemap: {absolute_url(root_url, SITEMAP)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def last_modified(corpus: Corpus) -> dict[str, date]:
    """Page path → date of the newest story it shows (pages showing only undated stories have none)."""
    dated = [a for a in corpus.articles if a.date]
    found: dict[str, date] = {urls.article_path(a.slug): a.date for a in dated if a.date}
    newest = max((a.date for a in dated if a.date), default=None)
    if newest is not None:
        found.update({urls.INDEX: newest, urls.ENTITIES_INDEX: newest, urls.GLOSSARY_INDEX: newest})
    for entity in corpus.entities.values():
        days = [a.article.date for a in entity.appearances if a.article.date]
        if entity.has_page and days:
            found[urls.entity_path(entity.key)] = max(days)
    for term in corpus.glossary.values():
        days = [a.date for a in term.articles if a.date]
        if days:
            found[urls.term_path(term.slug)] = max(days)
    return found


def _listed(path: str) -> bool:
    """HTML pages a search engine should know: not the 404 page, not theme files."""
    top = posixpath.normpath(path).split("/")[0]
    return path.endswith(".html") and path != urls.NOT_FOUND and top != urls.STATIC_DIR
