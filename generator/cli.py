"""The `digest` command line: thin wrappers around the library's stages."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

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


@click.group()
@click.version_option(__version__, prog_name="digest")
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages.")
def main(verbose: bool) -> None:
    """digest: turn a folder of news articles into an annotated static site."""
    _setup_logging(verbose)


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Site configuration file (default: digest.toml if present).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="Write the site to DIR.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def build(config_path: Path | None, out: Path | None, strict: bool) -> None:
    """Build the site and print a summary."""
    from .build import build as run_build
    from .config import load_config

    if config_path is None and DEFAULT_CONFIG.exists():
        config_path = DEFAULT_CONFIG
    try:
        config = load_config(config_path, output=out)
        config.strict = config.strict or strict
        started = time.perf_counter()
        result = run_build(config)
    except BuildFailed as failed:
        raise click.ClickException(
            f"build failed with {len(failed.errors)} error(s); {_output_name(config)} left unchanged"
        ) from None
    except DigestError as err:
        raise click.ClickException(str(err)) from None
    elapsed = time.perf_counter() - started
    counts = " · ".join(f"{name} {n}" for name, n in result.counts.items())
    timings = " · ".join(f"{name} {seconds:.2f}s" for name, seconds in result.timings.items())
    click.echo(f"Built {_output_name(config)} in {elapsed:.1f}s")
    click.echo(f"  {counts}")
    click.echo(f"  {timings}")
    if result.report.warnings:
        click.echo(f"  {len(result.report.warnings)} warning(s), shown above")


def _output_name(config: object) -> str:
    path = getattr(config, "output_path", Path("site"))
    try:
        return f"{path.resolve().relative_to(Path.cwd())}/"
    except ValueError:
        return f"{path}/"


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--glossary", "glossary_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A glossary folder whose terms the entity recogniser should know.")
def annotate(path: Path, fmt: str, glossary_dir: Path | None) -> None:
    """Annotate one article file and print what was extracted."""
    from .annotate import Annotator
    from .clean import clean_article
    from .export import article_to_json, article_to_text
    from .load import read_article, read_glossary_entry

    report = Report()
    try:
        article = clean_article(read_article(path, report))
        glossary = []
        if glossary_dir is not None:
            glossary = [e for p in sorted(glossary_dir.glob("*.md")) if (e := read_glossary_entry(p, report))]
    except ContentError as err:
        raise click.ClickException(str(err)) from None
    article.annotations = Annotator(glossary=glossary).annotate([article])[0]
    if fmt == "json":
        click.echo(json.dumps(article_to_json(article), ensure_ascii=False, indent=2))
    else:
        click.echo(article_to_text(article), nl=False)


@main.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--misses", is_flag=True, help="Also list every missed or extra quote, speaker and entity.")
def evaluate_command(gold: tuple[Path, ...], misses: bool) -> None:
    """Score the annotator on hand-checked gold files (see ../shared/gold/SPEC.md)."""
    from .annotate import Annotator
    from .evaluate import evaluate, format_table

    annotator = Annotator()
    for path in gold:
        try:
            evaluation = evaluate(path, annotator)
        except ContentError as err:
            raise click.ClickException(str(err)) from None
        click.echo(f"== {path}")
        click.echo(format_table(evaluation))
        if misses:
            click.echo("\n".join(evaluation.total.misses))
        click.echo()
