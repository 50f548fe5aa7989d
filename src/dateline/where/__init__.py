"""Where: the gazetteer and the place of each event."""
