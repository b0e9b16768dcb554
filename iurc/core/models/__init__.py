from .base import BasePage, IndexPage
from .quotes import Quote
from .review import ReviewedSnippet
from .search import SearchDocument

__all__ = ["BasePage", "IndexPage", "Quote", "ReviewedSnippet", "SearchDocument"]
