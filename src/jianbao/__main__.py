"""``python -m jianbao`` runs the command line."""

from jianbao.cli import main

if __name__ == "__main__":
    main()
