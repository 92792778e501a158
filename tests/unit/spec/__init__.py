"""The user's spec (using-the-client-programmatically.rst) as a doctest."""
