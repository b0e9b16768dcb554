"""Site search in the reader's language.

Each live page has one ``SearchDocument`` per language holding what a reader of that language
sees (translations with their fallbacks), searched only while the public may see the page
(``iurc.core.visibility``). Matching is on text folded the same way for documents and
queries, which works alike for Vietnamese without diacritics, for Chinese, Japanese and Thai
(no spaces between words: a term matches as a substring) and on both PostgreSQL and the
SQLite quick-start database.

Besides pages, a page type may have views under its URL that search finds on their own (the
agreements database's partner profiles): it lists them with ``search_routes`` (see
``index_routes``), and their documents belong to the page, so that its visibility is theirs.
Each result says what it is (``SearchDocument.Kind``; a page type declares its
``search_kind``).
"""

import unicodedata
from functools import reduce
from operator import and_

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, Q, Value, When, prefetch_related_objects
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from iurc.core import languages
from iurc.core.models import Quote, SearchDocument
from iurc.core.page_queries import exclude_private
from iurc.core.stream_text import plain_text
from iurc.core.visibility import is_public, public_pages, public_state_changed

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SUMMARY_LENGTH = 300


def _is_latin(char):
    return char < "\u0250" or "\u1e00" <= char <= "\u1eff"


def fold(text):
    """Lower-case, strip Latin diacritics (ợ -> o, đ -> d), keep other scripts' marks.

    Thai vowels and Devanagari signs are combining characters too, but they carry meaning,
    so they are only removed after a Latin letter.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    kept = []
    after_latin = False
    for char in decomposed:
        if unicodedata.combining(char):
            if not after_latin:
                kept.append(char)
            continue
        category = unicodedata.category(char)
        if category[0] in "PSCZ":
            kept.append(" ")
            after_latin = False
            continue
        after_latin = _is_latin(char)
        kept.append(char)
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def query_terms(query):
    """The folded terms of a query, or [] when nothing searchable is left."""
    return fold(query[:MAX_QUERY_LENGTH]).split()[:MAX_TERMS]


def _documents_with(terms, language):
    if not terms:
        return SearchDocument.objects.none()
    return SearchDocument.objects.filter(
        reduce(and_, (Q(folded__contains=term) for term in terms)),
        language=language,
        public=True,
    )


def matching_documents(query, language):
    """Documents of pages (not of the views under them) of ``language`` holding every term of
    ``query``, in no order.

    On PostgreSQL a trigram index serves the match (migration ``core.0005``). Only documents
    of public pages are matched; ``search`` also checks that each page still is public.
    """
    return _documents_with(query_terms(query), language).filter(route="")


def search(query, language):
    """Search documents of ``language`` matching every term, best (title hits) first.

    Only documents marked public are matched; the pages are checked again here (live, no view
    restriction above them), so that a document out of step never shows a private page.
    """
    terms = query_terms(query)
    title_hits = sum(
        (
            Case(When(folded_title__contains=term, then=Value(1)), default=Value(0))
            for term in terms
        ),
        Value(0),
    )
    documents = exclude_private(_documents_with(terms, language), path="page__path")
    return (
        documents.filter(page__live=True)
        .annotate(title_hits=title_hits)
        .order_by("-title_hits", "title", "pk")
        .select_related("page")
    )


def _document_text(page):
    texts = [plain_text(text) for text in page.get_search_text() if text]
    return [text for text in texts if text]


def _document(page, code, title, texts, public, kind, route=""):
    return SearchDocument(
        page=page,
        route=route,
        kind=kind,
        language=code,
        title=title,
        summary=(texts[0] if texts else "")[:SUMMARY_LENGTH],
        folded_title=fold(title),
        folded=fold(" ".join([title, *texts])),
        public=public,
    )


def _documents(page, public=True):
    """The documents of one live page, one per language, unsaved."""
    kind = getattr(page, "search_kind", SearchDocument.Kind.PAGE)
    documents = []
    for code in languages.codes():
        with translation.override(code):
            documents.append(_document(page, code, page.title, _document_text(page), public, kind))
    return documents


def _write(page_ids, documents):
    """Replace the documents of the pages themselves (not those of their routes)."""
    with transaction.atomic():
        SearchDocument.objects.filter(page_id__in=page_ids, route="").delete()
        SearchDocument.objects.bulk_create(documents)


def index_routes(page, routes=None):
    """(Re)write the documents of the views under ``page`` that search finds on their own.

    ``page.search_routes(routes)`` gives those views that exist among ``routes`` (paths under
    the page's URL; all of them when None), each with its ``route``, its ``kind``, and, read
    in each language, its ``search_title()`` and ``search_texts()``. The documents of
    ``routes`` that it does not give are removed: the view is no longer served. They are
    searched while the public may see the page.
    """
    page = page.specific
    items = list(page.search_routes(routes)) if page.live else []
    public = bool(items) and is_public(page)
    documents = []
    for code in languages.codes():
        with translation.override(code):
            for item in items:
                texts = [text for text in item.search_texts() if text]
                documents.append(
                    _document(page, code, item.search_title(), texts, public, item.kind, item.route)
                )
    with transaction.atomic():
        stale = SearchDocument.objects.filter(page=page).exclude(route="")
        if routes is not None:
            stale = stale.filter(route__in=list(routes))
        stale.delete()
        SearchDocument.objects.bulk_create(documents, batch_size=1000)


def routed_page_models():
    """The page types with views of their own in search (``search_routes``)."""
    return [model for model in get_page_models() if hasattr(model, "search_routes")]


def index_page(page):
    """(Re)build the documents of one page in every language, or drop them if it is not live;
    they are searched only while the public may see it. A page published again (its documents
    all dropped when it was unpublished) gets those of its routes back too."""
    page = page.specific
    _write([page.pk], _documents(page, is_public(page)) if page.live else [])
    routed = hasattr(page, "search_routes") and page.live
    if routed and not SearchDocument.objects.filter(page=page).exclude(route="").exists():
        index_routes(page)


INDEX_BATCH = 200


def index_pages(pages):
    """Rebuild the documents of ``pages`` (a queryset) after their text changed, a batch at a
    time: which are public is one query per batch, what page types read besides their own row
    (``search_prefetches``, such as an agreement's partners and themes) one per relation."""
    ids = list(pages.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), INDEX_BATCH):
        batch = Page.objects.filter(pk__in=ids[start : start + INDEX_BATCH])
        public = set(public_pages(batch).values_list("pk", flat=True))
        specific = list(batch.live().specific())
        for model in {type(page) for page in specific}:
            prefetches = getattr(model, "search_prefetches", None)
            if prefetches:
                same_type = [page for page in specific if type(page) is model]
                prefetch_related_objects(same_type, *prefetches())
        _write(
            [page.pk for page in batch],
            [
                document
                for page in specific
                for document in _documents(page, public=page.pk in public)
            ],
        )


def sync_branch(path):
    """After the visibility of the branch at ``path`` changed (a view restriction, a move):
    mark which of its pages' documents the public may search.

    The branch's pages are read once and the documents updated by page id, a batch at a time:
    restricting a database of 20,000 agreements is a few updates.
    """
    pages = Page.objects.filter(path__startswith=path)
    public = set(public_pages(pages).values_list("pk", flat=True))
    hidden = [pk for pk in pages.values_list("pk", flat=True) if pk not in public]
    for ids, shown in ((hidden, False), (sorted(public), True)):
        for start in range(0, len(ids), INDEX_BATCH * 10):
            batch = ids[start : start + INDEX_BATCH * 10]
            documents = SearchDocument.objects.filter(page_id__in=batch, public=not shown)
            documents.update(public=shown)


def rebuild():
    """Index every live page again; returns how many pages were indexed."""
    live = Page.objects.filter(depth__gt=1).live()
    SearchDocument.objects.exclude(page__in=live.values("pk")).delete()
    index_pages(live)
    for model in routed_page_models():
        for page in model.objects.live():
            index_routes(page)
    return live.count()


def _on_published(sender, instance, **kwargs):
    index_page(instance)


def _on_unpublished(sender, instance, **kwargs):
    SearchDocument.objects.filter(page=instance).delete()


def _on_moved(sender, instance, **kwargs):
    sync_branch(instance.path)


def _on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        sync_branch(page.path)


def _pages_showing(snippet):
    """Pages whose content chooses ``snippet`` (a quote in a body), from Wagtail's reference
    index."""
    references = ReferenceIndex.get_references_to(snippet).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    ids = [int(pk) for pk in references.values_list("object_id", flat=True) if pk.isdecimal()]
    return Page.objects.filter(pk__in=ids)


def _on_quote_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    # A quote's text is searchable on the pages that show it, while it is published.
    if not created and not raw and public_state_changed(update_fields):
        index_pages(_pages_showing(instance))


def _before_quote_deleted(sender, instance, **kwargs):
    instance._iurc_pages_showing = list(_pages_showing(instance).values_list("pk", flat=True))


def _on_quote_deleted(sender, instance, **kwargs):
    index_pages(Page.objects.filter(pk__in=getattr(instance, "_iurc_pages_showing", [])))


def connect_signals():
    page_published.connect(_on_published, dispatch_uid="iurc_search_published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="iurc_search_unpublished")
    post_page_move.connect(_on_moved, dispatch_uid="iurc_search_moved")
    for signal in (post_save, post_delete):
        signal.connect(
            _on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid="iurc_search_restriction_changed",
        )
    post_save.connect(_on_quote_saved, sender=Quote, dispatch_uid="iurc_search_quote_saved")
    pre_delete.connect(_before_quote_deleted, sender=Quote, dispatch_uid="iurc_search_quote")
    post_delete.connect(_on_quote_deleted, sender=Quote, dispatch_uid="iurc_search_quote")
