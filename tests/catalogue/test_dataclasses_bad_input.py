"""Odd input to every model item endpoint answers 4xx, never 500, and changes nothing."""

import pytest
from django.urls import resolve

from catalogue import models as m
from tests.catalogue.factories import make_data_class, make_data_element, make_data_model, make_data_type

pytestmark = pytest.mark.django_db

ODD_VALUES = [None, "", " ", "\x00", "a\x00b", "🚗" * 300, 2**70, -(2**70), 1.5, True, [], {}, [1, {"a": None}],
              {"id": None}, {"id": [1]}, {"domainType": ["x"]}, "00000000-0000-0000-0000-000000000000"]
FIELDS = ["label", "description", "index", "minMultiplicity", "maxMultiplicity", "dataType", "domainType", "units",
          "enumerationValues", "referenceClass", "modelResourceDomainType", "modelResourceId", "key", "value",
          "category"]


@pytest.fixture
def urls(user):
    model = make_data_model("Odd", user=user)
    data_class = make_data_class(model, "Class")
    enum = make_data_type(model, "enum", kind=m.DataTypeKind.ENUMERATION, values=["A"])
    element = make_data_element(data_class, "Element", data_type=enum)
    value = m.EnumerationValue.objects.get(data_type=enum)
    base = f"/api/dataModels/{model.pk}"
    return {
        "post": [f"{base}/dataClasses", f"{base}/dataClasses/{data_class.pk}/dataClasses",
                 f"{base}/dataClasses/{data_class.pk}/dataElements", f"{base}/dataTypes",
                 f"{base}/dataTypes/{enum.pk}/enumerationValues"],
        "put": [f"{base}/dataClasses/{data_class.pk}", f"{base}/dataClasses/{data_class.pk}/dataElements/{element.pk}",
                f"{base}/dataTypes/{enum.pk}", f"{base}/dataTypes/{enum.pk}/enumerationValues/{value.pk}"],
    }


def _state():
    return [sorted(table.objects.values_list("pk", "label")) for table in
            (m.DataClass, m.DataElement, m.DataType, m.EnumerationValue)]


def _accepts(method, url, field):
    """True when the endpoint's serializer reads `field` (any other key of a body is ignored, so sending odd
    values there tests nothing)."""
    match = resolve(url)
    action = match.func.actions[method]
    view = match.func.cls(action=action, kwargs=match.kwargs, request=None, format_kwarg=None)
    fields = view.get_serializer_class()().fields
    return field in fields and not fields[field].read_only


@pytest.mark.parametrize("field", FIELDS)
def test_odd_field_values_never_fail_the_server(user_client, urls, field):
    before = _state()
    targets = {method: [url for url in urls[method] if _accepts(method, url, field)] for method in ("post", "put")}
    assert targets["post"] or targets["put"], f"no endpoint reads {field}"
    for value in ODD_VALUES:
        for method in ("post", "put"):
            for url in targets[method]:
                body = {"label": "Fine", "key": "k", "value": "v", "domainType": "PrimitiveType", field: value}
                if method == "put":
                    body = {field: value}
                response = getattr(user_client, method)(url, body, format="json")
                assert response.status_code < 500, (method, url, field, value, response.content)
                if response.status_code >= 400:
                    assert response.json()["status"] == response.status_code
                    assert _state() == before, (method, url, field, value)
                else:
                    before = _state()


@pytest.mark.parametrize("body", [[], "text", 5, [{"label": "x"}]])
def test_non_object_bodies_are_400(user_client, urls, body):
    for method in ("post", "put"):
        for url in urls[method]:
            response = getattr(user_client, method)(url, body, format="json")
            assert response.status_code == 400, (method, url, body)


@pytest.mark.parametrize("query, status", [
    ("max=abc", 400), ("offset=-1", 400),  # not a non-negative integer
    ("max=99999999999999999999", 200), ("offset=99999999999999999999", 200),  # integers: capped, or past the end
    ("sort=🚗", 400), ("order=sideways", 400),  # no such field, no such order
    ("all=maybe", 200),  # only `all=true` drops paging
])
def test_odd_query_parameters(user_client, urls, query, status):
    model_url = urls["post"][0].rsplit("/", 1)[0]
    data_class_url = urls["put"][0]
    for url in (f"{model_url}/dataClasses", f"{model_url}/allDataClasses", f"{model_url}/dataElements",
                f"{model_url}/dataTypes", f"{data_class_url}/content", f"{data_class_url}/dataElements"):
        response = user_client.get(f"{url}?{query}")
        assert response.status_code == status, (url, query, response.content)
        if status == 400:
            assert response.json()["errorCode"] == "REQ06"
