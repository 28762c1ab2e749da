"""The briefing: its model, the strict YAML reader, the checker, the cache, the schema,
quotes against their sources, the index of entries, and loading a file (file -> load ->
briefing)."""
