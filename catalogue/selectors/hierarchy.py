"""Everything a data model's hierarchy shows, loaded with a fixed number of queries whatever its size."""

from dataclasses import dataclass, field

from accounts.access import readable_items
from catalogue import models as m
from catalogue.selectors import items as select
from catalogue.selectors.datamodels import classifiers_by_item


@dataclass
class Hierarchy:
    model: object
    classes: list
    elements: list
    types: list
    classifiers: dict = field(default_factory=dict)  # item id → [Classifier]
    extends: dict = field(default_factory=dict)  # class id → [DataClass]


def load_hierarchy(user, model):
    """Classes, elements (with their types and values), types and classifiers of `model`, in bulk. Classifiers and
    extended classes (which may be in other models) are only those the caller may read."""
    classes = list(select.all_classes(model).order_by("index", "label", "pk"))
    elements = list(select.model_elements(model).order_by("index", "label", "pk"))
    types = list(select.model_types(model).order_by("index", "label", "pk"))
    item_ids = [x.pk for x in (*classes, *elements, *types)]
    classifiers = classifiers_by_item(item_ids, user=user) if item_ids else {}
    extends = {}
    readable_targets = readable_items(user, m.DataClass.objects.all())
    links = (m.DataClassExtension.objects.filter(model_id=model.pk, extended_data_class__in=readable_targets)
             .select_related("extended_data_class").order_by("extended_data_class__label", "extended_data_class_id"))
    for link in links:
        extends.setdefault(link.data_class_id, []).append(link.extended_data_class)
    return Hierarchy(model=model, classes=classes, elements=elements, types=types, classifiers=classifiers,
                     extends=extends)
