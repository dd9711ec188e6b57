"""A second, held-out corpus of fictional reviews (see generate.py)."""
