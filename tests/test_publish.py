"""`digest publish`: mirror the built site into a folder, or commit it to a branch of a git repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.publish import MARKER, PublishError, mirror, publish

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
