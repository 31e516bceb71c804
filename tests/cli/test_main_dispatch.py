"""`sim SUBCOMMAND ...` in-process: the dispatcher hands a subcommand its arguments and exits with its status."""

from __future__ import annotations

import pytest

from sim.cli.main import SUBCOMMANDS, main


def test_a_subcommand_gets_its_arguments_and_its_status_is_the_exit_status(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["provenance", "--format", "csv"])
    assert exit_.value.code in (0, None)
    assert capsys.readouterr().out.startswith("key,")
    assert set(SUBCOMMANDS) == {"compare", "validate", "provenance", "calibrate"}


def test_calibrate_is_a_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["calibrate", "--help"])
    assert exit_.value.code == 0
    assert "sim calibrate" in capsys.readouterr().out
