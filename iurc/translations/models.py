"""What the translators' workspace stores: the English text each translation was made from."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldTranslationState(models.Model):
    """One translated field of one page or snippet in one language.

    ``source_hash`` is the hash of the English text the translation was last saved or
    confirmed from; ``translation_hash`` the hash of the translation at that moment. The
    translation is outdated when the English text no longer has ``source_hash`` while the
    translation still has ``translation_hash`` (see ``iurc.translations.status``).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=10)
    source_hash = models.CharField(max_length=64)
    translation_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("field translation state")
        verbose_name_plural = _("field translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="unique_field_translation_state",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field} [{self.language}]"
