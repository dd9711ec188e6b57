"""The command line: help for every command, version, init, errors."""

from __future__ import annotations

import inspect
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


# --- each command is one public function -----------------------------------
import json  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import chronomerge as cm  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "child_a"
COMMAND_FUNCTIONS = {
    "init": "init_review",
    "merge": "build_pack",
    "validate": "validate_files",
    "template": "write_template",
    "timeline": "build_timeline",
    "serve": "serve.serve",
    "decide": "record_decision",
    "episodes": "find_episodes",
    "publish": "build_publication",
    "status": "tracker",
    "voice": "find_voice",
    "conflicts": "find_conflicts",
    "sharing": "find_sharing",
    "known": "find_known",
    "people": "find_people",
}


def test_every_command_maps_to_one_public_function():
    assert set(COMMANDS) == set(COMMAND_FUNCTIONS)
    import chronomerge.serve

    for command, function in COMMAND_FUNCTIONS.items():
        if "." in function:  # in its own subpackage (serve: its libraries)
            assert callable(chronomerge.serve.serve), command
            function = function.split(".")[-1]
        else:
            assert function in cm.__all__, command
            assert callable(getattr(cm, function)), command
        cmd = next(
            c
            for c in app.registered_commands
            if (c.name or c.callback.__name__) == command
        )
        source = inspect.getsource(cmd.callback)
        assert function in source or f"run_{function}" in source, command


def test_validate_json_is_the_api_report(tmp_path):
    police = SAMPLE / "Wexmoor_Police_chronology.xlsx"
    review = SAMPLE / "review.toml"
    result = runner.invoke(
        app, ["validate", str(police), "--review", str(review), "--json"]
    )
    assert result.exit_code in (0, 1), result.output
    api = cm.validate_files(police, review)
    assert json.loads(result.stdout) == json.loads(api.to_json())


def test_decide_records_what_record_decision_records(tmp_path):
    by_command, by_api = tmp_path / "a.toml", tmp_path / "b.toml"
    for path in (by_command, by_api):
        shutil.copy(SAMPLE / "review.toml", path)
    ids = ["E1a2b3c4d5e", "E9f8e7d6c5b"]
    result = runner.invoke(app, ["decide", "unlink", *ids, "--review", str(by_command)])
    assert result.exit_code == 0, result.output
    cm.record_decision(by_api, unlink=ids)
    assert by_command.read_bytes() == by_api.read_bytes()
    assert cm.read_review(by_command).decisions.unlink == [ids]
    result = runner.invoke(
        app, ["decide", "link", "E1a2b3c4d5e", "E0a1b2c3d4e", "-r", str(by_command)]
    )
    assert result.exit_code == 0
    assert cm.read_review(by_command).decisions.link == [["E1a2b3c4d5e", "E0a1b2c3d4e"]]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["decide", "merge", "E1", "E2"], "link or unlink"),
        (["decide", "unlink", "E1", "E2", "E3"], "two entry ids"),
        (["decide", "link", "E1"], "two or more entry ids"),
    ],
)
def test_a_wrong_decision_is_one_line_and_exit_2(tmp_path, args, said):
    review = tmp_path / "review.toml"
    shutil.copy(SAMPLE / "review.toml", review)
    before = review.read_bytes()
    result = runner.invoke(app, [*args, "--review", str(review)])
    assert result.exit_code == 2
    assert said in result.output and "Traceback" not in result.output
    assert review.read_bytes() == before


def test_a_missing_input_stops_with_exit_2(tmp_path):
    result = runner.invoke(
        app, ["merge", str(tmp_path / "nope"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output
