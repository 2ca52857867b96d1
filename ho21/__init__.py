"""ho21: the document system of a council secretariat."""

__version__ = "0.1.0"
