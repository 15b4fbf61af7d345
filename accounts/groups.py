"""User groups, application roles and resource grants: the operations behind the access-control endpoints.

Who may do what with a group:
- see it (show; it appears in their list): its members, its creator, the owner of a personal group, and
  application group administrators or above;
- inspect it (list its members and its grants): its creator, the owner of a personal group, and group
  administrators or above; grants on resources the caller cannot read are never shown;
- administer it (rename, delete, change members): its creator or a group administrator, never for a group
  carrying an application role above the caller's own. A personal group is administered by its owner (and
  site administrators) only, keeps its owner as a member, and is neither renamed nor deleted through the API.

Personal groups themselves (made on first use, named after their owner) are `accounts.personal_groups`'.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts import access, policy, roles
from accounts.models import ApplicationRole, SecurableResourceGroupRole, UserGroup
from accounts.personal_groups import looks_personal
from config.api.errors import Forbidden, Unprocessable


def holds_application_role(user, minimum):
    """True when one of the user's groups holds `minimum` or a stronger application role."""
    if not access.is_authenticated(user):
        return False
    return bool(user.application_roles & roles.application_roles_at_least(minimum))


def may_create_groups(user):
    """Group administrators, and anyone who administers a container (Mauro's container_group_admin)."""
    if holds_application_role(user, ApplicationRole.CONTAINER_GROUP_ADMIN):
        return True
    return access.is_authenticated(user) and SecurableResourceGroupRole.objects.filter(
        user_group__members=user, group_role__name=access.CONTAINER_ADMIN).exists()


def _is_creator(user, group):
    return group.creator_id is not None and group.creator_id == user.pk


def visible_groups(user, queryset=None):
    """The groups the caller may see, as a query: all for group administrators, else their own."""
    queryset = UserGroup.objects.all() if queryset is None else queryset
    if holds_application_role(user, ApplicationRole.GROUP_ADMIN):
        return queryset
    if not access.is_authenticated(user):
        return queryset.none()
    mine = UserGroup.objects.filter(members=user).values("pk")
    return queryset.filter(Q(pk__in=mine) | Q(creator=user) | Q(personal_owner=user))


def may_inspect_group(user, group):
    """List the members and grants of a group: its creator or personal owner, and group administrators."""
    if not access.is_authenticated(user):
        return False
    return (holds_application_role(user, ApplicationRole.GROUP_ADMIN) or _is_creator(user, group)
            or group.personal_owner_id == user.pk)


def may_administer_group(user, group):
    if not access.is_authenticated(user):
        return False
    if group.is_personal:
        return group.personal_owner_id == user.pk or access.is_site_admin(user)
    if policy.group_rank(group) > policy.role_rank(user):
        return False  # joining such a group would raise the caller above their own application role
    return holds_application_role(user, ApplicationRole.GROUP_ADMIN) or _is_creator(user, group)


def group_actions(user, group):
    if may_administer_group(user, group):
        return ["show", "update"] if group.undeletable or group.is_personal else ["delete", "show", "update"]
    return ["show"]


def group_grants(user, group, queryset=None):
    """The group's grants on resources `user` may read (who may list them at all is `may_inspect_group`)."""
    queryset = SecurableResourceGroupRole.objects.all() if queryset is None else queryset
    return access.readable_grants(user, queryset.filter(user_group=group, group_role__application_level_role=False))


def _unique_name_errors(name, exclude=None):
    clash = UserGroup.objects.filter(name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        return [{"message": f"Property [name] of class [UserGroup] with value [{name}] must be unique",
                 "field": "name"}]
    return []


def _check_name(name):
    if not isinstance(name, str) or not name.strip():
        raise Unprocessable([{"message": "Property [name] of class [UserGroup] cannot be blank", "field": "name"}])
    if looks_personal(name):
        raise Unprocessable([{"message": f"Property [name] of class [UserGroup] with value [{name.strip()}] is "
                                         "reserved for personal groups", "field": "name"}])
    return name.strip()


@transaction.atomic
def create_group(*, user, name, description=""):
    """The creator becomes the first member (a group always has one)."""
    if not may_create_groups(user):
        raise Forbidden()
    name = _check_name(name)
    errors = _unique_name_errors(name)
    if errors:
        raise Unprocessable(errors)
    group = UserGroup.objects.create(name=name, description=description or "", created_by=user.email_address,
                                     creator=user)
    group.members.add(user)
    return group


@transaction.atomic
def update_group(*, user, group, name=None, description=None):
    if not may_administer_group(user, group):
        raise Forbidden()
    if name is not None and name.strip() != group.name:  # a name sent back unchanged is no rename
        if group.undeletable:
            raise Forbidden("The name of a built-in group cannot change", error_code="PERM05")
        if group.is_personal:
            raise Forbidden("The name of a personal group follows its owner's email", error_code="PERM08")
        name = _check_name(name)
        errors = _unique_name_errors(name, exclude=group)
        if errors:
            raise Unprocessable(errors)
        group.name = name
    if description is not None:
        group.description = description
    group.save()
    return group


@transaction.atomic
def delete_group(*, user, group):
    if not may_administer_group(user, group):
        raise Forbidden()
    if group.undeletable:
        raise Forbidden("Cannot delete a built-in group", error_code="PERM04")
    if group.is_personal:
        raise Forbidden("Cannot delete a personal group", error_code="PERM08")
    group.delete()


@transaction.atomic
def add_member(*, group, member):
    """Who may: `may_administer_group`, asked by the caller (the API's permission class) beforehand."""
    group.members.add(member)
    access.forget_access(member)


@transaction.atomic
def remove_member(*, user, group, member):
    """A group keeps one member, the administrators their caller, a personal group its owner. Who may:
    `may_administer_group`, asked by the caller beforehand."""
    members = list(group.members.values_list("pk", flat=True))
    if member.pk in members and len(members) == 1:
        raise Unprocessable("A group must keep at least one member")
    if group.undeletable and member.pk == user.pk and group.name == UserGroup.ADMINISTRATORS:
        raise Forbidden("Administrators cannot remove themselves from the administrators group", error_code="PERM06")
    if group.personal_owner_id == member.pk:
        raise Forbidden("The owner of a personal group stays its member", error_code="PERM08")
    group.members.remove(member)
    access.forget_access(member)


@transaction.atomic
def set_application_role(*, group, role):
    """Give a group an application role, or take it away (`role=None`). Who may: application administrators
    (`holds_application_role(user, APPLICATION_ADMIN)`), asked by the caller beforehand."""
    if group.undeletable and group.name == UserGroup.ADMINISTRATORS:
        raise Forbidden("The administrators group keeps its role", error_code="PERM06")
    if role is not None and not role.application_level_role:
        raise Unprocessable(f"GroupRole [{role.name}] is not an application level role")
    if role is not None and group.is_personal:
        raise Unprocessable("A personal group cannot hold an application level role")
    group.application_role = role.name if role is not None else ""
    group.save(update_fields=["application_role", "last_updated"])
    return group


def grantable_role_names(resource):
    """Every resource role on a container (folder, classifier); on a model, all but container_admin."""
    return roles.MODEL_GRANTABLE if hasattr(resource, "model_domain_type") else roles.RESOURCE_ROLES


def grant_manager_role(resource):
    """Role needed to manage grants on a resource: editor on models, container_admin on containers."""
    return access.EDITOR if hasattr(resource, "model_domain_type") else access.CONTAINER_ADMIN


@transaction.atomic
def grant_role(*, user, resource, group, role):
    """Give `group` the `role` on `resource`; one role per group per resource (422 otherwise)."""
    access.require_role(user, resource, grant_manager_role(resource))
    if role.application_level_role:
        raise Unprocessable(f"Cannot grant application level role [{role.name}] on a resource")
    if role.name not in grantable_role_names(resource):
        raise Unprocessable(f"Role [{role.name}] cannot be granted on a {resource.domain_type}")
    if SecurableResourceGroupRole.objects.filter(user_group=group, securable_resource_id=resource.pk).exists():
        raise Unprocessable(f"UserGroup [{group.name}] already has a role on {resource.domain_type} [{resource.pk}]")
    try:
        with transaction.atomic():
            return SecurableResourceGroupRole.objects.create(
                user_group=group, group_role=role, securable_resource_domain_type=resource.domain_type,
                securable_resource_id=resource.pk, created_by=user.email_address)
    except IntegrityError:
        raise Unprocessable(f"UserGroup [{group.name}] already has a role on this resource")


@transaction.atomic
def change_grant(*, user, resource, grant, role):
    access.require_role(user, resource, grant_manager_role(resource))
    if role.application_level_role or role.name not in grantable_role_names(resource):
        raise Unprocessable(f"Role [{role.name}] cannot be granted on a {resource.domain_type}")
    grant.group_role = role
    grant.save(update_fields=["group_role", "last_updated"])
    return grant


@transaction.atomic
def revoke_grant(*, user, resource, grant):
    access.require_role(user, resource, grant_manager_role(resource))
    grant.delete()


def permissions_of(resource):
    """Groups that may read or write the resource through grants on it (Mauro's permissions view)."""
    grants = SecurableResourceGroupRole.objects.filter(securable_resource_id=resource.pk).select_related(
        "user_group", "group_role")
    writer = grant_manager_role(resource)
    readers, writers = {}, {}
    for grant in grants:
        readers[grant.user_group.pk] = grant.user_group
        if access.role_at_least(grant.group_role.name, writer):
            writers[grant.user_group.pk] = grant.user_group
    return (sorted(readers.values(), key=lambda g: g.name), sorted(writers.values(), key=lambda g: g.name))


