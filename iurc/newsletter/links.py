"""The signed links of the newsletter's messages: confirm (expires) and unsubscribe (does not:
an old message must still let its reader leave)."""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from iurc.newsletter.models import Subscription
from iurc.newsletter.protection import option

CONFIRM_SALT = "iurc.newsletter.confirm"
UNSUBSCRIBE_SALT = "iurc.newsletter.unsubscribe"


def _token(subscription, salt):
    return signing.dumps({"id": subscription.pk, "e": subscription.email}, salt=salt)


def _confirm_token(subscription):
    # Bound to the consent it confirms: a newer sign-up (or an unsubscribe) voids older links.
    consent = subscription.consented_at.timestamp()
    return signing.dumps(
        {"id": subscription.pk, "e": subscription.email, "c": consent}, salt=CONFIRM_SALT
    )


def confirm_path(subscription):
    with translation.override(subscription.language):
        return reverse("newsletter:confirm", args=[_confirm_token(subscription)])


def unsubscribe_path(subscription):
    with translation.override(subscription.language):
        return reverse("newsletter:unsubscribe", args=[_token(subscription, UNSUBSCRIBE_SALT)])


class LinkProblem(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code  # expired or invalid


def _subscription(token, salt, max_age):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        pk, email = int(data["id"]), str(data["e"])
    except signing.SignatureExpired:
        raise LinkProblem("expired") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkProblem("invalid") from None
    found = Subscription.objects.filter(pk=pk, email=email).first()
    if found is None:
        raise LinkProblem("invalid")
    return found, data


def subscription_to_confirm(token):
    """The subscription a confirmation link confirms. A link older than the subscription's
    latest consent, or one for a subscription since unsubscribed, has expired."""
    subscription, data = _subscription(token, CONFIRM_SALT, option("CONFIRM_MAX_AGE"))
    if subscription.status == Subscription.Status.CONFIRMED:
        return subscription
    if (
        subscription.status == Subscription.Status.UNSUBSCRIBED
        or data.get("c") != subscription.consented_at.timestamp()
    ):
        raise LinkProblem("expired")
    return subscription


def subscription_to_unsubscribe(token):
    return _subscription(token, UNSUBSCRIBE_SALT, None)[0]
