"""`python -m generator` is the `digest` command."""

from .cli import main

main(prog_name="digest")
