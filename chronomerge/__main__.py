"""``python -m chronomerge``."""

from .cli import main

main()
