"""The README keeps step with the command line: every command and every option is documented."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT
from threadline.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def long_options(command: click.Command) -> list[str]:
    names = []
    for param in command.params:
        if isinstance(param, click.Option):
            names += [o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")]
    return [n for n in names if n != "--help"]


def test_the_readme_shows_the_two_setup_commands():
    assert "make demo" in README and "make test" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name: str):
    assert re.search(rf"threadline {name}\b", README), f"README never shows `threadline {name}`"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name: str):
    missing = [o for o in long_options(cli.commands[name]) if not re.search(rf"`{o}\b", README)]
    assert not missing, f"`threadline {name}` options missing from README: {missing}"


def test_global_options_are_documented():
    missing = [o for o in long_options(cli) if not re.search(rf"`{o}\b", README)]
    assert not missing, f"global options missing from README: {missing}"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    first_line = (cli.commands[name].help or "").strip().splitlines()[0]
    assert first_line and first_line in " ".join(result.output.split())
