"""Tests of the renderers: tables, Markdown, HTML and citations."""
