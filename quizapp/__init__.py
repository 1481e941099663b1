"""quizapp: the terminal app and the command line. The engine lives in the top-level ``engine`` package."""

__version__ = "0.1.0"
