"""photogen.client."""
