"""Tests of the reports: what each command says, on the embedded briefing and the examples."""
