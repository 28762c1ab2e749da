"""raqqa: fast, trustworthy answers from a YAML briefing at the terminal."""

__version__ = "0.1.0"
