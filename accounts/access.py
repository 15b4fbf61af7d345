"""The one place that decides who may read and do what in the catalogue.

Views get objects only through the restricted querysets here (`readable_*`), parents named in the URL
included, so lists and lookups never contain what the caller may not read, and `role_on` feeds both the
checks (`require_*`) and the `availableActions` every object shows.

Interim rules, until group roles and grants arrive: site administrators may do anything; anyone may
read what is readable by everyone; logged-in users may also read what is readable by authenticated users
and whatever they created; logged-in users may create root folders and classifiers; creators and site
administrators hold the container_admin role on what they created.
"""

from django.db.models import Q

from config.api.errors import Forbidden, NotAuthenticated, NotFound

READER, REVIEWER, AUTHOR, EDITOR, CONTAINER_ADMIN = "reader", "reviewer", "author", "editor", "container_admin"
ROLE_ORDER = [READER, REVIEWER, AUTHOR, EDITOR, CONTAINER_ADMIN]


def role_at_least(role, minimum):
    return role is not None and ROLE_ORDER.index(role) >= ROLE_ORDER.index(minimum)


def is_site_admin(user):
    return bool(user is not None and user.is_authenticated and user.is_site_admin)


def require_login(user, message="User is not authenticated"):
    """401 for anonymous callers of a login-only action (contract §2: 401, not Mauro's 403)."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(message, error_code="AUTH02")


# --- restricted querysets -------------------------------------------------------------------------------

def _public_or_own(user, prefix=""):
    condition = Q(**{f"{prefix}readable_by_everyone": True})
    if user is not None and user.is_authenticated:
        condition |= Q(**{f"{prefix}readable_by_authenticated_users": True})
        condition |= Q(**{f"{prefix}created_by": user.email_address})
    return condition


def readable_folders(user, queryset):
    if is_site_admin(user):
        return queryset
    return queryset.filter(_public_or_own(user))


def readable_classifiers(user, queryset):
    if is_site_admin(user):
        return queryset
    return queryset.filter(_public_or_own(user))


def readable_models(user, queryset):
    """Models readable directly or through their folder's flags."""
    if is_site_admin(user):
        return queryset
    return queryset.filter(_public_or_own(user) | _public_or_own(user, "folder__"))


def readable_items(user, queryset):
    """Model items (classes, elements, types, values, facets with a model): judged on the owning model."""
    if is_site_admin(user):
        return queryset
    return queryset.filter(_public_or_own(user, "model__") | _public_or_own(user, "model__folder__"))


# --- roles and checks -------------------------------------------------------------------------------------

def role_on(user, obj):
    """The caller's resource role on a folder, classifier or model (None: cannot read).

    Needs no query when `obj.folder` was selected with the model.
    """
    if is_site_admin(user):
        return CONTAINER_ADMIN
    authenticated = user is not None and user.is_authenticated
    if authenticated and obj.created_by == user.email_address:
        return CONTAINER_ADMIN
    holders = [obj]
    folder = getattr(obj, "folder", None) if hasattr(obj, "model_domain_type") else None
    if folder is not None:
        holders.append(folder)
        if authenticated and folder.created_by == user.email_address:
            return CONTAINER_ADMIN
    for holder in holders:
        if holder.readable_by_everyone or (authenticated and holder.readable_by_authenticated_users):
            return READER
    return None


def get_readable(queryset_fn, user, queryset, pk, resource):
    """Fetch one object the caller may read, else the contract's 404 (missing and hidden look the same)."""
    obj = queryset_fn(user, queryset).filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise NotFound(resource, pk)
    return obj


def require_role(user, obj, minimum, message="User does not have the necessary permissions"):
    """403 when the caller can read `obj` but lacks the role (callers have already 404'd the unreadable)."""
    if not role_at_least(role_on(user, obj), minimum):
        require_login(user)
        raise Forbidden(message)


def require_editable_model(user, model, minimum=EDITOR):
    """Writes inside a model need the role and a draft, undeleted model (403 otherwise)."""
    require_role(user, model, minimum)
    if model.finalised:
        raise Forbidden("Cannot update a finalised Model", error_code="PERM02")
    if model.deleted:
        raise Forbidden("Cannot update a deleted Model", error_code="PERM03")


# --- availableActions (contract §4.3) --------------------------------------------------------------------

BASE_ACTIONS = {
    READER: {"show"},
    REVIEWER: {"show", "comment"},
    AUTHOR: {"show", "comment", "editDescription"},
    EDITOR: {"show", "comment", "editDescription", "save", "softDelete", "update"},
    CONTAINER_ADMIN: {"show", "comment", "editDescription", "save", "softDelete", "update", "delete"},
}
VERSION_ACTIONS = {"createNewVersions", "newForkModel", "newModelVersion", "newDocumentationVersion",
                   "newBranchModelVersion"}


def model_actions(user, model, role=None):
    role = role if role is not None else role_on(user, model)
    if role is None:
        return []
    actions = set(BASE_ACTIONS[role])
    if role_at_least(role, EDITOR):
        if model.finalised:
            actions -= {"update", "save", "editDescription"}
            actions |= VERSION_ACTIONS | {"finalisedEditActions"}
        else:
            actions.add("finalise" if model.branch_name == "main" else "mergeInto")
    elif model.finalised:
        actions.add("finalisedReadActions")
        if user is not None and user.is_authenticated:
            actions |= {"createNewVersions", "newForkModel"}
    return sorted(actions)


def model_item_actions(user, model, role=None):
    role = role if role is not None else role_on(user, model)
    actions = set(model_actions(user, model, role)) - {"softDelete", "finalise"}
    if role_at_least(role, EDITOR) and not model.finalised:
        actions.add("delete")
    return sorted(actions)


def container_actions(user, container, role=None):
    role = role if role is not None else role_on(user, container)
    if role is None:
        return []
    return sorted(BASE_ACTIONS[role] if role_at_least(role, CONTAINER_ADMIN) else {"show"})


# --- tree actions (contract §4.3: tree nodes carry tree actions, not the object's actions) ---------------

FOLDER_EDITOR_TREE_ACTIONS = {"createFolder", "createModel", "createVersionedFolder", "moveToFolder",
                              "moveToVersionedFolder", "softDelete"}
CLASSIFIER_EDITOR_TREE_ACTIONS = {"createContainer", "createModel", "moveToContainer", "softDelete"}
MODEL_EDITOR_TREE_ACTIONS = {"createModelItem", "moveToContainer", "moveToFolder", "moveToVersionedFolder",
                             "softDelete"}
#: What a finalised model no longer offers in the tree (nothing can be created in or moved into it).
FINALISED_REMOVED_TREE_ACTIONS = {"createFolder", "createModel", "createModelItem", "createVersionedFolder",
                                  "moveToVersionedFolder"}
#: Model items are never moved or soft-deleted on their own.
MODEL_ITEM_REMOVED_TREE_ACTIONS = {"moveToContainer", "moveToFolder", "moveToVersionedFolder", "softDelete"}


def _tree_actions(role, editor_actions):
    if not role_at_least(role, EDITOR):
        return set()
    actions = set(editor_actions)
    if role_at_least(role, CONTAINER_ADMIN):
        actions.add("delete")
    return actions


def folder_tree_actions(user, folder, role=None):
    role = role if role is not None else role_on(user, folder)
    return sorted(_tree_actions(role, FOLDER_EDITOR_TREE_ACTIONS))


def classifier_tree_actions(user, classifier, role=None):
    role = role if role is not None else role_on(user, classifier)
    return sorted(_tree_actions(role, CLASSIFIER_EDITOR_TREE_ACTIONS))


def model_tree_actions(user, model, role=None):
    """Needs `model.folder` selected with the model to cost no query."""
    role = role if role is not None else role_on(user, model)
    actions = _tree_actions(role, MODEL_EDITOR_TREE_ACTIONS)
    if model.finalised:
        actions -= FINALISED_REMOVED_TREE_ACTIONS
    return sorted(actions)


def model_item_tree_actions(user, model, role=None):
    """Tree actions of any item inside `model`: the owning model's, minus moving and soft deletion."""
    return sorted(set(model_tree_actions(user, model, role)) - MODEL_ITEM_REMOVED_TREE_ACTIONS)


def may_see_deleted(user):
    """Only site administrators may ask the tree to include soft-deleted folders and models."""
    return is_site_admin(user)
