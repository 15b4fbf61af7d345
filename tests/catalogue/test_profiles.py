"""Profiles: the provider registry, one item's profiles (show, save, validate, delete, used, unused, other metadata),
dynamic profiles defined by finalised data models, and many profiles of a model's items at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from catalogue.selectors import profiles
from tests.catalogue.facets_support import item_url, make_world, set_model
from tests.catalogue.factories import make_data_class, make_data_element, make_data_model, make_data_type
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

SPEC = "uk.ac.ox.softeng.maurodatamapper.profile"
MODEL_PROFILE = f"{SPEC}/ProfileSpecificationProfileService"
FIELD_PROFILE = f"{SPEC}/ProfileSpecificationFieldProfileService"
DYNAMIC = "uk.ac.ox.softeng.maurodatamapper.profile.provider"

MODEL_PROFILE_PROVIDER = {
    "name": "ProfileSpecificationProfileService", "version": "1.0.0",
    "displayName": "Profile Specification Profile (Data Model)", "namespace": SPEC,
    "allowsExtraMetadataKeys": False,
    "knownMetadataKeys": ["metadataNamespace", "domainsApplicable", "editableAfterFinalisation"],
    "providerType": "Profile", "metadataNamespace": SPEC, "domains": ["DataModel"],
    "editableAfterFinalisation": False,
}
FIELD_PROFILE_PROVIDER = {
    "name": "ProfileSpecificationFieldProfileService", "version": "1.0.0",
    "displayName": "Profile Specification Profile (Data Element)", "namespace": SPEC,
    "allowsExtraMetadataKeys": False,
    "knownMetadataKeys": ["metadataPropertyName", "defaultValue", "regularExpression", "editableAfterFinalisation"],
    "providerType": "Profile", "metadataNamespace": f"{SPEC}.dataelement", "domains": ["DataElement"],
    "editableAfterFinalisation": False,
}


def spec_body(namespace="functional.test.profile", domains="DataModel", editable=None):
    fields = [{"metadataPropertyName": "metadataNamespace", "currentValue": namespace},
              {"metadataPropertyName": "domainsApplicable", "currentValue": domains}]
    if editable is not None:
        fields.append({"metadataPropertyName": "editableAfterFinalisation", "currentValue": editable})
    return {"sections": [{"name": "Profile Specification", "fields": fields}]}


def stored(item, namespace=SPEC):
    return dict(m.Metadata.objects.filter(catalogue_item_id=item.pk, namespace=namespace).values_list("key", "value"))


def values(body):
    return {f["metadataPropertyName"]: f["currentValue"] for s in body["sections"] for f in s["fields"]}


@pytest.fixture
def owner(db):
    return make_user("owner@example.com")


@pytest.fixture
def world(owner):
    return make_world(owner)


@pytest.fixture
def api(owner):
    return logged_in_client(owner)


def grant(user, resource, role):
    group = UserGroup.objects.create(name=f"{user.email_address} {role} {resource.pk}")
    group.members.add(user)
    SecurableResourceGroupRole.objects.create(user_group=group, group_role=GroupRole.objects.get(name=role),
                                              securable_resource_id=resource.pk,
                                              securable_resource_domain_type=resource.domain_type)
    return logged_in_client(user)


# --- the registry ---------------------------------------------------------------------------------------------

def test_providers_are_the_profile_specification_profiles(client, db):
    response = client.get("/api/profiles/providers")
    assert response.status_code == 200
    assert response.json() == [FIELD_PROFILE_PROVIDER, MODEL_PROFILE_PROVIDER]
    assert client.get("/api/profiles/providers?latestVersionByMetadataNamespace=true").json() == response.json()
    assert client.get("/api/profiles/providers/dynamic").json() == []


@pytest.mark.parametrize("url", [f"/api/profiles/providers/{MODEL_PROFILE}",
                                 f"/api/profiles/providers/{MODEL_PROFILE}/1.0.0"])
def test_provider_show(client, db, url):
    response = client.get(url)
    assert response.status_code == 200 and response.json() == MODEL_PROFILE_PROVIDER


@pytest.mark.parametrize("url, identifier", [
    (f"/api/profiles/providers/{SPEC}/Nothing", f"{SPEC}:Nothing"),
    (f"/api/profiles/providers/{MODEL_PROFILE}/9.9.9", f"{SPEC}:ProfileSpecificationProfileService:9.9.9"),
    (f"/api/profiles/{SPEC}/Nothing", f"{SPEC}:Nothing"),
])
def test_unknown_provider_is_not_found(client, db, url, identifier):
    response = client.get(url)
    assert response.status_code == 404
    assert (response.json()["resource"], response.json()["id"]) == ("ProfileProviderService", identifier)


def test_profile_definition_is_an_empty_profile(client, db):
    response = client.get(f"/api/profiles/{FIELD_PROFILE}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"sections"}
    [section] = body["sections"]
    assert section["name"] == "Profile Specification"
    assert section["fields"][0] == {
        "fieldName": "Metadata Property Name", "metadataPropertyName": "metadataPropertyName", "currentValue": "",
        "dataType": "string", "maxMultiplicity": 1, "minMultiplicity": 1, "uneditable": False,
        "editableAfterFinalisation": False, "derived": False,
        "description": "The key under which this property of this profile will be stored"}
    assert values(body)["editableAfterFinalisation"] == "true"


# --- used and unused ------------------------------------------------------------------------------------------

def names(response):
    assert response.status_code == 200, response.content
    return [p["name"] for p in response.json()]


def test_used_and_unused_answer_on_every_item_kind(api, world):
    expected_unused = {world.folder: [], world.model: ["ProfileSpecificationProfileService"],
                       world.data_class: [], world.element: ["ProfileSpecificationFieldProfileService"],
                       world.string: [], world.value: [], world.classifier: []}
    for item, unused in expected_unused.items():
        assert names(api.get(item_url(item, "profiles/used"))) == [], item
        assert names(api.get(item_url(item, "profiles/unused"))) == unused, item


def test_saved_profile_is_used(api, world):
    assert api.post(item_url(world.model, f"profile/{MODEL_PROFILE}"), spec_body(), format="json").status_code == 200
    assert names(api.get(item_url(world.model, "profiles/used"))) == ["ProfileSpecificationProfileService"]
    assert names(api.get(item_url(world.model, "profiles/unused"))) == []


@pytest.mark.parametrize("route", ["profiles/used", "profiles/unused", "profiles/otherMetadata",
                                   f"profile/{MODEL_PROFILE}"])
def test_unreadable_item_is_not_found(world, route):
    stranger = logged_in_client(make_user("stranger@example.com"))
    for caller in (APIClient(), stranger):
        response = caller.get(item_url(world.model, route))
        assert response.status_code == 404, (route, response.content)
        assert response.json()["resource"] == "DataModel"


def test_unknown_domain_type_is_a_bad_request(api, world):
    response = api.get(f"/api/things/{world.model.pk}/profiles/used")
    assert response.status_code == 400 and response.json()["errorCode"] == "MCI02"


# --- one profile: save, show, validate, delete -----------------------------------------------------------------

def test_save_stores_metadata_and_answers_the_whole_profile(api, world):
    response = api.post(item_url(world.model, f"profile/{MODEL_PROFILE}"), spec_body(), format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["label"], body["domainType"]) == (str(world.model.pk), "Owned", "DataModel")
    assert values(body) == {"metadataNamespace": "functional.test.profile", "domainsApplicable": "DataModel",
                            "editableAfterFinalisation": ""}
    assert stored(world.model) == {"metadataNamespace": "functional.test.profile", "domainsApplicable": "DataModel",
                                   "_profiled": "Yes"}
    shown = api.get(item_url(world.model, f"profile/{MODEL_PROFILE}"))
    assert shown.status_code == 200 and shown.json() == body
    assert api.get(item_url(world.model, f"profile/{MODEL_PROFILE}/1.0.0")).json() == body
    edits = list(m.Edit.objects.filter(resource_id=world.model.pk).values_list("description", flat=True))
    assert f"[Metadata:{SPEC}:metadataNamespace] added to component [DataModel:Owned]" in edits


def test_save_changes_only_the_fields_sent_and_empties_remove(api, world):
    url = item_url(world.model, f"profile/{MODEL_PROFILE}")
    api.post(url, spec_body(), format="json")
    partial = {"sections": [{"name": "Profile Specification",
                             "fields": [{"metadataPropertyName": "metadataNamespace", "currentValue": "adjusted"}]}]}
    assert values(api.post(url, partial, format="json").json())["domainsApplicable"] == "DataModel"
    cleared = {"sections": [{"name": "Profile Specification",
                             "fields": [{"metadataPropertyName": "domainsApplicable", "currentValue": ""}]}]}
    assert values(api.post(url, cleared, format="json").json())["domainsApplicable"] == ""
    assert stored(world.model) == {"metadataNamespace": "adjusted", "_profiled": "Yes"}


def test_save_accepts_values_that_fail_validation_as_mauro_does(api, world):
    body = spec_body(namespace="", editable="maybe")
    response = api.post(item_url(world.model, f"profile/{MODEL_PROFILE}"), body, format="json")
    assert response.status_code == 200
    assert stored(world.model)["editableAfterFinalisation"] == "maybe"


def test_profile_that_does_not_apply_to_the_item_is_not_found(api, world):
    for item in (world.folder, world.element):
        response = api.post(item_url(item, f"profile/{MODEL_PROFILE}"), spec_body(), format="json")
        assert response.status_code == 404 and response.json()["resource"] == "ProfileProviderService"
    assert not m.Metadata.objects.filter(namespace=SPEC).exists()


def test_validate_lists_every_problem(api, world):
    body = {"sections": [{"name": "Profile Specification", "fields": [
        {"metadataPropertyName": "domainsApplicable", "currentValue": "DataModel"},
        {"metadataPropertyName": "editableAfterFinalisation", "currentValue": "maybe"}]}]}
    response = api.post(item_url(world.model, f"profile/{MODEL_PROFILE}/validate"), body, format="json")
    assert response.status_code == 422
    error = response.json()
    assert error["status"] == 422 and error["total"] == 2 and error["fieldTotal"] == 2
    assert error["errors"] == [
        {"message": "This field cannot be empty", "fieldName": "Metadata namespace",
         "metadataPropertyName": "metadataNamespace"},
        {"message": "This field must be a valid Boolean", "fieldName": "Can be edited after finalisation",
         "metadataPropertyName": "editableAfterFinalisation"}]
    assert not m.Metadata.objects.filter(namespace=SPEC).exists()


def test_validate_of_a_valid_profile_answers_it(api, world):
    response = api.post(item_url(world.model, f"profile/{MODEL_PROFILE}/1.0.0/validate"), spec_body(editable="TRUE"),
                        format="json")
    assert response.status_code == 200
    assert values(response.json())["editableAfterFinalisation"] == "TRUE"
    assert not m.Metadata.objects.filter(namespace=SPEC).exists()


def test_delete_removes_the_namespace(api, world):
    url = item_url(world.model, f"profile/{MODEL_PROFILE}")
    api.post(url, spec_body(), format="json")
    m.Metadata.objects.create(namespace="other", key="k", value="v", catalogue_item_domain_type="DataModel",
                              catalogue_item_id=world.model.pk, model=world.model)
    response = api.delete(url)
    assert response.status_code == 204
    assert stored(world.model) == {} and stored(world.model, "other") == {"k": "v"}
    assert names(api.get(item_url(world.model, "profiles/used"))) == []


@pytest.mark.parametrize("body, status", [
    ([1, 2], 400),
    ({}, 400),
    ({"sections": "none"}, 422),
    ({"sections": [{"name": 5}]}, 422),
    ({"sections": [{"name": "Profile Specification", "fields": [{"metadataPropertyName": "metadataNamespace",
                                                                  "currentValue": {"a": 1}}]}]}, 422),
])
@pytest.mark.parametrize("route", ["", "/validate"])
def test_bad_bodies_are_refused_and_change_nothing(api, world, body, status, route):
    response = api.post(item_url(world.model, f"profile/{MODEL_PROFILE}{route}"), body, format="json")
    assert response.status_code == status, response.content
    assert response.json()["status"] == status
    assert not m.Metadata.objects.filter(namespace=SPEC).exists()


def test_scalar_values_are_taken_as_text(api, world):
    body = spec_body(editable=True)
    response = api.post(item_url(world.model, f"profile/{MODEL_PROFILE}"), body, format="json")
    assert response.status_code == 200 and stored(world.model)["editableAfterFinalisation"] == "true"


# --- rights ---------------------------------------------------------------------------------------------------

ROLE_STATUSES = {  # role: (show, validate, save, delete)
    "reader": (200, 200, 403, 403), "reviewer": (200, 200, 403, 403), "author": (200, 200, 200, 204),
    "editor": (200, 200, 200, 204),
}


@pytest.mark.parametrize("role", ROLE_STATUSES)
def test_rights_by_role(world, role):
    caller = grant(make_user(f"{role}@example.com"), world.folder, role)
    url = item_url(world.model, f"profile/{MODEL_PROFILE}")
    got = (caller.get(url).status_code, caller.post(f"{url}/validate", spec_body(), format="json").status_code,
           caller.post(url, spec_body(), format="json").status_code, caller.delete(url).status_code)
    assert got == ROLE_STATUSES[role]


def test_anonymous_writes_need_a_login(world):
    url = item_url(world.model, f"profile/{MODEL_PROFILE}")
    assert APIClient().post(url, spec_body(), format="json").status_code == 401
    assert APIClient().delete(url).status_code == 401
    assert not m.Metadata.objects.filter(namespace=SPEC).exists()


def test_public_model_is_readable_but_not_writable(world):
    set_model(world.model, readable_by_everyone=True)
    url = item_url(world.model, f"profile/{MODEL_PROFILE}")
    assert APIClient().get(url).status_code == 200
    assert APIClient().get(item_url(world.model, "profiles/unused")).status_code == 200
    outsider = logged_in_client(make_user("outsider@example.com"))
    assert outsider.post(url, spec_body(), format="json").status_code == 403
    assert not m.Metadata.objects.filter(namespace=SPEC).exists()


def test_site_admin_may_save_anywhere(world, admin_client):
    response = admin_client.post(item_url(world.model, f"profile/{MODEL_PROFILE}"), spec_body(), format="json")
    assert response.status_code == 200


def test_finalised_model_refuses_a_profile_not_editable_after_finalisation(api, world):
    set_model(world.model, finalised=True, model_version="1.0.0")
    response = api.post(item_url(world.model, f"profile/{MODEL_PROFILE}"), spec_body(), format="json")
    assert response.status_code == 403 and response.json()["errorCode"] == "PERM02"
    assert api.post(item_url(world.model, f"profile/{MODEL_PROFILE}/validate"), spec_body(),
                    format="json").status_code == 200
    assert not m.Metadata.objects.filter(namespace=SPEC).exists()


# --- other metadata -------------------------------------------------------------------------------------------

def add_metadata(item, namespace, key, value="v"):
    model = item if isinstance(item, m.CatalogueModel) else getattr(item, "model", None)
    return m.Metadata.objects.create(namespace=namespace, key=key, value=value, catalogue_item_id=item.pk,
                                     catalogue_item_domain_type=item.domain_type, model=model)


def test_other_metadata_excludes_used_profiles_and_imports(api, world):
    api.post(item_url(world.model, f"profile/{MODEL_PROFILE}"), spec_body(), format="json")
    add_metadata(world.model, "test.com", "mdk1", "mdv1")
    add_metadata(world.model, "test.com", "mdk2", "mdv2")
    add_metadata(world.model, "test.com/test", "mdk1", "mdv2")
    add_metadata(world.model, "import.x", "k")
    response = api.get(item_url(world.model, "profiles/otherMetadata?max=50"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [(i["namespace"], i["key"], i["value"]) for i in body["items"]] == [
        ("test.com", "mdk1", "mdv1"), ("test.com", "mdk2", "mdv2"), ("test.com/test", "mdk1", "mdv2")]
    assert set(body["items"][0]) == {"id", "namespace", "key", "value", "lastUpdated"}
    filtered = api.get(item_url(world.model, "profiles/otherMetadata?ns=test.com&key=mdk1&value=mdv2")).json()
    assert [(i["namespace"], i["key"]) for i in filtered["items"]] == [("test.com/test", "mdk1")]
    page = api.get(item_url(world.model, "profiles/otherMetadata?max=1&offset=1&sort=value&order=desc")).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    assert api.get(item_url(world.model, "profiles/otherMetadata?max=x")).status_code == 400
    assert api.get(item_url(world.model, "profiles/nonProfileMetadata")).json()["count"] == 3


def test_profile_metadata_on_an_item_it_does_not_apply_to_is_other_metadata(api, world):
    add_metadata(world.data_class, SPEC, "metadataNamespace", "x")
    assert api.get(item_url(world.data_class, "profiles/otherMetadata")).json()["count"] == 1


# --- validation rules -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("data_type, good, bad, name", [
    ("boolean", ["true", "FALSE"], ["yes", "1"], "Boolean"),
    ("int", ["12", "-3", "+4"], ["1.5", "x", "99999999999"], "Integer"),
    ("decimal", ["1.5", "-2", "1e3", ".5"], ["1,5", "abc"], "Decimal"),
    ("date", ["25/12/2024", "2024-12-25", "12-25-2024"], ["2024-13-45", "tomorrow"], "Date"),
    ("datetime", ["25/12/2024T10:00:00"], ["2024-12-25T10:00:00Z"], "DateTime"),
    ("time", ["10:00", "10:00:30"], ["25:00", "noon"], "Time"),
    ("model", ["6f1c7c5e-1234-4c3a-9a9a-0123456789ab"], ["not-a-uuid"], "Model"),
    ("folder", ["6f1c7c5e-1234-4c3a-9a9a-0123456789ab"], ["x"], "Folder"),
    ("json", ['{"a": 1}', "[1]"], ["{a}"], "JSON"),
    ("string", ["anything"], [], None),
    ("text", ["anything"], [], None),
])
def test_field_data_types(data_type, good, bad, name):
    field = profiles.ProfileField("F", "f", data_type=data_type)
    for value in good:
        assert field.problem(value) is None, value
    for value in bad:
        assert field.problem(value) == f"This field must be a valid {name}", value


def test_allowed_values_pattern_and_required_fields():
    enumeration = profiles.ProfileField("F", "f", data_type="enumeration", allowed_values=("A", "B"))
    assert enumeration.problem("A") is None
    assert enumeration.problem("C") == "Value [C] is not contained within the list [A, B]"
    pattern = profiles.ProfileField("F", "f", regular_expression="[a-z]+")
    assert pattern.problem("abc") is None
    assert pattern.problem("abc1") == "Value [abc1] does not match the required pattern [[a-z]+]"
    required = profiles.ProfileField("F", "f", min_multiplicity=1)
    assert required.problem("") == "This field cannot be empty" and required.problem(None) is not None
    assert profiles.ProfileField("F", "f", min_multiplicity=1, derived=True).problem("") is None
    assert profiles.ProfileField("F", "f", min_multiplicity=1, uneditable_flag=True).problem("") is None


def test_derived_fields_show_the_item_and_are_never_stored(world, owner):
    provider = profiles.ProfileProvider(
        namespace="test", name="Derived", version="1", display_name="Derived", metadata_namespace="derived.ns",
        domains=("DataModel",), editable_after_finalisation=False, sections=(profiles.ProfileSection("S", None, (
            profiles.ProfileField("Label", "label", derived=True, derived_from="label"),
            profiles.ProfileField("Note", "note"))),))
    from catalogue.services.profiles import store_profile

    sections = [{"name": "S", "fields": [{"metadataPropertyName": "label", "currentValue": "Changed"},
                                         {"metadataPropertyName": "note", "currentValue": "n"}]}]
    profile = store_profile(user=owner, item=world.model, provider=provider, sections=sections)
    assert {v.field.metadata_property_name: v.current_value for _, v in profile.values()} == {
        "label": "Owned", "note": "n"}
    assert stored(world.model, "derived.ns") == {"note": "n", "_profiled": "Yes"}


# --- dynamic profiles -----------------------------------------------------------------------------------------

def make_profile_model(owner, label="Dynamic Profile Model", *, editable=None, finalised=True, domains="DataModel"):
    """A data model defining a profile: one class (section) with elements of several types (fields)."""
    model = make_data_model(label, user=owner)
    add_metadata(model, SPEC, "metadataNamespace", "functional.test.profile")
    add_metadata(model, SPEC, "domainsApplicable", domains)
    if editable is not None:
        add_metadata(model, SPEC, "editableAfterFinalisation", editable)
    string = make_data_type(model, "string")
    number = make_data_type(model, "int")
    colours = make_data_type(model, "colours", kind=m.DataTypeKind.ENUMERATION, values=("Red", "Green"))
    section = make_data_class(model, "Profile Section Class", description="The section")
    make_data_element(section, "Optional", data_type=string)
    make_data_element(section, "Mandatory", data_type=number, min_multiplicity=1, max_multiplicity=1)
    coded = make_data_element(section, "Colour", data_type=colours)
    add_metadata(coded, f"{SPEC}.dataelement", "metadataPropertyName", "colour")
    if finalised:
        set_model(model, finalised=True, model_version="1.0.0")
    return model


#: Fields without a property name of their own are matched by section and name; others by that property name.
PROPERTY_NAMES = {"Colour": "colour"}


def dynamic_body(**values_by_field):
    return {"sections": [{"name": "Profile Section Class", "fields": [
        {"fieldName": name, "currentValue": value, **({"metadataPropertyName": PROPERTY_NAMES[name]}
                                                      if name in PROPERTY_NAMES else {})}
        for name, value in values_by_field.items()]}]}


DYNAMIC_PROFILE = f"{DYNAMIC}/Dynamic%20Profile%20Model"


def test_a_draft_model_defines_no_profile(client, owner):
    make_profile_model(owner, finalised=False)
    assert logged_in_client(owner).get("/api/profiles/providers/dynamic").json() == []


def test_finalised_model_defines_a_profile_its_readers_see(owner):
    model = make_profile_model(owner)
    api = logged_in_client(owner)
    [provider] = api.get("/api/profiles/providers/dynamic").json()
    assert provider == {
        "name": "Dynamic%20Profile%20Model", "version": "1.0.0", "displayName": "Dynamic Profile Model",
        "namespace": DYNAMIC, "allowsExtraMetadataKeys": False,
        "knownMetadataKeys": ["Profile Section Class/Optional", "Profile Section Class/Mandatory", "colour"],
        "providerType": "Profile", "metadataNamespace": "functional.test.profile", "domains": ["DataModel"],
        "editableAfterFinalisation": False,
        "dataModel": {"id": str(model.pk), "label": "Dynamic Profile Model", "description": None}}
    assert provider in api.get("/api/profiles/providers").json()
    assert api.get(f"/api/profiles/providers/{DYNAMIC_PROFILE}/1.0.0").json() == provider
    stranger = logged_in_client(make_user("stranger@example.com"))
    assert stranger.get("/api/profiles/providers/dynamic").json() == []
    assert len(stranger.get("/api/profiles/providers").json()) == 2
    assert stranger.get(f"/api/profiles/providers/{DYNAMIC_PROFILE}").status_code == 404


def test_dynamic_profile_round_trip(owner, world, api):
    make_profile_model(owner)
    url = item_url(world.model, f"profile/{DYNAMIC_PROFILE}")
    assert "Dynamic%20Profile%20Model" in names(api.get(item_url(world.model, "profiles/unused")))
    invalid = api.post(f"{url}/validate", dynamic_body(Optional="a", Mandatory="x", Colour="Blue"), format="json")
    assert invalid.status_code == 422
    assert [(e["fieldName"], e["message"]) for e in invalid.json()["errors"]] == [
        ("Mandatory", "This field must be a valid Integer"),
        ("Colour", "Value [Blue] is not contained within the list [Red, Green]")]
    saved = api.post(url, dynamic_body(Optional="a", Mandatory="3", Colour="Red"), format="json")
    assert saved.status_code == 200, saved.content
    [section] = saved.json()["sections"]
    assert section["description"] == "The section"
    assert [(f["fieldName"], f["metadataPropertyName"], f["dataType"], f["currentValue"], f["minMultiplicity"])
            for f in section["fields"]] == [
        ("Optional", "Profile Section Class/Optional", "string", "a", 0),
        ("Mandatory", "Profile Section Class/Mandatory", "int", "3", 1),
        ("Colour", "colour", "enumeration", "Red", 0)]
    assert section["fields"][2]["allowedValues"] == ["Red", "Green"]
    assert stored(world.model, "functional.test.profile") == {
        "Profile Section Class/Optional": "a", "Profile Section Class/Mandatory": "3", "colour": "Red",
        "_profiled": "Yes"}
    assert names(api.get(item_url(world.model, "profiles/used"))) == ["Dynamic%20Profile%20Model"]
    assert api.get(url).json() == saved.json()
    assert api.get(item_url(world.model, "profiles/otherMetadata")).json()["count"] == 0


def test_dynamic_profile_applies_to_the_domains_it_names(owner, world, api):
    make_profile_model(owner, domains="DataClass;DataElement")
    assert "Dynamic%20Profile%20Model" not in names(api.get(item_url(world.model, "profiles/unused")))
    assert names(api.get(item_url(world.data_class, "profiles/unused"))) == ["Dynamic%20Profile%20Model"]
    assert api.get(item_url(world.model, f"profile/{DYNAMIC_PROFILE}")).status_code == 404


def test_profile_editable_after_finalisation_saves_on_a_finalised_model(owner, world, api):
    profile_model = make_profile_model(owner, editable="true")
    set_model(world.model, finalised=True, model_version="1.0.0")
    url = item_url(world.model, f"profile/{DYNAMIC_PROFILE}")
    response = api.post(url, dynamic_body(Optional="after", Mandatory="1"), format="json")
    assert response.status_code == 200, response.content
    assert stored(world.model, "functional.test.profile")["Profile Section Class/Optional"] == "after"
    assert api.delete(url).status_code == 403
    reader_user = make_user("reader2@example.com")
    reader = grant(reader_user, world.folder, "reader")
    # A profile defined by a model the caller cannot read is no profile for them.
    assert reader.post(url, dynamic_body(Optional="x"), format="json").status_code == 404
    reader = grant(reader_user, profile_model, "reader")
    assert reader.post(url, dynamic_body(Optional="x"), format="json").status_code == 403
    assert stored(world.model, "functional.test.profile")["Profile Section Class/Optional"] == "after"


# --- many profiles of a model's items ---------------------------------------------------------------------------

FIELD_SPEC_BODY = {"name": "ProfileSpecificationFieldProfileService", "namespace": SPEC}


def element_profile(element, key="key", editable="true"):
    return {"profile": {"id": str(element.pk), "domainType": "DataElement", "sections": [
        {"name": "Profile Specification", "fields": [
            {"metadataPropertyName": "metadataPropertyName", "currentValue": key},
            {"metadataPropertyName": "editableAfterFinalisation", "currentValue": editable}]}]},
        "profileProviderService": FIELD_SPEC_BODY}


def test_get_many_answers_profiles_of_the_models_items_only(api, world, owner):
    other = make_world(owner, "Other")
    second = make_data_element(world.data_class, "Second", data_type=world.string)
    add_metadata(second, f"{SPEC}.dataelement", "metadataPropertyName", "second")
    body = {"multiFacetAwareItems": [
        {"multiFacetAwareItemDomainType": "dataElements", "multiFacetAwareItemId": str(world.element.pk)},
        {"multiFacetAwareItemDomainType": "DataElement", "multiFacetAwareItemId": str(second.pk)},
        {"multiFacetAwareItemDomainType": "dataElements", "multiFacetAwareItemId": str(other.element.pk)},
        {"multiFacetAwareItemDomainType": "dataModels", "multiFacetAwareItemId": str(world.model.pk)},
        {"multiFacetAwareItemDomainType": "things", "multiFacetAwareItemId": "nope"}],
        "profileProviderServices": [FIELD_SPEC_BODY, {"name": "Missing", "namespace": SPEC}]}
    response = api.post(item_url(world.model, "profile/getMany"), body, format="json")
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["count"] == 2
    first, last = result["profilesProvided"]
    assert first["profileProviderService"] == {**FIELD_SPEC_BODY, "version": "1.0.0"}
    assert first["multiFacetAwareItem"]["id"] == str(world.element.pk)
    assert first["multiFacetAwareItem"]["model"] == str(world.model.pk)
    assert first["multiFacetAwareItem"]["breadcrumbs"][0]["id"] == str(world.model.pk)
    assert values(first["profile"])["metadataPropertyName"] == ""
    assert values(last["profile"])["metadataPropertyName"] == "second"
    assert "errors" not in first


def test_many_routes_need_a_model(api, world):
    response = api.post(item_url(world.data_class, "profile/getMany"),
                        {"multiFacetAwareItems": [], "profileProviderServices": []}, format="json")
    assert response.status_code == 400 and response.json()["errorCode"] == "PC01"


def test_save_many_skips_items_outside_the_model(api, world, owner):
    other = make_world(owner, "Other")
    body = {"profilesProvided": [element_profile(world.element, "mine"), element_profile(other.element, "theirs")]}
    response = api.post(item_url(world.model, "profile/saveMany"), body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1
    assert stored(world.element, f"{SPEC}.dataelement")["metadataPropertyName"] == "mine"
    assert stored(other.element, f"{SPEC}.dataelement") == {}


def test_save_many_skips_profiles_the_caller_may_not_save(owner, world):
    make_profile_model(owner, editable="false", domains="")
    author = grant(make_user("author@example.com"), world.folder, "author")
    set_model(world.model, finalised=True, model_version="1.0.0")
    body = {"profilesProvided": [
        element_profile(world.element),
        {"profile": {"id": str(world.element.pk), "domainType": "DataElement", **dynamic_body(Optional="x")},
         "profileProviderService": {"namespace": DYNAMIC, "name": "Dynamic%20Profile%20Model"}}]}
    response = author.post(item_url(world.model, "profile/saveMany"), body, format="json")
    assert response.status_code == 200 and response.json()["count"] == 0
    assert not m.Metadata.objects.filter(catalogue_item_id=world.element.pk).exists()
    reader = grant(make_user("reader3@example.com"), world.folder, "reader")
    assert reader.post(item_url(world.model, "profile/saveMany"), body, format="json").status_code == 403
    assert APIClient().post(item_url(world.model, "profile/saveMany"), body, format="json").status_code == 401


def test_validate_many_reports_each_profiles_errors(world, owner):
    reader = grant(make_user("reader4@example.com"), world.folder, "reader")
    second = make_data_element(world.data_class, "Second", data_type=world.string)
    body = {"profilesProvided": [element_profile(world.element, ""), element_profile(second, "ok")]}
    response = reader.post(item_url(world.model, "profile/validateMany"), body, format="json")
    assert response.status_code == 422
    result = response.json()
    assert result["count"] == 2 and result["status"] == 422 and result["total"] == 1
    first, last = result["profilesProvided"]
    assert first["errors"] == {"total": 1, "fieldTotal": 1, "errors": [
        {"message": "This field cannot be empty", "fieldName": "Metadata Property Name",
         "metadataPropertyName": "metadataPropertyName"}]}
    assert "errors" not in last
    valid = {"profilesProvided": [element_profile(second, "ok")]}
    assert reader.post(item_url(world.model, "profile/validateMany"), valid, format="json").status_code == 200
    assert not m.Metadata.objects.filter(catalogue_item_id__in=[world.element.pk, second.pk]).exists()


@pytest.mark.parametrize("route, body, status", [
    ("getMany", {"multiFacetAwareItems": []}, 400),
    ("getMany", {"multiFacetAwareItems": "x", "profileProviderServices": []}, 422),
    ("saveMany", {}, 400),
    ("saveMany", {"profilesProvided": [{"profile": {"sections": []}, "profileProviderService": FIELD_SPEC_BODY}]},
     400),
    ("validateMany", {"profilesProvided": 5}, 422),
])
def test_many_routes_refuse_bad_bodies(api, world, route, body, status):
    response = api.post(item_url(world.model, f"profile/{route}"), body, format="json")
    assert response.status_code == status, response.content


# --- query counts ---------------------------------------------------------------------------------------------

def _queries(api, method, url, body=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(api, method)(url, body, format="json")
    assert response.status_code == 200, response.content
    return len(captured), response.json()


#: Queries per request, whatever the number of dynamic profiles, metadata rows and items (3 or 30 of each).
#: (Session and user lookups included; the dynamic profiles take six queries when any exists.)
PINNED_COUNTS = {"owner": {"used": 12, "unused": 12, "other": 14, "getMany": 15, "dynamic": 9},
                 "admin": {"used": 11, "unused": 11, "other": 13, "getMany": 14, "dynamic": 9}}


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_query_counts_do_not_grow(owner, admin_user, who):
    api = logged_in_client(admin_user if who == "admin" else owner)
    counts = {}
    for size in (3, 30):
        world = make_world(owner, f"Size {size}")
        for n in range(size):
            make_profile_model(owner, f"Profile {size} {n}")
            add_metadata(world.model, f"ns{n}", "k")
        elements = [make_data_element(world.data_class, f"E{n}", data_type=world.string) for n in range(size)]
        many = {"multiFacetAwareItems": [{"multiFacetAwareItemDomainType": "dataElements",
                                          "multiFacetAwareItemId": str(e.pk)} for e in elements],
                "profileProviderServices": [FIELD_SPEC_BODY]}
        for name, method, url, body in [
            ("used", "get", item_url(world.model, "profiles/used"), None),
            ("unused", "get", item_url(world.model, "profiles/unused"), None),
            ("other", "get", item_url(world.model, "profiles/otherMetadata?all=true"), None),
            ("getMany", "post", item_url(world.model, "profile/getMany"), many),
            ("dynamic", "get", "/api/profiles/providers/dynamic", None),
        ]:
            count, body = _queries(api, method, url, body)
            counts.setdefault(name, []).append(count)
        assert len(body) >= size
    assert all(first == second for first, second in counts.values()), counts
    assert {name: pair[0] for name, pair in counts.items()} == PINNED_COUNTS[who], counts
