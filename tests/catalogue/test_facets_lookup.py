"""The item resolver behind every `/api/{ciType}/{ciId}/...` route, and its helpers for references to items."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.access import CONTAINER_ADMIN, READER
from catalogue import models as m
from catalogue.selectors.items_lookup import (
    item_reference,
    load_items,
    readable_reference_condition,
    resolve_item,
)
from config.api.errors import BadRequest, NotFound
from tests.catalogue.facets_support import make_world, set_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user):
    return make_world(user)


@pytest.mark.parametrize("segment,name", [
    ("folders", "folder"), ("folder", "folder"), ("Folder", "folder"), ("classifiers", "classifier"),
    ("dataModels", "model"), ("DataModel", "model"), ("dataClasses", "data_class"), ("dataClass", "data_class"),
    ("dataElements", "element"), ("dataTypes", "string"), ("primitiveTypes", "string"), ("PrimitiveType", "string"),
    ("enumerationTypes", "enum"), ("dataTypes", "enum"), ("enumerationValues", "value"),
])
def test_every_spelling_resolves_for_the_owner(user, world, segment, name):
    expected = getattr(world, name)
    item, model, role = resolve_item(user, segment, str(expected.pk))
    assert item.pk == expected.pk
    assert role == CONTAINER_ADMIN
    if name in ("folder", "classifier"):
        assert model is None
    else:
        assert model.pk == world.model.pk


def test_unknown_segment_is_a_400(user, world):
    with pytest.raises(BadRequest) as error:
        resolve_item(user, "widgets", str(world.model.pk))
    assert error.value.error_code == "MCI02"


@pytest.mark.parametrize("segment,name,resource", [
    ("primitiveTypes", "enum", "PrimitiveType"), ("enumerationTypes", "string", "EnumerationType"),
    ("terminologies", "model", "Terminology"), ("dataModels", "data_class", "DataModel"),
    ("dataClasses", "element", "DataClass"), ("folders", "classifier", "Folder"),
])
def test_ids_of_another_kind_are_not_found(user, world, segment, name, resource):
    with pytest.raises(NotFound) as error:
        resolve_item(user, segment, str(getattr(world, name).pk))
    assert error.value.extra == {"resource": resource, "id": str(getattr(world, name).pk)}


def test_bad_and_unknown_ids(user):
    with pytest.raises(NotFound) as error:
        resolve_item(user, "dataElements", "12")
    assert error.value.extra == {"resource": "DataElement", "id": "null"}
    with pytest.raises(NotFound):
        resolve_item(user, "dataElements", str(uuid.uuid4()))


def test_access_is_judged_on_the_owning_model(world, other_user, admin_user):
    for who in (other_user, AnonymousUser()):
        with pytest.raises(NotFound):
            resolve_item(who, "dataElements", world.element.pk)
    set_model(world.model, readable_by_everyone=True)
    item, model, role = resolve_item(AnonymousUser(), "dataElements", world.element.pk)
    assert (item.pk, model.pk, role) == (world.element.pk, world.model.pk, READER)
    # A readable model makes its folder visible (as Mauro does), with no more than read access.
    assert resolve_item(AnonymousUser(), "folders", world.folder.pk).role == READER
    assert resolve_item(admin_user, "folders", world.folder.pk).role == CONTAINER_ADMIN


def test_readable_reference_condition_filters_rows_by_their_item(user, other_user, admin_user, world):
    hidden = make_world(other_user, "Hidden")
    for target in (world.element, hidden.element, world.folder, hidden.folder, world.model, hidden.model):
        m.SemanticLink.objects.create(catalogue_item_domain_type="DataClass", catalogue_item_id=world.data_class.pk,
                                      model=world.model, link_type="Refines", target_domain_type=target.domain_type,
                                      target_id=target.pk)

    def visible(who):
        condition = readable_reference_condition(who, id_field="target_id", type_field="target_domain_type")
        return set(m.SemanticLink.objects.filter(condition).values_list("target_id", flat=True))

    assert visible(user) == {world.element.pk, world.folder.pk, world.model.pk}
    assert visible(other_user) == {hidden.element.pk, hidden.folder.pk, hidden.model.pk}
    assert len(visible(admin_user)) == 6
    assert visible(AnonymousUser()) == set()


def test_load_items_and_references(world, django_assert_num_queries):
    references = [("DataElement", world.element.pk), ("EnumerationValue", world.value.pk),
                  ("Folder", world.folder.pk), ("Unknown", uuid.uuid4())]
    with django_assert_num_queries(3):
        items = load_items(references)
    assert set(items) == {world.element.pk, world.value.pk, world.folder.pk}
    assert item_reference(items[world.folder.pk]) == {"id": str(world.folder.pk), "domainType": "Folder",
                                                      "label": "Owned folder"}
    value = item_reference(items[world.value.pk])
    assert value["model"] == str(world.model.pk)
    assert [c["label"] for c in value["breadcrumbs"]] == ["Owned", "colours"]
