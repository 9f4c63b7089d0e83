"""The ``sozialraum`` command on SQLite and PostgreSQL: German output, exit codes, no tracebacks."""

import subprocess
import sys

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sozialraum.cli.main import main
from sozialraum.db import current_revision, head_revision
from sozialraum.models import Area, Goal


def test_db_upgrade_creates_the_schema_and_is_idempotent(blank_engine, capsys):
    url = blank_engine.url.render_as_string(hide_password=False)
    assert main(["db", "upgrade", "--db", url]) == 0
    assert "Schema aktualisiert" in capsys.readouterr().out
    assert current_revision(blank_engine) == head_revision()
    assert main(["db", "upgrade", "--db", url]) == 0
    assert "Schema ist aktuell" in capsys.readouterr().out


def test_info_on_a_database_without_schema_explains_what_to_do(blank_engine, capsys):
    assert main(["info", "--db", blank_engine.url.render_as_string(hide_password=False)]) == 1
    assert "sozialraum db upgrade" in capsys.readouterr().err


def test_demo_fills_an_empty_database_and_refuses_a_full_one(blank_engine, capsys):
    url = blank_engine.url.render_as_string(hide_password=False)
    assert main(["demo", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "fiktive Beispieldaten" in out
    with Session(blank_engine) as session:
        areas = session.scalar(select(func.count(Area.id)))
        goals = session.scalar(select(func.count(Goal.id)))
    assert areas > 0
    assert goals >= 8

    assert main(["demo", "--db", url]) == 1
    assert "--force" in capsys.readouterr().err

    assert main(["demo", "--db", url, "--force"]) == 0
    with Session(blank_engine) as session:
        assert session.scalar(select(func.count(Area.id))) == areas  # replaced, not doubled


def test_info_reports_counts_per_level(demo_engine, capsys):
    assert main(["info", "--db", demo_engine.url.render_as_string(hide_password=False)]) == 0
    out = capsys.readouterr().out
    for word in (
        "Sozialräume",
        "Planungsräume",
        "Kennzahlen",
        "Beobachtungen",
        "Budgetzeilen",
        "Wirkungsziele",
        "31.12.2014 bis 31.12.2025",
        "Schema-Version",
    ):
        assert word in out


def test_unreachable_database_gives_one_german_line_not_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "sozialraum", "info", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Fehler: Datenbank")
    assert "Traceback" not in result.stderr


def test_help_is_german():
    result = subprocess.run([sys.executable, "-m", "sozialraum", "--help"], capture_output=True, text=True, check=True)
    assert "Fiktive Beispielstadt" in result.stdout
    assert "Datenbankschema" in result.stdout
