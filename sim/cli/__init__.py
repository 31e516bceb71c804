"""The command lines: `sim` (or `python -m sim`) runs a scenario through Hydra; subcommands compare and validate."""
