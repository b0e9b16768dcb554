"""The admin's rich text editor (``WAGTAILADMIN_RICH_TEXT_EDITORS``)."""

from wagtail.admin.rich_text import DraftailRichTextArea

from iurc.core import malformed


class RichTextArea(DraftailRichTextArea):
    """Draftail, refusing (400) a posted value that is not the Draft.js JSON it sends."""

    def value_from_datadict(self, data, files, name):
        with malformed.parsing(name):
            return super().value_from_datadict(data, files, name)
