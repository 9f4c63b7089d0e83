"""Musterstadt's two Sozialindex definitions, modelled on Berlin's Monitoring Soziale Stadtentwicklung.

Status: unemployment, SGB-II share and child poverty (Berlin's S1, S3, S4 have the same meaning);
dynamics: the change of the same three over two years (Berlin's D1, D3, D4 are published as changes,
the demo computes them from the levels). Both on social spaces, the level the demo city budgets on, so
the needs-based allocation can use them directly.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from sozialraum.analysis.social_index import (
    DYNAMICS_CLASSES,
    DYNAMICS_THRESHOLDS,
    STATUS_CLASSES,
    STATUS_THRESHOLDS,
    IndexComponent,
    IndexDefinition,
)

_COMPONENTS = (
    IndexComponent("unemployment_rate"),
    IndexComponent("sgb2_rate"),
    IndexComponent("child_poverty"),
)

DEMO_STATUS_INDEX = IndexDefinition(
    key="status",
    name="Status-Index",
    description=(
        "Soziale Lage der Sozialräume aus Arbeitslosenquote, SGB-II-Quote und Kinderarmut, "
        "nach dem Verfahren des Berliner Monitorings Soziale Stadtentwicklung."
    ),
    kind="status",
    level="social_space",
    population_indicator_key="pop_total",
    components=_COMPONENTS,
    thresholds=STATUS_THRESHOLDS,
    classes=STATUS_CLASSES,
)

DEMO_DYNAMICS_INDEX = IndexDefinition(
    key="dynamics",
    name="Dynamik-Index",
    description=(
        "Veränderung der sozialen Lage über zwei Jahre: Arbeitslosenquote, SGB-II-Quote und Kinderarmut "
        "gegenüber dem Stand zwei Jahre zuvor, nach dem Verfahren des Berliner Monitorings."
    ),
    kind="dynamics",
    level="social_space",
    population_indicator_key="pop_total",
    change_years=2,
    components=_COMPONENTS,
    thresholds=DYNAMICS_THRESHOLDS,
    classes=DYNAMICS_CLASSES,
)

DEMO_INDICES = (DEMO_STATUS_INDEX, DEMO_DYNAMICS_INDEX)
_log = logging.getLogger(__name__)


INSTALLED_MARK = "demo_indices"


def install_demo_indices(engine: Engine) -> None:
    """Store both definitions and materialise them as the indicators ``index_status`` and ``index_dynamics``."""
    from sozialraum.services.social_index import save_definition

    for definition in DEMO_INDICES:
        save_definition(engine, definition)
    _mark_installed(engine)


def add_demo_indices_once(engine: Engine) -> bool:
    """A demo database made before the Sozialindex existed gets the two indices on its next start, once:
    the mark keeps indices a user deleted on purpose from coming back. True when they were added."""
    from sozialraum.store import repository

    info = repository.dataset_info(engine)
    if info.get("is_demo") != "1" or INSTALLED_MARK in info:
        return False
    try:
        install_demo_indices(engine)
    except ValueError as error:
        # An extra for old demo databases must never keep the app from starting (e.g. a user replaced
        # the demo's indicators); tried once, then left alone.
        _log.warning("demo indices not added: %s", error)
        _mark_installed(engine)
        return False
    return True


def _mark_installed(engine: Engine) -> None:
    from sqlalchemy.orm import Session

    from sozialraum.models import DatasetInfo

    with Session(engine) as session, session.begin():
        session.merge(DatasetInfo(key=INSTALLED_MARK, value="1"))
