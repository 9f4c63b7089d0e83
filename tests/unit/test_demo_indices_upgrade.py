"""A demo database from before the Sozialindex gets the demo indices on its next start, once."""

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sozialraum.db import upgrade
from sozialraum.demo.city import generate_demo
from sozialraum.demo.install import ensure_database
from sozialraum.models import SocialIndex


def _index_count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count(SocialIndex.id)))


def test_old_demo_database_gets_the_indices_once(blank_engine):
    upgrade(blank_engine)
    with Session(blank_engine) as session, session.begin():
        generate_demo(session)  # as the demo was written before this feature: no indices
    assert _index_count(blank_engine) == 0

    assert ensure_database(blank_engine) is False  # not generated anew
    assert _index_count(blank_engine) == 2

    with Session(blank_engine) as session, session.begin():
        session.execute(delete(SocialIndex))  # a user removes them on purpose
    ensure_database(blank_engine)
    assert _index_count(blank_engine) == 0


def test_a_database_that_is_not_the_demo_gets_no_demo_indices(empty_engine):
    ensure_database(empty_engine, load_demo_when_empty=False)
    assert _index_count(empty_engine) == 0


def test_an_old_demo_without_the_index_indicators_still_starts(blank_engine):
    from sozialraum.models import Indicator, Observation

    upgrade(blank_engine)
    with Session(blank_engine) as session, session.begin():
        generate_demo(session)
    with Session(blank_engine) as session, session.begin():
        child_poverty = session.scalar(select(Indicator.id).where(Indicator.key == "child_poverty"))
        session.execute(delete(Observation).where(Observation.indicator_id == child_poverty))
        session.execute(delete(Indicator).where(Indicator.id == child_poverty))

    assert ensure_database(blank_engine) is False  # no exception: the app starts
    assert _index_count(blank_engine) == 0
    ensure_database(blank_engine)  # and does not try again on every start
