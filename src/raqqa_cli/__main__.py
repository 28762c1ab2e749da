"""`python -m raqqa_cli`: the same as the `raqqa` command."""

from raqqa_cli.main import main

main()
