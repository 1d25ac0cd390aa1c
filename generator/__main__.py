"""`python -m generator` is the `digest` command."""

from .cli import run

run()
