"""Data classes of a data model: create, list, show, update, move, delete, nesting and access."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.factories import (
    make_classifier,
    make_data_class,
    make_data_element,
    make_data_model,
    make_data_type,
    populate_model,
)
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(user):
    return make_data_model("Cars", user=user)


def classes_url(model, parent=None):
    if parent is None:
        return f"/api/dataModels/{model.pk}/dataClasses"
    return f"/api/dataModels/{model.pk}/dataClasses/{parent.pk}/dataClasses"


def class_url(model, data_class):
    if data_class.parent_data_class_id:
        return f"/api/dataModels/{model.pk}/dataClasses/{data_class.parent_data_class_id}/dataClasses/{data_class.pk}"
    return f"/api/dataModels/{model.pk}/dataClasses/{data_class.pk}"


def labels(response):
    return [item["label"] for item in response.json()["items"]]


# --- create --------------------------------------------------------------------------------------------------

def test_create_root_class_returns_show_json_and_location(user_client, model, user):
    response = user_client.post(classes_url(model), {"label": "Engine", "description": "What moves it",
                                                     "minMultiplicity": 1, "maxMultiplicity": -1}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    created = m.DataClass.objects.get(pk=body["id"])
    assert response["Location"].endswith(f"/api/dataModels/{model.pk}/dataClasses/{created.pk}")
    assert body["domainType"] == "DataClass"
    assert body["label"] == "Engine"
    assert body["description"] == "What moves it"
    assert body["model"] == str(model.pk)
    assert body["path"] == "dm:Cars$main|dc:Engine"
    assert body["breadcrumbs"] == [{"id": str(model.pk), "label": "Cars", "domainType": "DataModel",
                                    "finalised": False}]
    assert body["minMultiplicity"] == 1 and body["maxMultiplicity"] == -1
    assert "parentDataClass" not in body
    assert body["lastUpdated"].endswith("Z")
    assert "delete" in body["availableActions"] and "update" in body["availableActions"]
    assert created.created_by == user.email_address
    assert created.index == 0


def test_create_records_edits_on_class_and_model(user_client, model):
    response = user_client.post(classes_url(model), {"label": "Engine"}, format="json")
    class_id = response.json()["id"]
    edits = m.Edit.objects.filter(model_id=model.pk)
    assert {(str(e.resource_id), e.title, e.description) for e in edits} == {
        (class_id, "CREATE", "[DataClass:Engine] created"),
        (str(model.pk), "CREATE", "[DataClass:Engine] added to component [DataModel:Cars]"),
    }


def test_create_child_class_any_depth(user_client, model):
    top = make_data_class(model, "Top")
    middle = make_data_class(model, "Middle", parent=top)
    response = user_client.post(classes_url(model, middle), {"label": "Bottom"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parentDataClass"] == str(middle.pk)
    assert body["path"] == "dm:Cars$main|dc:Top|dc:Middle|dc:Bottom"
    assert [c["label"] for c in body["breadcrumbs"]] == ["Cars", "Top", "Middle"]
    assert response["Location"].endswith(f"/dataClasses/{middle.pk}/dataClasses/{body['id']}")
    assert m.DataClass.objects.get(pk=body["id"]).parent_data_class_id == middle.pk


@pytest.mark.parametrize("body, status", [
    ({}, 400),
    ({"label": None}, 400),
    ({"label": ""}, 422),
    ({"label": "   "}, 422),
    ({"label": "A|B"}, 422),
    ({"label": "A@B"}, 422),
    ({"label": "A$B"}, 422),
    ({"label": "x" * 256}, 422),
    ({"label": "Fine", "minMultiplicity": "one"}, 422),
    ({"label": "Fine", "maxMultiplicity": 1.5}, 422),
    ({"label": "Fine", "maxMultiplicity": True}, 422),
    ({"label": "Fine", "minMultiplicity": 2**40}, 422),
    ({"label": "Fine", "index": "first"}, 422),
])
def test_create_with_bad_body_changes_nothing(user_client, model, body, status):
    response = user_client.post(classes_url(model), body, format="json")
    assert response.status_code == status, response.content
    assert not m.DataClass.objects.filter(model=model).exists()
    assert not m.Edit.objects.exists()
    if status == 422:
        assert response.json()["errors"]


def test_create_with_non_object_body_is_400(user_client, model):
    response = user_client.post(classes_url(model), [{"label": "A"}], format="json")
    assert response.status_code == 400
    response = user_client.post(classes_url(model), "not json", content_type="application/json")
    assert response.status_code == 400
    assert not m.DataClass.objects.exists()


def test_multiplicity_has_no_range_check_and_blank_description_is_dropped(user_client, model):
    response = user_client.post(classes_url(model), {"label": "Odd", "minMultiplicity": 5, "maxMultiplicity": -7,
                                                     "description": "  "}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["minMultiplicity"], body["maxMultiplicity"]) == (5, -7)
    assert "description" not in body


def test_label_is_unique_among_siblings_only(user_client, model):
    top = make_data_class(model, "Top")
    make_data_class(model, "Child", parent=top)
    assert user_client.post(classes_url(model), {"label": "Top"}, format="json").status_code == 422
    assert user_client.post(classes_url(model, top), {"label": "Child"}, format="json").status_code == 422
    # the same label under another parent, or at the root, is fine
    assert user_client.post(classes_url(model), {"label": "Child"}, format="json").status_code == 201
    other = make_data_class(model, "Other")
    assert user_client.post(classes_url(model, other), {"label": "Child"}, format="json").status_code == 201
    # and in another model
    elsewhere = make_data_model("Elsewhere", user=model_owner(model))
    assert user_client.post(classes_url(elsewhere), {"label": "Top"}, format="json").status_code == 201


def model_owner(model):
    from accounts.models import User

    return User.objects.get(email_address=model.created_by)


def test_duplicate_label_message(user_client, model):
    make_data_class(model, "Top")
    body = user_client.post(classes_url(model), {"label": "Top"}, format="json").json()
    assert body["status"] == 422
    assert body["total"] == 1
    assert body["errors"][0]["field"] == "label"
    assert "must be unique" in body["errors"][0]["message"]


# --- read ----------------------------------------------------------------------------------------------------

def test_list_root_classes_in_index_order_with_paging(user_client, model):
    for n, label in enumerate(["C", "A", "B"]):
        make_data_class(model, label, index=n)
    top = m.DataClass.objects.get(label="C")
    make_data_class(model, "Nested", parent=top)
    response = user_client.get(classes_url(model))
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert labels(response) == ["C", "A", "B"]
    page = user_client.get(classes_url(model) + "?max=1&offset=1").json()
    assert page["count"] == 3 and [i["label"] for i in page["items"]] == ["A"]
    by_label = user_client.get(classes_url(model) + "?sort=label&order=desc")
    assert labels(by_label) == ["C", "B", "A"]
    assert user_client.get(classes_url(model) + "?sort=nope").status_code == 400
    assert user_client.get(classes_url(model) + "?max=-1").status_code == 400


def test_list_child_classes_and_index_item_shape(user_client, model):
    top = make_data_class(model, "Top")
    child = make_data_class(model, "Child", parent=top, description="d", min_multiplicity=0, max_multiplicity=1)
    response = user_client.get(classes_url(model, top))
    assert response.status_code == 200
    assert response.json() == {"count": 1, "items": [{
        "id": str(child.pk), "domainType": "DataClass", "label": "Child", "path": "dm:Cars$main|dc:Top|dc:Child",
        "model": str(model.pk),
        "breadcrumbs": [{"id": str(model.pk), "label": "Cars", "domainType": "DataModel", "finalised": False},
                        {"id": str(top.pk), "label": "Top", "domainType": "DataClass"}],
        "description": "d", "maxMultiplicity": 1, "minMultiplicity": 0, "parentDataClass": str(top.pk)}]}


def test_show_root_and_child_class(user_client, model, user):
    top = make_data_class(model, "Top")
    child = make_data_class(model, "Child", parent=top)
    body = user_client.get(class_url(model, top)).json()
    assert body["id"] == str(top.pk)
    assert body["availableActions"] == ["comment", "delete", "editDescription", "save", "show", "update"]
    assert user_client.get(class_url(model, child)).json()["parentDataClass"] == str(top.pk)
    # a nested class is not a root class, and a child is named under its own parent only
    assert user_client.get(f"/api/dataModels/{model.pk}/dataClasses/{child.pk}").status_code == 404
    other = make_data_class(model, "Other")
    assert user_client.get(f"{classes_url(model, other)}/{child.pk}").status_code == 404


def test_show_lists_classifiers_and_extended_classes(user_client, model, user):
    top = make_data_class(model, "Top")
    base = make_data_class(model, "Base")
    m.DataClassExtension.objects.create(data_class=top, extended_data_class=base, model=model)
    classifier = make_classifier("Tag", user=user)
    m.ClassifierLink.objects.create(classifier=classifier, catalogue_item_domain_type="DataClass",
                                    catalogue_item_id=top.pk, model=model)
    body = user_client.get(class_url(model, top)).json()
    assert [c["label"] for c in body["classifiers"]] == ["Tag"]
    assert [c["id"] for c in body["extendsDataClasses"]] == [str(base.pk)]
    assert body["extendsDataClasses"][0]["path"] == "dm:Cars$main|dc:Base"


def test_unknown_and_malformed_ids_are_404_naming_the_resource(user_client, model):
    missing = uuid.uuid4()
    body = user_client.get(f"/api/dataModels/{model.pk}/dataClasses/{missing}").json()
    assert (body["status"], body["resource"], body["id"]) == (404, "DataClass", str(missing))
    body = user_client.get(f"/api/dataModels/{model.pk}/dataClasses/not-a-uuid").json()
    assert (body["status"], body["resource"], body["id"]) == (404, "DataClass", "null")
    body = user_client.get(f"/api/dataModels/{missing}/dataClasses").json()
    assert (body["status"], body["resource"]) == (404, "DataModel")
    body = user_client.get(f"/api/dataModels/{model.pk}/dataClasses/{missing}/dataClasses").json()
    assert (body["status"], body["resource"]) == (404, "DataClass")


def test_parent_class_of_another_model_is_400_dci01(user_client, model, user):
    other_model = make_data_model("Other", user=user)
    foreign = make_data_class(other_model, "Foreign")
    response = user_client.get(classes_url(model, foreign))
    assert response.status_code == 400
    assert response.json()["errorCode"] == "DCI01"
    assert response.json()["message"] == "Provided dataClassId is not inside provided dataModelId"
    response = user_client.post(classes_url(model, foreign), {"label": "X"}, format="json")
    assert response.status_code == 400 and response.json()["errorCode"] == "DCI01"
    assert not m.DataClass.objects.filter(label="X").exists()
    for suffix in ("content", "dataElements"):
        assert user_client.get(f"/api/dataModels/{model.pk}/dataClasses/{foreign.pk}/{suffix}").status_code == 400


def test_parent_class_of_an_unreadable_model_is_404(user_client, model, other_user):
    hidden = make_data_model("Hidden", user=other_user)
    foreign = make_data_class(hidden, "Foreign")
    response = user_client.get(classes_url(model, foreign))
    assert response.status_code == 404
    assert response.json()["resource"] == "DataClass"


def test_all_data_classes_lists_every_depth_by_label(user_client, model):
    top = make_data_class(model, "Zeta")
    make_data_class(model, "Alpha", parent=top)
    make_data_class(model, "Mid")
    response = user_client.get(f"/api/dataModels/{model.pk}/allDataClasses")
    assert response.json()["count"] == 3
    assert labels(response) == ["Alpha", "Mid", "Zeta"]


def test_content_lists_child_classes_then_elements(user_client, model):
    top = make_data_class(model, "Top")
    string = make_data_type(model, "string")
    make_data_element(top, "b element", data_type=string)
    make_data_element(top, "a element", data_type=string)
    make_data_class(model, "Second", parent=top)
    make_data_class(model, "First", parent=top, index=0)
    m.DataClass.objects.filter(label="Second").update(index=1)
    url = f"/api/dataModels/{model.pk}/dataClasses/{top.pk}/content"
    body = user_client.get(url).json()
    assert body["count"] == 4
    assert [(i["domainType"], i["label"]) for i in body["items"]] == [
        ("DataClass", "First"), ("DataClass", "Second"), ("DataElement", "b element"), ("DataElement", "a element")]
    page = user_client.get(url + "?offset=1&max=2").json()
    assert [i["label"] for i in page["items"]] == ["Second", "b element"]
    page = user_client.get(url + "?offset=3&max=5").json()
    assert [i["label"] for i in page["items"]] == ["a element"]
    assert user_client.get(url + "?max=0").json() == {"count": 4, "items": []}


# --- update and ordering ---------------------------------------------------------------------------------------

def test_update_changes_fields_and_records_an_edit(user_client, model):
    data_class = make_data_class(model, "Old", description="before")
    response = user_client.put(class_url(model, data_class), {"label": "New", "description": "after",
                                                              "maxMultiplicity": 3, "id": "ignored"},
                               format="json")
    assert response.status_code == 200, response.content
    assert response.json()["label"] == "New" and response.json()["maxMultiplicity"] == 3
    data_class.refresh_from_db()
    assert (data_class.label, data_class.description, data_class.max_multiplicity) == ("New", "after", 3)
    edit = m.Edit.objects.get(resource_id=data_class.pk, title="UPDATE")
    assert "[label] changed from [Old] to [New]" in edit.description
    assert "[maxMultiplicity] changed from [None] to [3]" in edit.description


def test_update_with_nothing_to_change_keeps_the_class(user_client, model):
    data_class = make_data_class(model, "Same", min_multiplicity=1)
    response = user_client.put(class_url(model, data_class), {}, format="json")
    assert response.status_code == 200
    assert response.json()["minMultiplicity"] == 1
    assert not m.Edit.objects.filter(title="UPDATE").exists()
    response = user_client.put(class_url(model, data_class), {"minMultiplicity": None}, format="json")
    assert "minMultiplicity" not in response.json()


@pytest.mark.parametrize("body", [{"label": ""}, {"label": "Taken"}, {"label": "a|b"}, {"minMultiplicity": "x"}])
def test_bad_update_changes_nothing(user_client, model, body):
    make_data_class(model, "Taken")
    data_class = make_data_class(model, "Mine", description="keep")
    response = user_client.put(class_url(model, data_class), {**body, "description": "changed"}, format="json")
    assert response.status_code == 422
    data_class.refresh_from_db()
    assert (data_class.label, data_class.description) == ("Mine", "keep")


def test_moving_a_class_renumbers_its_siblings(user_client, model):
    classes = [make_data_class(model, label) for label in "ABCDE"]
    nested = make_data_class(model, "Nested", parent=classes[0])
    assert user_client.put(class_url(model, classes[3]), {"index": 1}, format="json").json()["label"] == "D"
    assert labels(user_client.get(classes_url(model))) == ["A", "D", "B", "C", "E"]
    user_client.put(class_url(model, classes[0]), {"index": 3}, format="json")
    assert labels(user_client.get(classes_url(model))) == ["D", "B", "C", "A", "E"]
    user_client.put(class_url(model, classes[1]), {"index": 99}, format="json")
    assert labels(user_client.get(classes_url(model))) == ["D", "C", "A", "E", "B"]
    user_client.put(class_url(model, classes[1]), {"index": -5}, format="json")
    ordered = list(m.DataClass.objects.filter(model=model, parent_data_class=None).order_by("index"))
    assert [(c.label, c.index) for c in ordered] == [("B", 0), ("D", 1), ("C", 2), ("A", 3), ("E", 4)]
    nested.refresh_from_db()
    assert nested.index == 0


def test_moving_uses_set_based_updates(user_client, model):
    def move_queries(count):
        m.DataClass.objects.filter(model=model).delete()
        classes = [make_data_class(model, f"C{n}") for n in range(count)]
        with CaptureQueriesContext(connection) as queries:
            assert user_client.put(class_url(model, classes[-1]), {"index": 0}, format="json").status_code == 200
        return len(queries)

    assert move_queries(3) == move_queries(40)


def test_create_with_index_inserts_and_without_appends(user_client, model):
    for label in "ABC":
        make_data_class(model, label)
    user_client.post(classes_url(model), {"label": "Inserted", "index": 1}, format="json")
    user_client.post(classes_url(model), {"label": "Last"}, format="json")
    assert labels(user_client.get(classes_url(model))) == ["A", "Inserted", "B", "C", "Last"]
    assert list(m.DataClass.objects.filter(model=model).order_by("index").values_list("index", flat=True)) == [
        0, 1, 2, 3, 4]


# --- delete ------------------------------------------------------------------------------------------------------

def test_delete_removes_subclasses_elements_and_their_facets(user_client, model, user):
    string = make_data_type(model, "string")
    top = make_data_class(model, "Top")
    child = make_data_class(model, "Child", parent=top)
    grandchild = make_data_class(model, "Grandchild", parent=child)
    element = make_data_element(grandchild, "Deep", data_type=string)
    keep = make_data_class(model, "Keep")
    kept_element = make_data_element(keep, "Kept", data_type=string)
    for item in (top, child, element, kept_element):
        m.Metadata.objects.create(model=model, catalogue_item_domain_type=item.domain_type,
                                  catalogue_item_id=item.pk, namespace="ns", key="k", value="v")
    m.SemanticLink.objects.create(model=model, catalogue_item_domain_type="DataClass", catalogue_item_id=keep.pk,
                                  link_type="Refines", target_domain_type="DataElement", target_id=element.pk)
    response = user_client.delete(class_url(model, top))
    assert response.status_code == 204
    assert response.content == b""
    assert list(m.DataClass.objects.filter(model=model).values_list("label", flat=True)) == ["Keep"]
    assert list(m.DataElement.objects.filter(model=model).values_list("label", flat=True)) == ["Kept"]
    assert list(m.Metadata.objects.values_list("catalogue_item_id", flat=True)) == [kept_element.pk]
    assert not m.SemanticLink.objects.exists()
    keep.refresh_from_db()
    assert keep.index == 0
    assert m.Edit.objects.filter(resource_id=model.pk, title="DELETE",
                                 description="[DataClass:Top] removed from component [DataModel:Cars]").exists()
    assert m.DataType.objects.filter(pk=string.pk).exists()


def test_delete_child_class_only(user_client, model):
    top = make_data_class(model, "Top")
    first = make_data_class(model, "First", parent=top)
    second = make_data_class(model, "Second", parent=top)
    assert user_client.delete(class_url(model, first)).status_code == 204
    assert list(m.DataClass.objects.filter(model=model).values_list("label", flat=True).order_by("label")) == [
        "Second", "Top"]
    second.refresh_from_db()
    assert second.index == 0


def test_delete_query_count_does_not_grow_with_the_subtree(user_client, user):
    def delete_queries(size):
        model = populate_model(make_data_model(f"M{size}", user=user), classes=size, elements_per_class=size)
        top = m.DataClass.objects.get(model=model, label="class 0")
        for n in range(size):
            make_data_class(model, f"extra {n}", parent=top)
        with CaptureQueriesContext(connection) as queries:
            assert user_client.delete(class_url(model, top)).status_code == 204
        return len(queries)

    assert delete_queries(2) == delete_queries(25)


def test_class_used_by_a_reference_type_cannot_be_deleted(user_client, model):
    top = make_data_class(model, "Top")
    child = make_data_class(model, "Child", parent=top)
    make_data_type(model, "Reference to Child", kind=m.DataTypeKind.REFERENCE, reference_class=child)
    response = user_client.delete(class_url(model, top))
    assert response.status_code == 422
    assert "ReferenceType [Reference to Child]" in response.json()["errors"][0]["message"]
    assert m.DataClass.objects.filter(model=model).count() == 2


def test_class_extended_by_another_cannot_be_deleted(user_client, model):
    base = make_data_class(model, "Base")
    extending = make_data_class(model, "Extending")
    m.DataClassExtension.objects.create(data_class=extending, extended_data_class=base, model=model)
    response = user_client.delete(class_url(model, base))
    assert response.status_code == 422
    assert "extension" in response.json()["message"]
    assert m.DataClass.objects.filter(pk=base.pk).exists()
    # the extending class itself may go, taking its extension along
    assert user_client.delete(class_url(model, extending)).status_code == 204
    assert not m.DataClassExtension.objects.exists()
    assert user_client.delete(class_url(model, base)).status_code == 204


def test_class_extended_only_from_inside_its_subtree_can_be_deleted(user_client, model):
    top = make_data_class(model, "Top")
    child = make_data_class(model, "Child", parent=top)
    m.DataClassExtension.objects.create(data_class=child, extended_data_class=top, model=model)
    assert user_client.delete(class_url(model, top)).status_code == 204
    assert not m.DataClass.objects.filter(model=model).exists()


# --- extend ----------------------------------------------------------------------------------------------------

def extend_url(model, data_class, other_model, other_class):
    return f"/api/dataModels/{model.pk}/dataClasses/{data_class.pk}/extends/{other_model.pk}/{other_class.pk}"


def test_extend_within_the_model_and_undo(user_client, model):
    base = make_data_class(model, "Base")
    top = make_data_class(model, "Top")
    child = make_data_class(model, "Child", parent=top)
    response = user_client.put(extend_url(model, child, model, base))
    assert response.status_code == 200, response.content
    assert [c["label"] for c in response.json()["extendsDataClasses"]] == ["Base"]
    assert user_client.put(extend_url(model, child, model, base)).status_code == 200
    assert m.DataClassExtension.objects.filter(data_class=child).count() == 1
    assert m.Edit.objects.filter(resource_id=child.pk,
                                 description="[DataClass:Child] extends [DataClass:Base]").exists()
    response = user_client.delete(extend_url(model, child, model, base))
    assert response.status_code == 200
    assert "extendsDataClasses" not in response.json()
    assert not m.DataClassExtension.objects.exists()


def test_extend_needs_a_finalised_model_when_it_is_another_one(user_client, model, user):
    draft = make_data_model("Draft", user=user)
    draft_class = make_data_class(draft, "Remote")
    finalised = make_data_model("Final", user=user, finalised=True, model_version="1.0.0")
    final_class = make_data_class(finalised, "Remote")
    mine = make_data_class(model, "Mine")
    response = user_client.put(extend_url(model, mine, draft, draft_class))
    assert response.status_code == 422
    assert "finalised" in response.json()["message"]
    assert not m.DataClassExtension.objects.exists()
    response = user_client.put(extend_url(model, mine, finalised, final_class))
    assert response.status_code == 200
    extended = response.json()["extendsDataClasses"][0]
    assert extended["model"] == str(finalised.pk)
    assert extended["path"] == "dm:Final$1.0.0|dc:Remote"


def test_extend_refusals(user_client, model, other_user):
    mine = make_data_class(model, "Mine")
    assert user_client.put(extend_url(model, mine, model, mine)).status_code == 422
    hidden = make_data_model("Hidden", user=other_user, finalised=True)
    hidden_class = make_data_class(hidden, "Secret")
    assert user_client.put(extend_url(model, mine, hidden, hidden_class)).status_code == 404
    response = user_client.put(f"/api/dataModels/{model.pk}/dataClasses/{mine.pk}/extends/{model.pk}/{uuid.uuid4()}")
    assert response.status_code == 404 and response.json()["resource"] == "DataClass"
    assert not m.DataClassExtension.objects.exists()


def test_extend_access(model, other_user, client):
    """Adding or removing a link: anonymous 401 before anything is looked up, a model the caller cannot read
    404, a reader 403; the links stay as they were."""
    base, mine = make_data_class(model, "Base"), make_data_class(model, "Mine")
    m.DataClassExtension.objects.create(data_class=mine, extended_data_class=base, model_id=model.pk)
    other = logged_in_client(other_user)
    url = extend_url(model, mine, model, base)
    for method in ("put", "delete"):
        assert getattr(client, method)(url).status_code == 401
        assert getattr(other, method)(url).status_code == 404
    model.readable_by_authenticated_users = True
    model.save()
    for method in ("put", "delete"):
        assert getattr(other, method)(url).status_code == 403
    assert list(m.DataClassExtension.objects.values_list("data_class_id", "extended_data_class_id")) == [
        (mine.pk, base.pk)]


# --- access ----------------------------------------------------------------------------------------------------

def test_other_user_cannot_see_a_private_model_s_classes(model, other_user, client):
    data_class = make_data_class(model, "Secret")
    other = logged_in_client(other_user)
    for url in (classes_url(model), class_url(model, data_class), f"/api/dataModels/{model.pk}/allDataClasses",
                classes_url(model, data_class), f"/api/dataModels/{model.pk}/dataClasses/{data_class.pk}/content"):
        assert other.get(url).status_code == 404, url
        assert client.get(url).status_code == 404, url
    assert other.post(classes_url(model), {"label": "X"}, format="json").status_code == 404
    assert other.put(class_url(model, data_class), {"label": "X"}, format="json").status_code == 404
    assert other.delete(class_url(model, data_class)).status_code == 404
    data_class.refresh_from_db()
    assert data_class.label == "Secret"


def test_anonymous_writes_are_401_even_on_public_models(model, client):
    model.readable_by_everyone = True
    model.save()
    data_class = make_data_class(model, "Public")
    assert client.get(classes_url(model)).status_code == 200
    assert client.get(class_url(model, data_class)).json()["availableActions"] == ["show"]
    assert client.post(classes_url(model), {"label": "X"}, format="json").status_code == 401
    assert client.put(class_url(model, data_class), {"label": "X"}, format="json").status_code == 401
    assert client.delete(class_url(model, data_class)).status_code == 401
    assert client.post(classes_url(model, data_class), {"label": "X"}, format="json").status_code == 401
    assert m.DataClass.objects.filter(model=model).count() == 1


def test_reader_of_a_public_model_gets_403_on_writes(model, other_user):
    model.readable_by_authenticated_users = True
    model.save()
    data_class = make_data_class(model, "Public")
    other = logged_in_client(other_user)
    assert other.get(class_url(model, data_class)).status_code == 200
    assert other.post(classes_url(model), {"label": "X"}, format="json").status_code == 403
    assert other.post(classes_url(model, data_class), {"label": "X"}, format="json").status_code == 403
    assert other.put(class_url(model, data_class), {"label": "X"}, format="json").status_code == 403
    assert other.delete(class_url(model, data_class)).status_code == 403
    assert list(m.DataClass.objects.values_list("label", flat=True)) == ["Public"]


def test_admin_may_write_into_anyone_s_model(admin_client, model):
    response = admin_client.post(classes_url(model), {"label": "By admin"}, format="json")
    assert response.status_code == 201
    assert admin_client.delete(class_url(model, m.DataClass.objects.get(label="By admin"))).status_code == 204


@pytest.mark.parametrize("state", [{"finalised": True}, {"deleted": True}])
def test_finalised_or_deleted_model_refuses_writes(user_client, model, state):
    data_class = make_data_class(model, "Frozen")
    m.CatalogueModel.objects.filter(pk=model.pk).update(**state)
    assert user_client.get(class_url(model, data_class)).status_code == 200
    for response in (user_client.post(classes_url(model), {"label": "X"}, format="json"),
                     user_client.post(classes_url(model, data_class), {"label": "X"}, format="json"),
                     user_client.put(class_url(model, data_class), {"label": "X"}, format="json"),
                     user_client.delete(class_url(model, data_class))):
        assert response.status_code == 403
    assert list(m.DataClass.objects.values_list("label", flat=True)) == ["Frozen"]


def test_unknown_methods_are_404_with_allow(user_client, model):
    response = user_client.patch(classes_url(model), {}, format="json")
    assert response.status_code == 404
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
    response = user_client.put(classes_url(model), {}, format="json")
    assert response.status_code == 404


# --- query counts ----------------------------------------------------------------------------------------------

def _list_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("suffix", ["dataClasses?all=true", "allDataClasses?all=true", "dataClasses",
                                    "dataClasses/{top}/dataClasses?all=true", "dataClasses/{top}/content?all=true",
                                    "dataClasses/{top}/content?max=100"])
def test_class_lists_cost_a_fixed_number_of_queries(user, suffix):
    client = logged_in_client(user)

    def count(size):
        model = populate_model(make_data_model(f"Size {size}", user=user), classes=size, elements_per_class=size)
        top = m.DataClass.objects.get(model=model, label="class 0")
        for n in range(size):
            make_data_class(model, f"child {n}", parent=make_data_class(model, f"deep {n}", parent=top))
        return _list_queries(client, f"/api/dataModels/{model.pk}/" + suffix.format(top=top.pk))

    assert count(2) == count(30)


def test_a_content_page_filled_by_classes_skips_the_elements_query(user):
    client = logged_in_client(user)
    model = populate_model(make_data_model("Paged", user=user), classes=1, elements_per_class=3)
    top = m.DataClass.objects.get(model=model, label="class 0")
    url = f"/api/dataModels/{model.pk}/dataClasses/{top.pk}/content"
    mixed = _list_queries(client, url)
    for n in range(12):
        make_data_class(model, f"more {n}", parent=top)
    assert _list_queries(client, url) < mixed
