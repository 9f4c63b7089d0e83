"""An ``argparse`` parser that speaks German and fails like every other command error.

Planners type these commands; argparse's own texts (»usage:«, »the following arguments are required«) and
its exit code 2 would be the only English and the only other code they meet. Its messages are translated by
pattern rather than through gettext, because argparse builds them from fixed English templates and the
project ships no message catalogue.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

#: argparse's message templates (Python 3.11–3.13) and their German wording.
MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), german)
    for pattern, german in (
        (r"^the following arguments are required: (.*)$", r"Es fehlt die Angabe \1."),
        (r"^unrecognized arguments: (.*)$", r"Unbekannte Angabe: \1."),
        (r"^argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)$", r"\1: »\2« gibt es nicht (möglich: \3)."),
        (r"^argument (\S+): expected one argument$", r"\1 braucht einen Wert."),
        (r"^argument (\S+): invalid (\w+) value: '([^']*)'$", r"\1: »\3« ist kein gültiger Wert."),
        (r"^argument (\S+): not allowed with argument (\S+)$", r"\1 und \2 schließen sich aus."),
        (r"^one of the arguments (.*) is required$", r"Eine der Angaben \1 ist nötig."),
        (r"^ambiguous option: (\S+) could match (.*)$", r"\1 ist mehrdeutig (\2)."),
    )
)


def german_message(message: str) -> str:
    """argparse's English ``message`` in German; unknown ones pass unchanged (still one line, exit code 1)."""
    for pattern, german in MESSAGES:
        if pattern.match(message):
            return pattern.sub(german, message).replace("'", "")
    return message


class GermanHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # argparse's signature
        super().add_usage(usage, actions, groups, prefix="Aufruf: " if prefix is None else prefix)


class GermanArgumentParser(argparse.ArgumentParser):
    """German help headings and errors; an error prints one line and exits with code 1."""

    def __init__(self, *args, **kwargs) -> None:  # argparse's signature
        kwargs.setdefault("formatter_class", GermanHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "Angaben"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen und beenden")

    def error(self, message: str) -> NoReturn:
        print(f"Fehler: {german_message(message)} (Hilfe: {self.prog} --help)", file=sys.stderr)
        sys.exit(1)
