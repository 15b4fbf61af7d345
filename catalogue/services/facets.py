"""Facets on any catalogue item: metadata, annotations, semantic links, version links (models only), reference
files, rules and classifiers.

Who may write (contract §4.2) is the access policy's decision, asked once per request before a body is read:
`accounts.access.require_item_right` with `WRITE_METADATA`, `WRITE_ANNOTATION`, `DELETE_ANNOTATION` or
`WRITE_FACET` (the API asks it through `accounts.permissions.CatalogueItemPermission`). The functions here take
an item the caller may write and apply the rules of the facets themselves (uniqueness, self-links, sizes).
Every write is one transaction and records an Edit on the item (Mauro's wording:
`[Metadata:ns:key] added to component [DataClass:Label]`).
"""

import mimetypes

from django.db import IntegrityError, transaction

from catalogue import models as m
from catalogue.models import EditTitle
from catalogue.selectors.items_lookup import owning_model_id
from catalogue.services.containers import create_classifier
from catalogue.services.edits import record_edit
from config.api.errors import Unprocessable

# --- edit history -------------------------------------------------------------------------------------------

def _item_label(item):
    return f"{item.domain_type}:{item.label}"


def _added(user, item, facet_label):
    record_edit(item=item, user=user, title=EditTitle.CREATE,
                description=f"[{facet_label}] added to component [{_item_label(item)}]")


def _changed(user, item, facet_label, fields):
    if fields:
        record_edit(item=item, user=user, title=EditTitle.UPDATE,
                    description=f"[{facet_label}] changed properties [{', '.join(fields)}]")


def _removed(user, item, facet_label):
    record_edit(item=item, user=user, title=EditTitle.DELETE,
                description=f"[{facet_label}] removed from component [{_item_label(item)}]")


def _apply(instance, changes):
    """Set the given attributes; returns the names (as the API spells them) of those that really changed."""
    changed = []
    for api_name, (attribute, value) in changes.items():
        if getattr(instance, attribute) != value:
            setattr(instance, attribute, value)
            changed.append(api_name)
    return changed


def _facet_fields(user, item):
    return {"catalogue_item_domain_type": item.domain_type, "catalogue_item_id": item.pk,
            "model_id": owning_model_id(item), "created_by": user.email_address}


def _save_unique(instance, error):
    """Save; a uniqueness race that slips past the check is still the rule's 422, never a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise Unprocessable([error])


# --- metadata -----------------------------------------------------------------------------------------------

def _metadata_label(metadata):
    return f"Metadata:{metadata.namespace}:{metadata.key}"


def _metadata_unique_error(namespace, key):
    return {"message": f"Property [key] of class [Metadata] with value [{key}] must be unique within namespace "
                       f"[{namespace}] for this item", "field": "key"}


def _check_metadata_unique(item, namespace, key, exclude=None):
    clash = m.Metadata.objects.filter(catalogue_item_id=item.pk, namespace=namespace, key=key)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise Unprocessable([_metadata_unique_error(namespace, key)])


@transaction.atomic
def create_metadata(*, user, target, namespace, key, value):
    item = target.item
    _check_metadata_unique(item, namespace, key)
    metadata = m.Metadata(namespace=namespace, key=key, value=value, **_facet_fields(user, item))
    _save_unique(metadata, _metadata_unique_error(namespace, key))
    _added(user, item, _metadata_label(metadata))
    return metadata


@transaction.atomic
def update_metadata(*, user, target, metadata, **values):
    label = _metadata_label(metadata)
    changed = _apply(metadata, {name: (name, value) for name, value in values.items()})
    if changed:
        _check_metadata_unique(target.item, metadata.namespace, metadata.key, exclude=metadata)
        _save_unique(metadata, _metadata_unique_error(metadata.namespace, metadata.key))
        _changed(user, target.item, label, changed)
    return metadata


@transaction.atomic
def delete_metadata(*, user, target, metadata):
    metadata.delete()
    _removed(user, target.item, _metadata_label(metadata))


# --- annotations --------------------------------------------------------------------------------------------

@transaction.atomic
def create_annotation(*, user, target, label=None, description=None, parent=None):
    """A comment on the item, or a reply to one of its comments (replies need a description; their label
    defaults to the parent's label with the reply's number)."""
    item = target.item
    if parent is not None:
        if not label:
            label = f"{parent.label} [{m.Annotation.objects.filter(parent_annotation=parent).count() + 1}]"
    annotation = m.Annotation(label=label[:255], description=description, parent_annotation=parent,
                              created_by_user=user, **_facet_fields(user, item))
    annotation.save()
    _added(user, item, f"Annotation:{annotation.label}")
    return annotation


@transaction.atomic
def delete_annotation(*, user, target, annotation):
    """Remove a comment and every reply below it."""
    ids, frontier = [annotation.pk], [annotation.pk]
    while frontier:
        frontier = list(m.Annotation.objects.filter(parent_annotation_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    m.Annotation.objects.filter(pk__in=ids).update(parent_annotation=None)
    m.Annotation.objects.filter(pk__in=ids).delete()
    _removed(user, target.item, f"Annotation:{annotation.label}")


# --- semantic links -----------------------------------------------------------------------------------------

def _link_label(link):
    return f"SemanticLink:{link.link_type}:{link.target_id}"


def _check_not_self(item, target_item):
    if item.pk == target_item.pk:
        raise Unprocessable([{"message": "Property [targetMultiFacetAwareItem] of class [SemanticLink] cannot be the "
                                         "same as the source item", "field": "targetMultiFacetAwareItemId"}])


@transaction.atomic
def create_semantic_link(*, user, target, link_type, target_item):
    item = target.item
    _check_not_self(item, target_item)
    link = m.SemanticLink(link_type=link_type, target_domain_type=target_item.domain_type, target_id=target_item.pk,
                          **_facet_fields(user, item))
    link.save()
    _added(user, item, _link_label(link))
    return link


@transaction.atomic
def update_semantic_link(*, user, target, link, link_type=None, target_item=None):
    label = _link_label(link)
    changes = {}
    if link_type is not None:
        changes["linkType"] = ("link_type", link_type)
    if target_item is not None:
        _check_not_self(target.item, target_item)
        changes["targetMultiFacetAwareItemId"] = ("target_id", target_item.pk)
        changes["targetMultiFacetAwareItemDomainType"] = ("target_domain_type", target_item.domain_type)
    changed = _apply(link, changes)
    if changed:
        link.save()
        _changed(user, target.item, label, changed)
    return link


@transaction.atomic
def confirm_semantic_link(*, user, target, link):
    if link.unconfirmed:
        link.unconfirmed = False
        link.save()
        _changed(user, target.item, _link_label(link), ["unconfirmed"])
    return link


@transaction.atomic
def delete_semantic_link(*, user, target, link):
    link.delete()
    _removed(user, target.item, _link_label(link))


# --- version links ------------------------------------------------------------------------------------------

def _version_link_label(link):
    """`VersionLink:NEW_FORK_OF:<target id>`: the link type as its constant name, as Mauro's edit history words it."""
    return f"VersionLink:{link.link_type.upper().replace(' ', '_')}:{link.target_model_id}"


def _check_version_target(model, target_model):
    if not isinstance(target_model, m.CatalogueModel):
        raise Unprocessable([{"message": f"Property [targetModelDomainType] of class [VersionLink] with value "
                                         f"[{target_model.domain_type}] is not a model type",
                              "field": "targetModelDomainType"}])
    if model.pk == target_model.pk:
        raise Unprocessable([{"message": "Property [targetModel] of class [VersionLink] cannot be the same as the "
                                         "source model", "field": "targetModelId"}])


@transaction.atomic
def create_version_link(*, user, target, link_type, target_model):
    """`target.item` (a model) becomes a new version, documentation version or fork of `target_model`."""
    model = target.item
    _check_version_target(model, target_model)
    link = m.VersionLink(source_model=model, target_model=target_model, link_type=link_type,
                         created_by=user.email_address)
    link.save()
    _added(user, model, _version_link_label(link))
    return link


@transaction.atomic
def update_version_link(*, user, target, link, link_type=None, target_model=None):
    changes = {}
    if link_type is not None:
        changes["linkType"] = ("link_type", link_type)
    if target_model is not None:
        _check_version_target(target.item, target_model)
        changes["targetModelId"] = ("target_model_id", target_model.pk)
    changed = _apply(link, changes)
    if changed:
        link.save()
        link.target_model = target_model or link.target_model
        _changed(user, target.item, _version_link_label(link), changed)
    return link


@transaction.atomic
def delete_version_link(*, user, target, link):
    link.delete()
    _removed(user, target.item, _version_link_label(link))


# --- reference files ----------------------------------------------------------------------------------------

#: Types served with their own content type; everything else is a download of `application/octet-stream`.
INLINE_CONTENT_TYPES = (("png", "image/png"), ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"), ("gif", "image/gif"),
                        ("svg+xml", "image/svg+xml"))


def guess_file_type(file_name):
    """The MIME type of a file name, else its extension, else `Unknown`."""
    guessed, _ = mimetypes.guess_type(file_name or "")
    if guessed:
        return guessed
    if file_name and "." in file_name:
        return file_name.rsplit(".", 1)[-1]
    return "Unknown"


def download_content_type(file_type):
    lowered = (file_type or "").lower()
    for marker, content_type in INLINE_CONTENT_TYPES:
        if marker in lowered:
            return content_type
    return "application/octet-stream"


def _file_label(reference_file):
    return f"ReferenceFile:{reference_file.file_name}"


@transaction.atomic
def create_reference_file(*, user, target, file_name, contents, file_type=None):
    """Attach a file; its size is always the size of the contents, its type guessed from the name if not given."""
    item = target.item
    reference_file = m.ReferenceFile(file_name=file_name, file_type=file_type or guess_file_type(file_name),
                                     file_size=len(contents), file_contents=contents, **_facet_fields(user, item))
    reference_file.save()
    _added(user, item, _file_label(reference_file))
    return reference_file


@transaction.atomic
def update_reference_file(*, user, target, reference_file, file_name=None, file_type=None, contents=None):
    label = _file_label(reference_file)
    changes = {}
    if file_name is not None:
        changes["fileName"] = ("file_name", file_name)
    if file_type is not None:
        changes["fileType"] = ("file_type", file_type)
    changed = _apply(reference_file, changes)
    if contents is not None and bytes(reference_file.file_contents or b"") != contents:
        reference_file.file_contents = contents
        changed.append("fileContents")
        if reference_file.file_size != len(contents):
            reference_file.file_size = len(contents)
            changed.append("fileSize")
    if changed:
        reference_file.save()
        _changed(user, target.item, label, changed)
    return reference_file


@transaction.atomic
def delete_reference_file(*, user, target, reference_file):
    reference_file.delete()
    _removed(user, target.item, _file_label(reference_file))


# --- rules and their representations ------------------------------------------------------------------------

def _check_rule_name_unique(item, name, exclude=None):
    clash = m.Rule.objects.filter(catalogue_item_id=item.pk, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise Unprocessable([{"message": f"Property [name] of class [Rule] with value [{name}] must be unique "
                                         f"for this item", "field": "name"}])


@transaction.atomic
def create_rule(*, user, target, name, description=None):
    item = target.item
    _check_rule_name_unique(item, name)
    rule = m.Rule(name=name, description=description, **_facet_fields(user, item))
    rule.save()
    _added(user, item, f"Rule:{rule.name}")
    return rule


@transaction.atomic
def update_rule(*, user, target, rule, **values):
    label = f"Rule:{rule.name}"
    changed = _apply(rule, {name: (name, value) for name, value in values.items()})
    if changed:
        _check_rule_name_unique(target.item, rule.name, exclude=rule)
        rule.save()
        _changed(user, target.item, label, changed)
    return rule


@transaction.atomic
def delete_rule(*, user, target, rule):
    rule.representations.all().delete()
    rule.delete()
    _removed(user, target.item, f"Rule:{rule.name}")


@transaction.atomic
def create_rule_representation(*, user, target, rule, language, representation):
    created = m.RuleRepresentation.objects.create(rule=rule, language=language, representation=representation,
                                                  created_by=user.email_address)
    _changed(user, target.item, f"Rule:{rule.name}", ["ruleRepresentations"])
    return created


@transaction.atomic
def update_rule_representation(*, user, target, rule_representation, **values):
    changed = _apply(rule_representation, {name: (name, value) for name, value in values.items()})
    if changed:
        rule_representation.save()
        _changed(user, target.item, f"Rule:{rule_representation.rule.name}", ["ruleRepresentations"])
    return rule_representation


@transaction.atomic
def delete_rule_representation(*, user, target, rule_representation):
    rule_representation.delete()
    _changed(user, target.item, f"Rule:{rule_representation.rule.name}", ["ruleRepresentations"])


# --- classifiers on items -----------------------------------------------------------------------------------

def _check_not_attached(item, classifier):
    if m.ClassifierLink.objects.filter(catalogue_item_id=item.pk, classifier=classifier).exists():
        raise Unprocessable([{"message": f"Classifier [{classifier.label}] is already attached to "
                                         f"[{_item_label(item)}]", "field": "id"}])


def _attach(user, item, classifier):
    link = m.ClassifierLink(classifier=classifier, **_facet_fields(user, item))
    _save_unique(link, {"message": f"Classifier [{classifier.label}] is already attached to [{_item_label(item)}]",
                        "field": "id"})
    _added(user, item, f"Classifier:{classifier.label}")


@transaction.atomic
def attach_classifier(*, user, target, classifier):
    """Tag the item with an existing classifier the caller may read."""
    _check_not_attached(target.item, classifier)
    _attach(user, target.item, classifier)
    return classifier


@transaction.atomic
def create_and_attach_classifier(*, user, target, label, description=None):
    """Create a root classifier (the caller becomes its container admin) and tag the item with it."""
    classifier = create_classifier(user=user, label=label, description=description)
    _attach(user, target.item, classifier)
    return classifier


@transaction.atomic
def detach_classifier(*, user, target, classifier):
    m.ClassifierLink.objects.filter(catalogue_item_id=target.item.pk, classifier=classifier).delete()
    _removed(user, target.item, f"Classifier:{classifier.label}")
