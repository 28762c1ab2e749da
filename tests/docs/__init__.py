"""Tests of the documents: the README, the tour and the generated reference."""
