from .base import BasePage, IndexPage
from .lead_image import LeadImageMixin
from .quotes import Quote
from .review import ReviewedSnippet
from .search import SearchDocument

__all__ = ["BasePage", "IndexPage", "LeadImageMixin", "Quote", "ReviewedSnippet", "SearchDocument"]
