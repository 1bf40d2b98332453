"""Autograded exercises for the first chapter of deep learning in numpy."""

__version__ = "0.1.0"
