"""What snippets need so that translators' changes are reviewed before the public sees them."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.models import DraftStateMixin, RevisionMixin, WorkflowMixin

from iurc.core.translation_state import TranslatedSaveMixin


class ReviewedSnippet(
    TranslatedSaveMixin, WorkflowMixin, DraftStateMixin, RevisionMixin, models.Model
):
    """A snippet edited in drafts: its row holds what is published, its revisions the drafts.

    Without publish permission (translators), saving makes a draft that goes through the
    "Translation review" workflow (``iurc.translations.groups``), which programme staff approve.
    """

    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s"
    )

    class Meta:
        abstract = True

    @property
    def revisions(self):
        # Revisions are deleted with the snippet, and can be prefetched.
        return self._revisions
