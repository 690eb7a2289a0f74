"""``python -m modernize`` runs the command line."""

from modernize.cli import main

main()
