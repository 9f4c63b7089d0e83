from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.models import Base

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def import_engine(database_factory):
    """A demo database of this module's own: imports write into it."""
    engine = make_engine(database_factory.new_url())
    ensure_database(engine)
    yield engine
    engine.dispose()


def data_snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every data table (the import log, its change record and the data stamp aside), in a
    stable order."""
    snapshot = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in {"import_log", "import_change", "data_version"}:
                continue
            rows = connection.execute(select(table)).all()
            snapshot[table.name] = sorted(tuple(str(value) for value in row) for row in rows)
    return snapshot
