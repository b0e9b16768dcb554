"""Sign-up (double opt-in), confirmation and unsubscribe.

The footer of every page holds a small form that needs no CSRF token or cookie, so public
pages stay cacheable: it posts the address to ``start``, which changes nothing and draws the
full form (consent, honeypot, a fresh form token, Django's CSRF token) on a page that is never
cached. Only that form subscribes. Every answer to a valid sign-up is the same, whether the
address was new, waiting or already confirmed.
"""

import logging

from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from iurc.core.client_address import client_ip_address
from iurc.newsletter import protection
from iurc.newsletter.forms import SignupForm, consent_text, honeypot_filled
from iurc.newsletter.links import LinkProblem, subscription_to_confirm, subscription_to_unsubscribe
from iurc.newsletter.mail import send_confirmation
from iurc.newsletter.models import Subscription

logger = logging.getLogger("iurc.newsletter")


def token_messages():
    return {
        "too-fast": gettext(
            "The form was sent too quickly to have been filled in by a person. Please check it "
            "and send it again."
        ),
        "expired": gettext("The form was open for too long. Please send it again."),
        "replayed": gettext("This form was already sent. Please send it again."),
        "invalid": gettext("The form could not be checked. Please send it again."),
    }


def _signup_page(request, form, message="", status=200):
    context = {
        "form": form,
        "token": protection.new_form_token(get_language()),
        "message": message,
        "title": gettext("Newsletter"),
    }
    return render(request, "pages/newsletter/signup.html", context, status=status)


@never_cache
@csrf_exempt
def start(request):
    """The footer's form: the address it carries fills in the full form, nothing more."""
    if request.method != "POST":
        return redirect("newsletter:signup")
    email = request.POST.get("email", "")
    email = email[:254] if isinstance(email, str) else ""
    return _signup_page(request, SignupForm(initial={"email": email}))


@never_cache
def signup(request):
    if request.method in ("GET", "HEAD"):
        return _signup_page(request, SignupForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    form = SignupForm(request.POST)
    if honeypot_filled(request.POST):
        message = gettext("We could not accept this sign-up. Please try again.")
        return _signup_page(request, SignupForm(), message, status=400)
    try:
        protection.check_form_token(request.POST.get("token"), get_language())
    except protection.TokenProblem as problem:
        form.is_valid()  # show field errors too
        return _signup_page(request, form, token_messages()[problem.code], status=400)
    if not form.is_valid():
        return _signup_page(request, form, status=400)
    if protection.address_over_limit(client_ip_address(request)):
        message = gettext(
            "There have been too many sign-ups from your connection. Please try again later."
        )
        return _signup_page(request, form, message, status=429)
    email = Subscription.normalise(form.cleaned_data["email"])
    subscribe(request, email, get_language())
    return redirect("newsletter:pending")


def subscribe(request, email, language):
    """Record the consent and mail a confirmation link, unless the address is confirmed
    already or has been sent too many; the visitor is told the same in every case."""
    now = timezone.now()
    text = consent_text()
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(
                email=email,
                language=language,
                defaults={"consent_text": text, "consented_at": now},
            )
    except IntegrityError:  # the same address sent twice at once
        subscription, created = Subscription.objects.get(email=email, language=language), False
    if subscription.status == Subscription.Status.CONFIRMED:
        return
    if not created:
        subscription.status = Subscription.Status.PENDING
        subscription.consent_text = text
        subscription.consented_at = now
        subscription.save(update_fields=["status", "consent_text", "consented_at"])
    if protection.email_over_limit(email):
        return
    try:
        send_confirmation(subscription, request.build_absolute_uri("/"))
    except OSError:
        # The mail server failing must not tell this visitor more than any other answer would
        # (a confirmed address is sent nothing): it is logged, and the reader can sign up again.
        logger.exception(
            "Newsletter: the confirmation to subscription %s was not sent.", subscription.pk
        )


@never_cache
def pending(request):
    return render(request, "pages/newsletter/pending.html", {"title": gettext("Newsletter")})


def _link_problem_page(request, problem):
    if problem.code == "expired":
        message = gettext(
            "This confirmation link has expired. Please sign up again to receive a new one."
        )
    else:
        message = gettext("This link is not valid. Please check that you copied all of it.")
    context = {"message": message, "title": gettext("Newsletter")}
    return render(request, "pages/newsletter/link_problem.html", context, status=400)


@never_cache
def confirm(request, token):
    """Opening the link shows a button; pressing it confirms (so that a link checker that
    opens every link in a message confirms nothing)."""
    try:
        subscription = subscription_to_confirm(token)
    except LinkProblem as problem:
        return _link_problem_page(request, problem)
    confirmed = False
    if request.method == "POST":
        subscription.confirm()
        confirmed = True
    context = {
        "subscription": subscription,
        "confirmed": confirmed or subscription.status == Subscription.Status.CONFIRMED,
        "title": gettext("Newsletter"),
    }
    return render(request, "pages/newsletter/confirm.html", context)


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" with no cookie
def unsubscribe(request, token):
    try:
        subscription = subscription_to_unsubscribe(token)
    except LinkProblem as problem:
        return _link_problem_page(request, problem)
    if request.method == "POST":
        subscription.unsubscribe()
    context = {
        "subscription": subscription,
        "unsubscribed": subscription.status == Subscription.Status.UNSUBSCRIBED,
        "title": gettext("Newsletter"),
    }
    return render(request, "pages/newsletter/unsubscribe.html", context)
