"""photogen.server."""
