"""Scoring the project on labelled data (``briefing eval ...``)."""
