"""The command line: its declaration, the fast reader and the typer app, completion, the
pager, where output goes, and each command's body. Kept empty: the fast path imports
`raqqa_cli.cli.main` and must not pay for the rest."""
