from .base import BasePage
from .pages import HomePage, StandardPage
from .phases import ProgrammePhaseIndexPage, ProgrammePhasePage
from .search import SearchDocument
from .snippets import Quote

__all__ = [
    "BasePage",
    "HomePage",
    "ProgrammePhaseIndexPage",
    "ProgrammePhasePage",
    "Quote",
    "SearchDocument",
    "StandardPage",
]
