from .base import BasePage, IndexPage
from .pages import HomePage, StandardPage
from .phases import ProgrammePhaseIndexPage, ProgrammePhasePage
from .search import SearchDocument
from .snippets import Quote

__all__ = [
    "BasePage",
    "HomePage",
    "IndexPage",
    "ProgrammePhaseIndexPage",
    "ProgrammePhasePage",
    "Quote",
    "SearchDocument",
    "StandardPage",
]
