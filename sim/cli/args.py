"""What every command line of sim shares: exit statuses, one-line messages and an argument parser that
refuses a bad argument with one line (argparse's own prints the usage first)."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

EXIT_USAGE = 2  # bad input: a config value, an argument, a folder that is not what it should be
EXIT_IO = 3  # the file system: a folder that cannot be written, a full disk
EXIT_INTERRUPTED = 130


def one_line(message: str) -> str:
    """A message as one line, whatever it quotes (newlines and runs of spaces become one space)."""
    return " ".join(str(message).split())


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2 (`--help` for the usage)."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def non_negative_int(text: str) -> int:
    """An argparse type: an integer >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed: an integer >= 0") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed: an integer >= 0")
    return value
