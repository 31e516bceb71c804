"""`python -m sim`: the same command as the `sim` console script (sim/cli/main.py); both end through
`program`, which skips the interpreter's teardown."""

from sim.cli.main import program

if __name__ == "__main__":
    program()
