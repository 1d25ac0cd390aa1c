"""The `digest` command line: thin wrappers around the library's stages."""

from __future__ import annotations

import atexit
import json
import logging
import os
import platform
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import BuildFailed, ContentError, DigestError, Report

DEFAULT_CONFIG = Path("digest.toml")


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        level = "" if record.levelno == logging.INFO else f"{record.levelname.lower()}: "
        return f"{level}{record.getMessage()}"


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root = logging.getLogger("generator")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.propagate = False


class _Commands(click.Group):
    """The command group; what no command turned into a message becomes one line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except DigestError as err:
            raise click.ClickException(str(err)) from None
        except Exception as err:  # the last resort: the details go to a file, the user gets one line
            command = f"digest {ctx.invoked_subcommand or ''}".strip()
            details = _crash_file(err)
            raise click.ClickException(
                f"{command}: unexpected error ({type(err).__name__}: {_first_line(err)}). "
                f"Details in {details}; please report them.") from None


@dataclass
class _Ending:
    """How a `digest` process of its own ends (`run`): a command that leaves nothing behind says so."""

    quick: bool = False
    """The process may end without freeing its objects (see `_end_now`)."""


def run() -> None:
    """`digest` in a process of its own (`python -m generator`, the installed command)."""
    ending = _Ending()
    try:
        main(prog_name="digest", obj=ending)
    except SystemExit as done:
        if ending.quick and not done.code:
            _end_now()
        raise


def _end_now() -> None:
    """End the process without freeing its objects one by one (after a build there are millions: the operating
    system frees them at once). Only when nothing else is running (another thread, a child process, a Dask
    client) or waiting for the end (a profiler or tracer writes its results then); the exit handlers run
    first (logging's, temporary folders')."""
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    processes = sys.modules.get("multiprocessing")
    if others or "distributed" in sys.modules or (processes is not None and processes.active_children()) \
            or sys.getprofile() is not None or sys.gettrace() is not None:
        return
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said there
            pass
    os._exit(0)


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:300] if text else "no message"


def _crash_file(err: BaseException) -> str:
    """Write the command, the versions and the traceback of `err` to a new file; its path (or where it failed)."""
    text = (f"digest {__version__} on Python {platform.python_version()} ({platform.platform()})\n"
            f"command: {' '.join(sys.argv)}\nworking folder: {os.getcwd()}\n\n"
            + "".join(traceback.format_exception(err)))
    try:
        handle, path = tempfile.mkstemp(prefix="digest-error-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8", errors="replace") as file:
            file.write(text)
    except OSError:
        return "the log (the details could not be written to a file)"
    return path


@click.group(cls=_Commands)
@click.version_option(__version__, prog_name="digest")
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages.")
def main(verbose: bool) -> None:
    """digest: turn a folder of news articles into an annotated static site."""
    from .pipeline.build import collect_less

    _setup_logging(verbose)
    collect_less()


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Site configuration file (default: digest.toml if present).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="Write the site to DIR.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--base-url", default=None,
              help="The site's public address, overriding base_url (used only for feeds, sitemap, canonical links).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for annotating many new articles (default: all cores).")
@click.option("--no-cache", is_flag=True, help="Annotate every article again; do not read or write the cache.")
@click.option("--cluster", default=None, envvar="DIGEST_CLUSTER", metavar="ADDRESS",
              help="Annotate on a Dask cluster: tcp://HOST:8786 (a running scheduler) or local:N (N worker "
                   "processes here); overrides [cluster] address (also DIGEST_CLUSTER).")
@click.option("--force", is_flag=True, help="Build even if nothing changed since the last build.")
@click.option("--clean-out", is_flag=True,
              help="Replace the output folder even if digest did not build it (its files are lost).")
def build(config_path: Path | None, out: Path | None, strict: bool, jobs: int | None, no_cache: bool,
          force: bool, base_url: str | None, clean_out: bool, cluster: str | None) -> None:
    """Build the site and print a summary."""
    from .pipeline.annotating import default_jobs
    from .pipeline.build import build as run_build
    from .cache import AnnotationCache
    from .config import load_config
    from .pipeline.progress import annotation_progress

    if config_path is None and DEFAULT_CONFIG.exists():
        config_path = DEFAULT_CONFIG
    address = _cluster_address(cluster) if cluster is not None else ""
    try:
        config = load_config(config_path, output=out, base_url=base_url)
        config.strict = config.strict or strict
        if cluster is not None:
            config.cluster.address = address
        started = time.perf_counter()
        with annotation_progress() as progress:
            result = run_build(config, cache=AnnotationCache(None) if no_cache else None,
                               jobs=jobs or default_jobs(), progress=progress, force=force or no_cache,
                               clean_out=clean_out)
    except BuildFailed as failed:
        raise click.ClickException(
            f"build failed with {len(failed.errors)} error(s); {_output_name(config)} left unchanged"
        ) from None
    except DigestError as err:
        raise click.ClickException(str(err)) from None
    elapsed = time.perf_counter() - started
    ending = click.get_current_context().obj
    if isinstance(ending, _Ending):
        ending.quick = True  # the site and the caches are written and closed: nothing is left to free
    for note in result.notes:
        click.echo(note)
    counts = " · ".join(f"{name} {n}" for name, n in result.counts.items())
    timings = " · ".join(f"{name} {seconds:.2f}s" for name, seconds in result.timings.items())
    if result.up_to_date:
        click.echo(f"{_output_name(config)} is up to date: nothing changed since the last build ({elapsed:.1f}s)")
        click.echo(f"  {counts}")
        if result.report.warnings:
            click.echo(f"  {len(result.report.warnings)} warning(s) of that build, shown above")
        return
    click.echo(f"Built {_output_name(config)} in {elapsed:.1f}s")
    click.echo(f"  {counts}")
    cached = result.counts["articles"] - result.annotated
    written = "" if result.rewritten is None else f" · {result.rewritten} of {result.pages_written} files written"
    click.echo(f"  annotations: {cached} from the cache, {result.annotated} computed{written}")
    click.echo(f"  {timings}")
    if result.report.warnings:
        click.echo(f"  {len(result.report.warnings)} warning(s), shown above")


def _cluster_address(address: str) -> str:
    """The --cluster (or DIGEST_CLUSTER) address, checked."""
    from .cluster.address import ENV_VAR, address_problem

    problem = address_problem(address)
    if problem:
        source = click.get_current_context().get_parameter_source("cluster")
        given = ENV_VAR if source is click.core.ParameterSource.ENVIRONMENT else "--cluster"
        raise click.BadParameter(problem, param_hint=given)
    return address.strip()


def _output_name(config: object) -> str:
    path = getattr(config, "output_path", Path("site"))
    try:
        return f"{path.resolve().relative_to(Path.cwd())}/"
    except ValueError:
        return f"{path}/"


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Site configuration file (default: digest.toml if present).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--poll", is_flag=True, help="Poll for changes instead of native events (network and container mounts).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Write the preview to DIR (default: a temporary folder).")
@click.option("--clean-out", is_flag=True,
              help="Replace the --out folder even if digest did not build it (its files are lost).")
def serve(config_path: Path | None, host: str, port: int, poll: bool, out: Path | None, clean_out: bool) -> None:
    """Build the site, serve it with live reload and rebuild on every change."""
    from .serve import run_preview

    if config_path is None and DEFAULT_CONFIG.exists():
        config_path = DEFAULT_CONFIG
    if logging.getLogger("generator").getEffectiveLevel() > logging.INFO:
        logging.getLogger("generator.serve").setLevel(logging.INFO)  # one line per rebuild
    try:
        run_preview(config_path, out=out, host=host, port=port, poll=poll, echo=click.echo, clean_out=clean_out)
    except DigestError as err:
        raise click.ClickException(str(err)) from None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]), default=None,
              help="json (one article, indented), jsonl (one JSON object per line, with its path) or text; "
                   "default: json for one file, jsonl for more.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write one JSON file per article into DIR (its path below the folder given, .json) instead.")
@click.option("--glossary", "glossary_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A glossary folder whose terms the entity recogniser should know.")
def annotate(paths: tuple[Path, ...], fmt: str | None, out: Path | None, glossary_dir: Path | None) -> None:
    """Annotate article files (or every article file in folders) and print what was extracted.

    The pipelines load once and every article goes through them in one batch; a file that cannot be
    read is reported and the others are still annotated (exit 1 at the end)."""
    from .annotate import Annotator
    from .sources.clean import clean_article
    from .output.annotation_json import annotated_files, article_to_json, article_to_text
    from .sources.load import read_article, read_glossary_entry

    report = Report()
    try:
        glossary = []
        if glossary_dir is not None:
            glossary = [e for p in sorted(glossary_dir.glob("*.md")) if (e := read_glossary_entry(p, report))]
    except ContentError as err:
        raise click.ClickException(str(err)) from None
    files = annotated_files(list(paths), report)
    articles, names = [], []
    for path, name in files:
        try:
            articles.append(clean_article(read_article(path, report)))
            names.append(name)
        except ContentError as err:
            report.error(err)
    fmt = fmt or ("json" if len(paths) == 1 and paths[0].is_file() and out is None else "jsonl")
    if articles:
        for article, annotations in zip(articles, Annotator(glossary=glossary).annotate(articles)):
            article.annotations = annotations
    for article, name in zip(articles, names):
        data = article_to_json(article)
        if out is not None:
            target = out / f"{name}.json"
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            except OSError as err:
                raise click.ClickException(f"{target}: cannot write: {err.strerror or err}") from None
        elif fmt == "json":
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        elif fmt == "jsonl":
            click.echo(json.dumps({"path": str(article.path), **data}, ensure_ascii=False))
        else:
            click.echo(article_to_text(article), nl=False)
    if out is not None:
        click.echo(f"Annotated {len(articles)} article(s) into {out}/", err=True)
    if report.errors:
        raise click.ClickException(f"{len(report.errors)} file(s) could not be annotated (shown above)")


#: Where `digest eval` looks for gold files when given none: the shared data beside the project.
DEFAULT_GOLD = Path("../shared/gold")


@main.command(name="eval")
@click.argument("gold", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--articles", is_flag=True, help="Also show each set's figures article by article.")
@click.option("--misses", is_flag=True, help="Also list every missed or extra quote, speaker and entity.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures of every set to this JSON file (to compare runs).")
def evaluate_command(gold: tuple[Path, ...], articles: bool, misses: bool, json_out: Path | None) -> None:
    """Score the annotator on gold files or folders of them (default: ../shared/gold; see its SPEC.md), one table."""
    from .annotate import Annotator
    from .evaluate.score import evaluate, figures_json, format_summary, format_table, gold_files

    if not gold and not DEFAULT_GOLD.is_dir():
        raise click.ClickException(f"no gold files given and no {DEFAULT_GOLD} folder here (pass GOLD files or folders)")
    try:
        files = gold_files(list(gold) or [DEFAULT_GOLD])
    except ContentError as err:
        raise click.ClickException(str(err)) from None
    annotator = Annotator()
    results = []
    for path in files:
        try:
            evaluation = evaluate(path, annotator)
        except ContentError as err:
            raise click.ClickException(str(err)) from None
        results.append((path.stem, evaluation))
        if articles or misses:
            click.echo(f"== {path}")
            if articles:
                click.echo(format_table(evaluation))
            if misses:
                click.echo("\n".join(evaluation.total.misses))
            click.echo()
    click.echo(format_summary(results))
    if json_out is not None:
        json_out.write_text(json.dumps(figures_json(results), indent=2) + "\n", encoding="utf-8")


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Site configuration file (default: digest.toml if present).")
@click.option("--explain", "slug", default=None, metavar="SLUG",
              help="Show one story's candidates with their scores and what each is made of.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Candidates shown with --explain.")
def related(config_path: Path | None, slug: str | None, limit: int) -> None:
    """Print every story's related stories, or explain one story's (annotations come from the cache)."""
    from .pipeline.build import linked_corpus
    from .config import load_config
    from .sources.language import site_language
    from .link.explain import explanation, related_listing
    from .link.related import RelatedIndex

    if config_path is None and DEFAULT_CONFIG.exists():
        config_path = DEFAULT_CONFIG
    try:
        config = load_config(config_path)
        corpus = linked_corpus(config)
        labels = _related_labels(site_language(config, (article.lang for article in corpus.articles)).applied(config))
    except DigestError as err:
        raise click.ClickException(str(err)) from None
    if slug is None:
        click.echo(related_listing(corpus, *labels), nl=False)
        return
    index = RelatedIndex(corpus.articles, corpus.article_entities, corpus.article_terms, config.related,
                         corpus.entity_index)
    if slug not in index.position:
        raise click.ClickException(f"no story with slug {slug!r} (`digest related` lists them)")
    click.echo(explanation(index, slug, limit, subject=corpus.main_subjects.get(slug),
                           more_about=corpus.more_about.get(slug, [])), nl=False)


def _related_labels(site: Any) -> tuple[str, ...]:
    """`digest related`'s labels in the site's language, from the theme's UI strings (without a theme: English)."""
    from .errors import TemplateError
    from .render.pages import load_theme

    try:
        strings = load_theme(site).env.globals["t"]
    except TemplateError:  # the listing needs no theme; the build will say what is wrong with it
        return ()
    if not (hasattr(strings, "also_mentions") and hasattr(strings, "no_related_story")):
        return ()
    return strings.also_mentions, strings.no_related_story


@main.group()
def cache() -> None:
    """Manage the annotation cache."""


@cache.command(name="clear")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Site configuration file (default: digest.toml if present).")
def cache_clear(config_path: Path | None) -> None:
    """Delete the cache: annotations, stored words and entity merge, search index, spare copies of the site (the site records stay)."""
    from .cache import clear_cache
    from .config import load_config

    if config_path is None and DEFAULT_CONFIG.exists():
        config_path = DEFAULT_CONFIG
    try:
        config = load_config(config_path)
        removed = clear_cache(config.cache_path)
    except DigestError as err:
        raise click.ClickException(str(err)) from None
    if removed:
        click.echo(f"Cleared {config.cache_path}: {', '.join(removed)}")
    else:
        click.echo(f"Nothing to clear in {config.cache_path}")


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Site configuration file (default: digest.toml if present).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="The built site to check.")
def check(config_path: Path | None, out: Path | None) -> None:
    """Report every broken internal link of the built site; exit 1 if there is any."""
    from .output.check import check_site, site_counts
    from .config import load_config

    if config_path is None and DEFAULT_CONFIG.exists():
        config_path = DEFAULT_CONFIG
    try:
        config = load_config(config_path, output=out)
    except DigestError as err:
        raise click.ClickException(str(err)) from None
    site = config.output_path
    if not (site / "index.html").is_file():
        raise click.ClickException(f"no built site in {_output_name(config)} (run digest build first, or pass --out)")
    broken = check_site(site, config.base_url)
    for link in broken:
        click.echo(str(link))
    pages, files = site_counts(site)
    checked = f"{pages} pages ({files} files) of {_output_name(config)}"
    if broken:
        click.echo(f"{len(broken)} broken link(s) in {checked}", err=True)
        raise SystemExit(1)
    click.echo(f"No broken links in {checked}")


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Site configuration file (default: digest.toml if present).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="The built site to publish (default: output_dir).")
@click.option("--target", default=None,
              help="A folder to mirror the site into, or git+REPOSITORY (path, URL or remote) [publish] target.")
@click.option("--branch", default=None, help="The branch of a git+ target (default: [publish] branch, gh-pages).")
@click.option("--message", "-m", default=None, help="Commit message of a git+ publish.")
@click.option("--no-check", is_flag=True, help="Publish even if the site has broken links.")
def publish(config_path: Path | None, out: Path | None, target: str | None, branch: str | None,
            message: str | None, no_check: bool) -> None:
    """Copy the built site to a folder or commit it to a branch of a git repository."""
    from .output.check import check_site
    from .config import load_config
    from .output.publish import publish as run_publish

    if config_path is None and DEFAULT_CONFIG.exists():
        config_path = DEFAULT_CONFIG
    try:
        config = load_config(config_path, output=out)
        site = config.output_path
        if not no_check and (site / "index.html").is_file() and (broken := check_site(site, config.base_url)):
            raise click.ClickException(f"{len(broken)} broken link(s) in {_output_name(config)}, such as "
                                       f"{broken[0]}; run digest check, or publish anyway with --no-check")
        result = run_publish(
            site,
            config.publish.target if target is None else target,
            root=config.root if target is None else Path.cwd(),
            branch=branch or config.publish.branch,
            message=message or config.publish.message,
        )
    except DigestError as err:
        raise click.ClickException(str(err)) from None
    click.echo(result)


@main.command(name="new")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--language", type=click.Choice(["en", "es"]), default="en", show_default=True,
              help="The site's interface language, and the language of the example stories.")
@click.option("--title", default=None, help="The site's title (default: \"News digest\" / \"Resumen de noticias\").")
@click.option("--example", is_flag=True, help="Write a few stories of one story line (related stories, a thread).")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty (files already there are kept).")
def new(path: Path, language: str, title: str | None, example: bool, force: bool) -> None:
    """Make a new site in PATH, ready to build: digest.toml, a story, a glossary term."""
    from .scaffold.new_site import new_site

    try:
        written = new_site(path, language=language, title=title, example=example, force=force)
    except DigestError as err:
        raise click.ClickException(str(err)) from None
    if not written:
        click.echo(f"{path} already has every file of a new site; nothing written")
        return
    click.echo(f"Made a new site in {path} ({len(written)} files)")
    where = f"cd {click.format_filename(path)} && " if path.resolve() != Path.cwd().resolve() else ""
    click.echo(f"Next: {where}digest serve   (or digest build)")


@main.group()
def theme() -> None:
    """The built-in theme."""


@theme.command(name="export")
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Write into a folder that is not empty, replacing the theme's files.")
def theme_export(target: Path, force: bool) -> None:
    """Copy the built-in theme into TARGET, to change it (set theme_dir to TARGET, or name it templates)."""
    from .scaffold.theme_export import export_theme

    try:
        written = export_theme(target, force=force)
    except DigestError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Copied the built-in theme into {target} ({len(written)} files)")
    click.echo("A site uses a folder named templates beside its digest.toml, or the one theme_dir names; "
               "keep only the files you change, the rest comes from the built-in theme")
