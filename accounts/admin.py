"""The operators' admin site for accounts: users, user groups, roles, grants, API keys and API properties.

Only application administrators and site administrators get in (`User.is_staff` says how staff status maps to
application roles). The same rules as the REST API apply, through the same services and `accounts.policy`:
logging in here is throttled with the API login's counters; each page lists what the API would list to the
operator and offers what it would allow. An operator cannot edit a user or a group that outranks them, sees
and revokes only the API keys of users they manage (and their own), and only site administrators change
`site.url` or hand out grants; deleting a user anonymises them, disabling one ends their sessions, API key
hashes are never shown, and the key itself is shown once.
"""

import math
import uuid

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404

from accounts import groups as group_service
from accounts import personal_groups, policy
from accounts.models import (
    ApiKey,
    ApiProperty,
    CreationMethod,
    GroupRole,
    SecurableResourceGroupRole,
    User,
    UserGroup,
    hash_api_key,
)
from accounts.services import apikeys as key_service
from accounts.services import properties as property_service
from accounts.services import sessions as session_service
from accounts.services import users as user_service
from config.api.errors import ApiError, NotAuthenticated, TooManyRequests


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin site's login checks credentials like the API login: same failure counters, same 429 rule."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed login attempts for this account or from your address. "
                     "Try again in %(minutes)s minute(s).",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = session_service.check_credentials(
                    username=username, password=password, address=session_service.client_address(self.request))
            except TooManyRequests as exc:
                minutes = math.ceil(int(exc.headers.get("Retry-After", "60")) / 60)
                raise ValidationError(self.error_messages["throttled"], code="throttled",
                                      params={"minutes": minutes})
            except NotAuthenticated:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


admin.site.site_header = "Metadata catalogue administration"
admin.site.site_title = "Catalogue admin"
admin.site.login_form = ThrottledAdminLoginForm


def _run_for_each(modeladmin, request, queryset, operation, done):
    """Apply a service operation to each selected row, reporting refusals instead of failing the batch."""
    succeeded = 0
    for obj in queryset:
        try:
            operation(obj)
            succeeded += 1
        except ApiError as exc:
            modeladmin.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
    if succeeded:
        modeladmin.message_user(request, f"{done} {succeeded} item(s).", messages.SUCCESS)


class NotFoundWhenHidden:
    """Admin pages answer 404 for an object outside the operator's queryset, exactly as for a missing one
    (Django would redirect with a "does not exist" message); like the API, existence never leaks."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(f"{self.opts.verbose_name} not found")
        return obj


# --- users ----------------------------------------------------------------------------------------------------


class UserAddForm(forms.ModelForm):
    password = forms.CharField(widget=forms.PasswordInput, required=False, strip=False,
                               help_text="Leave empty to create the account without a usable password; the user "
                                         "then sets one through a reset-password email.")

    class Meta:
        model = User
        fields = ("email_address", "first_name", "last_name", "organisation", "job_title", "pending")

    def _post_clean(self):
        """The password policy, checked once the other fields are on the instance (for the similarity check)."""
        super()._post_clean()
        password = self.cleaned_data.get("password")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except ValidationError as exc:
                self.add_error("password", exc)

    def save(self, commit=True):
        user = super().save(commit=False)
        password = self.cleaned_data.get("password")
        if password:
            user.set_password(password)
            user.needs_to_reset_password = True
        else:
            user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(NotFoundWhenHidden, admin.ModelAdmin):
    list_display = ("email_address", "first_name", "last_name", "organisation", "pending", "disabled",
                    "creation_method", "last_login")
    list_filter = ("pending", "disabled", "creation_method", "needs_to_reset_password")
    search_fields = ("email_address", "first_name", "last_name", "organisation")
    ordering = ("email_address",)
    readonly_fields = ("id", "creation_method", "created_by", "last_login", "date_created", "last_updated",
                       "group_names")
    fieldsets = (
        (None, {"fields": ("id", "email_address", "first_name", "last_name", "organisation", "job_title")}),
        ("State", {"fields": ("pending", "disabled", "needs_to_reset_password", "group_names")}),
        ("Record", {"fields": ("creation_method", "created_by", "date_created", "last_updated", "last_login")}),
    )
    actions = ["approve_registrations", "disable_users", "reset_passwords"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = UserAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ((None, {"fields": ("email_address", "first_name", "last_name", "organisation", "job_title",
                                       "password", "pending")}),)
        return super().get_fieldsets(request, obj)

    @admin.display(description="Groups")
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.user_groups.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=policy.readable_users(request.user).values("pk"))

    def get_readonly_fields(self, request, obj=None):
        """On their own record operators edit the profile only, as any user may through the API."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not policy.can_manage_user(request.user, obj):
            fields += ["pending", "disabled", "needs_to_reset_password"]
        return fields

    def has_view_permission(self, request, obj=None):
        return obj is None or policy.can_read_user(request.user, obj)

    def has_add_permission(self, request):
        return policy.can_administer_users(request.user)

    def has_change_permission(self, request, obj=None):
        return obj is None or policy.can_update_user(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None or policy.can_delete_user_permanently(request.user, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user.email_address
            obj.creation_method = CreationMethod.ADMIN_REGISTERED
        super().save_model(request, obj, form, change)
        if change and "email_address" in form.changed_data:
            personal_groups.follow_email_change(obj)
        if change and "disabled" in form.changed_data and obj.disabled:
            user_service.end_sessions_and_api_keys(obj)

    def delete_model(self, request, obj):
        try:
            user_service.delete_user_permanently(actor=request.user, user=obj)
        except ApiError as exc:
            self.message_user(request, f"{obj}: {exc.message}", messages.ERROR)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self.delete_model(request, user)

    @admin.action(description="Approve selected registrations")
    def approve_registrations(self, request, queryset):
        _run_for_each(self, request, queryset,
                      lambda user: user_service.approve_registration(actor=request.user, user=user), "Approved")

    @admin.action(description="Disable selected users")
    def disable_users(self, request, queryset):
        _run_for_each(self, request, queryset,
                      lambda user: user_service.disable_user(actor=request.user, user=user), "Disabled")

    @admin.action(description="Reset passwords (email each user a temporary password)")
    def reset_passwords(self, request, queryset):
        _run_for_each(self, request, queryset,
                      lambda user: user_service.admin_reset_password(actor=request.user, user=user),
                      "Reset the password of")


# --- user groups ----------------------------------------------------------------------------------------------


class UserGroupForm(forms.ModelForm):
    class Meta:
        model = UserGroup
        fields = ("name", "description", "application_role", "members", "undeletable")

    def clean_name(self):
        """Names of the personal-group form are kept for personal groups (as in the REST API)."""
        name = self.cleaned_data["name"]
        unchanged = self.instance.pk is not None and name == self.instance.name
        if not unchanged and personal_groups.looks_personal(name):
            raise forms.ValidationError("This name is reserved for personal groups")
        return name

    def clean_members(self):
        members = self.cleaned_data["members"]
        owner = self.instance.personal_owner if self.instance.pk is not None else None
        if owner is not None and owner not in members:
            raise forms.ValidationError("The owner of a personal group stays its member")
        return members


@admin.register(UserGroup)
class UserGroupAdmin(NotFoundWhenHidden, admin.ModelAdmin):
    form = UserGroupForm
    list_display = ("name", "application_role", "member_count", "undeletable", "last_updated")
    list_filter = ("application_role", "undeletable")
    search_fields = ("name", "description", "members__email_address")
    filter_horizontal = ("members",)
    readonly_fields = ("id", "personal_owner", "creator", "created_by", "date_created", "last_updated")
    fields = ("id", "name", "description", "application_role", "members", "undeletable", "personal_owner",
              "creator", "created_by", "date_created", "last_updated")

    def get_queryset(self, request):
        """The groups the operator may see through `/api/userGroups` (group administrators: all)."""
        groups = super().get_queryset(request).annotate(members_total=Count("members", distinct=True))
        return group_service.visible_groups(request.user, groups)

    def has_add_permission(self, request):
        return group_service.may_create_groups(request.user)

    @admin.display(description="Members", ordering="members_total")
    def member_count(self, obj):
        return obj.members_total

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["application_role", "undeletable"]  # only site administrators grant application roles
        if obj is not None and obj.is_personal:
            fields.append("name")  # follows the owner's email
        return fields

    def has_change_permission(self, request, obj=None):
        return obj is None or (policy.can_assign_group(request.user, obj)
                               and group_service.may_administer_group(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return obj is None or (not obj.undeletable and not obj.is_personal
                               and policy.can_assign_group(request.user, obj)
                               and group_service.may_administer_group(request.user, obj))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user.email_address
            obj.creator = request.user
        super().save_model(request, obj, form, change)


# --- API keys -------------------------------------------------------------------------------------------------


@admin.register(ApiKey)
class ApiKeyAdmin(NotFoundWhenHidden, admin.ModelAdmin):
    """Keys are shown by name only; a key created here is displayed once, in the confirmation message.

    As in the REST API, operators create and edit only their own keys (a key acts as its owner, so making
    one for someone else would let the operator act as them); other users' keys they may disable or delete.
    """

    list_display = ("name", "user", "expiry_date", "expired_flag", "disabled", "refreshable", "date_created")
    list_filter = ("disabled", "refreshable")
    search_fields = ("name", "user__email_address")
    readonly_fields = ("id", "created_by", "date_created", "last_updated")
    fields = ("id", "user", "name", "expiry_date", "disabled", "refreshable", "created_by", "date_created",
              "last_updated")
    actions = ["disable_keys"]

    def get_queryset(self, request):
        """The operator's own keys and those of users they manage, as the API lists them."""
        actor = request.user
        return super().get_queryset(request).filter(Q(user=actor) | Q(user__in=policy.managed_users(actor)))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(pk=request.user.pk)
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return obj is None or policy.can_use_api_keys_of(request.user, obj.user)

    def has_delete_permission(self, request, obj=None):
        return obj is None or policy.can_revoke_api_keys_of(request.user, obj.user)

    @admin.action(description="Disable selected keys")
    def disable_keys(self, request, queryset):
        _run_for_each(self, request, queryset.select_related("user"),
                      lambda key: key_service.disable_api_key(actor=request.user, api_key=key), "Disabled")

    @admin.display(description="Expired", boolean=True)
    def expired_flag(self, obj):
        return obj.expired

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["user"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if not change:
            plain = uuid.uuid4()
            obj.key_hash = hash_api_key(plain)
            obj.created_by = request.user.email_address
            super().save_model(request, obj, form, change)
            self.message_user(request, f"The new API key is {plain} — copy it now: it is not stored and cannot be "
                                       "shown again.", messages.WARNING)
            return
        super().save_model(request, obj, form, change)


# --- API properties -------------------------------------------------------------------------------------------


class ApiPropertyForm(forms.ModelForm):
    user = None  # the requesting user, set by `ApiPropertyAdmin.get_form`

    class Meta:
        model = ApiProperty
        fields = ("key", "value", "category", "publicly_visible")

    def _check(self, check, *args):
        try:
            check(*args)
        except ApiError as exc:
            raise forms.ValidationError(exc.message)

    def clean_key(self):
        key = self.cleaned_data["key"]
        self._check(property_service.require_may_change, self.user, key)
        self._check(property_service.validate_key, key)
        return key

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("key") and cleaned.get("value") is not None:
            try:
                property_service.validate_value(cleaned["key"], cleaned["value"])
            except ApiError as exc:
                self.add_error("value", exc.message)
        return cleaned


@admin.register(ApiProperty)
class ApiPropertyAdmin(admin.ModelAdmin):
    form = ApiPropertyForm
    list_display = ("key", "value", "category", "publicly_visible", "last_updated_by", "last_updated")
    list_filter = ("publicly_visible", "category")
    search_fields = ("key", "value", "category")
    readonly_fields = ("id", "created_by", "last_updated_by", "date_created", "last_updated")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_change_permission(self, request, obj=None):
        return obj is None or property_service.may_change(request.user, obj.key)

    def has_delete_permission(self, request, obj=None):
        return obj is None or property_service.may_change(request.user, obj.key)

    def save_model(self, request, obj, form, change):
        """Through the service, so the maintenance switch takes effect at once and editors are recorded."""
        values = {field: form.cleaned_data[field] for field in ("key", "value", "category", "publicly_visible")}
        if change:
            stored = ApiProperty.objects.get(pk=obj.pk)
            property_service.update_property(actor=request.user, prop=stored, changes=values)
        else:
            saved = property_service.create_property(actor=request.user, **values)
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        property_service.delete_property(actor=request.user, prop=obj)

    def delete_queryset(self, request, queryset):
        """All or nothing: a selection that includes a property the operator may not remove removes none."""
        props = list(queryset)
        refused = [prop.key for prop in props if not property_service.may_change(request.user, prop.key)]
        if refused:
            self.message_user(request, f"Only site administrators may remove {', '.join(refused)}; nothing was "
                                       "deleted.", messages.ERROR)
            return
        for prop in props:
            property_service.delete_property(actor=request.user, prop=prop)


# --- roles and grants -----------------------------------------------------------------------------------------


@admin.register(GroupRole)
class GroupRoleAdmin(admin.ModelAdmin):
    """Roles are data seeded with the schema: operators look, nobody edits."""

    list_display = ("name", "display_name", "application_level_role", "parent")
    list_filter = ("application_level_role",)
    list_select_related = ("parent",)
    search_fields = ("name", "display_name")
    fields = ("id", "name", "display_name", "application_level_role", "parent", "created_by", "date_created")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


#: The resources a grant can name, by domain type.
SECURABLE_TYPES = {"Folder": "Folder", "Classifier": "Classifier", "DataModel": "DataModel"}


class GrantForm(forms.ModelForm):
    """A new grant: the same rules as the REST API (resource must exist, role grantable on it, one per group)."""

    securable_resource_domain_type = forms.ChoiceField(choices=[(k, k) for k in SECURABLE_TYPES],
                                                       label="Resource type")

    class Meta:
        model = SecurableResourceGroupRole
        fields = ("user_group", "group_role", "securable_resource_domain_type", "securable_resource_id")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_role"].queryset = GroupRole.objects.filter(application_level_role=False)

    def _resource(self, domain_type, pk):
        from catalogue import models as m

        table = {"Folder": m.Folder, "Classifier": m.Classifier, "DataModel": m.DataModel}[domain_type]
        return table.objects.filter(pk=pk).first()

    def clean(self):
        cleaned = super().clean()
        domain_type, pk = cleaned.get("securable_resource_domain_type"), cleaned.get("securable_resource_id")
        role, group = cleaned.get("group_role"), cleaned.get("user_group")
        if not (domain_type and pk):
            return cleaned
        resource = self._resource(domain_type, pk)
        if resource is None:
            self.add_error("securable_resource_id", f"No {domain_type} has this id.")
            return cleaned
        if role is not None and role.name not in group_service.grantable_role_names(resource):
            self.add_error("group_role", f"Role {role.name} cannot be granted on a {domain_type}.")
        if group is not None and SecurableResourceGroupRole.objects.filter(
                user_group=group, securable_resource_id=pk).exists():
            self.add_error("user_group", "This group already has a role on this resource.")
        return cleaned


@admin.register(SecurableResourceGroupRole)
class SecurableResourceGroupRoleAdmin(admin.ModelAdmin):
    """Grants: anyone in the admin may look (as the API shows every group's grants to those who manage
    groups); only site administrators add or remove them here (application administrators hold no rights on
    content, so they cannot hand any out; a container administrator does it through the API)."""

    form = GrantForm
    list_display = ("user_group", "group_role", "securable_resource_domain_type", "securable_resource_id",
                    "created_by", "date_created")
    list_filter = ("group_role", "securable_resource_domain_type")
    list_select_related = ("user_group", "group_role")
    search_fields = ("user_group__name",)
    readonly_fields = ("id", "created_by", "date_created", "last_updated")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user_group", "group_role", "securable_resource_domain_type", "securable_resource_id")
        return ("id", "user_group", "group_role", "securable_resource_domain_type", "securable_resource_id",
                "created_by", "date_created", "last_updated")

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user.email_address
        super().save_model(request, obj, form, change)
