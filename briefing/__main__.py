"""``python -m briefing``: the same command as ``briefing``."""

from .cli import main

main()
