"""photogen.engine."""
