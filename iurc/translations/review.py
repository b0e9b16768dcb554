"""Translations on their way to review: which languages a draft changes, submitting what an
import drafted in one action, and the dashboard panel that lists translations in review with
their languages (Wagtail's own workflow lists show only titles)."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowMixin, WorkflowState

from iurc.core import languages
from iurc.translations import groups, segments
from iurc.translations.exchange import units
from iurc.translations.exchange.access import may_exchange
from iurc.translations.exchange.importing import refusal

PANEL_ROWS = 20
# One import's drafts: far more than a file from a CAT tool holds.
MAX_SUBMITTED = 5000


def changed_languages(revision):
    """The languages whose text a revision changes from the live object, in the portal's order."""
    draft = revision.as_object()
    live = revision.content_object
    if isinstance(live, Page):
        live = live.specific
    before = {segment.key: segment.targets for segment in segments.segments_of(live)}
    changed = set()
    for segment in segments.segments_of(draft):
        old = before.get(segment.key, {})
        changed.update(
            code for code, text in segment.targets.items() if text and text != old.get(code, "")
        )
    return [code for code in segments.target_languages() if code in changed]


@dataclass
class Submission:
    submitted: list = field(default_factory=list)
    not_submitted: list = field(default_factory=list)  # (label, reason)


def start_review(live, user):
    """Submit ``live`` for review as ``user``: "" when submitted, else why not (a key of
    ``NOT_SUBMITTED``)."""
    workflow = live.get_workflow() if isinstance(live, WorkflowMixin) else None
    if workflow is None:
        return "no-workflow"
    if live.workflow_in_progress:
        return "in-review"
    if refusal(user, live):
        return "refused"
    workflow.start(live, user)
    return ""


def submit_for_review(references, user):
    """Start the review workflow of each object named ``app.model:pk`` in ``references`` (the
    drafts an import wrote), as ``user``; objects already in review are left as they are."""
    result = Submission()
    for reference in references:
        model_label, _sep, pk = reference.partition(":")
        try:
            live = units.live_object(units.find_object(model_label, pk))
        except (LookupError, ValueError):
            result.not_submitted.append((reference, "not-found"))
            continue
        label = units.object_label(live)
        reason = start_review(live, user)
        if reason:
            result.not_submitted.append((label, reason))
        else:
            result.submitted.append(label)
    return result


class TranslationsInReviewPanel(Component):
    """Dashboard panel: translations in review, with their languages. Reviewers see all;
    translators see their own submissions."""

    name = "translations_in_review"
    template_name = "workspace/panels/in_review.html"
    order = 205

    def __init__(self, request):
        self.request = request

    def rows(self):
        user = self.request.user
        states = WorkflowState.objects.active().select_related(
            "requested_by", "current_task_state__revision"
        )
        if groups.editable_languages(user) is not None:
            states = states.filter(Q(requested_by=user))
        rows = []
        for state in states.order_by("-created_at")[:PANEL_ROWS]:
            revision = state.current_task_state.revision if state.current_task_state else None
            if revision is None or state.content_object is None:
                continue
            codes = changed_languages(revision)
            if not codes:
                continue
            rows.append(
                {
                    "label": units.object_label(revision.as_object()),
                    "languages": [languages.NATIVE_NAMES[code] for code in codes],
                    "requested_by": state.requested_by,
                    "created_at": state.created_at,
                }
            )
        return rows

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = self.rows()
        return context


@require_POST
def submit_drafts(request):
    """POST ``object`` (``app.model:pk``, repeated): submit the drafts an import wrote."""
    if not may_exchange(request.user):
        raise PermissionDenied
    result = submit_for_review(request.POST.getlist("object")[:MAX_SUBMITTED], request.user)
    if result.submitted:
        messages.success(
            request,
            ngettext(
                "%(count)s page or snippet submitted for review.",
                "%(count)s pages and snippets submitted for review.",
                len(result.submitted),
            )
            % {"count": len(result.submitted)},
        )
    reasons = {
        "not-found": _("does not exist any more"),
        "no-workflow": _("has no review workflow"),
        "in-review": _("is already in review"),
        "refused": _("you may not change it"),
    }
    for label, reason in result.not_submitted:
        messages.warning(
            request,
            _("Not submitted: %(item)s %(reason)s.") % {"item": label, "reason": reasons[reason]},
        )
    return redirect("iurc_exchange:import")
