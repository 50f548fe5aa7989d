"""Sentences: spaCy parsing, turned into plain token records (the one place that knows spaCy)."""
