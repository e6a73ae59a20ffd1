"""aostime: a command-line time tracker that is exact about money and time."""

__version__ = "0.1.0"
