"""Rules for folders, classifiers and authorities: create, update, move, soft and permanent delete.

The API decides rights before calling here (`accounts.permissions.ContainerPermission`, `AuthorityPermission`);
the `ensure_*` checks ask the same policy for other callers (the Django admin, views not yet on the base
viewsets). Every change records an edit and runs in one transaction; a refused change leaves nothing behind.
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.access import CONTAINER_ADMIN, grant_creator, require_login, require_role
from catalogue import models as m
from catalogue.selectors.containers import folder_paths, is_same_or_descendant
from catalogue.services.deletion import folder_subtree_ids, permanently_delete_folder
from catalogue.services.edits import describe_changes, record_edit, record_edits
from catalogue.services.labels import label_not_available_error, validate_label
from config.api.errors import Forbidden, Unprocessable

DEFAULT_FOLDER_LABEL = "New Folder"


def edit_label(item):
    """`Folder:Label`, as Mauro names an item in edit descriptions."""
    return f"{item.domain_type}:{item.label}"


def not_unique(domain_type, label, field="label"):
    """A folder or classifier label already taken, possibly by one the caller cannot read (names nothing else)."""
    return label_not_available_error(label, domain_type=domain_type, field=field)


def save_unique(obj, *, domain_type):
    """Save, turning a uniqueness race the checks could not see into the same 422 (never a 500)."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise not_unique(domain_type, obj.label)


# --- rights, for callers outside the API viewsets (call before reading any input) ---------------------

def ensure_can_create_root_container(user):
    require_login(user)


def ensure_container_admin(user, container):
    """Writes on a folder or classifier need container_admin (403 for readers, 401 for anonymous)."""
    require_role(user, container, CONTAINER_ADMIN)


# --- state rules -----------------------------------------------------------------------------------------

def ensure_not_deleted_folder(folder, message="Cannot create inside a deleted Folder"):
    if folder is not None and folder.deleted:
        raise Forbidden(message, error_code="PERM03")


# --- folders ------------------------------------------------------------------------------------------------

def _sibling_folders(parent):
    if parent is None:
        return m.Folder.objects.filter(parent_folder__isnull=True)
    return m.Folder.objects.filter(parent_folder=parent)


def _check_folder_label(label, parent, exclude=None):
    validate_label(label, domain_type="Folder")
    clashes = _sibling_folders(parent).filter(label=label)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    if clashes.exists():
        raise not_unique("Folder", label)


def default_folder_label(parent):
    """`New Folder`, then `New Folder (1)`, `New Folder (2)`... the first free among the siblings."""
    taken = set(_sibling_folders(parent).filter(label__startswith=DEFAULT_FOLDER_LABEL).values_list("label", flat=True))
    if DEFAULT_FOLDER_LABEL not in taken:
        return DEFAULT_FOLDER_LABEL
    numbers = {int(x.group(1)) for x in (re.fullmatch(rf"{DEFAULT_FOLDER_LABEL} \((\d+)\)", t) for t in taken) if x}
    n = 1
    while n in numbers:
        n += 1
    return f"{DEFAULT_FOLDER_LABEL} ({n})"


@transaction.atomic
def create_folder(*, user, parent=None, label=None, description=None, readable_by_everyone=False,
                  readable_by_authenticated_users=False):
    ensure_not_deleted_folder(parent)
    if label is None:
        label = default_folder_label(parent)
    _check_folder_label(label, parent)
    folder = m.Folder(label=label, parent_folder=parent, description=description,
                      readable_by_everyone=bool(readable_by_everyone),
                      readable_by_authenticated_users=bool(readable_by_authenticated_users),
                      created_by=user.email_address)
    save_unique(folder, domain_type="Folder")
    grant_creator(user=user, resource=folder)
    record_edit(item=folder, user=user, title=m.EditTitle.CREATE, description=f"[{edit_label(folder)}] created")
    if parent is not None:
        record_edit(item=parent, user=user, title=m.EditTitle.UPDATE,
                    description=f"[{edit_label(folder)}] added to component [{edit_label(parent)}]")
    return folder


FOLDER_FIELDS = ("label", "description", "readable_by_everyone", "readable_by_authenticated_users")


def update_folder(*, user, folder, changes):
    """Apply `changes` ({field: value} for FOLDER_FIELDS); unchanged values are not recorded."""
    changes = {k: v for k, v in changes.items() if k in FOLDER_FIELDS}
    if "label" in changes and changes["label"] != folder.label:
        _check_folder_label(changes["label"], folder.parent_folder, exclude=folder)
    before = {k: getattr(folder, k) for k in changes}
    for field, value in changes.items():
        setattr(folder, field, value)
    save_unique(folder, domain_type="Folder")
    description = describe_changes(before, changes)
    if description:
        record_edit(item=folder, user=user, title=m.EditTitle.UPDATE, description=description)
    return folder


def _mark_subtree_deleted(*, user, folder, deleted, title, verb):
    """Set `deleted` on the folder, its sub-folders and every model in them: one UPDATE per table."""
    folder_ids = folder_subtree_ids(folder.pk)
    now = timezone.now()
    models = list(m.CatalogueModel.objects.filter(folder_id__in=folder_ids, deleted=not deleted)
                  .only("id", "label", "model_domain_type"))
    folders = list(m.Folder.objects.filter(pk__in=folder_ids, deleted=not deleted).only("id", "label"))
    m.Folder.objects.filter(pk__in=folder_ids).update(deleted=deleted, last_updated=now)
    m.CatalogueModel.objects.filter(folder_id__in=folder_ids).update(deleted=deleted, last_updated=now)
    record_edits(items=[*folders, *models], user=user, title=title,
                 description_for=lambda item: f"[{edit_label(item)}] {verb}")
    folder.refresh_from_db()
    return folder


@transaction.atomic
def soft_delete_folder(*, user, folder):
    """Mark the folder, its sub-folders and every model in them deleted (set-based)."""
    return _mark_subtree_deleted(user=user, folder=folder, deleted=True, title=m.EditTitle.DELETE, verb="deleted")


@transaction.atomic
def restore_folder(*, user, folder):
    """Undo a folder's soft delete, with its sub-folders and the models in them (the reverse of the cascade)."""
    return _mark_subtree_deleted(user=user, folder=folder, deleted=False, title=m.EditTitle.UPDATE, verb="restored")


@transaction.atomic
def permanently_delete_folder_tree(*, user, folder):
    """Remove the folder, everything below it and their models for good; the parent keeps a record."""
    parent = folder.parent_folder
    label = edit_label(folder)
    permanently_delete_folder(folder=folder)
    if parent is not None:
        record_edit(item=parent, user=user, title=m.EditTitle.DELETE,
                    description=f"[{label}] permanently removed from component [{edit_label(parent)}]")
    else:
        # A root folder has no parent to hold the record; it stays as an audit entry under the old id.
        record_edit(item=folder, user=user, title=m.EditTitle.DELETE, description=f"[{label}] permanently deleted")


@transaction.atomic
def move_folder(*, user, folder, destination):
    """Move under `destination` (None = the root): not into itself or below itself, no sibling label clash."""
    if folder.deleted:
        raise Forbidden("Cannot change the folder of a deleted Folder", error_code="PERM03")
    ensure_not_deleted_folder(destination, "Cannot move into a deleted Folder")
    if destination is not None and is_same_or_descendant(folder, destination.pk):
        raise Unprocessable([{"message": "A Folder cannot be moved into itself or one of its sub-folders",
                              "field": "parentFolder"}])
    if destination is not None and destination.pk == folder.parent_folder_id or (
            destination is None and folder.parent_folder_id is None):
        return folder
    _check_folder_label(folder.label, destination, exclude=folder)
    old_path = folder_paths([folder])[folder.pk]
    folder.parent_folder = destination
    save_unique(folder, domain_type="Folder")
    record_edit(item=folder, user=user, title=m.EditTitle.UPDATE,
                description=describe_changes({"path": old_path}, {"path": folder_paths([folder])[folder.pk]}))
    return folder


# --- classifiers ----------------------------------------------------------------------------------------

def _check_classifier_label(label, exclude=None):
    validate_label(label, domain_type="Classifier")
    clashes = m.Classifier.objects.filter(label=label)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    if clashes.exists():
        raise not_unique("Classifier", label)


@transaction.atomic
def create_classifier(*, user, label, parent=None, description=None, readable_by_everyone=False,
                      readable_by_authenticated_users=False):
    _check_classifier_label(label)
    classifier = m.Classifier(label=label, parent_classifier=parent, description=description,
                              readable_by_everyone=bool(readable_by_everyone),
                              readable_by_authenticated_users=bool(readable_by_authenticated_users),
                              created_by=user.email_address)
    save_unique(classifier, domain_type="Classifier")
    grant_creator(user=user, resource=classifier)
    record_edit(item=classifier, user=user, title=m.EditTitle.CREATE,
                description=f"[{edit_label(classifier)}] created")
    if parent is not None:
        record_edit(item=parent, user=user, title=m.EditTitle.UPDATE,
                    description=f"[{edit_label(classifier)}] added to component [{edit_label(parent)}]")
    return classifier


CLASSIFIER_FIELDS = FOLDER_FIELDS


@transaction.atomic
def update_classifier(*, user, classifier, changes):
    changes = {k: v for k, v in changes.items() if k in CLASSIFIER_FIELDS}
    if "label" in changes and changes["label"] != classifier.label:
        _check_classifier_label(changes["label"], exclude=classifier)
    before = {k: getattr(classifier, k) for k in changes}
    for field, value in changes.items():
        setattr(classifier, field, value)
    save_unique(classifier, domain_type="Classifier")
    description = describe_changes(before, changes)
    if description:
        record_edit(item=classifier, user=user, title=m.EditTitle.UPDATE, description=description)
    return classifier


def _classifier_subtree_ids(classifier_id):
    """The classifier and every classifier below it: one query, whatever the depth."""
    below = m.ClassifierLineage.objects.filter(ancestor_id=classifier_id, depth__gt=0).values_list("descendant_id",
                                                                                                 flat=True)
    return [classifier_id, *below]


@transaction.atomic
def delete_classifier(*, user, classifier):
    """Hard delete: the classifier, its sub-classifiers and their attachments (set-based)."""
    ids = _classifier_subtree_ids(classifier.pk)
    parent = classifier.parent_classifier
    label = edit_label(classifier)
    m.ClassifierLink.objects.filter(classifier_id__in=ids).delete()
    for table in (m.Metadata, m.SemanticLink, m.ReferenceFile, m.ClassifierLink):
        table.objects.filter(catalogue_item_id__in=ids).delete()
    m.RuleRepresentation.objects.filter(rule__catalogue_item_id__in=ids).delete()
    m.Rule.objects.filter(catalogue_item_id__in=ids).delete()
    m.Annotation.objects.filter(catalogue_item_id__in=ids).update(parent_annotation=None)
    m.Annotation.objects.filter(catalogue_item_id__in=ids).delete()
    m.Edit.objects.filter(resource_id__in=ids).delete()
    m.Classifier.objects.filter(pk__in=ids).update(parent_classifier=None)
    m.Classifier.objects.filter(pk__in=ids).delete()
    if parent is not None:
        record_edit(item=parent, user=user, title=m.EditTitle.DELETE,
                    description=f"[{label}] removed from component [{edit_label(parent)}]")
    else:
        record_edit(item=classifier, user=user, title=m.EditTitle.DELETE, description=f"[{label}] deleted")


# --- authorities ----------------------------------------------------------------------------------------

def _check_authority(label, url, exclude=None):
    errors = []
    for field, value in (("label", label), ("url", url)):
        if not value or not value.strip():
            errors.append({"message": f"Property [{field}] of class [Authority] cannot be blank", "field": field})
        elif len(value) > m.Authority._meta.get_field(field).max_length:
            errors.append({"message": f"Property [{field}] of class [Authority] is too long", "field": field})
    if errors:
        raise Unprocessable(errors)
    clashes = m.Authority.objects.filter(label=label, url=url)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    if clashes.exists():
        raise Unprocessable([{"message": f"Property [label] of class [Authority] with value [{label}] must be unique "
                                         f"for url [{url}]", "field": "label"}])


def _make_default(authority):
    m.Authority.objects.filter(default_authority=True).exclude(pk=authority.pk).update(default_authority=False)
    authority.default_authority = True


@transaction.atomic
def create_authority(*, user, label, url, description=None, default_authority=False):
    _check_authority(label, url)
    authority = m.Authority(label=label, url=url, description=description, created_by=user.email_address)
    if default_authority:
        _make_default(authority)
    save_unique(authority, domain_type="Authority")
    record_edit(item=authority, user=user, title=m.EditTitle.CREATE, description=f"[{edit_label(authority)}] created")
    return authority


AUTHORITY_FIELDS = ("label", "url", "description", "default_authority")


@transaction.atomic
def update_authority(*, user, authority, changes):
    changes = {k: v for k, v in changes.items() if k in AUTHORITY_FIELDS}
    _check_authority(changes.get("label", authority.label), changes.get("url", authority.url), exclude=authority)
    if changes.get("default_authority") is False and authority.default_authority:
        raise Unprocessable([{"message": "There must be a default Authority; make another one the default instead",
                              "field": "defaultAuthority"}])
    before = {k: getattr(authority, k) for k in changes}
    for field, value in changes.items():
        if field == "default_authority":
            if value:
                _make_default(authority)
            continue
        setattr(authority, field, value)
    save_unique(authority, domain_type="Authority")
    description = describe_changes(before, {k: getattr(authority, k) for k in changes})
    if description:
        record_edit(item=authority, user=user, title=m.EditTitle.UPDATE, description=description)
    return authority


@transaction.atomic
def delete_authority(*, user, authority):
    if authority.default_authority:
        raise Forbidden("Cannot delete the default Authority", error_code="PERM05")
    in_use = m.CatalogueModel.objects.filter(authority=authority).count()
    if in_use:
        raise Unprocessable([{"message": f"Authority [{authority.label}] is the authority of {in_use} model(s) "
                                         "and cannot be deleted"}])
    label = edit_label(authority)
    m.Edit.objects.filter(resource_id=authority.pk).delete()
    record_edit(item=authority, user=user, title=m.EditTitle.DELETE, description=f"[{label}] deleted")
    authority.delete()
