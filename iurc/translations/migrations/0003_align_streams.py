"""Every language's StreamField text on the English structure (``iurc.core.segments``).

Before this, each language held its own copy of a page body, with its own block ids. Each
copy is matched to the English body by position and block type and keeps its text; its
own structure (ids, links, images, chosen snippets) gives way to English's. Drafts in
revisions are aligned the same way when they are read and when they are published.
"""

from django.db import migrations
from wagtail.fields import StreamField

from iurc.core.segments import align


def _stream_columns(model):
    names = {field.name: field for field in model._meta.get_fields()}
    for name, field in names.items():
        if isinstance(field, StreamField) and name.endswith("_en"):
            base = name[: -len("_en")]
            others = [
                other for other in names if other.startswith(f"{base}_") and other != name
            ]
            yield field.stream_block, name, others


def align_page_streams(apps, schema_editor):
    for model in apps.get_models():
        columns = list(_stream_columns(model))
        if not columns:
            continue
        for page in model.objects.all():
            changed = []
            for stream_block, source_name, names in columns:
                source = getattr(page, source_name)
                for name in names:
                    current = getattr(page, name)
                    if current is None or not len(current):
                        continue
                    setattr(page, name, align(stream_block, source, current))
                    changed.append(name)
            if changed:
                page.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0002_segment_states"),
        ("home", "0001_initial"),
        ("phases", "0001_initial"),
        ("regions", "0002_countries"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(align_page_streams, migrations.RunPython.noop)]
