"""The programme's curated themes (``partners/data/themes.csv``) and the merging of other
themes into them.

The file holds one row per theme: its English name (``en``), a short description, the names
of the themes it absorbs (``former_names``, separated by ``;``) and its name in each other
language of the site. ``curate`` brings a database to that list: it creates the missing
themes, and merges each theme named as a former name into its curated theme (agreements,
listing rows, other pages that point at it and their drafts), records the merged name among
the curated theme's former names and deletes the duplicate. What editors wrote stays: a
theme's translations and description are only filled where empty.

``curate`` works on the models it is given, so that migration ``partners.0005`` runs it on
the historical models and the demo (and any command) on the live ones.
"""

import csv
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as installed_apps
from django.utils import translation

from iurc.core.search import fold

THEMES_CSV = Path(__file__).resolve().parent / "data" / "themes.csv"
# Languages of the file by the suffix modeltranslation gives their columns (Indonesian "ind").
COLUMN_LANGUAGES = {
    "es": "es",
    "pt": "pt",
    "fr": "fr",
    "zh_hans": "zh_hans",
    "hi": "hi",
    "id": "ind",
    "ja": "ja",
    "ms": "ms",
    "ko": "ko",
    "th": "th",
    "vi": "vi",
}


@dataclass
class CuratedTheme:
    name: str
    description: str
    former_names: list
    names: dict = field(default_factory=dict)  # column suffix -> name, English included


def read_curated_themes(path=THEMES_CSV):
    """The curated themes of ``path``, in the file's order."""
    themes = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = {"en": row["en"].strip()}
            for column, suffix in COLUMN_LANGUAGES.items():
                names[suffix] = row[column].strip()
            themes.append(
                CuratedTheme(
                    name=names["en"],
                    description=row["description"].strip(),
                    former_names=split_names(row["former_names"], ";"),
                    names=names,
                )
            )
    return themes


def split_names(text, separator="\n"):
    return [name.strip() for name in (text or "").split(separator) if name.strip()]


def theme_lookup(themes):
    """{folded name: theme} of ``themes``, by their English names and their former names.

    A theme's own name wins over another theme's former name.
    """
    themes = list(themes)
    found = {}
    for theme in themes:
        for name in split_names(theme.former_names):
            found.setdefault(fold(name), theme)
    for theme in themes:
        found[fold(theme.name_en or "")] = theme
    found.pop("", None)
    return found


def _merged_former_names(target, absorbed):
    names = split_names(target.former_names)
    known = {fold(name) for name in names} | {fold(target.name_en)}
    for name in absorbed:
        if fold(name) not in known:
            names.append(name)
            known.add(fold(name))
    return "\n".join(names)


class Curator:
    """Brings the themes of a database to the curated list, with the models it is given."""

    def __init__(self, apps, curated=None):
        self.Theme = apps.get_model("partners", "Theme")
        self.ListedAgreement = apps.get_model("partners", "ListedAgreement")
        self.ListedAgreementTheme = apps.get_model("partners", "ListedAgreementTheme")
        self.Revision = apps.get_model("wagtailcore", "Revision")
        self.ContentType = apps.get_model("contenttypes", "ContentType")
        self.curated = read_curated_themes() if curated is None else curated
        self.merged = 0
        self.created = 0

    def run(self):
        themes = list(self.Theme.objects.all())
        by_name = {fold(theme.name_en or ""): theme for theme in themes}
        for entry in self.curated:
            target = by_name.get(fold(entry.name))
            if target is None:
                target = self._create(entry)
                by_name[fold(entry.name)] = target
            else:
                self._fill(target, entry)
            absorbed = list(entry.former_names)
            for name in entry.former_names:
                theme = by_name.get(fold(name))
                if theme is None or theme.pk == target.pk:
                    continue
                absorbed += [theme.name_en, *split_names(theme.former_names)]
                self._merge(theme, target)
                del by_name[fold(name)]
            target.former_names = _merged_former_names(target, absorbed)
            target.save(update_fields=["former_names"])
        return self

    def _create(self, entry):
        theme = self.Theme(live=True)
        for suffix, name in entry.names.items():
            setattr(theme, f"name_{suffix}", name)
        theme.name = entry.name
        theme.description = theme.description_en = entry.description
        theme.save()
        self.created += 1
        return theme

    def _fill(self, theme, entry):
        """Empty translations of a theme that stays take the file's; editors' stay."""
        changed = []
        for suffix, name in entry.names.items():
            column = f"name_{suffix}"
            if not getattr(theme, column):
                setattr(theme, column, name)
                changed.append(column)
        if not theme.description_en and not theme.description:
            theme.description = theme.description_en = entry.description
            changed += ["description", "description_en"]
        if changed:
            theme.save(update_fields=changed)

    def _merge(self, theme, target):
        """Everything that names ``theme`` names ``target`` instead; then ``theme`` goes."""
        for relation in self.Theme._meta.related_objects:
            if relation.related_model is self.ListedAgreementTheme:
                continue  # written again below from the agreements' themes
            if relation.many_to_many:
                self._repoint_many(relation, theme, target)
            elif relation.one_to_many or relation.one_to_one:
                relation.related_model._base_manager.filter(**{relation.field.name: theme}).update(
                    **{relation.field.name: target}
                )
            self._repoint_revisions(relation, theme, target)
        self._list(target)
        self.Revision.objects.filter(
            base_content_type=self._content_type(self.Theme), object_id=str(theme.pk)
        ).delete()
        theme.delete()
        self.merged += 1

    def _repoint_many(self, relation, theme, target):
        through = relation.through
        own, other = self._through_fields(through)
        links = through._base_manager
        has_target = links.filter(**{other: target.pk}).values(own)
        links.filter(**{other: theme.pk, f"{own}__in": has_target}).delete()
        links.filter(**{other: theme.pk}).update(**{other: target.pk})

    def _through_fields(self, through):
        """(column of the owner, column of the theme) of an automatic many-to-many table."""
        own = other = None
        for model_field in through._meta.fields:
            if not model_field.is_relation:
                continue
            if model_field.related_model is self.Theme:
                other = model_field.attname
            else:
                own = model_field.attname
        return own, other

    def _repoint_revisions(self, relation, theme, target):
        """Drafts and past revisions of what points at ``theme`` point at ``target``: a draft
        published later must not name a theme that is gone."""
        model = relation.related_model
        name = relation.field.name
        revisions = self.Revision.objects.filter(content_type=self._content_type(model))
        changed = []
        for revision in revisions.iterator():
            content = revision.content
            if not isinstance(content, dict) or name not in content:
                continue
            value = content[name]
            if isinstance(value, list) and theme.pk in value:
                content[name] = list(
                    dict.fromkeys(target.pk if v == theme.pk else v for v in value)
                )
            elif value == theme.pk:
                content[name] = target.pk
            else:
                continue
            changed.append(revision)
        self.Revision.objects.bulk_update(changed, ["content"], batch_size=500)

    def _list(self, target):
        """The listing rows of ``target``: one per listed agreement that has it, while the
        theme is published (``partners.listing.list_theme`` does the same for a live theme)."""
        rows = self.ListedAgreementTheme.objects
        rows.filter(theme=target).delete()
        if not target.live:
            return
        through = self.Theme._meta.get_field("agreements").through
        own, other = self._through_fields(through)
        agreement_ids = through.objects.filter(**{other: target.pk}).values(own)
        facts = ("index_page_id", "kind", "status", "start_year", "region_id")
        listed = self.ListedAgreement.objects.filter(agreement_id__in=agreement_ids).values(
            "agreement_id", "programme_phase_id", *facts
        )
        rows.bulk_create(
            [self.ListedAgreementTheme(theme_id=target.pk, **row) for row in listed],
            batch_size=1000,
        )

    def _content_type(self, model):
        return self.ContentType.objects.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )[0]


def curate(apps=None, curated=None):
    """Bring the database's themes to the curated list; returns the ``Curator`` (its
    ``created`` and ``merged`` counts). ``apps``: a migration's, or the installed apps."""
    # modeltranslation reads and writes a live model's ``name`` in the active language:
    # the file's names are English. A migration's models have plain columns.
    live = apps is None or apps is installed_apps
    with translation.override("en") if live else nullcontext():
        return Curator(installed_apps if live else apps, curated).run()
