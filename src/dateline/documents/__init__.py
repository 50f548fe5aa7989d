"""Documents: reading every input format, datelines, and normalising text."""
