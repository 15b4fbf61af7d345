"""Breadcrumbs and Mauro paths for model items, with a fixed number of queries for any list of items.

`Locator` loads each involved model once and the (id, label, parent) of all its data classes in one
query, then answers breadcrumbs and paths from memory, however deep the classes nest.
"""

from catalogue import models as m
from config.prepared import PreparedQuery


def model_path_segment(model):
    """`dm:Label$main` for a draft, `dm:Label$1.0.0` for a finalised model."""
    prefix = {"DataModel": "dm", "Terminology": "te", "CodeSet": "cs", "ReferenceDataModel": "rdm"}.get(
        model.model_domain_type, "dm")
    suffix = model.model_version if model.finalised and model.model_version else model.branch_name
    return f"{prefix}:{model.label}${suffix}"


def model_breadcrumb(model):
    return {"id": str(model.pk), "label": model.label, "domainType": model.model_domain_type,
            "finalised": model.finalised}


def _text(pk):
    """An id as the text JSON shows (rows may carry it as text already)."""
    return pk if pk.__class__ is str or pk is None else str(pk)


#: One model's classes as (id, label, parent id), ids as text: what a Locator needs of a model it has not seen.
_CLASS_TREE = PreparedQuery(lambda: m.DataClass.objects.all(),
                            lambda classes, model: classes.filter(model_id=model).order_by()
                            .values_list("pk", "label", "parent_data_class_id"), text_ids=True)


class Locator:
    """Ids are kept as text; items may be model instances or rows (`catalogue.selectors.item_rows`). What items
    under the same parent share (their breadcrumbs, the start of their path) is worked out once. A model's class
    tree is read when a chain of classes is not known from the `classes` given (a parent named in the URL): items
    of a root class, or root classes themselves, need no query."""

    def __init__(self, models=(), classes=()):
        self._models = {_text(model.pk): model for model in models}
        self._classes = {_text(c.pk): (c.label, _text(c.parent_data_class_id)) for c in classes}
        self._loaded_class_models = set()
        self._parents = {}

    def model(self, model_id):
        model_id = _text(model_id)
        if model_id not in self._models:
            self._models.update({_text(x.pk): x for x in m.CatalogueModel.objects.filter(pk=model_id)})
        return self._models[model_id]

    def preload_models(self, model_ids):
        """Load the models of many items at once, without their class trees (items outside data models): one
        query, none when every model is known."""
        missing = [pk for pk in {_text(pk) for pk in model_ids} if pk not in self._models]
        if missing:
            self._models.update({_text(pk): x for pk, x in m.CatalogueModel.objects.in_bulk(missing).items()})

    def preload(self, model_ids):
        """Load models and their class trees for many items at once (2 queries; 1 for a model it was given)."""
        model_ids = {_text(pk) for pk in model_ids}
        missing = [pk for pk in model_ids if pk not in self._models]
        if missing:
            self._models.update({_text(pk): x for pk, x in m.CatalogueModel.objects.in_bulk(missing).items()})
        wanted = [pk for pk in model_ids if pk not in self._loaded_class_models]
        if len(wanted) == 1:
            rows = _CLASS_TREE.rows(model=wanted[0])
        elif wanted:
            rows = ((_text(pk), label, _text(parent)) for pk, label, parent in
                    m.DataClass.objects.filter(model_id__in=wanted).values_list("pk", "label", "parent_data_class_id"))
        else:
            rows = ()
        self._classes.update({pk: (label, parent) for pk, label, parent in rows})
        self._loaded_class_models.update(wanted)

    def class_chain(self, class_id):
        """The class and its ancestors, outermost first, as (id, label) pairs (ids as text)."""
        return self._known_chain(class_id)[0]

    def _known_chain(self, class_id):
        """(the chain as far as known, whether it reached a root class)."""
        chain = []
        class_id = _text(class_id)
        while class_id is not None and class_id in self._classes:
            label, parent = self._classes[class_id]
            chain.append((class_id, label))
            class_id = parent
        return list(reversed(chain)), class_id is None

    def _above(self, item):
        """(breadcrumbs, path up to the item) of an item, shared by every item with the same parent."""
        prefix = item.path_prefix
        if prefix == "dc":
            key = ("dc", item.model_id, item.parent_data_class_id)
        elif prefix == "de":
            key = ("de", item.model_id, item.data_class_id)
        elif prefix == "ev":
            key = ("ev", item.model_id, item.data_type_id)
        elif prefix == "tr":
            key = ("tr", item.model_id, item.source_term_id)
        else:
            key = ("", item.model_id, None)
        found = self._parents.get(key)
        if found is None:
            found = self._parents[key] = self._work_out_above(item, key)
        return found

    def _work_out_above(self, item, key):
        kind, model_id, parent_id = key
        model = self.model(model_id)
        if kind == "ev":
            data_type = item.data_type
            parents = [(data_type.kind, _text(data_type.pk), data_type.label, "dt", data_type.label)]
        elif kind in ("dc", "de"):
            chain, complete = self._known_chain(parent_id)
            if not complete:
                self.preload([model_id])
                chain = self.class_chain(parent_id)
            parents = [("DataClass", pk, label, "dc", label) for pk, label in chain]
        elif kind == "tr":
            # A term relationship sits under its source term, named by the term's code.
            source = item.source_term
            parents = [("Term", _text(source.pk), source.label, "tm", source.code)]
        else:
            parents = []
        crumbs = [model_breadcrumb(model), *({"id": pk, "label": label, "domainType": domain}
                                             for domain, pk, label, _, _ in parents)]
        path = "|".join([model_path_segment(model),
                         *(f"{prefix}:{identifier}" for _, _, _, prefix, identifier in parents)])
        return crumbs, path

    def breadcrumbs(self, item):
        return list(self._above(item)[0])

    def path(self, item):
        """Items are named by label, terms by code and relationships by `source.type.target` (`path_identifier`)."""
        return f"{self._above(item)[1]}|{item.path_prefix}:{getattr(item, 'path_identifier', item.label)}"


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
