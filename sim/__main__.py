"""`python -m sim`: the same command as the `sim` console script (sim/cli/main.py)."""

from sim.cli.main import main

if __name__ == "__main__":
    main()
