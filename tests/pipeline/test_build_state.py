"""What a build keeps for the next (`BuildState`): saved in the cache folder, reused by a build in a new process.

A build in a new process (with its own string hashing) renders only the pages whose inputs changed,
and its site is byte for byte a clean build's after an edit, an addition, a deletion, a glossary
change, a config change and a template change. A state of other code is ignored; a damaged one, or
one that names a class, is rebuilt with a warning.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import pickle
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from generator.pipeline.build import build
from generator.pipeline.build_state import _SEAL_LINE, BuildState, code_version
from generator.cache import STATE_NAME, AnnotationCache, StoreWarnings, clear_cache
from generator.config import load_config
from generator.files.spool import Spool
from generator.model import Page
from generator.render.page_memo import PageMemo
from conftest import ROOT
from test_build import make_fixture_site
from test_incremental_build import replace, snapshot

#: `digest build`'s build, in a process of its own: what it rendered and reused, as JSON.
DRIVER = """
import json, sys
from pathlib import Path
from generator.pipeline.build import build
from generator.config import load_config
result = build(load_config(Path(sys.argv[1])), force="--force" in sys.argv)
print(json.dumps({"rendered": result.rendered, "pages": result.html_pages}))
"""

ARTICLE = """---
title: "La OTAN se reúne en Bruselas"
lang: es
date: 2018-07-11
license: CC BY 4.0
---
Los líderes de la OTAN se reunieron en Bruselas. Vladimir Putin no asistió a la cumbre.
"""


def build_in_new_process(config_file: Path, seed: int, *options: str) -> dict[str, int]:
    """Build as `digest build` does, in a new Python process whose string hashes differ from this one's."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([sys.executable, "-c", DRIVER, str(config_file), *options], capture_output=True, text=True,
                          timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture()
def site(tmp_path, annotator):
    root = make_fixture_site(tmp_path / "src")
    config = load_config(root / "digest.toml")
    build(config, annotator=annotator)  # saves the state the next build starts from
    return root, config


def clean_build(root: Path, out: Path, annotator) -> dict[str, bytes]:
    """The site a build with nothing kept writes (annotations still come from the cache)."""
    config = load_config(root / "digest.toml", output=out)
    build(config, annotator=annotator, force=True, state=BuildState())
    return snapshot(out)


def edit_article(root: Path) -> None:
    replace(root / "content/articles/2018-07-02-putin-felicita-lopez-obrador.md", "felicit", "felicitó de nuevo y felicit")


def add_article(root: Path) -> None:
    (root / "content/articles/2018-07-11-otan-bruselas.md").write_text(ARTICLE, encoding="utf-8")


def delete_article(root: Path) -> None:
    (root / "content/articles/nodate-amlo-t-mec-blinken.md").unlink()


def change_glossary(root: Path) -> None:
    replace(root / "content/glossary/otan.md", "fundada en 1949", "fundada el 4 de abril de 1949")


def change_config(root: Path) -> None:
    replace(root / "digest.toml", 'title = "Digest de prueba"', 'title = "Otro digest"')


def change_template(root: Path) -> None:
    replace(root / "templates/base.html", "</footer>", "<p>pie</p></footer>")


def test_builds_in_new_processes_render_only_what_changed_and_equal_clean_builds(site, annotator, tmp_path):
    root, config = site
    first = build_in_new_process(root / "digest.toml", 1, "--force")
    assert first["rendered"] == 0 and first["pages"] > 20  # nothing changed: every page reused
    steps = [(edit_article, "some"), (add_article, "some"), (delete_article, "some"), (change_glossary, "some"),
             (change_config, "all"), (change_template, "all")]
    for number, (edit, expected) in enumerate(steps, start=2):
        edit(root)
        done = build_in_new_process(root / "digest.toml", number)
        assert snapshot(config.output_path) == clean_build(root, tmp_path / f"clean-{number}", annotator), edit.__name__
        kept = {path for path, _, _ in BuildState.load(config.cache_path).pages.stored()}
        assert len(kept) == done["pages"]  # the state holds the pages of this build, no others
        if edit is delete_article:
            assert not any("nodate-amlo-t-mec-blinken" in path for path in kept)
        if expected == "all":  # other settings or templates: no page is taken from the last build
            assert done["rendered"] >= done["pages"], edit.__name__
        else:
            assert 0 < done["rendered"] < done["pages"], (edit.__name__, done)  # some pages taken as they were


def test_the_state_is_saved_in_the_cache_folder_and_cleared_with_it(site):
    _, config = site
    path = config.cache_path / STATE_NAME
    assert path.is_file()
    state = BuildState.load(config.cache_path)
    assert len(state.pages.stored()) > 20 and state.render_key
    clear_cache(config.cache_path)
    assert not path.exists()


def test_a_build_that_changed_nothing_does_not_write_the_state_again(site, annotator):
    _, config = site
    path = config.cache_path / STATE_NAME
    before = path.stat()
    result = build(config, annotator=annotator, force=True)
    assert result.rendered == 0
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_state_of_other_code_is_ignored_without_a_warning(site, caplog):
    _, config = site
    path = config.cache_path / STATE_NAME
    stored = path.read_bytes()
    path.write_bytes(stored.replace(code_version().encode(), b"0" * len(code_version()), 1))
    with caplog.at_level(logging.WARNING):
        state = BuildState.load(config.cache_path)
    assert state.pages.stored() == [] and not caplog.records


def sealed(body: bytes) -> bytes:
    """A state file of this code holding `body`, with the right seal."""
    seal = hashlib.blake2b(body, digest_size=20).hexdigest().encode()
    return b"digest-build-state 4 code %s\n%s\n%s\n" % (code_version().encode(), body, seal)


def test_the_file_written_is_the_file_read(site):
    # The helper above writes what `save` writes: without this, the tests using it could pass on any file.
    _, config = site
    state = BuildState.load(config.cache_path)
    assert state.pages.stored()
    path = config.cache_path / STATE_NAME
    body = io.BytesIO()
    state._write_body(body)
    path.write_bytes(sealed(body.getvalue()))
    assert BuildState.load(config.cache_path).pages.stored() == state.pages.stored()


def test_a_link_memory_set_aside_is_saved_as_it_was(site, tmp_path):
    _, config = site
    state = BuildState.load(config.cache_path)
    assert state.link.stored_merge is not None and state.link.stored_related is not None
    direct = io.BytesIO()
    state._write_body(direct)
    state.set_link_aside(tmp_path)
    with pytest.raises(RuntimeError):
        state.link  # noqa: B018 - set aside: no link may take it
    aside = io.BytesIO()
    state._write_body(aside)
    assert aside.getvalue() == direct.getvalue()


def test_a_link_memory_that_cannot_be_set_aside_stays_in_memory(site, tmp_path, monkeypatch):
    _, config = site
    state = BuildState.load(config.cache_path)
    direct = io.BytesIO()
    state._write_body(direct)

    def full(self, write):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Spool, "put_written", full)
    state.set_link_aside(tmp_path)
    assert state.link.stored_merge is not None
    kept = io.BytesIO()
    state._write_body(kept)
    assert kept.getvalue() == direct.getvalue()


@pytest.mark.parametrize("damage", ["flipped byte", "cut short", "not a pickle"])
def test_a_damaged_state_is_built_again_with_a_warning(site, annotator, caplog, damage):
    _, config = site
    path = config.cache_path / STATE_NAME
    stored = path.read_bytes()
    if damage == "flipped byte":
        stored = stored[:-100] + bytes([stored[-100] ^ 1]) + stored[-99:]
    elif damage == "cut short":
        stored = stored[: len(stored) // 2]
    else:
        stored = sealed(b"garbage")
    path.write_bytes(stored)
    with caplog.at_level(logging.WARNING):
        state = BuildState.load(config.cache_path)
    assert state.pages.stored() == []
    assert any("build state damaged" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records)
    result = build(config, annotator=annotator, force=True)  # the build goes on, and keeps a good state again
    assert result.rendered >= result.html_pages  # nothing was kept to reuse
    assert len(BuildState.load(config.cache_path).pages.stored()) > 20


@pytest.mark.parametrize("link", [{}, {"related": ()}, {"related": (b"digest", [])}, {"subjects": (b"",)},
                                  {"words": ({}, [], {})}, {"merge": ("signature", {})}])
def test_a_state_whose_link_memory_is_of_another_shape_is_ignored_with_a_warning(site, caplog, link):
    _, config = site
    path = config.cache_path / STATE_NAME
    body = io.BytesIO(path.read_bytes().partition(b"\n")[2][:-_SEAL_LINE])
    header = pickle.load(body)
    pairs = [pickle.load(body) for _ in range(header["link"])]  # (name, value), then the pages
    parts = {**dict(pairs), **link} if link else {}
    header["link"] = len(parts)
    changed = b"".join(pickle.dumps(value, protocol=5) for value in [header, *parts.items()]) + body.read()
    path.write_bytes(sealed(changed))
    with caplog.at_level(logging.WARNING):
        state = BuildState.load(config.cache_path)
    assert state.pages.stored() == [] and state.link.stored_related is None and state.link.stored_merge is None
    assert any("build state damaged" in r.getMessage() for r in caplog.records)


def test_a_state_that_names_a_class_is_refused(site, caplog, tmp_path):
    _, config = site
    path = config.cache_path / STATE_NAME
    witness = tmp_path / "called"
    path.write_bytes(sealed(pickle.dumps(_Call(witness), protocol=5)))
    with caplog.at_level(logging.WARNING):
        state = BuildState.load(config.cache_path)
    assert state.pages.stored() == [] and not witness.exists()
    assert any("build state damaged" in r.getMessage() for r in caplog.records)


class _Call:
    """Unpickled, it would write a file: a stored state may never make it do so."""

    def __init__(self, witness: Path) -> None:
        self.witness = witness

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.write_text, (self.witness, "called"))


def test_a_cache_folder_that_cannot_be_written_is_said_once(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    warnings = StoreWarnings()
    BuildState().save(blocked, warnings)
    BuildState().save(blocked, warnings)
    assert warnings.folders == {blocked}


def test_a_build_without_a_cache_folder_keeps_nothing(site, annotator):
    _, config = site
    (config.cache_path / STATE_NAME).unlink()
    result = build(config, annotator=annotator, cache=AnnotationCache(None), force=True)  # `--no-cache`
    assert result.rendered is None and not (config.cache_path / STATE_NAME).exists()
    assert BuildState.load(None).pages.stored() == []


def _render(memo: PageMemo, number: int) -> Page:
    """A page rendered through the memo, as the theme renders one."""
    path = f"p/{number}.html"
    fingerprint = memo.fingerprint(("t", number))
    kept = memo.page(path, fingerprint)
    if kept is not None:
        return kept
    page = Page(path, f"<p>{number}</p>".encode())
    memo.keep(path, fingerprint, page)
    return page


@pytest.mark.parametrize("spooled", [False, True])
def test_pages_rendered_in_forked_processes_are_kept_by_the_parents_memo(spooled, tmp_path):
    memo = PageMemo(compact=True, scratch=tmp_path) if spooled else PageMemo()
    tasks = [partial(_render, memo, n) for n in range(40)]
    pages = memo.run_forked(tasks, 2)
    assert [p.path for p in pages] == [f"p/{n}.html" for n in range(40)]
    assert len(memo.stored()) == 40 and memo.rendered == 40
    memo.start_build()
    again = memo.run_forked(tasks, 2)  # with pages kept, run here: every page is taken as it was
    assert [p.content for p in again] == [p.content for p in pages]
    assert memo.rendered == 0 and memo.reused == 40


def test_a_preview_session_starts_from_the_pages_a_build_kept(site, annotator, tmp_path):
    from generator.pipeline.session import BuildSession  # noqa: PLC0415

    root, config = site
    session = BuildSession(load_config(root / "digest.toml", output=tmp_path / "preview"), annotator=annotator)
    try:
        session.build()
    finally:
        session.close()
    assert session.stats.rendered == 0  # every page taken from the state the build saved
    built, previewed = snapshot(config.output_path), snapshot(tmp_path / "preview")
    pages = [path for path in built if path.endswith(".html")]
    assert len(pages) > 20 and all(previewed[path] == built[path] for path in pages)


def test_a_state_of_more_pages_than_one_pickle_holds_comes_back_whole(tmp_path):
    state = BuildState(pages=PageMemo(compact=True, scratch=tmp_path), render_key=b"key")
    for number in range(2_345):
        _render(state.pages, number)
    state.save(tmp_path, StoreWarnings())
    loaded = BuildState.load(tmp_path, compact=True)
    assert loaded.render_key == b"key"
    assert loaded.pages.stored() == state.pages.stored() and len(loaded.pages.stored()) == 2_345
    assert _render(loaded.pages, 2_000) == Page("p/2000.html", b"<p>2000</p>") and loaded.pages.reused == 1
