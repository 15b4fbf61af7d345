"""Emails the account workflows send (registration, approval, temporary passwords, reset links).

Messages go through Django's email backend. A failure to send is logged, never turned into an error for
the caller: the account change has already been saved, and the reset-link route must answer the same
whatever happens.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail

from accounts.models import ApiProperty

logger = logging.getLogger(__name__)

SITE_URL_PROPERTY = "site.url"
#: Where links point when neither the SITE_URL setting nor the `site.url` property says (a local run).
LOCAL_SITE_URL = "http://127.0.0.1:8000"


def site_url():
    """The address users reach the catalogue at, for links in mails (password reset among them).

    The SITE_URL setting (deployment configuration) wins when set; otherwise the `site.url` property, which
    only site administrators may change; otherwise the local development address.
    """
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    value = ApiProperty.objects.filter(key=SITE_URL_PROPERTY).values_list("value", flat=True).first()
    return (value or LOCAL_SITE_URL).rstrip("/")


def _send(user, subject, body):
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email_address], fail_silently=False)
    except Exception:
        logger.exception("Could not send '%s' to %s", subject, user.email_address)
        return False
    return True


def _greeting(user):
    return f"Dear {user.display_name or user.email_address},\n\n"


def registration_received(user):
    return _send(user, "Your catalogue registration", _greeting(user) + (
        "Thank you for registering. An administrator will review your request; you will receive another "
        f"email when your account is approved.\n\n{site_url()}\n"))


def registration_approved(user):
    return _send(user, "Your catalogue account is approved", _greeting(user) + (
        f"Your account has been approved. You can now log in at {site_url()} with the email address "
        f"{user.email_address}.\n"))


def temporary_password(user, password, *, reason):
    """Sent after an administrator registers a user or resets their password; it must be changed on first use."""
    return _send(user, "Your catalogue password", _greeting(user) + (
        f"{reason}\n\nEmail address: {user.email_address}\nTemporary password: {password}\n\n"
        f"Log in at {site_url()} and change this password straight away.\n"))


def password_reset_link(user, link, lifetime_hours):
    return _send(user, "Reset your catalogue password", _greeting(user) + (
        f"Someone asked to reset the password of this account. To choose a new password, open:\n\n{link}\n\n"
        f"The link works once and expires in {lifetime_hours:g} hours. If you did not ask for this, ignore "
        "this email; your password has not changed.\n"))
