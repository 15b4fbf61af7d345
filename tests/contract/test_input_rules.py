"""The contract's input rule (http-contract §2), on every create and update endpoint the URLconf routes: a value of the
wrong JSON type or a blank required text is a 422 naming the field, a missing required field on create is a 400, and
nothing is stored in any of these cases.

The endpoints are read from the routes (tests/contract/routes.py) and the mistakes from each action's serializer, so
a new endpoint is checked with no change here, except for one valid body for a new serializer (`VALID_BODIES`) and,
for a new kind of URL segment, where the test world finds it (`SEGMENTS`); the first tests say what is missing.
"""

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from accounts.api import fields as account_fields
from accounts.api import serializers as account_serializers
from accounts.api import serializers_grants, serializers_groups
from catalogue.api import serializers_containers as containers
from catalogue.api import serializers_datamodels as datamodels
from catalogue.api import serializers_facets as facets
from catalogue.api import serializers_importexport as importexport
from catalogue.api import serializers_items as items
from catalogue.api import serializers_terminologies as terminologies
from config.api.serializers import AnyJsonField, StrictBooleanField, StrictCharField, StrictIntegerField
from tests.catalogue.test_import_api import fixture_bytes
from tests.conftest import logged_in_client, make_user
from tests.contract.routes import api_routes
from tests.contract.world import World

pytestmark = pytest.mark.django_db

#: Create routes (by URL name) that only an anonymous caller may use; every other route is called as a site
#: administrator, so that rights never decide the answer.
ANONYMOUS_CREATES = {"users"}

#: A JSON value of the wrong type for each kind of input field (the most specific class wins).
WRONG_TYPES = {
    StrictCharField: 5, StrictBooleanField: "yes", StrictIntegerField: "5", AnyJsonField: 5,
    facets.LinkTypeField: 5, facets.FileContentsField: "abc", datamodels.ModelTypeField: 5,
    datamodels.AliasesField: 5, serializers_grants.ReferenceField: 5, account_fields.GroupReferencesField: 5,
    account_fields.ReferenceIdField: 5,
}


def _wrong_value(field):
    for kind in type(field).__mro__:
        if kind in WRONG_TYPES:
            return WRONG_TYPES[kind]
    return None


def _endpoints(http_method, action):
    return [route for route in api_routes() if route.actions.get(http_method) == action]


CREATES = _endpoints("post", "create")
UPDATES = _endpoints("put", "update")


def _serializer_class(route, action):
    return route.viewset(action=action, kwargs={}, request=None, format_kwarg=None).get_serializer_class()


def _inputs(serializer_class):
    """(name, field) of the fields a body may carry."""
    return [(name, field) for name, field in serializer_class().fields.items() if not field.read_only]


def _valid_body(serializer_class, world):
    """One body each creating serializer accepts."""
    bodies = {
        facets.MetadataSerializer: {"namespace": "n", "key": "k", "value": "v"},
        facets.AnnotationSerializer: {"label": "A comment", "description": "d"},
        facets.SemanticLinkSerializer: {"linkType": "Refines", "targetMultiFacetAwareItemId": str(world.parent.pk),
                                        "targetMultiFacetAwareItemDomainType": "DataClass"},
        facets.VersionLinkSerializer: {"linkType": "New Fork Of", "targetModelId": str(world.older_model.pk),
                                       "targetModelDomainType": "DataModel"},
        facets.ReferenceFileSerializer: {"fileName": "a.txt", "fileContents": [1, 2], "fileType": "text/plain"},
        facets.RuleSerializer: {"name": "A rule", "description": "d"},
        facets.RuleRepresentationSerializer: {"language": "sql", "representation": "select 1"},
        facets.ItemClassifierDetailSerializer: {"label": "New tag", "description": "d"},
        facets.AnnotationReplySerializer: {"description": "A reply"},
        account_serializers.RegistrationSerializer: {"emailAddress": "new@example.com", "firstName": "New",
                                                     "lastName": "User", "password": "An0ther-Passw0rd"},
        account_serializers.AdminRegistrationSerializer: {"emailAddress": "new@example.com", "firstName": "New",
                                                          "lastName": "User"},
        account_serializers.ApiKeySerializer: {"name": "Deploy scripts", "expiresInDays": 30},
        account_serializers.ApiPropertySerializer: {"key": "site.size", "value": "large"},
        serializers_groups.UserGroupSerializer: {"name": "Editors"},
        serializers_grants.SecurableResourceGroupRoleSerializer: {"groupRole": {"id": str(world.reader.pk)},
                                                                   "userGroup": {"id": str(world.other_group.pk)}},
        containers.FolderShowSerializer: {"label": "New folder"},
        containers.ClassifierShowSerializer: {"label": "New classifier"},
        containers.AuthoritySerializer: {"label": "New authority", "url": "http://new.example"},
        datamodels.DataModelShowSerializer: {"label": "New model", "type": "Data Standard"},
        datamodels.TerminologyShowSerializer: {"label": "New terminology"},
        datamodels.CodeSetShowSerializer: {"label": "New code set"},
        terminologies.TermShowSerializer: {"code": "C9", "definition": "Ninth"},
        terminologies.TermRelationshipTypeShowSerializer: {"label": "narrowerThan"},
        terminologies.TermRelationshipShowSerializer: {"sourceTerm": str(world.term.pk),
                                                       "targetTerm": str(world.other_term.pk),
                                                       "relationshipType": str(world.relationship_type.pk)},
        items.DataClassShowSerializer: {"label": "New class"},
        items.DataElementShowSerializer: {"label": "New element", "dataType": {"id": str(world.string.pk)}},
        items.DataTypeShowSerializer: {"label": "New type", "domainType": "PrimitiveType"},
        items.EnumerationValueSerializer: {"key": "G", "value": "Green"},
        importexport.ImportParametersSerializer: {"folderId": str(world.folder.pk),
                                                  "importFile": fixture_bytes("simpleDataModel").decode()},
    }
    assert serializer_class in bodies, f"add a valid body for {serializer_class.__name__}"
    return bodies[serializer_class]


def _mistakes(serializer_class, body, *, create):
    """(what, body, expected status, field) for each mistake the contract names."""
    cases = []
    for name, field in _inputs(serializer_class):
        wrong = _wrong_value(field)
        if wrong is not None:
            cases.append((f"{name} of the wrong type", {**body, name: wrong}, 422, name))
        if isinstance(field, StrictCharField) and not field.allow_blank and not getattr(field, "blank_as_null", 0):
            cases.append((f"{name} blank", {**body, name: "  "}, 422, name))
        if create and field.required:
            cases.append((f"{name} missing", {k: v for k, v in body.items() if k != name}, 400, name))
    return cases


def _stored():
    """Every row of the application's tables (the test world is small)."""
    tables = [model for app in ("catalogue", "accounts") for model in apps.get_app_config(app).get_models()]
    return {model.__name__: sorted(map(repr, model.objects.values_list())) for model in tables}


def _names_field(error, field):
    """The error says which field is wrong: in its list of field errors, or in Mauro's `Parameter [x]` message."""
    return field in {entry.get("field") for entry in error.get("errors", [])} or f"[{field}]" in error["message"]


@pytest.fixture
def world(db):
    return World(make_user("boss@example.com", admin=True))


# --- coverage ------------------------------------------------------------------------------------------------------

def test_the_walk_reaches_every_create_and_update_endpoint():
    assert len(CREATES) >= 25 and len(UPDATES) >= 20, (len(CREATES), len(UPDATES))
    missing = [route.pattern for route in CREATES + UPDATES if not _inputs(_serializer_class(
        route, route.actions["post" if route in CREATES else "put"]))]
    assert missing == [], "a create or update endpoint whose serializer takes no input"


# --- the rule ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("route", CREATES, ids=[route.pattern for route in CREATES])
def test_create_mistakes_are_refused_and_change_nothing(world, route):
    api = APIClient() if route.name in ANONYMOUS_CREATES else logged_in_client(world.admin)
    serializer_class = _serializer_class(route, "create")
    body = _valid_body(serializer_class, world)
    url = world.url(route)
    cases = _mistakes(serializer_class, body, create=True)
    assert cases
    before = _stored()
    for what, bad_body, expected, field in cases:
        response = api.post(url, bad_body, format="json")
        assert response.status_code == expected, (what, response.content)
        error = response.json()
        assert error["status"] == expected and _names_field(error, field), (what, error)
        assert _stored() == before, what
    assert api.post(url, body, format="json").status_code == 201, "the valid body is accepted"


@pytest.mark.parametrize("route", UPDATES, ids=[route.pattern for route in UPDATES])
def test_update_mistakes_are_refused_and_change_nothing(world, route):
    api = logged_in_client(world.admin)
    serializer_class = _serializer_class(route, "update")
    url = world.url(route, world.updated(route))
    cases = _mistakes(serializer_class, {}, create=False)
    assert cases
    before = _stored()
    for what, bad_body, expected, field in cases:
        response = api.put(url, bad_body, format="json")
        assert response.status_code == expected, (what, response.content)
        error = response.json()
        assert error["status"] == expected and _names_field(error, field), (what, error)
        assert _stored() == before, what
    # Updates are partial: an empty body is accepted and changes nothing the caller sent.
    assert api.put(url, {}, format="json").status_code == 200
