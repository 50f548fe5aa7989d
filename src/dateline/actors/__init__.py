"""Actors: the knowledge base (countries, roles, organisations, office holders) and resolution."""
