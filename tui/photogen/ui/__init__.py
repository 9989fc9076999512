"""photogen.ui."""
