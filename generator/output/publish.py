"""Put a built site where it is served: a folder (mirrored) or a branch of a git repository.

A publish either completes or leaves its target as it was. A folder target is mirrored
like `rsync --delete`: every changed file is first copied into a staging folder inside
the target; only when all are there are they renamed into place (each replacing its
file atomically) and the files the site no longer has deleted, every step recorded so
that a failure undoes them all. A folder that is not empty and was not published by
digest is refused, because mirroring deletes what the site does not have. A
`git+REPOSITORY` target gets one commit per publish on a branch (like `mkdocs gh-deploy`),
with `.nojekyll`; the commit is made in a temporary repository with its own index, so the
project's working tree, index and branches are never touched, and the target repository
changes only by the final push, which git applies whole or not at all.

Only the site's own files are published: a link to a file inside the site is published as
that file, but a link leading out of the site, to a folder or to nothing is skipped with a
warning, and the build's `.digest-site` marker is never published.
"""

from __future__ import annotations

import errno
import filecmp
import itertools
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import DigestError
from .output_folder import MARKER as SITE_MARKER
from ..files.scratch import own_folder, remove_orphans

log = logging.getLogger(__name__)

GIT_PREFIX = "git+"
MARKER = ".digest-published"
"""Left in a mirrored folder, so that later publishes know they may delete in it."""
NOJEKYLL = ".nojekyll"
_OWN = {MARKER, SITE_MARKER}  # SITE_MARKER: the build's own, never published nor deleted from a target
"""Names at the top of a site or target folder that belong to digest, not to the site."""
_STAGING = ".digest-publishing-"
"""Prefix of the folder inside a target folder where a publish stages its files (then the pid)."""
_SCRATCH = "digest-publish-"
"""Prefix of the temporary folder where a git publish makes its commit (then the pid)."""
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^[^/:]+@[^/:]+:")
"""`scheme://...` or scp-like `user@host:path`."""
_IDENTITY = {"GIT_AUTHOR_NAME": "user.name", "GIT_AUTHOR_EMAIL": "user.email",
             "GIT_COMMITTER_NAME": "user.name", "GIT_COMMITTER_EMAIL": "user.email"}
_FALLBACK_IDENTITY = {"user.name": "digest", "user.email": "digest@localhost"}
_FULL = {errno.ENOSPC, errno.EDQUOT}
_HINTS = {**dict.fromkeys(_FULL, "free some space and publish again"),
          errno.EACCES: "check that you may write there", errno.EPERM: "check that you may write there",
          errno.EROFS: "the file system is read-only",
          errno.EXDEV: "part of the folder is another file system; publish into a folder on one file system"}
_HASH_BATCH = 500
"""Files hashed by one `git hash-object` (keeps command lines short)."""


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
    site = _real(site)
    if not (site / "index.html").is_file():
        raise PublishError(f"{site}: no built site here (run `digest build` first, or pass --out)")
    if not target.strip():
        raise PublishError("no publish target: set [publish] target in digest.toml or pass --target")
    if target.startswith(GIT_PREFIX):
        repository = resolve_repository(target[len(GIT_PREFIX):], root)
        return publish_git(site, repository, branch, message or default_message(root))
    return mirror(site, root / Path(target).expanduser())


def site_files(site: Path) -> dict[str, Path]:
    """The files to publish: path relative to `site` -> the file to read (a link is read where it leads)."""
    found: dict[str, Path] = {}

    def unreadable(err: OSError) -> None:
        raise PublishError(f"{err.filename}: cannot read this folder of the site: {err.strerror}")

    for folder, dirs, files in os.walk(site, onerror=unreadable):
        base = Path(folder).relative_to(site)
        for name in dirs:
            if (Path(folder) / name).is_symlink():  # os.walk does not enter it
                log.warning("%s: not published: a link to a folder (copy the folder into the site instead)",
                            base / name)
        for name in files:
            if base == Path(".") and name in _OWN:
                continue
            path, relative = Path(folder) / name, (base / name).as_posix()
            source = _real(path) if path.is_symlink() else path
            if path.is_symlink() and not source.is_relative_to(site):
                log.warning("%s: not published: a link to %s, outside the site", relative, source)
            elif not source.is_file():
                log.warning("%s: not published: not a file (a link to nothing, a pipe or a device)", relative)
            else:
                found[relative] = source
    return found


# ---- a folder -------------------------------------------------------------


def mirror(site: Path, target: Path) -> PublishResult:
    """Make `target` an exact copy of `site`, or leave it as it was and say why."""
    site = _real(site)
    target = _folder(site, target)
    files = site_files(site)
    created = _made_folders(target)
    try:
        with _locked(target):
            result = _update(files, target)
    except BaseException:
        for folder in reversed(created):
            _quietly(folder.rmdir)  # only when empty: a folder that could not be put back keeps what it had
        raise
    log.info("%s", result)
    return result


def _update(files: dict[str, Path], target: Path) -> PublishResult:
    """Stage what changed inside `target`, then put it all in place at once; undo everything on failure."""
    filecmp.clear_cache()
    try:
        remove_orphans(_STAGING, target)
        stale = sorted(_present(target) - files.keys())
        changed = [relative for relative in sorted(files) if not _same(files[relative], target / relative)]
        mark = not (target / MARKER).is_file()
    except OSError as err:
        raise _failure(target, err) from None
    unchanged = len(files) - len(changed)
    if not (changed or stale or mark):
        return PublishResult(str(target), unchanged=unchanged)
    staging: Path | None = None
    changes = _Changes()
    try:
        staging = own_folder(_STAGING, target)
        staged = [(relative, _stage(files[relative], staging / f"new-{n}")) for n, relative in enumerate(changed)]
        if mark:
            (staging / "marker").write_text("This folder is a copy of a digest site, kept up to date by "
                                            "`digest publish`.\n", encoding="utf-8")
            (staging / "marker").chmod(0o644)
            staged.append((MARKER, staging / "marker"))
        _commit(target, staging, staged, stale, changes)
    except BaseException as err:
        kept = changes.undo()
        if staging is not None and not kept:
            shutil.rmtree(staging, ignore_errors=True)
        if not isinstance(err, OSError):
            raise
        raise _failure(target, err, kept, staging) from None
    shutil.rmtree(staging, ignore_errors=True)  # now the previous versions of what changed
    return PublishResult(str(target), copied=len(changed), deleted=len(stale), unchanged=unchanged)


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold `target` for this publish: a second publish into it at the same time would mix the two sites."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this system
        yield
        return
    try:
        handle = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as err:
        raise _failure(target, err) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"{target}: another digest publish is writing here (publish again when it is "
                               f"done)") from None
        yield
    finally:
        os.close(handle)


def _folder(site: Path, target: Path) -> Path:
    """The folder to mirror into, once it is known to be one digest may fill; else an error saying why."""
    shown = target
    try:
        if target.is_symlink() and not target.exists():
            raise PublishError(f"{shown}: a link to {os.readlink(target)}, which does not exist (create it or "
                               f"choose another target)")
        target = _real(target)
        if target == site or target.is_relative_to(site) or site.is_relative_to(target):
            raise PublishError(f"{target}: the publish folder and the site ({site}) must not contain each other")
        if target.exists() and not target.is_dir():
            raise PublishError(f"{target}: not a folder (choose a folder to publish into)")
        if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
            raise PublishError(f"{target}: not empty and not published by digest before; publishing deletes what "
                               f"the site does not have, so empty the folder or choose another one")
    except OSError as err:
        raise _failure(shown, err) from None
    return target


def _present(target: Path) -> set[str]:
    """Every file and link in `target`, relative, never following links; digest's own names excepted."""
    found: set[str] = set()

    def unreadable(err: OSError) -> None:
        raise err

    for folder, dirs, files in os.walk(target, onerror=unreadable):
        base = Path(folder).relative_to(target)
        if base == Path("."):
            dirs[:] = [name for name in dirs if not name.startswith(_STAGING)]
            files = [name for name in files if name not in _OWN]
        found.update((base / name).as_posix() for name in files)
        found.update((base / name).as_posix() for name in dirs if (Path(folder) / name).is_symlink())
    return found


def _same(source: Path, dest: Path) -> bool:
    return dest.is_file() and not dest.is_symlink() and filecmp.cmp(source, dest, shallow=False)


def _made_folders(target: Path) -> list[Path]:
    """Create `target` and its missing parents; the folders made, outermost first, to remove on failure."""
    missing = [folder for folder in (target, *target.parents) if not folder.exists()][::-1]
    try:
        for folder in missing:
            folder.mkdir()
    except OSError as err:
        for folder in reversed(missing):
            _quietly(folder.rmdir)
        raise _failure(target, err) from None
    return missing


def _copy(source: Path, dest: Path) -> None:
    """Copy one file of the site (bytes and modification time) to a new file."""
    shutil.copy2(source, dest)


def _stage(source: Path, staged: Path) -> Path:
    _copy(source, staged)
    staged.chmod(0o644)  # readable by the web server whatever the builder's umask
    return staged


def _commit(target: Path, staging: Path, staged: list[tuple[str, Path]], stale: list[str],
            changes: _Changes) -> None:
    """Move the staged files into place and what the site no longer has out of the way (into `staging`)."""
    aside = (staging / f"old-{n}" for n in itertools.count())
    for relative in stale:
        changes.move(target / relative, next(aside))
    for relative, new in staged:
        dest = target / relative
        for folder in reversed(dest.parents):
            if folder.is_relative_to(target) and folder != target:
                if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                    changes.move(folder, next(aside))
                if not folder.exists():
                    changes.make_folder(folder)
        if dest.is_dir() and not dest.is_symlink():  # the site has a file where the target has a folder
            for folder, _dirs, _files in os.walk(dest, topdown=False):
                changes.remove_folder(Path(folder))
        if dest.is_file() and not dest.is_symlink():
            changes.replace(new, dest, next(aside))
        else:
            if os.path.lexists(dest):
                changes.move(dest, next(aside))
            changes.move(new, dest)
    for folder, _dirs, _files in os.walk(target, topdown=False):
        path = Path(folder)
        if path != target and not path.is_relative_to(staging) and not any(path.iterdir()):
            changes.remove_folder(path)  # emptied by deleted files (a site has no empty folders)


class _Changes:
    """The steps of a publish into a folder, each recorded once done, so that a failure can undo them all."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], object]] = []

    def move(self, path: Path, to: Path) -> None:
        os.rename(path, to)
        self._undo.append(lambda: os.rename(to, path))

    def replace(self, new: Path, dest: Path, backup: Path) -> None:
        """Put `new` over the file `dest` in one step, keeping the old one as `backup`."""
        try:
            os.link(dest, backup)
        except OSError:  # a file system without hard links: the file is missing for a moment
            self.move(dest, backup)
            self.move(new, dest)
            return
        os.replace(new, dest)
        self._undo.append(lambda: os.replace(backup, dest))

    def make_folder(self, folder: Path) -> None:
        folder.mkdir()
        self._undo.append(folder.rmdir)
        folder.chmod(0o755)

    def remove_folder(self, folder: Path) -> None:
        mode = folder.stat().st_mode & 0o7777
        folder.rmdir()
        self._undo.append(lambda: (folder.mkdir(), folder.chmod(mode)))

    def undo(self) -> list[str]:
        """Undo every step, the last first; what could not be undone (empty when all was)."""
        failed: list[str] = []
        for step in reversed(self._undo):
            try:
                step()
            except OSError as err:
                failed.append(f"{err.strerror}: {err.filename}")
        self._undo.clear()
        return failed


def _failure(target: Path, err: OSError, kept: list[str] | None = None, staging: Path | None = None) -> PublishError:
    """One line: the target, the cause, what to do, and whether the folder is as it was."""
    cause = err.strerror or str(err)
    if err.filename and err.errno not in _FULL:  # a full disk is the target's, whichever file was being written
        cause += f": {err.filename}"
    hint = _HINTS.get(err.errno or 0)
    text = f"cannot publish to {target}: {cause}" + (f" ({hint})" if hint else "")
    if kept:
        return PublishError(f"{text}; the folder could not be put back as it was ({kept[0]}); the files it had "
                            f"are kept in {staging}")
    return PublishError(f"{text}; the folder was left as it was")


def _real(path: Path) -> Path:
    """`path` absolute, with links followed as far as they lead (a loop of links is no error here)."""
    return Path(os.path.realpath(path))


def _quietly(step: Callable[[], object]) -> None:
    try:
        step()
    except OSError:
        pass  # undoing what was just made: nothing more to do when it is already gone


# ---- a git branch ---------------------------------------------------------


def resolve_repository(spec: str, root: Path) -> str:
    """A repository git can push to: a URL as given, a local path made absolute, or a remote of the project."""
    spec = spec.strip()
    if not spec:
        raise PublishError("git+ needs a repository: git+PATH, git+URL or git+REMOTE (such as git+origin)")
    if _URL.match(spec):
        return spec
    local = _real(root / Path(spec).expanduser())
    if local.exists():
        return str(local)
    remote = _git(["remote", "get-url", spec], cwd=root)
    if remote.returncode == 0 and remote.stdout.strip():
        url = remote.stdout.strip()
        return url if _URL.match(url) or Path(url).is_absolute() else str(_real(root / url))
    raise PublishError(f"git+{spec}: neither a repository path, a URL, nor a remote of the project at {root}")


def default_message(root: Path) -> str:
    """`Publish site`, naming the project's commit when the project is a git repository."""
    head = _git(["rev-parse", "--short", "HEAD"], cwd=root)
    return f"Publish site built from {head.stdout.strip()}" if head.returncode == 0 else "Publish site"


def branch_name(branch: str) -> str:
    """`branch` (or `refs/heads/branch`) when git accepts it as a branch name, else an error."""
    name = branch.removeprefix("refs/heads/")
    if (not name or name.startswith("-") or _git(["check-ref-format", f"refs/heads/{name}"]).returncode
            or _git(["check-ref-format", "--branch", name]).returncode):
        raise PublishError(f"{branch!r} is not a valid branch name (set [publish] branch or --branch)")
    return name


def publish_git(site: Path, repository: str, branch: str, message: str) -> PublishResult:
    """Commit `site` (plus `.nojekyll`) on `branch` of `repository`, on top of the branch's tip, and push it."""
    branch = branch_name(branch)
    files = site_files(site)
    remove_orphans(_SCRATCH)
    try:
        scratch = own_folder(_SCRATCH)
    except OSError as err:
        raise PublishError(f"cannot publish to {repository} {branch}: no temporary folder: {err.strerror} "
                           f"(nothing was published)") from None
    try:
        commit = _Scratch(scratch, repository, branch).publish(files, message)
    except OSError as err:
        raise PublishError(f"cannot publish to {repository} {branch}: {err.strerror} in the temporary folder "
                           f"{scratch} (nothing was published)") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result = PublishResult(f"{repository} {branch}", commit=commit)
    log.info("%s", result)
    return result


class _Scratch:
    """A temporary bare repository with its own index, where the commit is made before it is pushed."""

    def __init__(self, folder: Path, repository: str, branch: str) -> None:
        self.repository, self.branch, self.ref = repository, branch, f"refs/heads/{branch}"
        hooks = folder / "hooks"
        hooks.mkdir()
        self.env = {"GIT_DIR": str(folder / "repo.git"), "GIT_INDEX_FILE": str(folder / "index")}
        self.options = ["-c", f"core.hooksPath={hooks}", "-c", f"core.attributesFile={os.devnull}",
                        "-c", "advice.pushUpdateRejected=false"]
        self.run("init", "--quiet", "--bare", self.env["GIT_DIR"])

    def run(self, *args: str, stdin: bytes | None = None) -> str:
        done = self.attempt(*args, stdin=stdin)
        if done.returncode != 0:
            raise PublishError(f"cannot publish to {self.repository} {self.branch}: git {args[0]} failed: "
                               f"{_cause(done.stderr)} (nothing was published)")
        return done.stdout.strip()

    def attempt(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
        try:
            return _git([*self.options, *args], env=self.env, stdin=stdin)
        except PublishError as err:  # git could not even start
            raise PublishError(f"cannot publish to {self.repository} {self.branch}: {err} "
                               f"(nothing was published)") from None

    def publish(self, files: dict[str, Path], message: str) -> str | None:
        """Commit `files` on top of the branch and push; the commit, or None when the branch already holds them."""
        listed = self.attempt("ls-remote", "--heads", self.repository, self.ref)
        if listed.returncode != 0:
            raise PublishError(f"cannot read {self.repository}: {_cause(listed.stderr)}")
        parent = None
        if listed.stdout.strip():
            self.run("fetch", "--quiet", "--depth=1", self.repository, f"{self.ref}:refs/remotes/target/{self.branch}")
            parent = self.run("rev-parse", f"refs/remotes/target/{self.branch}")
        tree = self.tree(files)
        if parent is not None and self.run("rev-parse", f"{parent}^{{tree}}") == tree:
            log.info("%s %s already holds this site", self.repository, self.branch)
            return None
        self.env.update(_identity(self.options, self.env))
        commit = self.run("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
        pushed = self.attempt("push", "--quiet", self.repository, f"{commit}:{self.ref}")
        if pushed.returncode != 0:
            raise PublishError(_push_failure(self.repository, self.branch, pushed.stderr))
        return commit

    def tree(self, files: dict[str, Path]) -> str:
        """Write the blobs of `files` and `.nojekyll`, and the tree that holds exactly them."""
        names = sorted(files)
        blobs: list[str] = []
        for start in range(0, len(names), _HASH_BATCH):
            batch = [str(files[name]) for name in names[start:start + _HASH_BATCH]]
            blobs += self.run("hash-object", "-w", "--no-filters", "--", *batch).split()
        if NOJEKYLL not in files:
            blobs.append(self.run("hash-object", "-w", "--no-filters", "--stdin", stdin=b""))
            names.append(NOJEKYLL)
        entries = b"".join(b"100644 %s\t%s\0" % (blob.encode(), os.fsencode(name)) for blob, name in zip(blobs, names))
        self.run("update-index", "--add", "-z", "--index-info", stdin=entries)
        return self.run("write-tree")


def _push_failure(repository: str, branch: str, stderr: str) -> str:
    """Why git refused the push, and what to do."""
    if "branch is currently checked out" in stderr or "refusing to update checked out branch" in stderr:
        return (f"{repository} refused the push: {branch} is checked out in its working tree, which git's "
                f"receive.denyCurrentBranch forbids updating (publish to a bare repository, to another branch "
                f"with --branch, or run `git -C {repository} config receive.denyCurrentBranch updateInstead`)")
    rejected = re.search(r"^ ! \[rejected\] .*\((fetch first|non-fast-forward)\)", stderr, re.MULTILINE)
    if rejected:
        return (f"push to {repository} {branch} refused: the branch changed while publishing "
                f"(run digest publish again)")
    return f"push to {repository} {branch} failed: {_cause(stderr)} (nothing was published)"


def _identity(options: list[str], env: dict[str, str]) -> dict[str, str]:
    """Author and committer for the commit: the user's, or `digest` where git knows none."""
    chosen: dict[str, str] = {}
    for variable, key in _IDENTITY.items():
        if os.environ.get(variable):
            continue
        configured = _git([*options, "config", key], env=env).stdout.strip()
        if not configured:
            chosen[variable] = _FALLBACK_IDENTITY[key]
    return chosen


def _git(args: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
         stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run git; its output as text (never fails on undecodable bytes)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **(env or {})}, input=stdin,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise PublishError("git is not installed (needed to publish to a git+ target)") from None
    except OSError as err:
        raise PublishError(f"cannot run git: {err.strerror}") from None
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(errors="replace"),
                                       done.stderr.decode(errors="replace"))


def _cause(stderr: str) -> str:
    """The line of git's message that says what went wrong: its first error (the later ones follow from it)."""
    lines = [line.strip() for line in stderr.splitlines()
             if line.strip() and not line.startswith("hint:") and line.strip() != "remote:"]
    errors = [line for line in lines if line.startswith(("fatal:", "error:", "remote: error:"))]
    return errors[0] if errors else lines[-1] if lines else "no message"
