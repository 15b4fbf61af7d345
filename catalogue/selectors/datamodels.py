"""Read paths for models: the querysets lists start from and the classifiers of a whole page in one query."""

from accounts.access import get_readable, readable_classifiers, readable_folders, readable_models
from catalogue import models as m
from config.api.ids import parse_uuid

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


def readable_data_models(user, *, folder=None, queryset=None):
    """Data models the caller may read (optionally only those directly in `folder`, or among `queryset`), ready
    for JSON."""
    queryset = (queryset if queryset is not None else m.CatalogueModel.objects.all()).filter(
        model_domain_type=m.ModelDomainType.DATA_MODEL)
    if folder is not None:
        queryset = queryset.filter(folder=folder)
    return readable_models(user, queryset).select_related("folder", "authority")


def readable_data_model(user, model_id):
    """The data model named in a URL if the caller may read it, else the DataModel 404 (bad UUIDs included)."""
    pk = parse_uuid(model_id, "DataModel")
    return get_readable(lambda caller, queryset: readable_data_models(caller, queryset=queryset), user,
                        m.CatalogueModel.objects.all(), pk, "DataModel")


def readable_folder(user, folder_id):
    """The folder named in a data model route if the caller may read it, else the Folder 404."""
    return get_readable(readable_folders, user, m.Folder.objects.all(), parse_uuid(folder_id, "Folder"), "Folder")


def classifiers_by_item(item_ids, *, user):
    """{item id: [Classifier, ...]} for the readable classifiers attached to the items (one query)."""
    links = (m.ClassifierLink.objects
             .filter(catalogue_item_id__in=list(item_ids),
                     classifier__in=readable_classifiers(user, m.Classifier.objects.all()))
             .select_related("classifier")
             .order_by("classifier__label", "classifier_id"))
    grouped = {}
    for link in links:
        grouped.setdefault(link.catalogue_item_id, []).append(link.classifier)
    return grouped
