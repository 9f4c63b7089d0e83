"""Slides for Sitzungsmappen: each registered view kind renders from its settings and the current data.

Importing this package registers the built-in kinds; a new page registers its own with
``sozialraum.slides.register`` (see ``registry``).
"""

from sozialraum.slides import (  # noqa: F401 - registers the built-in kinds
    area_slides,
    budget_slides,
    goal_slides,
    index_slides,
    indicator_slides,
    steering_slides,
)
from sozialraum.slides.registry import (
    RenderedSlide,
    SlideContext,
    StaleSlideError,
    kind_label,
    register,
    registered_kinds,
    render_slide,
)

__all__ = [
    "RenderedSlide",
    "SlideContext",
    "StaleSlideError",
    "kind_label",
    "register",
    "registered_kinds",
    "render_slide",
]
