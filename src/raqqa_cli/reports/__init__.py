"""Briefing -> Report: one module per command family, each pure (nothing prints here).

`phrases.py` says how values read to people and `filters.py` holds what every listing
filters with; the rest are named like the commands they serve. A report's cells are plain
values: where people need a phrase ("more than 660,000 relief packages") and machines the
value, a report carries both, in columns for each audience. Every record a listing yields
carries its entry's `id` and `source_id` (and `via_id`) for machines, and a citation for
people, taken from the entry the value comes from.
"""
