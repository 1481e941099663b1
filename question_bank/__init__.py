"""The built-in question bank (data only): one TOML file per topic. Format: README.md here."""

from pathlib import Path

BANK_DIR = Path(__file__).resolve().parent
