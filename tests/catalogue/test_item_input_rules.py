"""The contract's input rule on every create and update route of the model items served by the API viewsets:
a value of the wrong JSON type or a blank label is a 422 with `{total, errors}`, a missing required field on
create is a 400, and nothing is stored on any error. Routes are read from the URL patterns, so a new route of a
converted resource is checked without being listed here."""

import pytest

from catalogue import models as m
from catalogue.api import urls_items
from tests.catalogue.factories import make_data_class, make_data_element, make_data_model, make_data_type

pytestmark = pytest.mark.django_db

#: Each converted viewset's model, and how to fill its URL kwargs from a model, a parent class and an object.
CONVERTED = {"DataClassViewSet", "ChildDataClassViewSet", "DataElementViewSet"}
ELEMENT_ROUTES = {"data-elements", "data-element"}


def _routes(action):
    routes = []
    for pattern in urls_items.urlpatterns:
        view = pattern.callback
        cls = getattr(view, "cls", None)
        if cls is None or cls.__name__ not in CONVERTED or action not in getattr(view, "actions", {}).values():
            continue
        routes.append((pattern.name, str(pattern.pattern)))
    return routes


def _url(template, model, parent, obj=None):
    url = template.replace("<str:dm>", str(model.pk)).replace("<str:dc>", str(parent.pk))
    if obj is not None:
        url = url.replace("<str:pk>", str(obj.pk))
    return "/api/" + url


@pytest.fixture
def model(user):
    return make_data_model("Cars", user=user)


@pytest.fixture
def parent(model):
    return make_data_class(model, "Parent")


@pytest.fixture
def data_type(model):
    return make_data_type(model, "String")


def _state():
    classes = sorted((c.pk, c.label, c.description, c.min_multiplicity, c.max_multiplicity, c.index)
                     for c in m.DataClass.objects.all())
    elements = sorted((e.pk, e.label, e.description, e.min_multiplicity, e.max_multiplicity, e.index, e.data_type_id)
                      for e in m.DataElement.objects.all())
    return classes, elements, m.Edit.objects.count()


def _body(route, body, data_type):
    """The body as sent to `route`: an element also names its (valid) type unless the body says otherwise."""
    if route[0] in ELEMENT_ROUTES and "dataType" not in body:
        return {**body, "dataType": str(data_type.pk)}
    return body


def _target(route, model, parent, data_type):
    if route[0] in ELEMENT_ROUTES:
        return make_data_element(parent, "Target", data_type=data_type)
    return make_data_class(model, "Target", parent=parent if "<str:dc>" in route[1] else None)


def test_every_converted_resource_has_create_and_update_routes():
    assert {name for name, _ in _routes("create")} == {"data-classes", "child-data-classes", "data-elements"}
    assert {name for name, _ in _routes("update")} == {"data-class", "child-data-class", "data-element"}


WRONG = [
    ({"label": 5}, "label"),
    ({"label": True}, "label"),
    ({"label": ["A"]}, "label"),
    ({"label": "   "}, "label"),
    ({"label": ""}, "label"),
    ({"label": "Fine", "description": 5}, "description"),
    ({"label": "Fine", "minMultiplicity": "1"}, "minMultiplicity"),
    ({"label": "Fine", "maxMultiplicity": 1.5}, "maxMultiplicity"),
    ({"label": "Fine", "index": "0"}, "index"),
]


@pytest.mark.parametrize("route", _routes("create"), ids=lambda r: r[0])
@pytest.mark.parametrize(("body", "field"), WRONG)
def test_create_wrong_type_or_blank_is_422_and_stores_nothing(user_client, model, parent, data_type, route, body,
                                                              field):
    before = _state()
    response = user_client.post(_url(route[1], model, parent), _body(route, body, data_type), format="json")
    assert response.status_code == 422, response.content
    data = response.json()
    assert data["total"] >= 1 and data["errors"]
    assert field in " ".join(error["message"] for error in data["errors"])
    assert _state() == before


@pytest.mark.parametrize("route", _routes("create"), ids=lambda r: r[0])
@pytest.mark.parametrize("body", [{}, {"description": "no label"}, {"label": None}])
def test_create_missing_label_is_400_and_stores_nothing(user_client, model, parent, data_type, route, body):
    before = _state()
    response = user_client.post(_url(route[1], model, parent), _body(route, body, data_type), format="json")
    assert response.status_code == 400, response.content
    assert _state() == before


@pytest.mark.parametrize("route", _routes("update"), ids=lambda r: r[0])
@pytest.mark.parametrize(("body", "field"), WRONG)
def test_update_wrong_type_or_blank_is_422_and_changes_nothing(user_client, model, parent, data_type, route, body,
                                                               field):
    target = _target(route, model, parent, data_type)
    before = _state()
    response = user_client.put(_url(route[1], model, parent, target), body, format="json")
    assert response.status_code == 422, response.content
    assert response.json()["errors"]
    assert _state() == before


@pytest.mark.parametrize("route", _routes("update"), ids=lambda r: r[0])
def test_update_is_partial_and_ignores_unknown_fields(user_client, model, parent, data_type, route):
    target = _target(route, model, parent, data_type)
    response = user_client.put(_url(route[1], model, parent, target), {"description": "New", "colour": "red"},
                               format="json")
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert (target.label, target.description) == ("Target", "New")


@pytest.mark.parametrize("body", [{"label": "Wheels"}, {"label": "Wheels", "dataType": None}])
def test_element_without_a_type_is_400_and_stores_nothing(user_client, model, parent, body):
    before = _state()
    response = user_client.post(f"/api/dataModels/{model.pk}/dataClasses/{parent.pk}/dataElements", body,
                                format="json")
    assert response.status_code == 400, response.content
    assert _state() == before
