"""The last line of defence: an unexpected error on a page becomes a German message and a log entry.

Streamlit would otherwise show its English error box (with links to search engines and chatbots).
The message says what a user can do and carries a short reference that an administrator finds in the
server log next to the traceback. Streamlit's own control flow (``st.rerun``, ``st.stop``,
``st.switch_page``) raises ``BaseException`` subclasses, which pass through untouched.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable

import streamlit as st

#: Set to "1" (the test suite does) to re-raise after the message, so AppTest sees the exception.
RAISE_ENV = "SOZIALRAUM_RAISE_UNEXPECTED"

_log = logging.getLogger("sozialraum.app")


def unexpected_error_message(reference: str) -> str:
    return (
        "**Diese Seite konnte nicht vollständig angezeigt werden.** Ein unerwarteter Fehler ist aufgetreten; "
        "Ihre Daten wurden dabei nicht verändert.\n\n"
        "Was Sie tun können:\n"
        "- die Seite neu laden (F5),\n"
        "- ein anderes Jahr, eine andere Gebietsebene oder Kennzahl wählen,\n"
        "- wenn der Fehler bleibt: der Administration Bescheid geben und dabei die "
        f"Fehlernummer **{reference}** nennen."
    )


def run_guarded(page: Callable[[], object]) -> None:
    """Run ``page``; an ordinary exception is logged with its traceback and shown as a German message."""
    try:
        page()
    except Exception:  # deliberately everything: no user sees a traceback
        reference = uuid.uuid4().hex[:8].upper()
        _log.exception("Unerwarteter Fehler auf einer Seite (Fehlernummer %s)", reference)
        st.error(unexpected_error_message(reference), icon=":material/error:")
        if os.environ.get(RAISE_ENV) == "1":
            raise
