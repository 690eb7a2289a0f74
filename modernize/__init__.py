"""modernize: take apart and replace legacy mainframe estates, step by step."""

__version__ = "0.1.0"
