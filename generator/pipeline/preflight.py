"""Checks before work: what would fail a build late is found before any NLP runs.

The config is validated when it is read (`config.load_config`); here the theme's templates are
compiled and the files they name looked for, the site's favicon and logo and the content folder
checked. The content itself (front matter, glossary) is checked by the load stage, which also
runs before annotating (`build.link_content` stops there when it found errors).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2
from jinja2 import nodes

from .. import urls
from ..render.branding import branding_problems
from ..config import SiteConfig
from ..errors import ContentError, Problem
from ..render.pages import Theme
from ..render.theme_files import refusal

#: Files of the theme that Jinja compiles (the rest, such as `static/` and `i18n.toml`, it never reads).
TEMPLATE_SUFFIXES = (".html", ".htm", ".xml")


def problems_before_work(config: SiteConfig, theme: Theme) -> list[Problem]:
    """Every problem of the theme, the branding files and the content folder, all found at once."""
    problems = theme_problems(theme)
    problems += branding_problems(config)
    content = config.content_path
    if not content.is_dir():
        what = "is not a folder" if content.exists() else "not found"
        problems.append(Problem(content, f"content folder {what}",
                                hint="create it, or set content_dir in digest.toml to the folder that holds articles/"))
    return problems


def theme_problems(theme: Theme) -> list[Problem]:
    """Templates that do not compile, and templates or static files a template names that the theme lacks."""
    env = theme.env
    # Hidden files are no templates of the theme (an editor's lock file `.#base.html` is a broken link).
    names = sorted(name for name in env.list_templates()
                   if name.endswith(TEMPLATE_SUFFIXES) and not name.startswith(f"{urls.STATIC_DIR}/")
                   and not any(part.startswith(".") for part in name.split("/")))
    problems: list[Problem] = []
    for name in names:
        try:
            source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
            tree = env.parse(source, name, filename)
            env.get_template(name)
        except jinja2.TemplateSyntaxError as err:
            problems.append(Problem(Path(err.filename) if err.filename else theme.root / name,
                                    err.message or str(err), err.lineno, hint="fix the template's syntax"))
            continue
        except ContentError as err:
            problems.append(err.problem)
            continue
        problems += _missing_references(tree, Path(filename), set(names), theme.folders)
    return problems


def _missing_references(tree: nodes.Template, path: Path, templates: set[str], folders: Sequence[Path]) -> list[Problem]:
    """The templates a template includes, imports or extends and the `url('static/…')` files it links, when missing."""
    problems: list[Problem] = []
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        target = node.template
        if not isinstance(target, nodes.Const) or not isinstance(target.value, str):
            continue  # a name computed at render time: Jinja reports it then
        if target.value not in templates and not getattr(node, "ignore_missing", False):
            problems.append(Problem(path, f"uses the template {target.value!r}, which the theme does not have",
                                    node.lineno, hint="add the template to the theme, or fix the name"))
    for call in tree.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "url" and call.args):
            continue
        target = call.args[0]
        if (isinstance(target, nodes.Const) and isinstance(target.value, str)
                and target.value.startswith(f"{urls.STATIC_DIR}/")
                and not any(_published(root / target.value, root) for root in folders)):
            problems.append(Problem(path, f"links {target.value}, which the theme does not have", call.lineno,
                                    hint=f"add the file to the theme's {urls.STATIC_DIR}/ folder, or fix the link"))
    return problems


def _published(path: Path, root: Path) -> bool:
    """Whether the theme file `path` is one the build copies (a regular file, no link out of the theme)."""
    return path.is_file() and refusal(path, root) is None
