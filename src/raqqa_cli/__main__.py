"""`python -m raqqa_cli`: the same as the `raqqa` command."""

from raqqa_cli.cli.main import main

main()
