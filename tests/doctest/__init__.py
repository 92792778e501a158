"""The user's spec run as a doctest against the real local Trove."""
