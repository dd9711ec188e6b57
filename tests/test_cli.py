"""The command line: help for every command, version, init, errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from chronomerge import __version__
from chronomerge.cli import app

runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_commands_exist():
    assert {"init", "merge", "validate", "template", "timeline"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    cmd = next(
        c for c in app.registered_commands if (c.name or c.callback.__name__) == command
    )
    assert cmd.callback.__doc__ and len(cmd.callback.__doc__.strip()) > 20


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_python_dash_m_works():
    done = subprocess.run(
        [sys.executable, "-m", "chronomerge", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "merge" in done.stdout


def test_init_then_bad_review_gives_one_line(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    review = tmp_path / "review.toml"
    assert review.exists()
    review.write_text(
        review.read_text().replace("[thresholds]", "[thresholds]\ngap_dayz = 3")
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "chronomerge",
            "validate",
            str(review),
            "--review",
            str(review),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
