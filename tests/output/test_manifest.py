"""The manifest of an output folder: what the last build wrote, and whether the folder is still that."""

from __future__ import annotations

import os
from pathlib import Path

from generator.fingerprints import content_digest
from generator.model import Page
from generator.output.manifest import SITES_DIR, SiteManifest
from generator.output.write import write_site

PAGES = [Page("index.html", b"<p>front</p>"), Page("articles/a/index.html", b"<p>a</p>")]


def built(tmp_path: Path) -> tuple[Path, Path]:
    cache, out = tmp_path / "cache", tmp_path / "site"
    manifest = SiteManifest.for_output(cache, out)
    write_site(PAGES, out, manifest)
    manifest.record("inputs-1", {"counts": {"pages": 2}})
    return cache, out


def test_a_folder_as_the_build_left_it_is_up_to_date_for_the_same_inputs_only(tmp_path: Path) -> None:
    cache, out = built(tmp_path)
    again = SiteManifest.for_output(cache, out)  # read back from the cache folder
    assert again.up_to_date(out, "inputs-1") and again.summary == {"counts": {"pages": 2}}
    assert not again.up_to_date(out, "inputs-2")
    assert not again.up_to_date(out, "")


def test_any_touch_of_the_folder_makes_it_stale(tmp_path: Path) -> None:
    for touch in (lambda out: (out / "index.html").write_bytes(b"<p>edited</p>"),
                  lambda out: os.utime(out / "index.html", ns=(1, 1)),
                  lambda out: (out / "extra.html").write_bytes(b"x"),
                  lambda out: (out / "articles/a/index.html").unlink()):
        cache, out = built(tmp_path / str(id(touch)))
        touch(out)
        assert not SiteManifest.for_output(cache, out).up_to_date(out, "inputs-1")


def test_unchanged_needs_the_same_bytes_and_the_same_file(tmp_path: Path) -> None:
    cache, out = built(tmp_path)
    manifest = SiteManifest.for_output(cache, out)
    assert manifest.unchanged(out, "index.html", content_digest(b"<p>front</p>"))
    assert not manifest.unchanged(out, "index.html", content_digest(b"<p>other</p>"))
    assert not manifest.unchanged(out, "missing.html", content_digest(b""))


def test_a_damaged_or_foreign_manifest_is_ignored(tmp_path: Path) -> None:
    cache, out = built(tmp_path)
    [stored] = (cache / SITES_DIR).glob("*.json")
    stored.write_text("{not json", encoding="utf-8")
    assert SiteManifest.for_output(cache, out).files == {}
    other = SiteManifest.for_output(cache, tmp_path / "elsewhere")
    assert other.files == {} and not other.up_to_date(tmp_path / "elsewhere", "inputs-1")
