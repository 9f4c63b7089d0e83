"""The command line fails in German, in one line and with exit code 1, like every other command error."""

from __future__ import annotations

import pytest

from sozialraum.cli.main import build_parser, main
from sozialraum.cli.parser import german_message


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["import", "undo"], "Fehler: Es fehlt die Angabe DATEI|NR. (Hilfe: sozialraum import --help)"),
        (["bogus"], "Fehler: BEFEHL: »bogus« gibt es nicht (möglich: demo, info, import, index, report, areas, "),
        (["import", "areas", "x", "--nope"], "Fehler: Unbekannte Angabe: --nope."),
        ([], "Fehler: Es fehlt die Angabe BEFEHL."),
    ],
)
def test_usage_errors_are_german_one_line_and_exit_code_one(argv, expected, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 1
    error = capsys.readouterr().err
    assert error.startswith(expected), error
    assert error.count("\n") == 1


def test_help_is_german(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["import", "--help"])
    text = capsys.readouterr().out
    assert text.startswith("Aufruf: sozialraum import")
    assert "Angaben:" in text
    assert "Optionen:" in text
    assert "Diese Hilfe zeigen und beenden" in text
    assert "usage" not in text
    assert "show this help" not in text


def test_an_unknown_message_passes_unchanged():
    assert german_message("something new") == "something new"
