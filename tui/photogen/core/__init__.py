"""photogen.core."""
