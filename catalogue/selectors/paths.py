"""Breadcrumbs and Mauro paths for model items, with a fixed number of queries for any list of items.

`Locator` loads each involved model once and the (id, label, parent) of all its data classes in one
query, then answers breadcrumbs and paths from memory, however deep the classes nest.
"""

from catalogue import models as m


def model_path_segment(model):
    """`dm:Label$main` for a draft, `dm:Label$1.0.0` for a finalised model."""
    prefix = {"DataModel": "dm", "Terminology": "te", "CodeSet": "cs", "ReferenceDataModel": "rdm"}.get(
        model.model_domain_type, "dm")
    suffix = model.model_version if model.finalised and model.model_version else model.branch_name
    return f"{prefix}:{model.label}${suffix}"


def model_breadcrumb(model):
    return {"id": str(model.pk), "label": model.label, "domainType": model.model_domain_type,
            "finalised": model.finalised}


class Locator:
    def __init__(self, models=()):
        self._models = {model.pk: model for model in models}
        self._classes = {}
        self._loaded_class_models = set()

    def model(self, model_id):
        if model_id not in self._models:
            self._models.update({x.pk: x for x in m.CatalogueModel.objects.filter(pk=model_id)})
        return self._models[model_id]

    def preload(self, model_ids):
        """Load models and their class trees for many items at once (2 queries)."""
        missing = [pk for pk in set(model_ids) if pk not in self._models]
        if missing:
            self._models.update(m.CatalogueModel.objects.in_bulk(missing))
        wanted = [pk for pk in set(model_ids) if pk not in self._loaded_class_models]
        if wanted:
            rows = m.DataClass.objects.filter(model_id__in=wanted).values_list("pk", "label", "parent_data_class_id")
            self._classes.update({pk: (label, parent) for pk, label, parent in rows})
            self._loaded_class_models.update(wanted)

    def class_chain(self, class_id):
        """The class and its ancestors, outermost first, as (id, label) pairs."""
        chain = []
        while class_id is not None and class_id in self._classes:
            label, parent = self._classes[class_id]
            chain.append((class_id, label))
            class_id = parent
        return list(reversed(chain))

    def _item_parents(self, item):
        """(domainType, id, label, prefix) of the ancestors inside the model, outermost first."""
        if isinstance(item, m.DataClass):
            chain = self.class_chain(item.parent_data_class_id)
        elif isinstance(item, m.DataElement):
            chain = self.class_chain(item.data_class_id)
        elif isinstance(item, m.EnumerationValue):
            data_type = item.data_type
            return [(data_type.kind, data_type.pk, data_type.label, "dt")]
        else:
            chain = []
        return [("DataClass", pk, label, "dc") for pk, label in chain]

    def breadcrumbs(self, item):
        self.preload([item.model_id])
        model = self.model(item.model_id)
        crumbs = [model_breadcrumb(model)]
        crumbs += [{"id": str(pk), "label": label, "domainType": domain}
                   for domain, pk, label, _ in self._item_parents(item)]
        return crumbs

    def path(self, item):
        self.preload([item.model_id])
        model = self.model(item.model_id)
        parts = [model_path_segment(model)]
        parts += [f"{prefix}:{label}" for _, _, label, prefix in self._item_parents(item)]
        parts.append(f"{item.path_prefix}:{item.label}")
        return "|".join(parts)


def folder_path(folder, folders_by_id=None):
    """`fo:Parent|fo:Child`; pass `folders_by_id` to avoid a query per level."""
    parts = []
    current = folder
    while current is not None:
        parts.append(f"fo:{current.label}")
        parent_id = current.parent_folder_id
        if parent_id is None:
            break
        current = (folders_by_id or {}).get(parent_id) or m.Folder.objects.filter(pk=parent_id).first()
    return "|".join(reversed(parts))
