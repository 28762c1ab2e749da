"""Tests of hostile input: fuzzing and names that try to break out."""
