"""Read paths for models: the querysets lists start from and the classifiers of a whole page in one query."""

from accounts.access import get_readable, readable_classifiers, readable_folders, readable_models
from catalogue import models as m
from config.api.errors import NotFound
from config.api.ids import parse_uuid
from config.prepared import PreparedQuery

#: Mauro sort names → model fields for model lists.
MODEL_SORT_FIELDS = {
    "label": "label",
    "lastUpdated": "last_updated",
    "dateCreated": "date_created",
    "type": "model_type",
    "documentationVersion": "documentation_version",
    "modelVersion": "model_version",
    "branchName": "branch_name",
    "author": "author",
    "organisation": "organisation",
}
MODEL_DEFAULT_ORDER = ["label", "branch_name", "documentation_version"]


def readable_data_models(user, *, folder=None, queryset=None, kind=m.ModelDomainType.DATA_MODEL):
    """Models of `kind` (data models unless said) the caller may read (optionally only those directly in `folder`,
    or among `queryset`), ready for JSON."""
    queryset = (queryset if queryset is not None else m.CatalogueModel.objects.all()).filter(model_domain_type=kind)
    if folder is not None:
        queryset = queryset.filter(folder=folder)
    return readable_models(user, queryset).select_related("folder", "authority")


def _model_lookup(kind):
    return PreparedQuery(lambda: m.CatalogueModel.objects.all(), lambda models, pk: models.filter(
        model_domain_type=kind, pk=pk).select_related("folder", "authority").order_by()[:1])


#: The prepared lookup of one model by id, per kind.
_MODEL_OF_KIND = {kind: _model_lookup(kind) for kind in m.ModelDomainType}


def readable_data_model(user, model_id, kind=m.ModelDomainType.DATA_MODEL):
    """The model of `kind` (a data model unless said) named in a URL if the caller may read it, else that kind's 404
    (bad UUIDs included)."""
    kind = m.ModelDomainType(kind)
    pk = parse_uuid(model_id, kind.value)
    found = _MODEL_OF_KIND[kind].first_readable(readable_models, user, pk=pk)
    if found is None:
        raise NotFound(kind.value, pk)
    return found


def _readable_links(user, links):
    """Classifier links to classifiers the caller may read (all of them, unfiltered, when none is hidden)."""
    classifiers = m.Classifier.objects.all()
    readable = readable_classifiers(user, classifiers)
    return links if readable is classifiers else links.filter(classifier__in=readable)


_CLASSIFIER_LINKS = PreparedQuery(lambda: m.ClassifierLink.objects.all(), lambda links, items: links.filter(
    catalogue_item_id__in=items).select_related("classifier").order_by("classifier__label", "classifier_id"))


def readable_folder(user, folder_id):
    """The folder named in a data model route if the caller may read it, else the Folder 404."""
    return get_readable(readable_folders, user, m.Folder.objects.all(), parse_uuid(folder_id, "Folder"), "Folder")


#: Up to this many items, the classifiers of a page are read through a query prepared for that number of ids.
_PREPARED_IDS = 100


def classifiers_by_item(item_ids, *, user):
    """{item id: [Classifier, ...]} for the readable classifiers attached to the items (one query)."""
    item_ids = list(item_ids)
    if not item_ids:
        return {}
    links = (_CLASSIFIER_LINKS.readable(_readable_links, user, items=item_ids) if len(item_ids) <= _PREPARED_IDS
             else _readable_links(user, m.ClassifierLink.objects.all()).filter(catalogue_item_id__in=item_ids)
             .select_related("classifier").order_by("classifier__label", "classifier_id"))
    grouped = {}
    for link in links:
        grouped.setdefault(link.catalogue_item_id, []).append(link.classifier)
    return grouped
