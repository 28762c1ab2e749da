"""Tests of the command line: declarations, both readers, completion, output, notes."""
