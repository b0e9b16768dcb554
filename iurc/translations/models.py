"""What the translators' workspace stores beside the content: the English text each
translation was made from, and a summary per object and language for the dashboard."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SegmentState(models.Model):
    """One segment (a field, or a text leaf of a StreamField) of one page or snippet in one
    language, as last published or confirmed.

    ``source_text`` and ``source_hash`` are the English text the translation was made from;
    ``translation_hash`` the hash of the translation at that moment. The translation is
    outdated when the English text no longer has ``source_hash`` while the translation still
    has ``translation_hash`` (see ``iurc.translations.status``); ``source_text`` then shows the
    translator what changed.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    path = models.CharField(_("segment"), max_length=500)
    language = models.CharField(_("language"), max_length=10)
    source_text = models.TextField(blank=True)
    source_hash = models.CharField(max_length=64)
    translation_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("segment translation state")
        verbose_name_plural = _("segment translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "path", "language"],
                name="unique_segment_state",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.path} [{self.language}]"


class TranslationSummary(models.Model):
    """How much of one live page or snippet is translated into one language.

    Kept up to date on every save (``iurc.translations.signals``) so that the Translations
    dashboard reads figures and lists without reading the content itself.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    language = models.CharField(_("language"), max_length=10)
    label = models.CharField(_("title"), max_length=255)
    # Pages in tree order, then snippets by type and id.
    sort_key = models.CharField(max_length=300)
    live = models.BooleanField(default=True)
    total = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    outdated = models.PositiveIntegerField(default=0)
    # [[segment location, state], …] of what is missing or outdated, for the dashboard's rows.
    todo = models.JSONField(default=list)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("translation summary")
        verbose_name_plural = _("translation summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="unique_translation_summary"
            )
        ]
        indexes = [
            models.Index(fields=["language", "live", "sort_key"], name="translation_summary_rows"),
            models.Index(fields=["content_type", "object_id"], name="translation_summary_object"),
        ]

    def __str__(self):
        return f"{self.label} [{self.language}]"
