"""Rules for data models as whole objects: create in a folder, update, move, soft delete and restore,
permanent delete (set-based), and the administrators' bulk delete.

Callers have fetched the model and folder through the access policy (hidden → 404) and checked the caller's
rights with it (`accounts.access.require_model_*`: the API's permission class, the Django admin); each
operation is one transaction and records edits.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.access import grant_creator
from catalogue import models as m
from catalogue.providers import find_default_data_type_provider
from catalogue.selectors.containers import folder_paths
from catalogue.services.containers import edit_label, ensure_not_deleted_folder
from catalogue.services.deletion import permanently_delete_models
from catalogue.services.edits import describe_changes, edit_for, record_edit, record_edits
from catalogue.services.labels import label_not_available_error, validate_label
from config.api.errors import Forbidden, Unprocessable

DATA_MODEL = "DataModel"
MODEL_TYPES = [m.DataModelType.DATA_ASSET.value, m.DataModelType.DATA_STANDARD.value]
#: Body fields an update may change (model attribute names).
MODEL_FIELDS = ("label", "description", "author", "organisation", "model_type", "aliases_string",
                "readable_by_everyone", "readable_by_authenticated_users")


# --- validation ---------------------------------------------------------------------------------------------

def validate_model_type(value):
    if value not in MODEL_TYPES:
        shown = "null" if value is None else value
        raise Unprocessable([{"message": f"Property [type] of class [{DATA_MODEL}] with value [{shown}] must be one "
                                         f"of [{', '.join(MODEL_TYPES)}]", "field": "type"}])
    return value


def aliases_string(aliases):
    """Aliases are stored `|`-joined, so an alias may not contain `|` (nor be blank)."""
    cleaned = []
    for alias in aliases:
        if not alias.strip() or "|" in alias:
            raise Unprocessable([{"message": f"Property [aliases] of class [{DATA_MODEL}] with value [{alias}] "
                                             "cannot be blank or contain '|'", "field": "aliases"}])
        if alias not in cleaned:
            cleaned.append(alias)
    return "|".join(cleaned) or None


def _label_taken(label, kind=DATA_MODEL):
    """Model labels are unique per authority, kind and branch across every folder, readable or not: the 422 names
    only the label."""
    return label_not_available_error(label, domain_type=kind)


def _check_model_label(label, *, authority, branch_name, exclude=None, kind=DATA_MODEL):
    validate_label(label, domain_type=kind)
    clashes = m.CatalogueModel.objects.filter(model_domain_type=kind, authority=authority,
                                              label=label, branch_name=branch_name, finalised=False)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    if clashes.exists():
        raise _label_taken(label, kind)


def _save(model):
    try:
        with transaction.atomic():
            model.save()
    except IntegrityError:
        raise _label_taken(model.label, model.model_domain_type)


def _optional(value):
    return value if value not in ("", None) else None


def _check_lengths(values):
    """author and organisation are short texts (255); longer values are a 422, never a database error."""
    for field in ("author", "organisation"):
        value = values.get(field)
        if isinstance(value, str) and len(value) > m.CatalogueModel._meta.get_field(field).max_length:
            raise Unprocessable([{"message": f"Property [{field}] of class [{DATA_MODEL}] is longer than "
                                             f"{m.CatalogueModel._meta.get_field(field).max_length}", "field": field}])


# --- operations ---------------------------------------------------------------------------------------------

#: The model class of each kind of model a folder can hold (`kind` of `create_data_model`).
MODEL_CLASSES = {m.ModelDomainType.DATA_MODEL: m.DataModel, m.ModelDomainType.TERMINOLOGY: m.Terminology,
                 m.ModelDomainType.CODE_SET: m.CodeSet}


@transaction.atomic
def create_data_model(*, user, folder, label, description=None, author=None, organisation=None, model_type=None,
                      aliases=(), readable_by_everyone=False, readable_by_authenticated_users=False,
                      default_data_types=None, kind=m.ModelDomainType.DATA_MODEL):
    """A new draft model of `kind` (a data model unless said) in `folder`; with `default_data_types` (a provider's
    name), it starts with that provider's data types, written in one set. An unknown provider is a 422 and nothing
    is stored. A terminology's or code set's type is its kind, whatever the body says."""
    if kind != m.ModelDomainType.DATA_MODEL:
        model_type = kind
    provider = None
    if default_data_types is not None:
        provider = find_default_data_type_provider(default_data_types)
        if provider is None:
            raise Unprocessable([{"message": f"Unknown default data type provider [{default_data_types}]",
                                  "field": "defaultDataTypeProvider"}])
    _check_lengths({"author": author, "organisation": organisation})
    authority = m.Authority.default()
    if kind == m.ModelDomainType.DATA_MODEL:
        model_type = validate_model_type(model_type if model_type is not None
                                         else m.DataModelType.DATA_STANDARD.value)
    _check_model_label(label, authority=authority, branch_name=m.DEFAULT_BRANCH, kind=kind)
    model = MODEL_CLASSES[kind](label=label, folder=folder, authority=authority, model_type=model_type,
                        description=_optional(description), author=_optional(author),
                        organisation=_optional(organisation), aliases_string=aliases_string(aliases or []),
                        readable_by_everyone=bool(readable_by_everyone),
                        readable_by_authenticated_users=bool(readable_by_authenticated_users),
                        created_by=user.email_address)
    _save(model)
    grant_creator(user=user, resource=model)
    record_edit(item=model, user=user, title=m.EditTitle.CREATE, description=f"[{edit_label(model)}] created")
    if provider is not None:
        m.DataType.objects.bulk_create([
            m.DataType(model=model, kind=data_type.domain_type, label=data_type.label,
                       description=data_type.description, units=data_type.units, index=index,
                       created_by=user.email_address)
            for index, data_type in enumerate(provider.data_types)])
    return model


@transaction.atomic
def update_data_model(*, user, model, changes):
    """Apply `changes` ({field: value} over MODEL_FIELDS, `aliases` as a list); the caller has checked the rights
    (`accounts.access.require_model_update`)."""
    changes = dict(changes)
    if "aliases" in changes:
        changes["aliases_string"] = aliases_string(changes.pop("aliases") or [])
    changes = {k: v for k, v in changes.items() if k in MODEL_FIELDS}
    _check_lengths(changes)
    if model.model_domain_type != m.ModelDomainType.DATA_MODEL:
        changes.pop("model_type", None)  # a terminology's or code set's type is its kind
    if "model_type" in changes:
        validate_model_type(changes["model_type"])
    if "label" in changes and changes["label"] != model.label:
        _check_model_label(changes["label"], authority=model.authority, branch_name=model.branch_name, exclude=model,
                           kind=model.model_domain_type)
    for field in ("description", "author", "organisation"):
        if field in changes:
            changes[field] = _optional(changes[field])
    before = {k: getattr(model, k) for k in changes}
    for field, value in changes.items():
        setattr(model, field, value)
    _save(model)
    description = describe_changes(before, changes)
    if description:
        record_edit(item=model, user=user, title=m.EditTitle.UPDATE, description=description)
    return model


@transaction.atomic
def soft_delete_data_model(*, user, model):
    if not model.deleted:
        model.deleted = True
        model.save(update_fields=["deleted", "last_updated"])
        record_edit(item=model, user=user, title=m.EditTitle.DELETE, description=f"[{edit_label(model)}] deleted")
    return model


@transaction.atomic
def undo_soft_delete_data_model(*, user, model):
    if model.deleted:
        model.deleted = False
        model.save(update_fields=["deleted", "last_updated"])
        record_edit(item=model, user=user, title=m.EditTitle.UPDATE, description=f"[{edit_label(model)}] restored")
    return model


@transaction.atomic
def restore_data_models(*, user, models):
    """Undo the soft delete of many models at once (one UPDATE, one insert of edits)."""
    to_restore = [x for x in models if x.deleted]
    m.CatalogueModel.objects.filter(pk__in=[x.pk for x in to_restore]).update(deleted=False,
                                                                               last_updated=timezone.now())
    record_edits(items=to_restore, user=user, title=m.EditTitle.UPDATE,
                 description_for=lambda item: f"[{edit_label(item)}] restored")
    return len(to_restore)


@transaction.atomic
def permanently_delete_data_models(*, user, models):
    """Remove models and all their content set-based; each folder that held one keeps a record."""
    models = list(models)
    folders = m.Folder.objects.in_bulk({x.folder_id for x in models})
    permanently_delete_models(model_ids=[x.pk for x in models])
    m.Edit.objects.bulk_create([
        edit_for(folders[x.folder_id], user=user, title=m.EditTitle.DELETE,
                 description=f"[{edit_label(x)}] permanently removed from component "
                             f"[{edit_label(folders[x.folder_id])}]")
        for x in models if x.folder_id in folders], batch_size=500)


@transaction.atomic
def move_data_model(*, user, model, destination):
    """Change the model's folder (allowed for finalised models; not for deleted ones)."""
    if model.deleted:
        raise Forbidden(f"Cannot change the folder of a deleted {model.model_domain_type}", error_code="PERM03")
    ensure_not_deleted_folder(destination, "Cannot move into a deleted Folder")
    if destination.pk == model.folder_id:
        return model
    old_folder = model.folder
    paths = folder_paths([old_folder, destination])
    model.folder = destination
    model.save(update_fields=["folder", "last_updated"])
    record_edit(item=model, user=user, title=m.EditTitle.UPDATE,
                description=describe_changes({"folder": paths[old_folder.pk]}, {"folder": paths[destination.pk]}))
    return model


@transaction.atomic
def delete_data_models(*, user, models, permanent):
    """The administrators' bulk delete: soft (one UPDATE, returns the models) or permanent (returns [])."""
    models = list(models)
    if permanent:
        permanently_delete_data_models(user=user, models=models)
        return []
    to_mark = [x for x in models if not x.deleted]
    m.CatalogueModel.objects.filter(pk__in=[x.pk for x in to_mark]).update(deleted=True, last_updated=timezone.now())
    record_edits(items=to_mark, user=user, title=m.EditTitle.DELETE,
                 description_for=lambda item: f"[{edit_label(item)}] deleted")
    for model in models:
        model.deleted = True
    return models
