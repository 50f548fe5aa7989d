"""Events: CAMEO codes from patterns over the parse, with modality, dates, places and evidence."""
