"""Tests of the briefing: reading, checking, caching and indexing a knowledge file."""
