"""Exchange of content translations with CAT tools: XLIFF 2.0, XLIFF 1.2 and gettext PO.

``units`` finds what there is to translate on pages and snippets, ``richtext`` turns Wagtail's
rich text into inline codes and back, ``xliff`` and ``po`` write and read the files,
``exporting`` and ``importing`` tie them together, and ``ui_catalogue`` does the same for the
interface's gettext catalogues.
"""
