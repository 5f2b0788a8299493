"""briefing: an offline, multilingual news briefing generator."""

__version__ = "0.1.0"
__all__ = ["__version__"]
