"""Corpus 3: a third held-out review generator (see generate.py)."""
