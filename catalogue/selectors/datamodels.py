"""Read paths for models: the querysets lists start from and the classifiers of a whole page in one query."""

from accounts.access import readable_classifiers, readable_models
from catalogue import models as m

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


def readable_data_models(user, *, folder=None):
    """Data models the caller may read (optionally only those directly in `folder`), ready for JSON."""
    queryset = m.CatalogueModel.objects.filter(model_domain_type=m.ModelDomainType.DATA_MODEL)
    if folder is not None:
        queryset = queryset.filter(folder=folder)
    return readable_models(user, queryset).select_related("folder", "authority")


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
