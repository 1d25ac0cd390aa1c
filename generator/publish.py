"""Put a built site where it is served: a folder (mirrored) or a branch of a git repository.

A folder target is mirrored like `rsync --delete`: changed files are copied (each
replaced atomically), then files the site no longer has are deleted. A folder that
is not empty and was not published by digest is refused, because mirroring deletes
what the site does not have. A `git+REPOSITORY` target gets one commit per publish
on a branch (like `mkdocs gh-deploy`), with `.nojekyll`; the commit is made in a
temporary repository with its own index, so the project's working tree, index and
branches are never touched.
"""

from __future__ import annotations

import filecmp
import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DigestError

log = logging.getLogger(__name__)

GIT_PREFIX = "git+"
MARKER = ".digest-published"
"""Left in a mirrored folder, so that later publishes know they may delete in it."""
NOJEKYLL = ".nojekyll"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^[^/:]+@[^/:]+:")
"""`scheme://...` or scp-like `user@host:path`."""
_IDENTITY = {"GIT_AUTHOR_NAME": "user.name", "GIT_AUTHOR_EMAIL": "user.email",
             "GIT_COMMITTER_NAME": "user.name", "GIT_COMMITTER_EMAIL": "user.email"}
_FALLBACK_IDENTITY = {"user.name": "digest", "user.email": "digest@localhost"}


class PublishError(DigestError):
    """The site could not be published; the message says why and what to do."""


@dataclass(frozen=True)
class PublishResult:
    """What a publish changed at its target."""

    target: str
    copied: int = 0
    deleted: int = 0
    unchanged: int = 0
    commit: str | None = None
    """Git: the commit now at the tip of the branch (None when the site was already published)."""

    def __str__(self) -> str:
        if self.commit is not None:
            return f"published to {self.target}: commit {self.commit[:12]}"
        if self.copied or self.deleted:
            return (f"published to {self.target}: {self.copied} copied, {self.deleted} deleted, "
                    f"{self.unchanged} unchanged")
        return f"{self.target} already up to date"


def publish(site: Path, target: str, *, root: Path, branch: str = "gh-pages", message: str = "") -> PublishResult:
    """Publish the built `site` to `target` (a folder, or `git+REPOSITORY`); relative paths resolve against `root`."""
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise PublishError(f"{site}: no built site here (run `digest build` first, or pass --out)")
    if not target.strip():
        raise PublishError("no publish target: set [publish] target in digest.toml or pass --target")
    if target.startswith(GIT_PREFIX):
        repository = resolve_repository(target[len(GIT_PREFIX):], root)
        return publish_git(site, repository, branch, message or default_message(root))
    return mirror(site, root / Path(target).expanduser())


# ---- a folder -------------------------------------------------------------


def mirror(site: Path, target: Path) -> PublishResult:
    """Make `target` an exact copy of `site`: copy what changed, then delete what the site does not have."""
    site, target = site.resolve(), target.resolve()
    if target == site or target.is_relative_to(site) or site.is_relative_to(target):
        raise PublishError(f"{target}: the publish folder and the site ({site}) must not contain each other")
    if target.exists() and not target.is_dir():
        raise PublishError(f"{target}: not a folder (choose a folder to publish into)")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise PublishError(f"{target}: not empty and not published by digest before; publishing deletes what the "
                           f"site does not have, so empty the folder or choose another one")
    target.mkdir(parents=True, exist_ok=True)
    (target / MARKER).write_text("This folder is a copy of a digest site, kept up to date by `digest publish`.\n",
                                 encoding="utf-8")
    wanted = _files(site)
    present = _files(target) - {MARKER}
    copied = unchanged = 0
    for relative in sorted(wanted):
        source, dest = site / relative, target / relative
        if dest.is_file() and not dest.is_symlink() and filecmp.cmp(source, dest, shallow=False):
            unchanged += 1
            continue
        _make_room(target, relative)
        _copy_atomically(source, dest)
        copied += 1
    deleted = 0
    for relative in sorted(present - wanted, reverse=True):
        path = target / relative
        if path.is_symlink() or path.is_file():
            path.unlink()
            deleted += 1
    _remove_empty_folders(target)
    result = PublishResult(str(target), copied=copied, deleted=deleted, unchanged=unchanged)
    log.info("%s", result)
    return result


def _files(root: Path) -> set[str]:
    """Every file (and symbolic link) under `root`, relative, never following links."""
    found: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder).relative_to(root)
        found.update(str(base / name) for name in files)
        found.update(str(base / name) for name in dirs if (Path(folder) / name).is_symlink())
    return found


def _make_room(target: Path, relative: str) -> None:
    """Remove what stands where the file `relative` must go: a file where a folder is needed, or a folder."""
    current = target
    for part in Path(relative).parts[:-1]:
        current = current / part
        if current.is_symlink() or current.is_file():
            current.unlink()
    dest = target / relative
    if dest.is_dir() and not dest.is_symlink():
        shutil.rmtree(dest)
    elif dest.is_symlink():
        dest.unlink()


def _copy_atomically(source: Path, dest: Path) -> None:
    """Copy through a temporary file beside `dest`, so a reader never sees half a file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    os.close(handle)
    try:
        shutil.copy2(source, temporary)
        os.chmod(temporary, 0o644)  # readable by the web server whatever the builder's umask
        os.replace(temporary, dest)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_empty_folders(target: Path) -> None:
    """Folders left empty by deleted files, deepest first (a site has no empty folders of its own)."""
    for folder, _dirs, _files in os.walk(target, topdown=False):
        path = Path(folder)
        if path != target and not path.is_symlink() and not any(path.iterdir()):
            path.rmdir()


# ---- a git branch ---------------------------------------------------------


def resolve_repository(spec: str, root: Path) -> str:
    """A repository git can push to: a URL as given, a local path made absolute, or a remote of the project."""
    spec = spec.strip()
    if not spec:
        raise PublishError("git+ needs a repository: git+PATH, git+URL or git+REMOTE (such as git+origin)")
    if _URL.match(spec):
        return spec
    local = (root / Path(spec).expanduser()).resolve()
    if local.exists():
        return str(local)
    remote = _git(["remote", "get-url", spec], cwd=root, check=False)
    if remote.returncode == 0 and remote.stdout.strip():
        url = remote.stdout.strip()
        return url if _URL.match(url) or Path(url).is_absolute() else str((root / url).resolve())
    raise PublishError(f"git+{spec}: neither a repository path, a URL, nor a remote of the project at {root}")


def default_message(root: Path) -> str:
    """`Publish site`, naming the project's commit when the project is a git repository."""
    head = _git(["rev-parse", "--short", "HEAD"], cwd=root, check=False)
    return f"Publish site built from {head.stdout.strip()}" if head.returncode == 0 else "Publish site"


def publish_git(site: Path, repository: str, branch: str, message: str) -> PublishResult:
    """Commit `site` (plus `.nojekyll`) on `branch` of `repository`, on top of the branch's tip, and push it."""
    ref = f"refs/heads/{branch}"
    if _git(["check-ref-format", ref], check=False).returncode != 0:
        raise PublishError(f"{branch!r} is not a valid branch name (set [publish] branch or --branch)")
    with tempfile.TemporaryDirectory(prefix="digest-publish-") as scratch:
        work = Path(scratch)
        hooks = work / "hooks"
        hooks.mkdir()
        env = {"GIT_DIR": str(work / "repo.git"), "GIT_INDEX_FILE": str(work / "index")}
        options = ["-c", f"core.hooksPath={hooks}", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false",
                   "-c", f"core.attributesFile={os.devnull}", "-c", f"core.excludesFile={os.devnull}"]
        _git(["init", "--quiet", "--bare", env["GIT_DIR"]])

        def git(*args: str, stdin: str | None = None, cwd: Path | None = None) -> str:
            return _git([*options, *args], env=env, stdin=stdin, cwd=cwd).stdout.strip()

        listed = _git([*options, "ls-remote", "--heads", repository, ref], env=env, check=False)
        if listed.returncode != 0:
            raise PublishError(f"cannot read {repository}: {_last_line(listed.stderr)}")
        parent = None
        if listed.stdout.strip():
            git("fetch", "--quiet", "--depth=1", repository, f"{ref}:refs/remotes/target/{branch}")
            parent = git("rev-parse", f"refs/remotes/target/{branch}")
        git(f"--work-tree={site}", "add", "--all", "--force", ".", cwd=site)
        blob = git("hash-object", "-w", "--stdin", stdin="")
        git("update-index", "--add", "--cacheinfo", f"100644,{blob},{NOJEKYLL}")
        tree = git("write-tree")
        if parent is not None and git("rev-parse", f"{parent}^{{tree}}") == tree:
            log.info("%s %s already holds this site", repository, branch)
            return PublishResult(f"{repository} {branch}")
        env.update(_identity(options, env))
        commit = git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
        pushed = _git([*options, "push", "--quiet", repository, f"{commit}:{ref}"], env=env, check=False)
        if pushed.returncode != 0:
            raise PublishError(f"push to {repository} {branch} failed: {_last_line(pushed.stderr)} "
                               f"(if someone published meanwhile, run digest publish again)")
    result = PublishResult(f"{repository} {branch}", commit=commit)
    log.info("%s", result)
    return result


def _identity(options: list[str], env: dict[str, str]) -> dict[str, str]:
    """Author and committer for the commit: the user's, or `digest` where git knows none."""
    chosen: dict[str, str] = {}
    for variable, key in _IDENTITY.items():
        if os.environ.get(variable):
            continue
        configured = _git([*options, "config", key], env=env, check=False).stdout.strip()
        if not configured:
            chosen[variable] = _FALLBACK_IDENTITY[key]
    return chosen


def _git(args: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None,
         check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **(env or {})}, input=stdin,
                              capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise PublishError("git is not installed (needed to publish to a git+ target)") from None
    if check and done.returncode != 0:
        raise PublishError(f"git {' '.join(a for a in args if not a.startswith('core.'))} failed: "
                           f"{_last_line(done.stderr)}")
    return done


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
