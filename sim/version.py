"""The package version, in a leaf module: run folders record it and resumes compare it."""

__version__ = "0.1.0"
