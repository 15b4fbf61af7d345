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
from accounts.models import ApiProperty, GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from catalogue.api import serializers_containers as containers
from catalogue.api import serializers_datamodels as datamodels
from catalogue.api import serializers_facets as facets
from catalogue.api import serializers_items as items
from config.api.serializers import AnyJsonField, StrictBooleanField, StrictCharField, StrictIntegerField
from tests.catalogue.facets_support import make_world
from tests.catalogue.factories import make_classifier, make_folder
from tests.conftest import logged_in_client, make_user
from tests.contract.routes import api_routes

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


# --- the world every URL is filled from ----------------------------------------------------------------------------

class World:
    def __init__(self, admin):
        self.admin = admin
        base = make_world(admin)
        self.__dict__.update(vars(base))
        self.element.data_class = self.parent
        self.element.save()
        self.child_folder = make_folder("Child", user=admin, parent=self.folder)
        self.child_classifier = make_classifier("Child tag", user=admin, parent=self.classifier)
        self.authority = m.Authority.objects.create(label="Other authority", url="http://authority.example")
        facet = {"catalogue_item_domain_type": "DataModel", "catalogue_item_id": self.model.pk, "model": self.model,
                 "created_by": admin.email_address}
        self.metadata = m.Metadata.objects.create(namespace="ns", key="key", value="value", **facet)
        self.annotation = m.Annotation.objects.create(label="Question", description="?",
                                                      created_by_user=admin, **facet)
        self.link = m.SemanticLink.objects.create(link_type="Refines", target_domain_type="DataClass",
                                                  target_id=self.parent.pk, **facet)
        self.file = m.ReferenceFile.objects.create(file_name="f.txt", file_type="text/plain", file_size=1,
                                                   file_contents=b"x", **facet)
        self.rule = m.Rule.objects.create(name="Rule", **facet)
        self.representation = m.RuleRepresentation.objects.create(rule=self.rule, language="sql",
                                                                  representation="select 1")
        self.group = UserGroup.objects.create(name="Curators", created_by=admin.email_address)
        self.group.members.add(admin)
        self.other_group = UserGroup.objects.create(name="Reviewers", created_by=admin.email_address)
        self.reader = GroupRole.objects.get(name="reader")
        self.grant = SecurableResourceGroupRole.objects.create(
            user_group=self.group, group_role=self.reader, securable_resource_domain_type="Folder",
            securable_resource_id=self.folder.pk)
        self.property = ApiProperty.objects.create(key="site.colour", value="blue")

    def segments(self):
        """URL kwarg → the object (or the text) it names, for every route."""
        return {
            "ciType": "dataModels", "ciId": self.model.pk, "metadataId": self.metadata.pk,
            "annotationId": self.annotation.pk, "semanticLinkId": self.link.pk, "referenceFileId": self.file.pk,
            "ruleId": self.rule.pk, "representationId": self.representation.pk,
            "dm": self.model.pk, "dc": self.parent.pk, "dt": self.enum.pk,
            "folder_id": self.folder.pk, "classifier_id": self.classifier.pk, "authority_id": self.authority.pk,
            "model_id": self.model.pk, "user_id": self.admin.pk, "group_id": self.group.pk,
            "property_id": self.property.pk, "resource_type": "folders", "resource_id": self.folder.pk,
            "grant_id": self.grant.pk,
        }

    def updated(self, route):
        """The object an update route names by its lookup kwarg."""
        model = route.viewset.queryset.model
        pattern = route.pattern
        if model is m.DataClass:
            return self.data_class if "<str:dc>" in pattern else self.parent
        return {m.Folder: self.child_folder if "<str:child_id>" in pattern else self.folder,
                m.Classifier: self.child_classifier if "<str:child_id>" in pattern else self.classifier,
                m.DataElement: self.element, m.DataType: self.string, m.EnumerationValue: self.value,
                m.Authority: self.authority, m.DataModel: self.model, m.CatalogueModel: self.model,
                m.Metadata: self.metadata, m.SemanticLink: self.link, m.ReferenceFile: self.file, m.Rule: self.rule,
                m.RuleRepresentation: self.representation, UserGroup: self.group, ApiProperty: self.property,
                SecurableResourceGroupRole: self.grant, type(self.admin): self.admin}[model]

    def url(self, route, obj=None):
        path = route.pattern
        values = self.segments()
        if obj is not None:
            values[route.viewset.lookup_url_kwarg] = obj.pk
        for name, value in values.items():
            path = path.replace(f"<str:{name}>", str(value))
        assert "<" not in path, f"no test object for a URL segment of {path}: add it to World.segments"
        return "/" + path


def _valid_body(serializer_class, world):
    """One body each creating serializer accepts."""
    bodies = {
        facets.MetadataSerializer: {"namespace": "n", "key": "k", "value": "v"},
        facets.AnnotationSerializer: {"label": "A comment", "description": "d"},
        facets.SemanticLinkSerializer: {"linkType": "Refines", "targetMultiFacetAwareItemId": str(world.parent.pk),
                                        "targetMultiFacetAwareItemDomainType": "DataClass"},
        facets.ReferenceFileSerializer: {"fileName": "a.txt", "fileContents": [1, 2], "fileType": "text/plain"},
        facets.RuleSerializer: {"name": "A rule", "description": "d"},
        facets.RuleRepresentationSerializer: {"language": "sql", "representation": "select 1"},
        facets.ItemClassifierDetailSerializer: {"label": "New tag", "description": "d"},
        facets.AnnotationReplySerializer: {"description": "A reply"},
        account_serializers.RegistrationSerializer: {"emailAddress": "new@example.com", "firstName": "New",
                                                     "lastName": "User", "password": "An0ther-Passw0rd"},
        account_serializers.AdminRegistrationSerializer: {"emailAddress": "new@example.com", "firstName": "New",
                                                          "lastName": "User"},
        account_serializers.ApiKeySerializer: {"name": "Scripts", "expiresInDays": 30},
        account_serializers.ApiPropertySerializer: {"key": "site.size", "value": "large"},
        serializers_groups.UserGroupSerializer: {"name": "Editors"},
        serializers_grants.SecurableResourceGroupRoleSerializer: {"groupRole": {"id": str(world.reader.pk)},
                                                                   "userGroup": {"id": str(world.other_group.pk)}},
        containers.FolderShowSerializer: {"label": "New folder"},
        containers.ClassifierShowSerializer: {"label": "New classifier"},
        containers.AuthoritySerializer: {"label": "New authority", "url": "http://new.example"},
        datamodels.DataModelShowSerializer: {"label": "New model", "type": "Data Standard"},
        items.DataClassShowSerializer: {"label": "New class"},
        items.DataElementShowSerializer: {"label": "New element", "dataType": {"id": str(world.string.pk)}},
        items.DataTypeShowSerializer: {"label": "New type", "domainType": "PrimitiveType"},
        items.EnumerationValueSerializer: {"key": "G", "value": "Green"},
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


def _field_names(error):
    return {entry.get("field") for entry in error.get("errors", [])}


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
        assert error["status"] == expected and field in _field_names(error), (what, error)
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
        assert error["status"] == expected and field in _field_names(error), (what, error)
        assert _stored() == before, what
    # Updates are partial: an empty body is accepted and changes nothing the caller sent.
    assert api.put(url, {}, format="json").status_code == 200
