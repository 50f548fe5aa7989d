"""When: temporal expressions resolved against the publication date, and attached to events."""
