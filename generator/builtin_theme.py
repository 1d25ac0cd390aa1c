"""Where the built-in theme is: package data of an installed digest, or the `templates/` folder of a checkout.

The theme's source is the project's top-level `templates/` folder; a wheel carries it as
`generator/theme/` (see `pyproject.toml`). An editable install or a checkout run with
`PYTHONPATH` has no `generator/theme/` and reads `templates/` beside the package.
"""

from __future__ import annotations

from pathlib import Path

#: The theme as installed from a wheel.
PACKAGED = Path(__file__).resolve().parent / "theme"
#: A file every copy of the built-in theme has (how a folder is known to be it).
LANDMARK = "base.html"


def builtin_theme_path() -> Path:
    """The folder of the built-in theme (the packaged one when neither exists: loading it then says so)."""
    if (PACKAGED / LANDMARK).is_file():
        return PACKAGED
    checkout = PACKAGED.parent.parent
    source = checkout / "templates"
    if (checkout / "pyproject.toml").is_file() and (source / LANDMARK).is_file():
        return source
    return PACKAGED
