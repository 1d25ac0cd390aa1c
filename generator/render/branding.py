"""The site's favicon and logo: image files of the content or theme folder, published under `static/`.

A file under the theme's `static/` is already published at its own path; any other is copied
to `static/site/favicon.<ext>` or `static/site/logo.<ext>`. Only files inside the site's content
or theme folder are taken, so a setting can never publish a private file from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..config import SiteConfig, setting_line
from ..errors import Problem
from ..model import Page
from ..files.regular_files import read_regular
from .theme_files import refusal

#: The image types an icon or logo may be, with their media type.
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".gif": "image/gif",
               ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
DEFAULT_FAVICON = f"{urls.STATIC_DIR}/favicon.svg"
PUBLISHED_DIR = f"{urls.STATIC_DIR}/site"


@dataclass(frozen=True)
class Branding:
    """Where the pages find the icon and the logo (output paths; `logo` None: no logo)."""

    favicon: str = DEFAULT_FAVICON
    favicon_type: str = IMAGE_TYPES[".svg"]
    logo: str | None = None


def site_branding(config: SiteConfig) -> Branding:
    """The output paths of the configured icon and logo (the settings are checked by `branding_problems`)."""
    favicon = _published(config, config.favicon, "favicon")
    logo = _published(config, config.logo, "logo")
    return Branding(favicon or DEFAULT_FAVICON,
                    IMAGE_TYPES.get(Path(favicon or DEFAULT_FAVICON).suffix.lower(), "image/svg+xml"), logo)


def branding_pages(config: SiteConfig) -> list[Page]:
    """The icon and logo files to publish that the theme's `static/` does not already hold."""
    pages: list[Page] = []
    for setting, role in ((config.favicon, "favicon"), (config.logo, "logo")):
        path = _published(config, setting, role)
        if path is not None and path.startswith(f"{PUBLISHED_DIR}/"):
            pages.append(Page(path, read_regular(config.resolve(Path(setting)))))
    return pages


def branding_problems(config: SiteConfig) -> list[Problem]:
    """What is wrong with the `favicon` and `logo` settings: a missing file, one outside the site, not an image."""
    problems: list[Problem] = []
    for key in ("favicon", "logo"):
        value = getattr(config, key)
        if not value:
            continue
        problem = _problem(config, value)
        if problem is not None:
            problems.append(Problem(config.config_path, f"{key} {value!r}: {problem}", setting_line(config, key),
                                    hint=f"put the image in {config.content_dir} or {config.theme_dir} and set "
                                         f"{key} to its path from the folder of digest.toml"))
    return problems


def _problem(config: SiteConfig, value: str) -> str | None:
    path = config.resolve(Path(value))
    if path.suffix.lower() not in IMAGE_TYPES:
        return f"not an image file ({', '.join(sorted(IMAGE_TYPES))})"
    folder = _folder(config, path)
    if folder is None:
        return "outside the content and theme folders"
    if not (path.exists() or path.is_symlink()):
        return "file not found"
    reason = refusal(path, folder)
    if reason is not None or not path.is_file():
        return reason or "not a file"
    return None


def _folder(config: SiteConfig, path: Path) -> Path | None:
    """The content or theme folder `path` lies in (links resolved), or None."""
    target = path.resolve()
    for folder in (config.content_path, *config.theme_folders):
        if target.is_relative_to(folder.resolve()):
            return folder
    return None


def _published(config: SiteConfig, value: str, role: str) -> str | None:
    if not value:
        return None
    path = config.resolve(Path(value))
    for folder in config.theme_folders:
        static = (folder / urls.STATIC_DIR).resolve()
        if path.resolve().is_relative_to(static) and not path.is_symlink():
            return f"{urls.STATIC_DIR}/{path.resolve().relative_to(static).as_posix()}"
    return f"{PUBLISHED_DIR}/{role}{path.suffix.lower()}"
