"""User groups, application roles and resource grants: the operations behind the access-control endpoints."""

from django.db import IntegrityError, transaction

from accounts import access
from accounts.models import ApplicationRole, SecurableResourceGroupRole, UserGroup
from config.api.errors import Forbidden, Unprocessable

#: Application roles from the strongest down; holding one includes the ones after it.
APPLICATION_ROLE_CHAIN = [ApplicationRole.SITE_ADMIN, ApplicationRole.APPLICATION_ADMIN, ApplicationRole.USER_ADMIN,
                          ApplicationRole.GROUP_ADMIN, ApplicationRole.CONTAINER_GROUP_ADMIN]
#: Roles that may be granted on a container (folder, classifier) and on a model.
CONTAINER_GRANTABLE = ["container_admin", "editor", "author", "reviewer", "reader"]
MODEL_GRANTABLE = ["editor", "author", "reviewer", "reader"]


def holds_application_role(user, minimum):
    """True when one of the user's groups holds `minimum` or a stronger application role."""
    if not access.is_authenticated(user):
        return False
    allowed = set(APPLICATION_ROLE_CHAIN[:APPLICATION_ROLE_CHAIN.index(minimum) + 1])
    return bool(user.application_roles & allowed)


def may_create_groups(user):
    """Group administrators, and anyone who administers a container (Mauro's container_group_admin)."""
    if holds_application_role(user, ApplicationRole.CONTAINER_GROUP_ADMIN):
        return True
    return access.is_authenticated(user) and SecurableResourceGroupRole.objects.filter(
        user_group__members=user, group_role__name=access.CONTAINER_ADMIN).exists()


def may_administer_group(user, group):
    return holds_application_role(user, ApplicationRole.GROUP_ADMIN) or (
        access.is_authenticated(user) and group.created_by == user.email_address)


def group_actions(user, group):
    if may_administer_group(user, group):
        return ["delete", "show", "update"] if not group.undeletable else ["show", "update"]
    return ["show"]


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
    group = UserGroup.objects.create(name=name, description=description or "", created_by=user.email_address)
    group.members.add(user)
    return group


@transaction.atomic
def update_group(*, user, group, name=None, description=None):
    if not may_administer_group(user, group):
        raise Forbidden()
    if name is not None:
        name = _check_name(name)
        errors = _unique_name_errors(name, exclude=group)
        if errors:
            raise Unprocessable(errors)
        if group.undeletable and name != group.name:
            raise Forbidden("The name of a built-in group cannot change", error_code="PERM05")
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
    group.delete()


@transaction.atomic
def add_member(*, user, group, member):
    if not may_administer_group(user, group):
        raise Forbidden()
    group.members.add(member)
    access.forget_access(member)


@transaction.atomic
def remove_member(*, user, group, member):
    if not may_administer_group(user, group):
        raise Forbidden()
    members = list(group.members.values_list("pk", flat=True))
    if member.pk in members and len(members) == 1:
        raise Unprocessable("A group must keep at least one member")
    if group.undeletable and member.pk == user.pk and group.name == UserGroup.ADMINISTRATORS:
        raise Forbidden("Administrators cannot remove themselves from the administrators group", error_code="PERM06")
    group.members.remove(member)


@transaction.atomic
def set_application_role(*, user, group, role):
    """Give a group an application role, or take it away (`role=None`). Site administrators only."""
    if not holds_application_role(user, ApplicationRole.APPLICATION_ADMIN):
        raise Forbidden("User must be an application administrator", error_code="PERM07")
    if group.undeletable and group.name == UserGroup.ADMINISTRATORS:
        raise Forbidden("The administrators group keeps its role", error_code="PERM06")
    if role is not None and not role.application_level_role:
        raise Unprocessable(f"GroupRole [{role.name}] is not an application level role")
    group.application_role = role.name if role is not None else ""
    group.save(update_fields=["application_role", "last_updated"])
    return group


def grantable_role_names(resource):
    return MODEL_GRANTABLE if hasattr(resource, "model_domain_type") else CONTAINER_GRANTABLE


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


#: The JSON names of the public flags, as the edit history shows them.
PUBLIC_FLAG_NAMES = {"readable_by_everyone": "readableByEveryone",
                     "readable_by_authenticated_users": "readableByAuthenticatedUsers"}


@transaction.atomic
def set_public_flag(*, user, resource, flag, value):
    """PUT/DELETE readByEveryone / readByAuthenticated: editor on models, container_admin on containers.

    Only the flag changes: explicit grants below a folder are never touched.
    """
    from catalogue.services.edits import record_edit

    access.require_role(user, resource, grant_manager_role(resource))
    before = getattr(resource, flag)
    setattr(resource, flag, value)
    resource.save(update_fields=[flag, "last_updated"])
    if before != value:
        name = PUBLIC_FLAG_NAMES.get(flag, flag)
        record_edit(item=resource, user=user,
                    description=f"[{name}] changed from [{str(before).lower()}] to [{str(value).lower()}]")
    access.forget_access(user)
    return resource


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


