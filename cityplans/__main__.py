"""``python -m cityplans``: the command line, as the ``cityplans`` command."""

from cityplans.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
