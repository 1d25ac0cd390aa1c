"""The digest of a build's inputs: equal for the same bytes, different for any change a site depends on."""

from __future__ import annotations

import os
from pathlib import Path

from test_build import make_fixture_site

from generator.config import load_config
from generator.pipeline.inputs import input_digest


def digest_of(root: Path, **overrides) -> str:
    return input_digest(load_config(root / "digest.toml", **overrides))


def test_the_same_bytes_give_the_same_digest(tmp_path: Path) -> None:
    first = make_fixture_site(tmp_path / "a")
    assert digest_of(first) == digest_of(first)
    article = next((first / "content/articles").iterdir())
    os.utime(article, (1, 1))  # a touched file with the same bytes is the same input
    assert digest_of(first) == digest_of(first)


def test_every_kind_of_input_changes_it(tmp_path: Path) -> None:
    root = make_fixture_site(tmp_path / "site")
    seen = {digest_of(root)}
    article = next((root / "content/articles").iterdir())
    changes = [
        lambda: article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"),
        lambda: (root / "content/articles/new.md").write_text("---\ntitle: New\n---\nText.\n", encoding="utf-8"),
        lambda: (root / "templates/base.html").write_text(
            (root / "templates/base.html").read_text(encoding="utf-8") + "<!-- -->", encoding="utf-8"),
        lambda: (root / "digest.toml").write_text(
            (root / "digest.toml").read_text(encoding="utf-8") + "\n# a comment is a change of the file\n",
            encoding="utf-8"),
        lambda: (root / "content/articles/new.md").unlink(),
    ]
    for change in changes:
        change()
        now = digest_of(root)
        assert now not in seen
        seen.add(now)


def test_a_setting_of_this_run_changes_it_but_the_output_folder_content_does_not(tmp_path: Path) -> None:
    root = make_fixture_site(tmp_path / "site")
    out = tmp_path / "out"
    before = digest_of(root, output=out)
    assert digest_of(root, output=tmp_path / "elsewhere") != before
    out.mkdir()
    (out / "index.html").write_text("anything", encoding="utf-8")
    assert digest_of(root, output=out) == before
