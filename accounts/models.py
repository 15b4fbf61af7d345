"""Who you are: users keyed by email, user groups, API keys and the application's API properties."""

import hashlib
import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts import role_order
from config.prepared import PreparedQuery


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email_address__iexact=email)

    def create_user(self, email_address, password=None, **fields):
        user = self.model(email_address=normalise_email(email_address), **fields)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email_address, password=None, **fields):
        """Used by `createsuperuser`: a user in the built-in administrators group."""
        user = self.create_user(email_address, password, pending=False, **fields)
        UserGroup.administrators().members.add(user)
        return user


def normalise_email(email):
    return (email or "").strip().lower()


class CreationMethod(models.TextChoices):
    STANDARD = "Standard", "Standard"
    ADMIN_REGISTERED = "Admin registered", "Admin registered"
    BOOTSTRAP = "Bootstrap", "Bootstrap"


class User(AbstractBaseUser):
    """A catalogue user (Mauro's CatalogueUser). Emails are stored lower-case and unique."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email_address = models.EmailField(max_length=254, unique=True)
    first_name = models.CharField(max_length=255)
    last_name = models.CharField(max_length=255)
    organisation = models.CharField(max_length=255, blank=True, default="")
    job_title = models.CharField(max_length=255, blank=True, default="")
    pending = models.BooleanField(default=False)
    disabled = models.BooleanField(default=False)
    needs_to_reset_password = models.BooleanField(default=False)
    creation_method = models.CharField(max_length=32, choices=CreationMethod.choices, default=CreationMethod.STANDARD)
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(auto_now=True)
    user_preferences = models.TextField(blank=True, default="")
    reset_token_hash = models.CharField(max_length=64, blank=True, default="")
    reset_token_expires = models.DateTimeField(null=True, blank=True)
    #: Raised to end every session of the user at once, whichever store holds them (see `_get_session_auth_hash`).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email_address"
    EMAIL_FIELD = "email_address"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        ordering = ["email_address"]
        constraints = [models.UniqueConstraint(Lower("email_address"), name="user_email_ci_unique")]

    def __str__(self):
        return self.email_address

    def save(self, *args, **kwargs):
        self.email_address = normalise_email(self.email_address)
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return not self.disabled

    def _get_session_auth_hash(self, secret=None):
        """The hash Django keeps in each session and checks on every request; a mismatch ends the session.

        It covers the password (a new password ends other sessions) and `session_generation`, so raising the
        generation ends every session of the user on every device, in the database or the cache store alike.
        """
        return salted_hmac("accounts.User.session_auth_hash", f"{self.session_generation}:{self.password}",
                           secret=secret, algorithm="sha256").hexdigest()

    @property
    def display_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def _groups(self):
        """{group id: its application role, '' for none} for the user's groups: one query per request object."""
        if not hasattr(self, "_group_roles"):
            self._group_roles = dict(_GROUP_ROLES.rows(user=self.pk))
        return self._group_roles

    @property
    def group_ids(self):
        """The user's groups, loaded with the application roles (the access policy filters grants by them)."""
        return list(self._groups())

    @property
    def application_roles(self):
        """Application-level roles held through groups."""
        return {role for role in self._groups().values() if role}

    @property
    def is_site_admin(self):
        return ApplicationRole.SITE_ADMIN in self.application_roles

    @property
    def is_administrator(self):
        """May use `/api/admin/**` (Mauro: application administrator or above)."""
        return bool(self.application_roles & {ApplicationRole.SITE_ADMIN, ApplicationRole.APPLICATION_ADMIN})

    @property
    def is_staff(self):
        """Who may enter the Django admin (/admin/): active application administrators and site administrators.

        Staff status maps to application roles: `site_admin` and `application_admin` → staff; `user_admin`,
        `group_admin`, `container_group_admin` and users holding only resource roles (reader … container_admin)
        → not staff (they use the API and its clients). Being staff opens the admin only: every page then asks
        the same policies as the API (`accounts.access` for content, `accounts.policy` for accounts), so an
        application administrator sees there only content the API shows them and changes only what it allows.
        """
        return self.is_active and self.is_administrator

    @property
    def is_superuser(self):
        """Site administrators: container_admin on all content, and the only ones who grant application roles."""
        return self.is_active and self.is_site_admin

    def has_perm(self, perm, obj=None):
        """Only "is this page open to staff": each admin page narrows it per object through the policies."""
        return self.is_staff

    def has_perms(self, perm_list, obj=None):
        return self.is_staff

    def has_module_perms(self, app_label):
        return self.is_staff


#: Application roles as field choices, strongest first, each including the ones after it (Mauro contract §4.1).
#: Built from `accounts.role_order`, the one definition of their names and order.
ApplicationRole = models.TextChoices("ApplicationRole", [
    (role.upper(), (role, role_order.DISPLAY_NAMES[role].capitalize()))
    for role in role_order.strongest_first(role_order.APPLICATION_ROLES)])


class UserGroup(models.Model):
    ADMINISTRATORS = "administrators"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True, default="")
    members = models.ManyToManyField(User, related_name="user_groups", blank=True)
    application_role = models.CharField(max_length=32, choices=ApplicationRole.choices, blank=True, default="")
    undeletable = models.BooleanField(default=False)
    created_by = models.CharField(max_length=254, blank=True, default="")
    #: The user who created the group and administers it. Bound by key, so an email change moves nothing.
    creator = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="created_groups")
    #: Set only on a user's personal group (the one that holds the creator roles on what they make); never
    #: inferred from the name, so a group named after someone cannot become theirs.
    personal_owner = models.OneToOneField(User, null=True, blank=True, on_delete=models.CASCADE,
                                          related_name="personal_group")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_personal(self):
        return self.personal_owner_id is not None

    @classmethod
    def administrators(cls):
        group, _ = cls.objects.get_or_create(
            name=cls.ADMINISTRATORS,
            defaults={"application_role": ApplicationRole.SITE_ADMIN, "undeletable": True,
                      "description": "Site administrators", "created_by": "bootstrap"})
        return group


def hash_api_key(key):
    return hashlib.sha256(str(key).lower().encode()).hexdigest()


class ApiKey(models.Model):
    """A key for scripts: the header `apiKey: <uuid>` authenticates as its user. Only a hash is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=255)
    key_hash = models.CharField(max_length=64, unique=True)
    expiry_date = models.DateField()
    disabled = models.BooleanField(default=False)
    refreshable = models.BooleanField(default=False)
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="apikey_name_unique_per_user")]

    def __str__(self):
        return f"{self.name} ({self.user})"

    @property
    def expired(self):
        return self.expiry_date < timezone.now().date()

    @property
    def usable(self):
        return not self.disabled and not self.expired and not self.user.disabled


class ThrottleCounter(models.Model):
    """Hits on one throttled key (an account's failed logins, a client's registrations...) in a fixed window.

    Kept in the database so every worker shares it and a hit is counted under a row lock (see
    `accounts.services.throttle`); the window ends at `window_ends` however often the key is hit meanwhile.
    """

    key = models.CharField(max_length=128, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.hits} until {self.window_ends:%Y-%m-%d %H:%M:%S}"


class ApiProperty(models.Model):
    """An application setting editable by administrators (`/api/admin/properties`)."""

    MAINTENANCE_MODE = "maintenance.mode"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=255, unique=True)
    value = models.TextField()
    category = models.CharField(max_length=255, blank=True, default="")
    publicly_visible = models.BooleanField(default=False)
    created_by = models.CharField(max_length=254, blank=True, default="")
    last_updated_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "API properties"

    def __str__(self):
        return self.key

    @classmethod
    def maintenance_mode_on(cls):
        value = cls.objects.filter(key=cls.MAINTENANCE_MODE).values_list("value", flat=True).first()
        return (value or "").strip().lower() == "true"


class GroupRole(models.Model):
    """A role, as data: application roles (held by a group) and resource roles (granted on a resource).

    Each role includes the roles below it; `parent` points at the role directly above.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=64, unique=True)
    display_name = models.CharField(max_length=255)
    application_level_role = models.BooleanField(default=False)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.display_name


class SecurableResourceGroupRole(models.Model):
    """A grant: `user_group` holds `group_role` on one folder, classifier or model (folder grants cascade down)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user_group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="resource_roles")
    group_role = models.ForeignKey(GroupRole, on_delete=models.PROTECT, related_name="grants")
    securable_resource_domain_type = models.CharField(max_length=64)
    securable_resource_id = models.UUIDField(db_index=True)
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date_created", "id"]
        constraints = [models.UniqueConstraint(fields=["user_group", "securable_resource_id"],
                                               name="one_role_per_group_per_resource")]


#: A user's groups and their application roles, asked on most requests: compiled once (`config.prepared`).
_GROUP_ROLES = PreparedQuery(
    lambda: UserGroup.objects.all(),
    lambda groups, user: groups.filter(members__id=user).values_list("pk", "application_role"))


class UserImage(models.Model):
    """A user's profile picture (Mauro's UserImageFile): one per user, shown in the web UI's navigation bar."""

    domain_type = "UserImageFile"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="image")
    file_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=255)
    file_size = models.BigIntegerField(default=0)
    file_contents = models.BinaryField()
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(auto_now=True)
