"""Lists and shows render items from rows (catalogue.selectors.item_rows); a row renders exactly as the model
instance it stands for, and the hierarchy shows every item as its show route does, in its own key order."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer

from catalogue import models as m
from catalogue.api import serializers_items as out
from catalogue.selectors import items as select
from tests.catalogue.factories import (
    make_classifier,
    make_data_class,
    make_data_element,
    make_data_model,
    make_data_type,
)
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(user):
    """Every kind of type, classes three deep, multiplicities, aliases and text that JSON escapes."""
    model = make_data_model("Modèle ☃", user=user, description="</script>\u2028")
    other = make_data_model("Other", user=user, finalised=True, model_version="1.0.0")
    top = make_data_class(model, "Top é", description="<b>", aliases_string="one|two", min_multiplicity=0,
                          max_multiplicity=-1)
    middle = make_data_class(model, "Middle", parent=top, min_multiplicity=1)
    deep = make_data_class(model, "Deep 😀", parent=middle, max_multiplicity=3)
    make_data_class(model, "Empty")
    types = [
        make_data_type(model, "text", units="chars", description="units\u2029"),
        make_data_type(model, "plain", aliases_string="p"),
        make_data_type(model, "grade ✓", kind=m.DataTypeKind.ENUMERATION, values=("A", "B é", "</script>")),
        make_data_type(model, "to deep", kind=m.DataTypeKind.REFERENCE, reference_class=deep),
        make_data_type(model, "to top", kind=m.DataTypeKind.REFERENCE, reference_class=top),
        make_data_type(model, "model", kind=m.DataTypeKind.MODEL, model_resource_id=other.pk,
                       model_resource_domain_type="DataModel"),
        make_data_type(model, "no model", kind=m.DataTypeKind.MODEL),
    ]
    m.EnumerationValue.objects.filter(key="A").update(category="first")
    for n, data_class in enumerate([top, top, middle, deep, deep, deep, top, middle]):
        make_data_element(data_class, f"element {n} é", data_type=types[n % len(types)],
                          min_multiplicity=(None, 0, 1)[n % 3], max_multiplicity=(None, -1, 5, None)[n % 4],
                          description=("", None, "d\u2028")[n % 3], aliases_string=("", "x|y", None)[n % 3])
    classifier = make_classifier("Classifier é")
    for item in (deep, m.DataElement.objects.first(), types[2]):
        m.ClassifierLink.objects.create(classifier=classifier, catalogue_item_id=item.pk,
                                        catalogue_item_domain_type=item.domain_type, model=model)
    return model


def as_json(value):
    return json.dumps(value, ensure_ascii=False)


def rendered(serializer_class, item, model, user):
    context = out.item_context(out.item_locator(model), user=user, model=model)
    return serializer_class(context=context).to_representation(item)


def test_rows_render_as_instances_do(model, user):
    count, elements = select.element_page("model", ordering=("label", "pk"), offset=0, limit=None, model=model.pk)
    instances = {str(e.pk): e for e in select.model_elements(model)}
    assert count == len(elements) == len(instances) == 8
    for row in elements:
        assert as_json(rendered(out.DataElementSerializer, row, model, user)) == \
            as_json(rendered(out.DataElementSerializer, instances[row.id], model, user))
    _, classes = select.class_page("all", ordering=("label", "pk"), offset=0, limit=None, model=model.pk)
    class_instances = {str(c.pk): c for c in select.all_classes(model)}
    assert len(classes) == 4
    for row in classes:
        assert as_json(rendered(out.DataClassSerializer, row, model, user)) == \
            as_json(rendered(out.DataClassSerializer, class_instances[row.id], model, user))
    _, types = select.type_page(ordering=("label", "pk"), offset=0, limit=None, model=model.pk)
    type_instances = {str(t.pk): t for t in select.model_types(model)}
    assert len(types) == 7
    for row in types:
        assert as_json(rendered(out.DataTypeSerializer, row, model, user)) == \
            as_json(rendered(out.DataTypeSerializer, type_instances[row.id], model, user))


def test_element_show_from_a_row_is_the_instance_show(user_client, model, user):
    for element in select.model_elements(model):
        response = user_client.get(f"/api/dataModels/{model.pk}/dataClasses/{element.data_class_id}"
                                   f"/dataElements/{element.pk}")
        assert response.content == JSONRenderer().render(rendered(out.DataElementShowSerializer, element, model, user))


def test_hierarchy_shows_each_item_as_its_show_route_in_the_hierarchy_order(user_client, model):
    hierarchy = user_client.get(f"/api/dataModels/{model.pk}/hierarchy").json()
    base = f"/api/dataModels/{model.pk}"
    for data_type in hierarchy["dataTypes"]:
        show = user_client.get(f"{base}/dataTypes/{data_type['id']}").json()
        assert data_type == show
        assert list(data_type) == [*(k for k in show if k not in out.SHOW_KEYS), *(k for k in out.SHOW_KEYS
                                                                                    if k in show)]

    def walk(classes, parents):
        for data_class in classes:
            route = "/".join(f"dataClasses/{pk}" for pk in [*parents[-1:], data_class["id"]])
            show = user_client.get(f"{base}/{route}").json()
            own = {k: v for k, v in data_class.items() if k not in ("dataClasses", "dataElements")}
            assert own == show and list(own) == list(out.as_in_hierarchy(show))
            for element in data_class["dataElements"]:
                element_show = user_client.get(f"{base}/dataClasses/{data_class['id']}/dataElements/"
                                               f"{element['id']}").json()
                assert element == element_show and list(element) == list(out.as_in_hierarchy(element_show))
            walk(data_class["dataClasses"], [*parents, data_class["id"]])

    walk(hierarchy["childDataClasses"], [])
    assert any("maxMultiplicity" in c and "minMultiplicity" in c for c in hierarchy["childDataClasses"])


def test_hierarchy_order_only_moves_keys():
    body = {"availableActions": ["show"], "lastUpdated": "t", "id": "1", "minMultiplicity": 0, "maxMultiplicity": 1,
            "parentDataClass": "2", "extendsDataClasses": []}
    assert list(out.as_in_hierarchy(body).items()) == [
        ("id", "1"), ("maxMultiplicity", 1), ("minMultiplicity", 0), ("parentDataClass", "2"),
        ("availableActions", ["show"]), ("lastUpdated", "t"), ("extendsDataClasses", [])]


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


#: Queries beyond a session check's, for a site administrator: the model, then the list's count and page (and the
#: page's types with their values, one query), the class tree when a chain of classes is not known from the URL.
PINNED = {
    "dataClasses": 4,  # roles, model, count, page: root classes need no class tree
    "dataClasses/{top}/dataClasses": 6,  # + the parent, the class tree
    "dataElements": 6,  # roles, model, count, page, types with values, class tree
    "dataClasses/{top}/dataElements/{element}": 5,  # roles, model, class, element with type and values, classifiers
    "dataClasses/{deep}/dataElements/{deep_element}": 6,  # + the class tree (the class is not a root)
    "dataTypes": 6,  # roles, model, count, page, values, class tree (reference types)
}


@pytest.mark.parametrize("path", list(PINNED))
def test_reads_cost_pinned_queries(admin_user, model, path):
    client = logged_in_client(admin_user)
    top = m.DataClass.objects.get(model=model, label="Top é")
    deep = m.DataClass.objects.get(model=model, label="Deep 😀")
    element = m.DataElement.objects.filter(data_class=top, data_type__kind=m.DataTypeKind.PRIMITIVE).first()
    deep_element = m.DataElement.objects.filter(data_class=deep).first()
    url = f"/api/dataModels/{model.pk}/" + path.format(top=top.pk, element=element.pk, deep=deep.pk,
                                                        deep_element=deep_element.pk)
    session = _queries(client, "/api/session/isAuthenticated")
    assert _queries(client, url) - session == PINNED[path]
