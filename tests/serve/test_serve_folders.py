"""`digest serve` when a source folder disappears, comes back or is replaced: the catalogue, with real watchers.

Each case takes the content or theme folder away in one way and gives it back in another, with
native events and with polling. While the folder is gone the server keeps the last good site under
the error overlay; once it is back, it is rebuilt from what came back, and every later edit is
rebuilt again (a watch follows the folder it was given, so the server must watch the new one).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cache import AnnotationCache
from generator.config import load_config
from generator.serve import DevServer
from test_build import make_fixture_site
from test_serve import EDITED, EDITED_PAGE, OVERLAY, append, get, page, status
from test_serve_units import wait_until

#: Generous: the machine running the tests may be slow and busy; polling looks every 0.5 s.
SECONDS = 90.0
TEMPLATE = "templates/base.html"


@pytest.fixture(scope="module")
def shared_cache() -> AnnotationCache:
    """In memory, for all the servers of this module: each article is annotated once."""
    return AnnotationCache(None)


@pytest.fixture(params=[False, True], ids=["native", "poll"])
def server(request, tmp_path, annotator, shared_cache) -> Iterator[DevServer]:
    site = make_fixture_site(tmp_path / "src")
    config = load_config(site / "digest.toml", output=tmp_path / "preview")
    with DevServer(config, port=0, poll=request.param, annotator=annotator, cache=shared_cache) as running:
        yield running


def removed(folder: Path, aside: Path) -> None:
    shutil.rmtree(folder)


def moved_away(folder: Path, aside: Path) -> None:
    folder.rename(aside / "moved")


def copied_back(folder: Path, aside: Path) -> None:
    shutil.copytree(aside / "copy", folder)


def moved_back(folder: Path, aside: Path) -> None:
    (aside / "moved").rename(folder)  # the very folder that was watched, under its name again


def renamed_over(folder: Path, aside: Path) -> None:
    """`mv content content.old; mv content.new content`: never missing, but another folder."""
    folder.rename(folder.with_name(folder.name + ".old"))
    (aside / "copy").rename(folder)


Step = Callable[[Path, Path], None]

# case → (the folder, how it goes, how it comes back; None: it is replaced in one step)
CASES: dict[str, tuple[str, Step, Step | None]] = {
    "content removed, then copied back": ("content", removed, copied_back),
    "content moved away, then moved back": ("content", moved_away, moved_back),
    "content replaced by a rename": ("content", renamed_over, None),
    "theme removed, then copied back": ("templates", removed, copied_back),
    "theme moved away, then moved back": ("templates", moved_away, moved_back),
    "theme replaced by a rename": ("templates", renamed_over, None),
}
MISSING = {"content": "content folder not found", "templates": "theme folder not found"}
BACK = "lo que volvió con la carpeta"


def edit(root: Path, name: str, text: str) -> str:
    """Add `text` to the article (content) or to the base template (theme); the page that shows it."""
    if name == "content":
        append(root / EDITED, f"\n{text}\n")
        return EDITED_PAGE
    append(root / TEMPLATE, f"\n<!-- {text} -->\n")
    return "glossary/"


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_source_folder_that_goes_and_comes_back_is_watched_again(server, case, tmp_path):
    name, goes, comes_back = CASES[case]
    root = server.session.config.root
    folder, aside, staging = root / name, tmp_path / "aside", tmp_path / "staging"
    shutil.copytree(folder, staging / name)
    shown = edit(staging, name, f"Es {BACK}.")  # what comes back differs from what went: it must be read
    aside.mkdir()
    (staging / name).rename(aside / "copy")
    on_disk = server.session.config.output_path / shown / "index.html"
    good = on_disk.read_bytes()

    # Builds wait until the folder has wholly gone: one made half way through `rm -rf` would be right
    # too, but would change the last good site this test compares.
    with server.session._lock:
        goes(folder, aside)
    if comes_back is not None:
        # Gone: the last good site, under the error, until the folder is back.
        wait_until(lambda: any(MISSING[name] in problem for problem in status(server)["problems"]), SECONDS)
        for path in ("/", shown):
            code, body = get(server, path)
            assert code == 200 and OVERLAY in body and "</footer>" in body, path
        assert on_disk.read_bytes() == good
        comes_back(folder, aside)
    if comes_back is not moved_back:
        wait_until(lambda: BACK in page(server, shown), SECONDS)
    wait_until(lambda: not status(server)["failed"] and OVERLAY not in page(server, "/"), SECONDS)

    for which in ("primera", "segunda"):  # every later edit is rebuilt, not only the first
        text = f"frase {which} se añadió después de volver"  # lower case: no entity is marked in it
        shown = edit(root, name, f"La {text}.")
        wait_until(lambda: text in page(server, shown), SECONDS)
