"""Read paths for folders and classifiers: lists that cost a fixed number of queries, Mauro paths for a
whole page at once (from the containers' lineage), and the catalogue items a classifier is attached to."""

from django.db.models import Exists, OuterRef

from accounts.access import readable_folders, readable_items, readable_models
from catalogue import models as m
from catalogue.selectors.paths import Locator, model_path_segment


def with_child_folder_flag(queryset):
    """Annotate `has_child_folders` (one EXISTS per row inside the same query, no extra round trip)."""
    return queryset.annotate(has_child_folders=Exists(m.Folder.objects.filter(parent_folder=OuterRef("pk"))))


def _paths(items, *, model, prefix):
    """Mauro paths of the items. The items' own labels and parents come first; the labels of ancestors not
    among them come from the lineage, in one query per 500 items (none when the items hold every ancestor)."""
    items = list(items)
    known = {item.pk: (item.label, getattr(item, model.parent_attname)) for item in items}
    outside = [pk for pk, (_, parent) in known.items() if parent is not None and parent not in known]
    above = {}
    for start in range(0, len(outside), 500):
        rows = (model.lineage_model.objects.filter(descendant_id__in=outside[start:start + 500], depth__gt=0)
                .values_list("descendant_id", "depth", "ancestor__label"))
        for pk, depth, label in rows:
            above.setdefault(pk, []).append((depth, label))

    def labels(pk):
        chain, seen = [], set()
        while pk is not None and pk in known and pk not in seen:
            seen.add(pk)
            label, parent = known[pk]
            chain.append(label)
            if pk in above:
                chain.extend(label for _, label in sorted(above[pk]))
                break
            pk = parent
        return reversed(chain)

    return {item.pk: "|".join(f"{prefix}:{label}" for label in labels(item.pk)) for item in items}


def folder_paths(folders):
    """{folder id: `fo:Top|fo:Child`} for a list of folders."""
    return _paths(folders, model=m.Folder, prefix="fo")


def classifier_paths(classifiers):
    """{classifier id: `cl:Top|cl:Child`} for a list of classifiers."""
    return _paths(classifiers, model=m.Classifier, prefix="cl")


def is_same_or_descendant(folder, candidate_id):
    """Is `candidate_id` the folder itself or one of its descendants (one query)?"""
    if candidate_id is None:
        return False
    return candidate_id == folder.pk or m.FolderLineage.objects.filter(ancestor_id=folder.pk,
                                                                       descendant_id=candidate_id).exists()


# --- what a classifier classifies -----------------------------------------------------------------------

class ClassifiedItemSource:
    """How to load and describe catalogue items of some domain types for `/classifiers/{id}/catalogueItems`."""

    def __init__(self, queryset, readable, describe):
        self.queryset = queryset
        self.readable = readable
        self.describe = describe

    def load(self, user, ids):
        return list(self.readable(user, self.queryset()).filter(pk__in=ids))


def _describe_folders(folders):
    paths = folder_paths(folders)
    return [{"id": str(f.pk), "domainType": "Folder", "label": f.label, "path": paths[f.pk]} for f in folders]


def _describe_models(models):
    return [{"id": str(x.pk), "domainType": x.model_domain_type, "label": x.label, "path": model_path_segment(x)}
            for x in models]


def _describe_model_items(items):
    locator = Locator()
    locator.preload([item.model_id for item in items])
    return [{"id": str(item.pk), "domainType": item.domain_type, "label": item.label, "path": locator.path(item),
             "model": str(item.model_id), "breadcrumbs": locator.breadcrumbs(item)} for item in items]


_MODEL_ITEM_SOURCES = [
    (["DataClass"], lambda: m.DataClass.objects.all()),
    (["DataElement"], lambda: m.DataElement.objects.all()),
    ([k.value for k in m.DataTypeKind], lambda: m.DataType.objects.all()),
    (["EnumerationValue"], lambda: m.EnumerationValue.objects.select_related("data_type")),
]

#: domainType → source; other areas register new kinds (terms, reference data) with `register_classified_items`.
CLASSIFIED_ITEM_SOURCES = {}


def register_classified_items(domain_types, source):
    for domain_type in domain_types:
        CLASSIFIED_ITEM_SOURCES[domain_type] = source


register_classified_items(["Folder"], ClassifiedItemSource(lambda: m.Folder.objects.all(), readable_folders,
                                                           _describe_folders))
register_classified_items([k.value for k in m.ModelDomainType],
                          ClassifiedItemSource(lambda: m.CatalogueModel.objects.all(), readable_models,
                                               _describe_models))
for _types, _queryset in _MODEL_ITEM_SOURCES:
    register_classified_items(_types, ClassifiedItemSource(_queryset, readable_items, _describe_model_items))


def classified_items(*, user, classifier):
    """The readable items the classifier is attached to, described, ordered by label then id.

    One query for the links, then one per kind of item present (plus the model-item locator's two).
    """
    links = m.ClassifierLink.objects.filter(classifier=classifier).values_list("catalogue_item_domain_type",
                                                                                "catalogue_item_id")
    ids_by_source = {}
    for domain_type, item_id in links:
        source = CLASSIFIED_ITEM_SOURCES.get(domain_type)
        if source is not None:
            ids_by_source.setdefault(id(source), (source, set()))[1].add(item_id)
    described = []
    for source, ids in ids_by_source.values():
        described.extend(source.describe(source.load(user, ids)))
    described.sort(key=lambda entry: (entry["label"].lower(), entry["id"]))
    return described
