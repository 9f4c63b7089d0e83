"""README.md documents what a user can type: every CLI command and subcommand with its options, every
``SOZIALRAUM_*`` setting the code reads, every URL query word the pages use (in the spirit of datasette's
tests/test_docs.py: a new command, setting or link word without documentation fails here)."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from sozialraum.cli.main import build_parser
from sozialraum.vocabulary import URL_PARAMS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SOURCES = [*(ROOT / "src" / "sozialraum").rglob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"]


def _commands(parser: argparse.ArgumentParser, prefix: str) -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(prefix, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, f"{prefix} {name}")
    return found


COMMANDS = _commands(build_parser(), "sozialraum")


def test_the_parser_walk_finds_the_commands():
    names = [name for name, _ in COMMANDS]
    assert "sozialraum import" in names
    assert "sozialraum report steckbrief" in names


@pytest.mark.parametrize("command", [name for name, _ in COMMANDS[1:]])
def test_every_command_is_in_the_readme(command):
    assert command in README, f"»{command}« is not documented in README.md"


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, option)
        for name, parser in COMMANDS
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option not in {"--help", "--version"}
    ],
)
def test_every_option_is_in_the_readme(command, option):
    assert option in README, f"option {option} of »{command}« is not documented in README.md"


@pytest.mark.parametrize(
    ("command", "choice"),
    [
        (name, choice)
        for name, parser in COMMANDS
        for action in parser._actions
        if not action.option_strings and action.choices and not isinstance(action, argparse._SubParsersAction)
        for choice in action.choices
    ],
)
def test_every_choice_of_a_command_is_in_the_readme(command, choice):
    # ``sozialraum import KIND``: each kind, and the kinds that work differently as their own line
    assert re.search(rf"\b{re.escape(choice)}\b", README), f"»{command} {choice}« is not documented in README.md"


def _settings() -> set[str]:
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.update(re.findall(r"\bSOZIALRAUM_[A-Z_]+\b", node.value))
    return found


def test_the_settings_scan_finds_the_database_url():
    assert "SOZIALRAUM_DATABASE_URL" in _settings()


@pytest.mark.parametrize("setting", sorted(_settings()))
def test_every_setting_is_in_the_readme(setting):
    assert setting in README, f"setting {setting} is not documented in README.md"


def _query_words_in_code() -> set[str]:
    """Words pages read from or write to the URL: ``*_PARAM`` constants, ``st.query_params[...]``,
    ``.get(...)``, ``query_params={...}`` keys and the first argument of ``seed_from_url``/``write_to_url``."""
    words: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                pairs = [(target, node.value) for target in node.targets]
                if isinstance(node.value, ast.Tuple) and isinstance(node.targets[0], ast.Tuple):
                    pairs = list(zip(node.targets[0].elts, node.value.elts, strict=False))
                for target, value in pairs:
                    if (
                        isinstance(target, ast.Name)
                        and target.id.endswith("_PARAM")
                        and isinstance(value, ast.Constant)
                    ):
                        words.add(value.value)
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("query_params"):
                if isinstance(node.slice, ast.Constant):
                    words.add(node.slice.value)
            elif isinstance(node, ast.Call):
                function = ast.unparse(node.func)
                first = node.args[0] if node.args else None
                url_call = function.endswith(("query_params.get", "query_params.pop", "seed_from_url", "write_to_url"))
                if url_call and isinstance(first, ast.Constant):
                    words.add(first.value)
            elif isinstance(node, ast.keyword) and node.arg == "query_params" and isinstance(node.value, ast.Dict):
                words.update(key.value for key in node.value.keys if isinstance(key, ast.Constant))
            elif isinstance(node, ast.FunctionDef) and node.name in ("to_query", "base_query"):
                words.update(_written_keys(node))
    return words


def _written_keys(function: ast.FunctionDef) -> set[str]:
    """The keys a report's ``Params.to_query`` writes: the URL words of its view and its slide's settings."""
    keys: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Dict):
            keys.update(key.value for key in node.keys if isinstance(key, ast.Constant) and isinstance(key.value, str))
        elif (
            isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and isinstance(node.slice, ast.Constant)
        ):
            keys.add(node.slice.value)
    return keys


def test_every_query_word_in_the_code_is_in_the_central_list():
    words = _query_words_in_code()
    assert {"jahr", "raum", "ebene", "mappe"} <= words
    assert words <= set(URL_PARAMS), sorted(words - set(URL_PARAMS))


@pytest.mark.parametrize("word", sorted(URL_PARAMS))
def test_every_query_word_is_in_the_readme(word):
    assert re.search(rf"[?&]{word}=", README) or f"`{word}`" in README, f"URL word {word} is not in README.md"


def test_the_glossary_is_linked_from_the_readme():
    assert (ROOT / "docs" / "glossary.md").is_file()
    assert "docs/glossary.md" in README
