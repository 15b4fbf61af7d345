"""The contract's input rule on data types and enumeration values: a value of the wrong JSON type or a blank text
is a 422 naming the field, a missing required field on create is a 400 (what a kind requires depends on the kind;
a field Mauro defaults, such as a reference type's label, is not required), updates are partial, and nothing is
stored on any error."""

import pytest

from catalogue import models as m
from tests.catalogue.factories import make_data_class, make_data_model, make_data_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(user):
    return make_data_model("Cars", user=user)


@pytest.fixture
def target(model):
    return make_data_class(model, "Owner")


def types_url(model):
    return f"/api/dataModels/{model.pk}/dataTypes"


def _state():
    types = sorted((t.pk, t.label, t.kind, t.description, t.units, t.index, t.reference_class_id)
                   for t in m.DataType.objects.all())
    values = sorted((v.pk, v.key, v.value, v.category, v.index) for v in m.EnumerationValue.objects.all())
    return types, values, m.Edit.objects.count()


PRIMITIVE = {"domainType": "PrimitiveType", "label": "length"}

WRONG_TYPE = [
    ({**PRIMITIVE, "label": 5}, "label"),
    ({**PRIMITIVE, "label": True}, "label"),
    ({**PRIMITIVE, "label": ["length"]}, "label"),
    ({**PRIMITIVE, "label": ""}, "label"),
    ({**PRIMITIVE, "label": "   "}, "label"),
    ({**PRIMITIVE, "domainType": 5}, "domainType"),
    ({**PRIMITIVE, "domainType": ""}, "domainType"),
    ({**PRIMITIVE, "description": 5}, "description"),
    ({**PRIMITIVE, "units": 5}, "units"),
    ({**PRIMITIVE, "index": "0"}, "index"),
    ({**PRIMITIVE, "index": 1.5}, "index"),
    ({"domainType": "ModelDataType", "label": "m", "modelResourceDomainType": 5,
      "modelResourceId": "7b1c4bd6-4c3e-4a3e-9a1e-4b9f1a2c3d4e"}, "modelResourceDomainType"),
]


@pytest.mark.parametrize(("body", "field"), WRONG_TYPE)
def test_create_wrong_type_or_blank_is_422_and_stores_nothing(user_client, model, body, field):
    before = _state()
    response = user_client.post(types_url(model), body, format="json")
    assert response.status_code == 422, response.content
    data = response.json()
    assert data["total"] >= 1
    assert field in " ".join(f"{error.get('field')} {error['message']}" for error in data["errors"])
    assert _state() == before


def test_a_numeric_label_is_no_longer_taken_as_text(user_client, model):
    response = user_client.post(types_url(model), {"domainType": "PrimitiveType", "label": 5}, format="json")
    assert response.status_code == 422
    assert not m.DataType.objects.exists()


MISSING = [
    ({"label": "t"}, "domainType"),
    ({"domainType": None, "label": "t"}, "domainType"),
    ({"domainType": "PrimitiveType"}, "label"),
    ({"domainType": "PrimitiveType", "label": None}, "label"),
    ({"domainType": "EnumerationType", "label": "e"}, "enumerationValues"),
    ({"domainType": "EnumerationType", "enumerationValues": [{"key": "R", "value": "Red"}]}, "label"),
    ({"domainType": "ReferenceType", "label": "r"}, "referenceClass"),
    ({"domainType": "ReferenceType", "referenceClass": None}, "referenceClass"),
    ({"domainType": "ModelDataType", "label": "m", "modelResourceDomainType": "DataModel"}, "modelResourceId"),
]


@pytest.mark.parametrize(("body", "field"), MISSING)
def test_create_missing_required_field_is_400_and_stores_nothing(user_client, model, body, field):
    before = _state()
    response = user_client.post(types_url(model), body, format="json")
    assert response.status_code == 400, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert _state() == before


def test_a_missing_field_wins_over_a_wrong_one(user_client, model):
    response = user_client.post(types_url(model), {"domainType": "PrimitiveType", "units": 5}, format="json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["label"]


@pytest.mark.parametrize("label", ["absent", None, "", "  "])
def test_a_reference_type_label_is_defaulted_not_required(user_client, model, target, label):
    body = {"domainType": "ReferenceType", "referenceClass": str(target.pk)}
    if label != "absent":
        body["label"] = label
    response = user_client.post(types_url(model), body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["label"] == "Reference to Owner"


def test_create_ignores_unknown_fields(user_client, model):
    response = user_client.post(types_url(model), {**PRIMITIVE, "colour": "red", "id": "not-used"}, format="json")
    assert response.status_code == 201, response.content
    assert m.DataType.objects.get().label == "length"


@pytest.mark.parametrize(("body", "status"), [
    ({"label": 5}, 422), ({"label": ""}, 422), ({"description": 5}, 422), ({"units": 5}, 422),
    ({"index": "0"}, 422), ({"domainType": 5}, 422), ({"label": None}, 400),
])
def test_update_wrong_type_blank_or_null_changes_nothing(user_client, model, body, status):
    length = make_data_type(model, "length", units="cm")
    before = _state()
    response = user_client.put(f"{types_url(model)}/{length.pk}", {**body}, format="json")
    assert response.status_code == status, response.content
    assert response.json()["errors"]
    assert _state() == before


def test_update_is_partial_and_ignores_unknown_fields(user_client, model):
    length = make_data_type(model, "length", units="cm", description="old")
    response = user_client.put(f"{types_url(model)}/{length.pk}", {"description": "new", "colour": "red"},
                               format="json")
    assert response.status_code == 200, response.content
    length.refresh_from_db()
    assert (length.label, length.units, length.description) == ("length", "cm", "new")


# --- enumeration values -------------------------------------------------------------------------------------

@pytest.fixture(params=["dataTypes", "enumerationTypes"])
def values_url(request, model):
    colours = make_data_type(model, "colours", kind=m.DataTypeKind.ENUMERATION, values=["R", "G"])
    return f"/api/dataModels/{model.pk}/{request.param}/{colours.pk}/enumerationValues"


VALUE_WRONG = [
    ({"key": 5, "value": "v"}, "key"),
    ({"key": "k", "value": 5}, "value"),
    ({"key": "k", "value": "v", "category": 5}, "category"),
    ({"key": "k", "value": "v", "index": "0"}, "index"),
    ({"key": "  ", "value": "v"}, "key"),
    ({"key": "k", "value": ""}, "value"),
]


@pytest.mark.parametrize(("body", "field"), VALUE_WRONG)
def test_value_create_wrong_type_or_blank_is_422_and_stores_nothing(user_client, values_url, body, field):
    before = _state()
    response = user_client.post(values_url, body, format="json")
    assert response.status_code == 422, response.content
    assert field in " ".join(f"{error.get('field')} {error['message']}" for error in response.json()["errors"])
    assert _state() == before


@pytest.mark.parametrize(("body", "field"), [({"value": "v"}, "key"), ({"key": "k"}, "value"),
                                             ({"key": None, "value": "v"}, "key")])
def test_value_create_missing_field_is_400_and_stores_nothing(user_client, values_url, body, field):
    before = _state()
    response = user_client.post(values_url, body, format="json")
    assert response.status_code == 400, response.content
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert _state() == before


@pytest.mark.parametrize(("body", "status"), [({"key": 5}, 422), ({"value": " "}, 422), ({"category": 5}, 422),
                                              ({"index": "1"}, 422), ({"key": None}, 400)])
def test_value_update_wrong_type_blank_or_null_changes_nothing(user_client, values_url, body, status):
    red = m.EnumerationValue.objects.get(key="R")
    before = _state()
    response = user_client.put(f"{values_url}/{red.pk}", body, format="json")
    assert response.status_code == status, response.content
    assert _state() == before


def test_value_update_is_partial(user_client, values_url):
    red = m.EnumerationValue.objects.get(key="R")
    response = user_client.put(f"{values_url}/{red.pk}", {"category": "warm", "colour": "x"}, format="json")
    assert response.status_code == 200, response.content
    red.refresh_from_db()
    assert (red.key, red.value, red.category) == ("R", "Value R", "warm")
