"""`digest publish`: mirror the built site into a folder, or commit it to a branch of a git repository."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.output import publish as publishing
from generator.cli import main
from generator.output.publish import MARKER, SITE_MARKER, PublishError, mirror, publish

SITE = {
    "index.html": "<a href='articles/a/index.html'>a</a> <a href='articles/b/index.html'>b</a>",
    "articles/a/index.html": "<h1>A</h1>",
    "articles/b/index.html": "<h1>B</h1>",
    "static/style.css": "body {}",
}


@pytest.fixture(autouse=True)
def isolated_git(tmp_path, monkeypatch):
    """No global or system git configuration: every test sees the same git."""
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_DIR"):
        monkeypatch.delenv(name, raising=False)


def make_site(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def git(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout.strip()


def branch_files(repo: Path, branch: str) -> dict[str, str]:
    names = git("--git-dir", str(repo), "ls-tree", "-r", "--name-only", branch).splitlines()
    return {name: git("--git-dir", str(repo), "show", f"{branch}:{name}") for name in names}


# ---- a folder -------------------------------------------------------------


def test_mirroring_copies_changed_files_and_deletes_removed_ones(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    first = mirror(site, target)
    assert (first.copied, first.deleted, first.unchanged) == (4, 0, 0)
    assert tree(target) == {**SITE, MARKER: (target / MARKER).read_text()}
    kept = (target / "static/style.css").stat()

    (site / "index.html").write_text("<a href='articles/a/index.html'>a</a> <a href='c.html'>c</a>")
    (site / "articles/b/index.html").unlink()
    (site / "articles/b").rmdir()
    (site / "c.html").write_text("new")
    second = mirror(site, target)
    assert (second.copied, second.deleted, second.unchanged) == (2, 1, 2)
    assert {k: v for k, v in tree(target).items() if k != MARKER} == tree(site)
    assert not (target / "articles/b").exists()  # its emptied folder is gone too
    unchanged = (target / "static/style.css").stat()
    assert (unchanged.st_ino, unchanged.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)  # not copied again
    assert str(mirror(site, target)) == f"{target} already up to date"


def test_mirroring_replaces_a_folder_by_a_file_and_a_file_by_a_folder(tmp_path):
    site = make_site(tmp_path / "site", {"index.html": "i", "feed": "now a file", "about": "x"})
    target = tmp_path / "www"
    mirror(make_site(tmp_path / "old", {"index.html": "i", "feed/index.html": "was a folder"}), target)
    (target / "about-old").write_text("stray")
    mirror(site, target)
    assert {k: v for k, v in tree(target).items() if k != MARKER} == {"index.html": "i", "feed": "now a file",
                                                                        "about": "x"}
    site2 = make_site(tmp_path / "site2", {"index.html": "i", "about/index.html": "now a folder"})
    mirror(site2, target)
    assert {k: v for k, v in tree(target).items() if k != MARKER} == tree(site2)


def test_a_folder_not_published_by_digest_is_refused_untouched(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    precious = make_site(tmp_path / "precious", {"thesis.tex": "years of work"})
    with pytest.raises(PublishError, match="not empty and not published by digest"):
        mirror(site, precious)
    assert tree(precious) == {"thesis.tex": "years of work"}


@pytest.mark.parametrize("where", ["site", "site/inner", "."])
def test_a_target_that_contains_the_site_or_is_inside_it_is_refused(tmp_path, where):
    site = make_site(tmp_path / "site", SITE)
    with pytest.raises(PublishError, match="must not contain each other"):
        mirror(site, tmp_path / where)
    assert tree(site) == SITE


def test_publish_command_uses_the_target_from_the_config(tmp_path):
    project = tmp_path / "project"
    make_site(project / "site", SITE)
    (project / "digest.toml").write_text('[publish]\ntarget = "../public"\n')
    result = CliRunner().invoke(main, ["publish", "--config", str(project / "digest.toml")])
    assert result.exit_code == 0, result.output
    assert f"published to {tmp_path / 'public'}: 4 copied, 0 deleted, 0 unchanged" in result.output
    assert {k: v for k, v in tree(tmp_path / "public").items() if k != MARKER} == SITE


def test_publish_refuses_a_site_with_broken_links_unless_told(tmp_path):
    site = make_site(tmp_path / "site", {"index.html": "<a href='gone.html'>x</a>"})
    args = ["publish", "--out", str(site), "--target", str(tmp_path / "www")]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1 and "1 broken link(s)" in refused.output and "--no-check" in refused.output
    assert not (tmp_path / "www").exists()
    assert CliRunner().invoke(main, [*args, "--no-check"]).exit_code == 0


def test_publish_without_a_target_or_a_site_says_what_to_do(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    with pytest.raises(PublishError, match=r"set \[publish\] target"):
        publish(site, "", root=tmp_path)
    with pytest.raises(PublishError, match="run `digest build` first"):
        publish(tmp_path / "nothing", str(tmp_path / "www"), root=tmp_path)


# ---- a git branch ---------------------------------------------------------


def test_each_publish_is_one_commit_on_the_branch_with_nojekyll(tmp_path):
    repo = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(repo))
    site = make_site(tmp_path / "site", SITE)
    first = publish(site, f"git+{repo}", root=tmp_path, branch="gh-pages", message="first")
    assert first.commit == git("--git-dir", str(repo), "rev-parse", "gh-pages")
    assert branch_files(repo, "gh-pages") == {**SITE, ".nojekyll": ""}

    assert publish(site, f"git+{repo}", root=tmp_path, branch="gh-pages").commit is None  # nothing changed

    (site / "articles/b/index.html").unlink()
    (site / "index.html").write_text("changed")
    second = publish(site, f"git+{repo}", root=tmp_path, branch="gh-pages", message="second")
    log = git("--git-dir", str(repo), "log", "--format=%H %P %s", "gh-pages").splitlines()
    assert log == [f"{second.commit} {first.commit} second", f"{first.commit}  first"]
    files = branch_files(repo, "gh-pages")
    assert "articles/b/index.html" not in files and files["index.html"] == "changed"
    author = git("--git-dir", str(repo), "log", "-1", "--format=%an <%ae>", "gh-pages")
    assert author == "digest <digest@localhost>"  # no identity configured anywhere


def test_publishing_to_a_remote_of_the_project_never_touches_its_working_tree(tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(remote))
    project = tmp_path / "project"
    project.mkdir()
    git("init", "--quiet", "-b", "main", cwd=project)
    git("remote", "add", "origin", str(remote), cwd=project)
    (project / "notes.md").write_text("committed")
    git("add", "notes.md", cwd=project)
    git("commit", "--quiet", "-m", "project", cwd=project)
    (project / "notes.md").write_text("edited, not committed")
    (project / "staged.md").write_text("staged")
    git("add", "staged.md", cwd=project)
    make_site(project / "site", SITE)
    (project / "digest.toml").write_text('[publish]\ntarget = "git+origin"\nbranch = "pages"\n')
    head = git("rev-parse", "HEAD", cwd=project)
    status = git("status", "--porcelain", cwd=project)
    index = (project / ".git/index").read_bytes()

    result = CliRunner().invoke(main, ["publish", "--config", str(project / "digest.toml")])
    assert result.exit_code == 0, result.output

    assert git("rev-parse", "HEAD", cwd=project) == head
    assert git("status", "--porcelain", cwd=project) == status
    assert (project / ".git/index").read_bytes() == index
    assert git("branch", "--format=%(refname:short)", cwd=project) == "main"
    assert (project / "notes.md").read_text() == "edited, not committed"
    assert branch_files(remote, "pages") == {**SITE, ".nojekyll": ""}
    subject = git("--git-dir", str(remote), "log", "-1", "--format=%s", "pages")
    assert subject == f"Publish site built from {head[:7]}"


def test_an_existing_branch_gets_the_publish_on_top_of_its_history(tmp_path, monkeypatch):
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(remote))
    clone = tmp_path / "clone"
    git("clone", "--quiet", str(remote), str(clone))
    git("checkout", "--quiet", "-b", "gh-pages", cwd=clone)
    (clone / "CNAME").write_text("news.example.org")
    git("add", "CNAME", cwd=clone)
    git("commit", "--quiet", "-m", "by hand", cwd=clone)
    git("push", "--quiet", "origin", "gh-pages", cwd=clone)
    tip = git("rev-parse", "HEAD", cwd=clone)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Ana")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "ana@example.org")
    result = publish(make_site(tmp_path / "site", SITE), f"git+{remote}", root=tmp_path)
    assert git("--git-dir", str(remote), "rev-parse", f"{result.commit}^") == tip
    assert git("--git-dir", str(remote), "log", "-1", "--format=%an <%ae>", "gh-pages") == "Ana <ana@example.org>"
    assert "CNAME" not in branch_files(remote, "gh-pages")  # the branch holds exactly the site


@pytest.mark.parametrize(("target", "branch", "message"), [
    ("git+", "gh-pages", "git\\+ needs a repository"),
    ("git+no-such-remote", "gh-pages", "neither a repository path, a URL, nor a remote"),
    ("git+file:///nonexistent/repo.git", "gh-pages", "cannot read file:///nonexistent/repo.git"),
    ("git+https://example.org/r.git", "bad..name", "not a valid branch name"),
])
def test_git_targets_that_cannot_work_are_explained(tmp_path, target, branch, message):
    site = make_site(tmp_path / "site", SITE)
    with pytest.raises(PublishError, match=message):
        publish(site, target, root=tmp_path, branch=branch)


# ---- a publish completes or changes nothing -------------------------------


def snapshot(root: Path) -> dict[str, object] | None:
    """Everything in `root`: folders with their modes, files with their bytes, links with where they lead."""
    if not os.path.lexists(root):
        return None
    found: dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = ("folder", path.stat().st_mode)
            else:
                found[key] = ("file", path.read_bytes(), path.stat().st_mode)
    return found


def site_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def dead_pid() -> int:
    """The id of a process that has exited."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


class DiskFull:
    """Makes the `at`-th write of a publish fail as a full disk does; counts the writes it saw."""

    WRITES = ("rename", "replace", "link", "mkdir", "rmdir")

    def __init__(self, at: int) -> None:
        self.at, self.calls = at, 0

    def install(self, patch: pytest.MonkeyPatch) -> None:
        copy = publishing._copy
        patch.setattr(publishing, "_copy", self.wrap(copy))
        for name in self.WRITES:
            patch.setattr(os, name, self.wrap(getattr(os, name)))

    def wrap(self, function):
        def failing(*args, **kwargs):
            self.calls += 1
            if self.calls == self.at:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(args[-1]))
            return function(*args, **kwargs)
        return failing


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return root


# Paths over a few names, so that one site's file is often another's folder; `index.html` changes too, and
# names sorting before and after it put the failures before and after its replacement.
PATHS = st.lists(st.sampled_from(["a", "x", "c.html"]), min_size=1, max_size=3).map("/".join)
SITES = st.tuples(st.binary(min_size=1, max_size=2), st.dictionaries(PATHS, st.binary(max_size=6), max_size=8)).map(
    lambda made: {"index.html": made[0], **{p: d for p, d in made[1].items()
                                            if not any(o.startswith(f"{p}/") for o in made[1])}})


@settings(max_examples=150, deadline=None, database=None)
@given(old=st.one_of(st.none(), SITES), new=SITES, at=st.integers(min_value=1, max_value=60))
def test_a_full_disk_at_any_point_leaves_the_folder_exactly_as_it_was(old, new, at):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        target = root / "www"
        if old is not None:
            mirror(write_tree(root / "old", old), target)
            (target / SITE_MARKER).write_bytes(b"the target's own")
        before = snapshot(target)
        site = write_tree(root / "site", {**new, SITE_MARKER: b"the site's own"})
        full = DiskFull(at)
        with pytest.MonkeyPatch.context() as patch:
            full.install(patch)
            try:
                mirror(site, target)
                failed = None
            except PublishError as err:
                failed = str(err)
        if failed is None:  # the failure came after the last change, or never (a leftover is removed next time)
            published = {k: v for k, v in site_tree(target).items() if not k.startswith(".digest-publishing-")}
            assert {k: v for k, v in published.items() if k not in (MARKER, SITE_MARKER)} == new
        else:
            assert failed.startswith(f"cannot publish to {target}: No space left on device")
            assert failed.endswith("the folder was left as it was") and "\n" not in failed
            assert snapshot(target) == before


def test_a_full_disk_while_publishing_the_example_sized_site_is_one_line_and_changes_nothing(tmp_path):
    """Like the tester's report: the 200th file of a 441-file publish does not fit."""
    site = write_tree(tmp_path / "site", {f"articles/{n}/index.html": b"x" * n for n in range(441)}
                      | {"index.html": b"i"})
    target = tmp_path / "www"
    mirror(write_tree(tmp_path / "old", {"index.html": b"old", "articles/1/index.html": b"old", "gone.html": b"g"}),
           target)
    before = snapshot(target)
    full = DiskFull(200)
    args = ["publish", "--out", str(site), "--target", str(target), "--no-check"]
    with pytest.MonkeyPatch.context() as patch:
        full.install(patch)
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == (f"Error: cannot publish to {target}: No space left on device (free some space "
                                     f"and publish again); the folder was left as it was")
    assert snapshot(target) == before
    assert CliRunner().invoke(main, args).exit_code == 0
    assert {k: v for k, v in site_tree(target).items() if k != MARKER} == site_tree(site)


def test_a_failure_at_the_last_step_puts_every_old_file_back(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", {**SITE, "index.html": "new index", "feed": "now a file"})
    target = tmp_path / "www"
    mirror(make_site(tmp_path / "old", {**SITE, "feed/index.html": "a folder", "old/gone.html": "g"}), target)
    before, inode = snapshot(target), (target / "index.html").stat().st_ino
    rmdir = os.rmdir

    def failing(path, *args, **kwargs):  # the last step: removing the folder the deleted file leaves empty
        if Path(path) == target / "old":
            raise OSError(errno.EIO, "Input/output error", str(path))
        return rmdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "rmdir", failing)
    with pytest.raises(PublishError, match=r"Input/output error: .*/old; the folder was left as it was$"):
        mirror(site, target)
    assert snapshot(target) == before
    assert (target / "index.html").stat().st_ino == inode  # the very file, not a copy of it


def test_a_target_that_did_not_exist_is_not_left_behind(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "new" / "www"
    full = DiskFull(3)
    full.install(monkeypatch)
    with pytest.raises(PublishError, match="No space left on device"):
        mirror(site, target)
    assert not (tmp_path / "new").exists()


def test_a_folder_without_write_permission_is_explained(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    target.mkdir()
    mkdir = os.mkdir

    def denied(path, *args, **kwargs):  # tests may run as root, whom permissions do not stop
        if Path(path).parent == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", denied)
    result = CliRunner().invoke(main, ["publish", "--out", str(site), "--target", str(target), "--no-check"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"cannot publish to {target}: Permission denied: {target}/" in result.output
    assert "(check that you may write there); the folder was left as it was" in result.output
    assert list(target.iterdir()) == []


def test_an_unreadable_file_of_the_site_is_named(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", SITE)

    def unreadable(source, dest):
        raise PermissionError(errno.EACCES, "Permission denied", str(source))

    monkeypatch.setattr(publishing, "_copy", unreadable)
    with pytest.raises(PublishError, match=f"Permission denied: {site}/"):
        mirror(site, tmp_path / "www")
    assert not (tmp_path / "www").exists()


def test_staging_folders_of_killed_publishes_are_removed_and_live_ones_left_alone(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    mirror(site, target)
    dead, alive = dead_pid(), os.getppid()
    for pid in (dead, alive):
        make_site(target / f".digest-publishing-{pid}-x", {"new-0": "half a file"})
    (site / "index.html").write_text("changed")
    assert mirror(site, target).copied == 1
    assert not (target / f".digest-publishing-{dead}-x").exists()
    assert (target / f".digest-publishing-{alive}-x/new-0").read_text() == "half a file"  # not the site's to delete


def test_a_second_publish_into_the_same_folder_at_the_same_time_is_refused(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    target = tmp_path / "www"
    mirror(make_site(tmp_path / "old", {"index.html": "old"}), target)
    before = snapshot(target)
    holder = os.open(target, os.O_RDONLY)  # as a publish in progress holds it
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(PublishError, match="another digest publish is writing here"):
            mirror(site, target)
    finally:
        os.close(holder)
    assert snapshot(target) == before
    assert mirror(site, target).copied == 4


# ---- the build's marker ---------------------------------------------------


def test_the_builds_marker_is_never_published_and_never_deleted(tmp_path):
    site = make_site(tmp_path / "site", {**SITE, SITE_MARKER: "site", "articles/.digest-site": "an article's file"})
    target = tmp_path / "www"
    mirror(site, target)
    assert not (target / SITE_MARKER).exists()
    assert (target / "articles/.digest-site").read_text() == "an article's file"  # only the top level is digest's
    (target / SITE_MARKER).write_text("the target's own")
    (site / "index.html").write_text("changed")
    assert mirror(site, target).deleted == 0
    assert (target / SITE_MARKER).read_text() == "the target's own"

    repo = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(repo))
    publish(site, f"git+{repo}", root=tmp_path)
    files = branch_files(repo, "gh-pages")
    assert SITE_MARKER not in files and files["articles/.digest-site"] == "an article's file"


# ---- odd sites and targets ------------------------------------------------


def test_links_in_the_site_never_publish_what_is_outside_it(tmp_path, caplog):
    secret = make_site(tmp_path / "private", {"password.txt": "hunter2", "notes/a.html": "private notes"})
    site = make_site(tmp_path / "site", SITE)
    (site / "leak.txt").symlink_to(secret / "password.txt")
    (site / "notes").symlink_to(secret / "notes")
    (site / "style.css").symlink_to("static/style.css")  # inside the site: published as that file
    (site / "gone.html").symlink_to("nowhere.html")
    (site / "loop1").symlink_to("loop2")
    (site / "loop2").symlink_to("loop1")
    target = tmp_path / "www"
    mirror(site, target)
    assert {k: v for k, v in tree(target).items() if k != MARKER} == {**SITE, "style.css": "body {}"}
    assert not (target / "style.css").is_symlink()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert f"leak.txt: not published: a link to {secret / 'password.txt'}, outside the site" in warnings
    assert any(w.startswith("notes: not published: a link to a folder") for w in warnings)
    assert sum("not a file" in w for w in warnings) == 3  # gone.html, loop1, loop2

    repo = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(repo))
    publish(site, f"git+{repo}", root=tmp_path)
    assert branch_files(repo, "gh-pages") == {**SITE, "style.css": "body {}", ".nojekyll": ""}


def test_a_target_that_is_a_link_to_a_folder_is_published_into_that_folder(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "www").symlink_to(real)
    mirror(site, tmp_path / "www")
    assert (tmp_path / "www").is_symlink()
    assert {k: v for k, v in tree(real).items() if k != MARKER} == SITE


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: (tmp / "www").symlink_to(tmp / "nothing"), "a link to .*nothing, which does not exist"),
    (lambda tmp: (tmp / "www").symlink_to(tmp / "site" / "articles"), "must not contain each other"),
    (lambda tmp: (tmp / "www").write_text("a file"), "not a folder"),
])
def test_targets_that_cannot_be_published_into_are_explained(tmp_path, make, message):
    site = make_site(tmp_path / "site", SITE)
    make(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(PublishError, match=message):
        mirror(site, tmp_path / "www")
    assert snapshot(tmp_path) == before


def test_a_target_below_a_file_is_explained(tmp_path):
    site = make_site(tmp_path / "site", SITE)
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["publish", "--out", str(site), "--target", str(tmp_path / "file/www")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"cannot publish to {tmp_path / 'file/www'}: Not a directory" in result.output
    assert (tmp_path / "file").read_text() == "x"


# ---- git targets that go wrong --------------------------------------------


GIT_WRITES = {"init", "fetch", "hash-object", "update-index", "write-tree", "commit-tree", "push"}
"""The git commands of a publish that write, which a full disk makes fail."""


def git_command(command: list[str]) -> str:
    """The git subcommand of a command line, past git's own options."""
    args = iter(command[1:])
    return next((arg for arg in args if not (arg == "-c" and next(args)) and not arg.startswith("-")), "")


@settings(max_examples=25, deadline=None, database=None)
@given(at=st.integers(min_value=1, max_value=len(GIT_WRITES) + 2), raises=st.booleans())
def test_a_git_failure_at_any_point_leaves_the_repository_as_it_was(at, raises):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        repo = root / "remote.git"
        git("init", "--quiet", "--bare", str(repo))
        site = make_site(root / "site", SITE)
        publish(site, f"git+{repo}", root=root, message="first")
        (site / "index.html").write_text("changed")
        before = snapshot(repo)
        run, writes = subprocess.run, []

        def full(command, *args, **kwargs):  # the at-th write fails as on a full disk, or git cannot start
            if command[0] == "git" and git_command(command) in GIT_WRITES:
                writes.append(command)
                if len(writes) == at and raises:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                if len(writes) == at:
                    return subprocess.CompletedProcess(command, 128, b"", b"error: unable to write file: No space "
                                                       b"left on device\nfatal: cannot continue\n")
            return run(command, *args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tempfile, "tempdir", scratch)
            patch.setattr(subprocess, "run", full)
            try:
                publish(site, f"git+{repo}", root=root, message="second")
            except PublishError as err:
                assert str(err).startswith((f"cannot publish to {repo} gh-pages: ", f"push to {repo} gh-pages failed"))
                assert "\n" not in str(err) and "No space left on device" in str(err)
                assert snapshot(repo) == before
            else:
                assert len(writes) < at
                assert branch_files(repo, "gh-pages")["index.html"] == "changed"
        assert [p.name for p in root.iterdir() if p.name.startswith("digest-publish-")] == []


def test_a_killed_git_publish_leaves_a_folder_that_the_next_publish_removes(tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    slow = tmp_path / "bin"
    slow.mkdir()
    (slow / "git").write_text(f'#!/bin/sh\ncase " $* " in *" ls-remote "*) sleep 60;; esac\n'
                              f'exec {shutil.which("git")} "$@"\n')
    (slow / "git").chmod(0o755)
    repo = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(repo))
    site = make_site(tmp_path / "site", SITE)
    command = [sys.executable, "-m", "generator", "publish", "--out", str(site), "--target", f"git+{repo}",
               "--no-check", "-m", "killed"]
    env = {**os.environ, "PATH": f"{slow}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(temp)}
    killed = subprocess.Popen(command, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):  # until the publish has made its folder and waits for git
            if any(temp.iterdir()) or killed.poll() is not None:
                break
            time.sleep(0.1)
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
    assert [p.name.startswith(f"digest-publish-{killed.pid}-") for p in temp.iterdir()] == [True]
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    publish(site, f"git+{repo}", root=tmp_path)
    assert list(temp.iterdir()) == []
    assert branch_files(repo, "gh-pages") == {**SITE, ".nojekyll": ""}


def test_a_checked_out_branch_of_a_non_bare_repository_names_receive_deny_current_branch(tmp_path):
    repo = tmp_path / "pages"
    git("init", "--quiet", "-b", "gh-pages", str(repo))
    (repo / "README").write_text("by hand")
    git("add", "README", cwd=repo)
    git("commit", "--quiet", "-m", "by hand", cwd=repo)
    head = git("rev-parse", "HEAD", cwd=repo)
    site = make_site(tmp_path / "site", SITE)
    with pytest.raises(PublishError) as refused:
        publish(site, f"git+{repo}", root=tmp_path)
    message = str(refused.value)
    assert "gh-pages is checked out" in message and "receive.denyCurrentBranch" in message
    assert f"git -C {repo} config receive.denyCurrentBranch updateInstead" in message and "\n" not in message
    assert git("rev-parse", "HEAD", cwd=repo) == head

    git("config", "receive.denyCurrentBranch", "updateInstead", cwd=repo)  # the fix the message gives
    publish(site, f"git+{repo}", root=tmp_path)
    checked_out = {k: v.decode() for k, v in site_tree(repo).items() if not k.startswith(".git/")}
    assert checked_out == {**SITE, ".nojekyll": ""}


@pytest.mark.parametrize("branch", ["HEAD", "-f", "--force", "a b", "@{-1}", "x.lock", "a:b", "refs/heads/", "x/",
                                    "new\nline"])
def test_odd_branch_names_are_refused(tmp_path, branch):
    repo = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(repo))
    with pytest.raises(PublishError, match="is not a valid branch name"):
        publish(make_site(tmp_path / "site", SITE), f"git+{repo}", root=tmp_path, branch=branch)
    assert git("--git-dir", str(repo), "for-each-ref") == ""


@pytest.mark.parametrize(("branch", "published"), [("refs/heads/pages", "pages"), ("feature/ünï", "feature/ünï")])
def test_branch_names_git_accepts_are_published_to(tmp_path, branch, published):
    repo = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(repo))
    publish(make_site(tmp_path / "site", SITE), f"git+{repo}", root=tmp_path, branch=branch)
    assert branch_files(repo, published) == {**SITE, ".nojekyll": ""}


@pytest.mark.parametrize(("target", "message"), [
    ("git+{tmp}/no/such/repo.git", "neither a repository path, a URL, nor a remote"),
    ("git+{tmp}/site", "cannot read {tmp}/site: fatal: '{tmp}/site' does not appear to be a git repository"),
])
def test_git_targets_that_do_not_exist_are_explained_by_the_command(tmp_path, target, message):
    make_site(tmp_path / "site", SITE)
    result = CliRunner().invoke(main, ["publish", "--out", str(tmp_path / "site"),
                                       "--target", target.format(tmp=tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message.format(tmp=tmp_path) in result.output


def test_git_not_installed_is_explained(tmp_path, monkeypatch):
    repo = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(repo))
    make_site(tmp_path / "site", SITE)
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = CliRunner().invoke(main, ["publish", "--out", str(tmp_path / "site"), "--target", f"git+{repo}"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == "Error: git is not installed (needed to publish to a git+ target)"


# ---- files that are not UTF-8 ---------------------------------------------


def test_a_latin_1_file_of_the_theme_is_checked_and_published_as_it_is(tmp_path):
    site = make_site(tmp_path / "site", {**SITE, "static/caf\u00e9.html": ""})
    legacy = "<p id='caf\u00e9'>Caf\u00e9</p><a href='caf\u00e9.html'>x</a><a href='../index.html'>home</a>"
    (site / "static/legacy.html").write_bytes(legacy.encode("latin-1"))
    (site / "static/legacy.css").write_bytes("/* caf\u00e9 */ body { background: url(caf\u00e9.html) }"
                                             .encode("latin-1"))
    target = tmp_path / "www"
    result = CliRunner().invoke(main, ["publish", "--out", str(site), "--target", str(target)])
    assert result.exit_code == 0, result.output
    assert "static/legacy.html: not UTF-8" in result.output and "static/legacy.css: not UTF-8" in result.output
    assert (target / "static/legacy.html").read_bytes() == legacy.encode("latin-1")
