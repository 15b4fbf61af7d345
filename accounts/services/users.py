"""User accounts: registration and approval, profile changes, passwords, disabling and permanent deletion.

Who may act on whom is `accounts.policy`'s: the API's permission class asks it before an operation runs, and the
operations the Django admin also calls (approve, disable, reset, delete) ask it again themselves; rules that
depend on the change (disabling, groups) are checked here. Each operation writes in one transaction and sends
any email only after the change is saved. Callers have already resolved the target user (404 for unreadable ones).
"""

import csv
import hashlib
import hmac
import io
import logging
import secrets
import string
import uuid
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import F, ProtectedError, Q
from django.utils import timezone

from accounts import emails, personal_groups, policy
from accounts.models import ApiKey, ApplicationRole, CreationMethod, User, UserGroup, normalise_email
from accounts.services import throttle
from config.api.errors import Forbidden, TooManyRequests, Unprocessable

logger = logging.getLogger(__name__)

#: Written over a permanently deleted user's email wherever it was recorded as author or editor.
ANONYMOUS_EMAIL = "anonymous@maurodatamapper.com"
#: Fields that record who created or last changed a row, in any app; anonymised on permanent deletion.
AUTHOR_FIELDS = ("created_by", "last_updated_by")
PREFERENCES_MAX_CHARS = 1_000_000
TEMPORARY_PASSWORD_LENGTH = 16


# --- helpers -------------------------------------------------------------------------------------------------


def _require_valid_email(email):
    try:
        validate_email(email)
    except DjangoValidationError:
        raise Unprocessable([{"message": f"Property [emailAddress] with value [{email}] is not a valid email address",
                              "field": "emailAddress"}])


def _require_unique_email(email, *, exclude=None):
    others = User.objects.filter(email_address__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise Unprocessable([{"message": f"Property [emailAddress] with value [{email}] must be unique",
                              "field": "emailAddress"}])


def _require_acceptable_password(password, user, field):
    if not password or not password.strip():
        raise Unprocessable([{"message": "Password cannot be blank", "field": field}])
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise Unprocessable([{"message": message, "field": field} for message in exc.messages])


def generate_temporary_password():
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(TEMPORARY_PASSWORD_LENGTH))


def _token_hash(token):
    return hashlib.sha256(str(token).strip().lower().encode()).hexdigest()


def _resolve_groups(group_ids):
    """Groups named by id in a request; an unknown id is a 422 naming it."""
    wanted = list(dict.fromkeys(group_ids))
    found = {group.pk: group for group in UserGroup.objects.filter(pk__in=wanted)}
    missing = [str(group_id) for group_id in wanted if group_id not in found]
    if missing:
        raise Unprocessable([{"message": f"UserGroup [{group_id}] does not exist", "field": "groups"}
                             for group_id in missing])
    return [found[group_id] for group_id in wanted]


def _require_groups_assignable(actor, groups):
    for group in groups:
        if not policy.can_assign_group(actor, group):
            raise Forbidden(f"User does not have the necessary permissions to change membership of group "
                            f"[{group.name}]")


def _is_active_site_admin(user):
    return not user.disabled and UserGroup.objects.filter(
        members=user, application_role=ApplicationRole.SITE_ADMIN).exists()


def _require_another_site_admin(user, what):
    """The last active site administrator cannot be disabled, deleted or removed from their group."""
    if not _is_active_site_admin(user):
        return
    others = User.objects.filter(disabled=False, user_groups__application_role=ApplicationRole.SITE_ADMIN) \
        .exclude(pk=user.pk).exists()
    if not others:
        raise Unprocessable([{"message": f"Cannot {what} the last site administrator"}])


def _require_manageable(actor, user):
    if not policy.can_manage_user(actor, user):
        raise Forbidden()


# --- registration and approval -------------------------------------------------------------------------------


def register_user(*, email_address, first_name, last_name, password=None, organisation="", job_title="",
                  client=None):
    """Self-registration: the account waits (`pending`) until a user administrator approves it."""
    if client is not None and not throttle.within_limit(throttle.key_for("register:addr", client),
                                                        settings.REGISTRATION_LIMIT_PER_CLIENT,
                                                        settings.ACCOUNT_REQUEST_WINDOW_SECONDS):
        raise TooManyRequests("Too many registrations from this client; try again later", error_code="THR03",
                              headers={"Retry-After": str(settings.ACCOUNT_REQUEST_WINDOW_SECONDS)})
    email = normalise_email(email_address)
    _require_valid_email(email)
    with transaction.atomic():
        _require_unique_email(email)
        user = User(email_address=email, first_name=first_name, last_name=last_name, organisation=organisation,
                    job_title=job_title, pending=True, created_by=email, creation_method=CreationMethod.STANDARD)
        if password:
            _require_acceptable_password(password, user, "password")
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    emails.registration_received(user)
    return user


def admin_register_user(*, actor, email_address, first_name, last_name, organisation="", job_title="",
                        group_ids=()):
    """An administrator creates an approved account with a temporary password sent to the user by email."""
    email = normalise_email(email_address)
    _require_valid_email(email)
    groups = _resolve_groups(group_ids)
    _require_groups_assignable(actor, groups)
    password = generate_temporary_password()
    with transaction.atomic():
        _require_unique_email(email)
        user = User(email_address=email, first_name=first_name, last_name=last_name, organisation=organisation,
                    job_title=job_title, pending=False, needs_to_reset_password=True,
                    creation_method=CreationMethod.ADMIN_REGISTERED, created_by=actor.email_address)
        user.set_password(password)
        user.save()
        user.user_groups.set(groups)
    emails.temporary_password(user, password, reason="An administrator has created a catalogue account for you.")
    return user


def _require_pending(user):
    if not user.pending or user.disabled:
        raise Unprocessable([{"message": f"User [{user.email_address}] is not awaiting approval of a registration"}])


def approve_registration(*, actor, user):
    _require_manageable(actor, user)
    _require_pending(user)
    user.pending = False
    user.save(update_fields=["pending", "last_updated"])
    emails.registration_approved(user)
    return user


def reject_registration(*, actor, user):
    """A rejected registration stays on record, disabled, so the address cannot simply register again unseen."""
    _require_manageable(actor, user)
    _require_pending(user)
    with transaction.atomic():
        user.disabled = True
        user.save(update_fields=["disabled", "last_updated"])
        end_sessions_and_api_keys(user)
    return user


def pending_users():
    return User.objects.filter(pending=True, disabled=False)


def email_exists(email):
    return User.objects.filter(email_address__iexact=normalise_email(email)).exists()


# --- profile -------------------------------------------------------------------------------------------------

UPDATABLE_FIELDS = ("email_address", "first_name", "last_name", "organisation", "job_title")


def update_user(*, actor, user, changes):
    """Apply a profile change. Users edit their own details; user administrators also `disabled` and `groups`.

    `changes` holds any of UPDATABLE_FIELDS plus `disabled` (bool) and `group_ids` (list of UUIDs).
    A field sent back unchanged is accepted from anyone (clients send the whole record back). Whether the actor
    may edit the record at all (`policy.can_update_user`) is the API's permission class's question.
    """
    managing = policy.can_manage_user(actor, user)
    disabled = changes.get("disabled", user.disabled)
    if disabled != user.disabled:
        if not managing:
            raise Forbidden("Cannot disable or enable your own account" if policy.is_self(actor, user) else None)
        if disabled:
            _require_another_site_admin(user, "disable")
    new_groups = None
    if "group_ids" in changes:
        groups = _resolve_groups(changes["group_ids"])
        own = UserGroup.objects.filter(personal_owner=user).first()
        if own is not None and own not in groups:
            groups.append(own)  # the owner stays in their personal group, whatever list a client sends
        current = set(user.user_groups.all())
        if set(groups) != current:
            _require_groups_assignable(actor, set(groups) ^ current)
            removed_admin_group = any(group.application_role == ApplicationRole.SITE_ADMIN
                                      for group in current - set(groups))
            if removed_admin_group:
                _require_another_site_admin(user, "remove from the administrators of")
            new_groups = groups
    email = changes.get("email_address")
    if email is not None:
        email = normalise_email(email)
        _require_valid_email(email)
    with transaction.atomic():
        for field in UPDATABLE_FIELDS:
            if field in changes:
                setattr(user, field, email if field == "email_address" else changes[field])
        if email is not None:
            _require_unique_email(email, exclude=user)
        newly_disabled = disabled and not user.disabled
        user.disabled = disabled
        user.save()
        if email is not None:
            personal_groups.follow_email_change(user)
        if new_groups is not None:
            user.user_groups.set(new_groups)
        if newly_disabled:
            end_sessions_and_api_keys(user)
    return User.objects.prefetch_related("user_groups").get(pk=user.pk)


def set_user_preferences(*, actor, user, text):
    """The client's free-form preferences (Mauro's UI stores JSON text here); stored as sent."""
    if len(text) > PREFERENCES_MAX_CHARS:
        raise Unprocessable([{"message": f"User preferences must be at most {PREFERENCES_MAX_CHARS} characters",
                              "field": "userPreferences"}])
    user.user_preferences = text
    user.save(update_fields=["user_preferences", "last_updated"])
    return user


# --- passwords -----------------------------------------------------------------------------------------------


def _change_password_failures_key(user):
    return f"change-password-fail:{user.pk}"


def change_password(*, actor, user, old_password, new_password):
    """A user changes their own password by proving the old one (wrong old password: 422, repeated: 429).

    The attempt is counted before the old password is checked, so parallel guesses cannot exceed the limit.
    Every other session of the user ends and their API keys are disabled; the caller keeps their session.
    """
    failures_key = _change_password_failures_key(user)
    attempt = throttle.hit(failures_key, settings.LOGIN_FAILURE_WINDOW_SECONDS)
    if attempt.hits > settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT:
        raise TooManyRequests("Too many wrong passwords; try again later", error_code="THR02",
                              headers={"Retry-After": str(attempt.retry_after)})
    if not user.check_password(old_password):
        raise Unprocessable([{"message": "The old password is not correct", "field": "oldPassword"}])
    throttle.reset(failures_key)
    _require_acceptable_password(new_password, user, "newPassword")
    _store_new_password(user, new_password)
    return user


def _store_new_password(user, new_password, *, must_change=False):
    """Set the password, void any reset token, and shut out whoever knew the old one."""
    with transaction.atomic():
        user.set_password(new_password)
        user.needs_to_reset_password = must_change
        user.reset_token_hash = ""
        user.reset_token_expires = None
        user.save(update_fields=["password", "needs_to_reset_password", "reset_token_hash", "reset_token_expires",
                                 "last_updated"])
        end_sessions_and_api_keys(user)


def end_sessions_and_api_keys(user):
    """End every session of `user` on every device and disable their API keys.

    Sessions end by raising the user's session generation, which is part of the hash each session carries
    (`User._get_session_auth_hash`); Django drops a session whose hash no longer matches on its next request,
    whether it is kept in the database or in the cache store. A caller who should stay logged in (changing
    their own password) refreshes their session's hash afterwards.
    """
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    ApiKey.objects.filter(user=user, disabled=False).update(disabled=True, last_updated=timezone.now())


def admin_reset_password(*, actor, user):
    """Replace the password with a temporary one, emailed to the user, who must change it after logging in.

    The user's sessions end and their API keys are disabled: whoever knew the old password is shut out.
    """
    _require_manageable(actor, user)
    password = generate_temporary_password()
    _store_new_password(user, password, must_change=True)
    emails.temporary_password(user, password, reason="An administrator has reset your catalogue password.")
    return user


def reset_link(user, token):
    return f"{emails.site_url()}/#/resetpassword?uid={user.id}&token={token}"


def request_password_reset(*, email, client):
    """Email a one-time reset link if the address belongs to an active account.

    The caller learns nothing either way (no account enumeration); only a hash of the token is stored,
    and requests are rate limited per client and per address so the route cannot be used to flood a mailbox.
    """
    email = normalise_email(email)
    window = settings.ACCOUNT_REQUEST_WINDOW_SECONDS
    per_client = throttle.within_limit(throttle.key_for("reset-link:addr", client),
                                       settings.RESET_LINK_LIMIT_PER_CLIENT, window)
    per_account = throttle.within_limit(throttle.key_for("reset-link:acct", email),
                                        settings.RESET_LINK_LIMIT_PER_ACCOUNT, window)
    if not (per_client and per_account):
        logger.info("Reset link request for %s from %s not sent: over the limit", email, client)
        return False
    user = User.objects.filter(email_address=email, disabled=False, pending=False).first()
    if user is None:
        return False
    token = uuid.uuid4()
    user.reset_token_hash = _token_hash(token)
    user.reset_token_expires = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TOKEN_LIFETIME_SECONDS)
    user.save(update_fields=["reset_token_hash", "reset_token_expires", "last_updated"])
    emails.password_reset_link(user, reset_link(user, token), settings.PASSWORD_RESET_TOKEN_LIFETIME_SECONDS / 3600)
    return True


def reset_password(*, user, reset_token, new_password):
    """Set a new password with the token from a reset link; the token works once and expires."""
    valid = (user.reset_token_hash and user.reset_token_expires is not None
             and user.reset_token_expires > timezone.now()
             and hmac.compare_digest(_token_hash(reset_token), user.reset_token_hash))
    if not valid:
        raise Unprocessable([{"message": "The reset token is not valid or has expired", "field": "resetToken"}])
    _require_acceptable_password(new_password, user, "newPassword")
    _store_new_password(user, new_password)
    return user


# --- disabling and deletion ----------------------------------------------------------------------------------


def disable_user(*, actor, user):
    """`DELETE /catalogueUsers/{id}`: the account stays, disabled; its sessions end and its API keys are disabled."""
    if policy.is_self(actor, user):
        raise Forbidden("Cannot delete your own account")
    _require_manageable(actor, user)
    if not user.disabled:
        _require_another_site_admin(user, "disable")
        with transaction.atomic():
            user.disabled = True
            user.save(update_fields=["disabled", "last_updated"])
            end_sessions_and_api_keys(user)
    return user


def anonymise_references(email):
    """Replace `email` in every `created_by`/`last_updated_by` column of every installed app."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.name in AUTHOR_FIELDS and isinstance(field, models.CharField):
                model._default_manager.filter(**{field.name: email}).update(**{field.name: ANONYMOUS_EMAIL})


def delete_user_permanently(*, actor, user):
    """`DELETE ?permanent=true`: application administrators only; the user's name is removed from the record."""
    if policy.is_self(actor, user):
        raise Forbidden("Cannot delete your own account")
    if not policy.can_delete_user_permanently(actor, user):
        raise Forbidden()
    _require_another_site_admin(user, "delete")
    try:
        with transaction.atomic():
            anonymise_references(user.email_address)
            user.delete()
    except ProtectedError:
        raise Unprocessable([{"message": f"User [{user.email_address}] cannot be deleted while content refers to "
                                         "them; disable the account instead"}])


# --- reading -------------------------------------------------------------------------------------------------


def search_users(term):
    """Active users matching every word of `term` in their email, first or last name (case-insensitive)."""
    users = User.objects.filter(pending=False, disabled=False)
    for word in (term or "").split():
        users = users.filter(Q(email_address__icontains=word) | Q(first_name__icontains=word)
                             | Q(last_name__icontains=word))
    return users


EXPORT_COLUMNS = ("Email Address", "First Name", "Last Name", "Last Login", "Organisation", "Job Title",
                  "Disabled", "Pending")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas; quote them so they stay text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def export_users_csv(users):
    """Yield CSV lines (header first) for `users`, reading them in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        data = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return data

    writer.writerow(EXPORT_COLUMNS)
    yield flush()
    for user in users.iterator(chunk_size=1000):
        writer.writerow([_csv_safe(v) for v in (
            user.email_address, user.first_name, user.last_name,
            user.last_login.isoformat() if user.last_login else "", user.organisation, user.job_title,
            str(user.disabled).lower(), str(user.pending).lower())])
        yield flush()
