"""Content and URLs shared by the facet tests: one private model (with one item of each kind) owned by a user."""

from types import SimpleNamespace

from catalogue import models as m
from tests.catalogue.factories import make_classifier, make_data_model, make_folder

SEGMENTS = {m.Folder: "folders", m.Classifier: "classifiers", m.CatalogueModel: "dataModels",
            m.DataModel: "dataModels", m.DataClass: "dataClasses", m.DataElement: "dataElements",
            m.DataType: "dataTypes", m.EnumerationValue: "enumerationValues"}


def item_url(item, facet=""):
    base = f"/api/{SEGMENTS[type(item)]}/{item.pk}"
    return f"{base}/{facet}" if facet else base


def make_world(owner, label="Owned", **model_fields):
    """A folder and a draft data model owned by `owner`, with a class, an element, two types and a value."""
    folder = make_folder(f"{label} folder", user=owner)
    model = make_data_model(label, folder=folder, user=owner, **model_fields)
    string = m.DataType.objects.create(model=model, label="string", kind=m.DataTypeKind.PRIMITIVE)
    enum = m.DataType.objects.create(model=model, label="colours", kind=m.DataTypeKind.ENUMERATION, index=1)
    value = m.EnumerationValue.objects.create(model=model, data_type=enum, key="R", value="Red")
    parent = m.DataClass.objects.create(model=model, label="Parent")
    data_class = m.DataClass.objects.create(model=model, label="Child", parent_data_class=parent)
    element = m.DataElement.objects.create(model=model, data_class=data_class, data_type=string, label="Field")
    classifier = make_classifier(f"{label} tag", user=owner)
    return SimpleNamespace(folder=folder, model=model, string=string, enum=enum, value=value, parent=parent,
                           data_class=data_class, element=element, classifier=classifier)


def set_model(model, **fields):
    m.CatalogueModel.objects.filter(pk=model.pk).update(**fields)
    model.refresh_from_db()
    return model
