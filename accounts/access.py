"""The one place that decides who may read and do what in the catalogue.

Rules (Mauro's): site administrators hold container_admin everywhere; other users hold the resource roles
granted to their groups (`SecurableResourceGroupRole`) on folders, classifiers and models. A folder grant
covers its sub-folders and their models; `readableByEveryone` / `readableByAuthenticatedUsers` give
`reader` on the subtree (folders) or the model, and a readable model makes its ancestor folders visible.

Views get objects only through the restricted querysets here (`readable_*`), parents named in the URL
included, so lists and lookups never contain what the caller may not read; `role_on` feeds both the checks
(`require_*`) and the `availableActions` every object shows. The querysets carry the rules as SQL
conditions on the caller's grants and the containers' lineage (`AccessContext`), and roles come from an
object's ancestors, so the cost does not grow with the catalogue; nothing is kept between requests, so a
grant or a revoke counts from the next request on.
"""

from typing import NamedTuple

from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, UUIDField, Value, When
from django.db.models.lookups import In

from accounts import policy
from accounts.models import ApplicationRole
from accounts.roles import (
    AUTHOR,
    CONTAINER_ADMIN,
    EDITOR,
    READER,
    RESOURCE_ROLE_RANK,
    RESOURCE_ROLES,
    REVIEWER,
    role_named,
)
from config.api.errors import Forbidden, NotAuthenticated, NotFound

#: Above this many groups, the policy asks the database for the caller's groups instead of listing them.
MAX_LISTED_GROUPS = 500

#: The resource roles weakest first, and their ranks (`accounts.roles` defines the order).
ROLE_ORDER = list(RESOURCE_ROLES)
ROLE_RANK = RESOURCE_ROLE_RANK


def role_at_least(role, minimum):
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def stronger(*roles):
    known = [r for r in roles if r is not None]
    return max(known, key=ROLE_RANK.__getitem__) if known else None


def is_authenticated(user):
    return bool(user is not None and user.is_authenticated)


def is_site_admin(user):
    return bool(is_authenticated(user) and user.is_site_admin)


def require_login(user, message="User is not authenticated"):
    """401 for anonymous callers of a login-only action (contract §2: 401, not Mauro's 403)."""
    if not is_authenticated(user):
        raise NotAuthenticated(message, error_code="AUTH02")


class AccessContext:
    """What one caller may reach. The restricted querysets carry it as SQL conditions (subqueries on the
    caller's grants and on the containers' lineage, `catalogue.models.lineage`), so a list costs no query
    of its own whatever the number of folders, models and grants; roles on given objects are loaded for
    many objects at once (`load_roles`) and kept for the request."""

    def __init__(self, user):
        self.user = user
        self.authenticated = is_authenticated(user)
        self._roles = {}
        self._visible_without_role = {}

    # --- the conditions (no query of their own) --------------------------------------------------------

    def _grants(self):
        """The caller's resource-role grants (None: anonymous, or in no group). Group ids are sent as values
        (they were loaded with the application roles): a simpler query for the database to plan and run."""
        from accounts.models import SecurableResourceGroupRole, UserGroup

        if not self.authenticated:
            return None
        groups = self.user.group_ids
        if not groups:
            return None
        if len(groups) > MAX_LISTED_GROUPS:
            groups = UserGroup.members.through.objects.filter(user_id=self.user.pk).values("usergroup_id")
        return SecurableResourceGroupRole.objects.filter(user_group_id__in=groups,
                                                         group_role__application_level_role=False)

    def granted_ids(self):
        """Subquery: the resources the caller's groups hold a resource role on (None: none)."""
        grants = self._grants()
        return grants.values("securable_resource_id") if grants is not None else None

    def _public_role(self, everyone, authenticated_users):
        return READER if everyone or (self.authenticated and authenticated_users) else None

    def _flagged(self, prefix=""):
        """Rows (at `prefix`) whose own public flags open them to the caller."""
        condition = Q(**{f"{prefix}readable_by_everyone": True})
        if self.authenticated:
            condition |= Q(**{f"{prefix}readable_by_authenticated_users": True})
        return condition

    def _flagged_ids(self, table, column="pk"):
        """Subqueries of `column` of the rows of `table` flagged public for the caller: one per flag, so each
        reads its small partial index instead of scanning the table."""
        subqueries = [table.objects.filter(readable_by_everyone=True).values(column)]
        if self.authenticated:
            subqueries.append(table.objects.filter(readable_by_authenticated_users=True).values(column))
        return subqueries

    def _opened_ids(self, table):
        """Subqueries of the folders (classifiers) granted to the caller or flagged: where cascades start."""
        granted = self.granted_ids()
        return [*self._flagged_ids(table), *([granted] if granted is not None else [])]

    def _with_role(self, table):
        """Subquery: the folders (classifiers) the caller holds a role on, by a grant or flag on them or above."""
        return table.lineage_model.objects.filter(_any_in("ancestor_id", self._opened_ids(table))).values(
            "descendant_id")

    def direct_model_condition(self, prefix=""):
        """Models readable by a grant on the model itself or by its own flags."""
        condition = self._flagged(prefix)
        granted = self.granted_ids()
        if granted is not None:
            condition |= Q(**{f"{prefix}pk__in": granted})
        return condition

    def model_condition(self, prefix=""):
        """Models readable by their flags, their folder's role, or a grant on them (tested in that order:
        most readable models are so by their folder)."""
        from catalogue.models import Folder

        condition = self._flagged(prefix) | Q(**{f"{prefix}folder_id__in": self._with_role(Folder)})
        granted = self.granted_ids()
        return condition | Q(**{f"{prefix}pk__in": granted}) if granted is not None else condition

    def _above_condition(self):
        """Lineage rows whose descendant is granted, flagged, or holds a model readable on its own: their
        ancestors are visible (every folder above a folder with a role is above a granted or flagged one)."""
        from catalogue.models import CatalogueModel, Folder

        direct_models = self._flagged_ids(CatalogueModel, "folder_id")
        granted = self.granted_ids()
        if granted is not None:
            direct_models.append(CatalogueModel.objects.filter(pk__in=granted).values("folder_id"))
        return _any_in("descendant_id", [*self._opened_ids(Folder), *direct_models])

    def folder_condition(self):
        """Folders with a role, and the folders above them or above a readable model, so a tree can reach them."""
        from catalogue.models import Folder, FolderLineage

        above = FolderLineage.objects.filter(self._above_condition()).values("ancestor_id")
        return Q(In(_Unindexed(F("pk")), self._with_role(Folder))) | Q(In(_Unindexed(F("pk")), above))

    def classifier_condition(self):
        from catalogue.models import Classifier

        return Q(pk__in=self._with_role(Classifier))

    # --- roles on given objects -------------------------------------------------------------------------

    def _grant_rank(self, resources):
        """Subquery: the rank of the strongest role the caller holds on any resource matching `resources`
        (a condition on the grant's resource id); None without one."""
        grants = self._grants()
        if grants is None:
            return Value(None, output_field=IntegerField())
        rank = Case(*(When(group_role__name=role, then=Value(r)) for role, r in ROLE_RANK.items()),
                    output_field=IntegerField())
        return Subquery(grants.filter(resources, group_role__name__in=ROLE_ORDER).annotate(rank=rank)
                        .order_by("-rank").values("rank")[:1])

    def _role_rows(self, kind, ids):
        """(id, rank of the strongest grant, opened by a flag) for objects of one kind: one query.
        A model's own flags are read from the object itself (`role_on`)."""
        from catalogue.models import CatalogueModel, Classifier, Folder

        if kind == "model":
            table, container, node = CatalogueModel, Folder, "folder_id"
            grants = Q(securable_resource_id=OuterRef("pk"))
        else:
            table = container = Folder if kind == "folder" else Classifier
            node, grants = "pk", Q()
        grants |= Q(securable_resource_id__in=container.lineage_model.objects.filter(
            descendant_id=OuterRef(OuterRef(node))).values("ancestor_id"))
        flagged = Exists(container.lineage_model.objects.filter(self._flagged("ancestor__"),
                                                                descendant_id=OuterRef(node)))
        return (table.objects.filter(pk__in=ids).annotate(rank=self._grant_rank(grants), flagged=flagged)
                .values_list("pk", "rank", "flagged"))

    def load_roles(self, objects):
        """Load the caller's roles on many folders, classifiers and models (a model item: its model's) at
        once: one query per kind and chunk of 500, and one for the folders without a role."""
        wanted = {"folder": [], "classifier": [], "model": []}
        for obj in objects:
            kind, key = _role_key(obj)
            if kind is None and getattr(obj, "model", None) is not None:
                kind, key = _role_key(obj.model)
            if kind is not None and (kind, key) not in self._roles:
                wanted[kind].append(key)
        for kind, keys in wanted.items():
            keys = list(dict.fromkeys(keys))
            for chunk in _chunks(keys):
                ids = [key[0] if kind == "model" else key for key in chunk]
                found = {pk: (rank, flagged) for pk, rank, flagged in self._role_rows(kind, ids)}
                for key in chunk:
                    rank, flagged = found.get(key[0] if kind == "model" else key, (None, False))
                    self._roles[(kind, key)] = stronger(ROLE_ORDER[rank] if rank is not None else None,
                                                        READER if flagged else None)
        self._load_visibility([key for key in wanted["folder"] if self._roles[("folder", key)] is None])

    def _load_visibility(self, folder_ids):
        """Which of these folders (with no role) sit above a granted or flagged folder or a readable model."""
        from catalogue.models import FolderLineage

        missing = [pk for pk in dict.fromkeys(folder_ids) if pk not in self._visible_without_role]
        for chunk in _chunks(missing):
            visible = set(FolderLineage.objects.filter(self._above_condition(), ancestor_id__in=chunk)
                          .values_list("ancestor_id", flat=True).distinct())
            for pk in chunk:
                self._visible_without_role[pk] = pk in visible

    def role_on(self, obj):
        kind, key = _role_key(obj)
        if kind is None:
            model = getattr(obj, "model", None)
            return self.role_on(model) if model is not None else None
        self.load_roles([obj])
        role = self._roles[(kind, key)]
        if kind == "model":
            return stronger(role, self._public_role(obj.readable_by_everyone, obj.readable_by_authenticated_users))
        if kind == "folder" and role is None and self._visible_without_role[key]:
            return READER
        return role

    def strong_folder_condition(self, minimum):
        """Folders the caller holds at least `minimum` on (above reader only grants count: flags give reader)."""
        from catalogue.models import Folder

        if minimum == READER:
            return Q(pk__in=self._with_role(Folder))
        grants = self._grants()
        if grants is None:
            return Q(pk__in=[])
        strong = grants.filter(group_role__name__in=ROLE_ORDER[ROLE_RANK[minimum]:])
        return Q(pk__in=Folder.lineage_model.objects.filter(ancestor_id__in=strong.values("securable_resource_id"))
                 .values("descendant_id"))


def _role_key(obj):
    """(kind, cache key) of an object with roles of its own; a model's key holds its folder, so a moved model
    is judged again. (None, None) for anything else."""
    from catalogue.models import CatalogueModel, Classifier, Folder

    if isinstance(obj, Folder):
        return "folder", obj.pk
    if isinstance(obj, Classifier):
        return "classifier", obj.pk
    if isinstance(obj, CatalogueModel):
        return "model", (obj.pk, obj.folder_id)
    return None, None


class _Unindexed(Func):
    """A column SQLite's planner may not look up by (`+column`): a list then reads the table once and tests
    each row against the readable set, instead of looking up every member of a set it guesses is small (with
    10,000 readable folders, half the time). Other databases get the column."""

    template = "%(expressions)s"
    arity = 1
    output_field = UUIDField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def _any_in(field, subqueries):
    """`field` in any of the subqueries, as one `IN` over their union: each part reads its own index, and
    the database joins one set instead of testing each row against several."""
    first, *others = [subquery.order_by() for subquery in subqueries]
    return Q(**{f"{field}__in": first.union(*others, all=True) if others else first})


def _chunks(ids, size=500):
    """Ids per role query: far below SQLite's and PostgreSQL's parameter limits."""
    return [ids[start:start + size] for start in range(0, len(ids), size)]


def access_context(user):
    """The caller's context, cached on the request's user object (a new object every request)."""
    if user is None:
        return AccessContext(None)
    context = getattr(user, "_access_context", None)
    if context is None:
        context = AccessContext(user)
        try:
            user._access_context = context
        except AttributeError:
            pass
    return context


def forget_access(user):
    """Drop the cached context (after a grant changes within the same request)."""
    if user is not None and hasattr(user, "_access_context"):
        del user._access_context
    if user is not None and hasattr(user, "_group_roles"):
        del user._group_roles


# --- restricted querysets -------------------------------------------------------------------------------

def readable_folders(user, queryset):
    if is_site_admin(user):
        return queryset
    return queryset.filter(access_context(user).folder_condition())


def readable_classifiers(user, queryset):
    if is_site_admin(user):
        return queryset
    return queryset.filter(access_context(user).classifier_condition())


def readable_models(user, queryset):
    if is_site_admin(user):
        return queryset
    return queryset.filter(access_context(user).model_condition())


def readable_items(user, queryset):
    """Model items and facets with a model: judged on the owning model."""
    if is_site_admin(user):
        return queryset
    return queryset.filter(access_context(user).model_condition("model__"))


def readable_grants(user, queryset):
    """Grants on folders, classifiers and models the caller may read (others are not even listed)."""
    if is_site_admin(user):
        return queryset
    from catalogue.models import CatalogueModel, Classifier, Folder

    context = access_context(user)
    return queryset.filter(
        Q(securable_resource_domain_type="Folder",
          securable_resource_id__in=Folder.objects.filter(context.folder_condition()).values("pk"))
        | Q(securable_resource_domain_type="Classifier",
            securable_resource_id__in=Classifier.objects.filter(context.classifier_condition()).values("pk"))
        | Q(securable_resource_id__in=CatalogueModel.objects.filter(context.model_condition()).values("pk")))


def folders_with_role(user, queryset, minimum):
    """The folders of `queryset` the caller holds at least `minimum` on."""
    if is_site_admin(user):
        return queryset
    return queryset.filter(access_context(user).strong_folder_condition(minimum))


def load_roles(user, objects):
    """Load the caller's roles on many objects at once, before asking `role_on` for each (lists, trees)."""
    if not is_site_admin(user):
        access_context(user).load_roles(objects)


# --- roles and checks -------------------------------------------------------------------------------------

def role_on(user, obj):
    """The caller's resource role on a folder, classifier, model or model item (None: cannot read)."""
    if is_site_admin(user):
        return CONTAINER_ADMIN
    return access_context(user).role_on(obj)


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


class ItemRight(NamedTuple):
    """What an action needs on a catalogue item, judged on the owning model (or on a folder or classifier itself).

    `model_role` on the model; `container_role` on a container; `on_finalised`: allowed on a finalised model
    (a deleted model refuses every write); `others_role`: the role needed instead when the object acted on was
    created by someone else (models only; Mauro lets a reviewer delete their own comments, an editor anyone's).
    """

    model_role: str
    container_role: str = CONTAINER_ADMIN
    on_finalised: bool = False
    others_role: str | None = None


#: Facets (contract §4.2): metadata needs author on a draft model; annotations need reviewer and may be added to
#: finalised models; every other facet needs editor on a draft model; containers need container_admin for all.
WRITE_METADATA = ItemRight(AUTHOR)
WRITE_ANNOTATION = ItemRight(REVIEWER, on_finalised=True)
DELETE_ANNOTATION = ItemRight(REVIEWER, on_finalised=True, others_role=EDITOR)
WRITE_FACET = ItemRight(EDITOR)
#: Profiles that may be edited after finalisation: the metadata right, on a draft or a finalised model alike.
WRITE_METADATA_AFTER_FINALISATION = ItemRight(AUTHOR, on_finalised=True)


def require_item_right(user, item, model, right, *, created_by=None):
    """401/403 unless the caller holds `right` (an ItemRight) on `item`, whose owning model is `model` (None for
    a folder or classifier). The caller can already read the item (it was resolved through `readable_*`)."""
    require_login(user)
    if model is None:
        require_role(user, item, right.container_role)
        return
    require_role(user, model, right.model_role)
    if model.finalised and not right.on_finalised:
        raise Forbidden("Cannot update a finalised Model", error_code="PERM02")
    if model.deleted:
        raise Forbidden("Cannot update a deleted Model", error_code="PERM03")
    if right.others_role is not None and created_by is not None and created_by != user.email_address:
        require_role(user, model, right.others_role)


def grant_creator(*, user, resource):
    """Creators' personal group (bound to them by key, never found by name) gets container_admin on
    containers and editor on models."""
    grants = grant_creator_all(user=user, resources=[resource])
    return grants[0] if grants else None


def grant_creator_all(*, user, resources):
    """`grant_creator` for many new resources at once (imports, copies): a fixed number of queries."""
    from accounts.models import SecurableResourceGroupRole
    from accounts.personal_groups import personal_group

    if not is_authenticated(user) or not resources:
        return []
    group = personal_group(user)
    roles = {EDITOR: role_named(EDITOR), CONTAINER_ADMIN: role_named(CONTAINER_ADMIN)}
    already = set(SecurableResourceGroupRole.objects.filter(
        user_group=group, securable_resource_id__in=[r.pk for r in resources]).values_list(
        "securable_resource_id", flat=True))
    grants = [SecurableResourceGroupRole(
        user_group=group, securable_resource_id=resource.pk, securable_resource_domain_type=resource.domain_type,
        group_role=roles[EDITOR if hasattr(resource, "model_domain_type") else CONTAINER_ADMIN],
        created_by=user.email_address) for resource in resources if resource.pk not in already]
    SecurableResourceGroupRole.objects.bulk_create(grants, batch_size=500)
    forget_access(user)
    return grants


# --- availableActions (contract §4.3) --------------------------------------------------------------------

BASE_ACTIONS = {
    READER: {"show"},
    REVIEWER: {"show", "comment"},
    AUTHOR: {"show", "comment", "editDescription"},
    EDITOR: {"show", "comment", "editDescription", "save", "softDelete", "update"},
    CONTAINER_ADMIN: {"show", "comment", "editDescription", "save", "softDelete", "update", "delete"},
}
#: What a finalised model offers editors: new versions of it (the routes are the versioning routes).
VERSION_ACTIONS = {"createNewVersions", "newForkModel", "newModelVersion", "newDocumentationVersion",
                   "newBranchModelVersion"}
#: What any logged-in reader of a finalised model may make of it: a fork.
READER_VERSION_ACTIONS = {"createNewVersions", "newForkModel"}
#: What no role keeps once a model is finalised.
DISALLOWED_ONCE_FINALISED = {"update", "save", "editDescription", "finalise", "mergeInto"}
#: Model items are never soft-deleted or finalised on their own.
DISALLOWED_MODEL_ITEM_ACTIONS = {"softDelete", "finalise"}


def model_actions(user, model, role=None):
    """Mauro's rules: editors may finalise a draft on `main` (a draft on another branch may be merged instead)
    and version a finalised model; below editor, a finalised model is read-only and may be forked."""
    role = role if role is not None else role_on(user, model)
    if role is None:
        return []
    actions = set(BASE_ACTIONS[role])
    if role_at_least(role, EDITOR):
        actions.add("finalise" if not model.finalised and model.branch_name == "main" else "mergeInto")
        if model.finalised:
            actions |= VERSION_ACTIONS | {"finalisedEditActions"}
    else:
        if model.finalised:
            actions.add("finalisedReadActions")
            if is_authenticated(user):
                actions |= READER_VERSION_ACTIONS
    if model.finalised:
        actions -= DISALLOWED_ONCE_FINALISED
    return sorted(actions)


def model_item_actions(user, model, role=None):
    """The owning model's actions; editors may (hard) delete items, whatever the model's state."""
    role = role if role is not None else role_on(user, model)
    actions = set(model_actions(user, model, role))
    if role_at_least(role, EDITOR):
        actions.add("delete")
    return sorted(actions - DISALLOWED_MODEL_ITEM_ACTIONS)


def container_actions(user, container, role=None):
    role = role if role is not None else role_on(user, container)
    if role is None:
        return []
    return sorted(BASE_ACTIONS[role] if role_at_least(role, CONTAINER_ADMIN) else {"show"})


# --- tree actions (contract §4.3: tree nodes carry tree actions, not the object's actions) ---------------

FOLDER_EDITOR_TREE_ACTIONS = {"createFolder", "createModel", "createVersionedFolder", "moveToFolder",
                              "moveToVersionedFolder", "softDelete"}
#: Classifiers: the same for editors and container admins (plus `delete`). Mauro hands a classifier's container
#: admins the folder list instead, which offers clients folder and versioned-folder creation under a classifier
#: that no route performs; the classifier list is kept for every role.
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
    """A folder directly holding a finalised model has versioned contents: it cannot move into a versioned
    folder. Reads `folder.holds_finalised_model` when the query annotated it (the tree does), else asks."""
    role = role if role is not None else role_on(user, folder)
    actions = _tree_actions(role, FOLDER_EDITOR_TREE_ACTIONS)
    if actions:
        holds = getattr(folder, "holds_finalised_model", None)
        if holds is None:
            from catalogue.models import CatalogueModel

            holds = CatalogueModel.objects.filter(folder_id=folder.pk, finalised=True).exists()
        if holds:
            actions.discard("moveToVersionedFolder")
    return sorted(actions)


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


# --- data models as whole objects (the API's permission class and the Django admin ask these) ----------------

#: Body keys an author may send when updating a model (Mauro's `editDescription`); any other key needs an editor.
DESCRIPTION_ONLY_KEYS = frozenset({"description", "id", "domainType"})
def require_site_admin(user):
    """401 for anonymous callers, 403 for anyone but a site administrator (restoring deleted content, bulk deletes,
    authorities): the one administrator rule of `accounts.policy`, at the site administrator's level."""
    policy.require_administrator(user, ApplicationRole.SITE_ADMIN)


def require_model_creation(user, folder):
    """Creating a model in a folder needs editor on it, and a folder that is not deleted (403)."""
    require_role(user, folder, EDITOR)
    if folder.deleted:
        raise Forbidden("Cannot create inside a deleted Folder", error_code="PERM03")


def require_model_update(user, model, body_keys):
    """Only `description` (Mauro's editDescription) needs author, anything else editor; drafts only (403)."""
    keys = set(body_keys)
    require_editable_model(user, model, AUTHOR if keys and keys <= DESCRIPTION_ONLY_KEYS else EDITOR)


def require_model_deletion(user, model, *, permanent):
    """A soft delete needs editor, a permanent one container_admin (403)."""
    require_role(user, model, CONTAINER_ADMIN if permanent else EDITOR)


def require_model_move(user, model, destination):
    """Moving a model needs author on it and container_admin on the destination folder (403)."""
    require_role(user, model, AUTHOR)
    require_role(user, destination, CONTAINER_ADMIN)
