"""JSON for a data model's hierarchy and for the item a path names, built from the shared show builders."""

from catalogue import models as m
from catalogue.api import serializers_items as items_json
from catalogue.api.serializers_containers import classifier_json, folder_json
from catalogue.api.serializers_datamodels import data_model_json
from catalogue.selectors import items as select
from catalogue.selectors.paths import Locator


def _locator(model, extra_model_ids=()):
    locator = Locator([model])
    locator.preload([model.pk, *extra_model_ids])
    return locator


def hierarchy_json(hierarchy, *, user):
    """The model's show JSON with `dataTypes` and `childDataClasses`, each class carrying its
    `dataClasses` and `dataElements` (all in their show form)."""
    model = hierarchy.model
    extended_models = {c.model_id for group in hierarchy.extends.values() for c in group}
    locator = _locator(model, extended_models)
    elements_by_class = {}
    for element in hierarchy.elements:
        elements_by_class.setdefault(element.data_class_id, []).append(element)

    def show(item, builder, **extra):
        return builder(item, locator, user=user, model=model, classifiers=hierarchy.classifiers.get(item.pk, ()),
                       **extra)

    def deep_class(data_class):
        body = show(data_class, items_json.data_class_show_json, extends=hierarchy.extends.get(data_class.pk, ()))
        body["dataClasses"] = [deep_class(c) for c in hierarchy.child_classes(data_class.pk)]
        body["dataElements"] = [show(e, items_json.data_element_show_json)
                                for e in elements_by_class.get(data_class.pk, [])]
        return body

    body = data_model_json(model, user=user)
    body["dataTypes"] = [show(t, items_json.data_type_show_json) for t in hierarchy.types]
    body["childDataClasses"] = [deep_class(c) for c in hierarchy.child_classes(None)]
    return body


def found_item_json(item, *, user):
    """The full show JSON of whatever a path lookup found."""
    if isinstance(item, m.Folder):
        return folder_json(item, user=user)
    if isinstance(item, m.Classifier):
        return classifier_json(item, user=user)
    if isinstance(item, m.CatalogueModel):
        return data_model_json(item, user=user)
    model = m.CatalogueModel.objects.select_related("folder", "authority").get(pk=item.model_id)
    locator = _locator(model)
    classifiers = select.classifiers_of(user, item)
    if isinstance(item, m.DataClass):
        return items_json.data_class_show_json(item, locator, user=user, model=model, classifiers=classifiers,
                                               extends=select.extended_classes(user, item))
    if isinstance(item, m.DataElement):
        element = select.data_element(item.data_class_id, item.pk)
        return items_json.data_element_show_json(element, locator, user=user, model=model, classifiers=classifiers)
    if isinstance(item, m.DataType):
        data_type = select.data_type(model, item.pk)
        return items_json.data_type_show_json(data_type, locator, user=user, model=model, classifiers=classifiers)
    return items_json.enumeration_value_json(item)
