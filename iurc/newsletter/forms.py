from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def consent_text():
    """The consent a reader gives, in the active language; stored word for word."""
    return gettext(
        "I agree that the IURC programme keeps my e-mail address and language to send me its "
        "newsletter until I unsubscribe. Every message has a link to unsubscribe."
    )


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please tick the box to agree, or we cannot subscribe you.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text()
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})


def honeypot_filled(data):
    """The honeypot (``website``) is hidden from people and screen readers; robots fill it."""
    value = data.get("website", "")
    return bool(value.strip()) if isinstance(value, str) else True
