"""`python -m reconcile`: the command line, as the `reconcile` command."""

from reconcile.cli import main

if __name__ == "__main__":
    main()
