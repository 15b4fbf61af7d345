"""Who may do what: every identity × a representative set of endpoints, against the contract's statuses.

Identities hold their resource role through a group grant on the folder that holds the model (so the grant
cascades to the model and its items). Expected statuses follow http-contract.md §2 (401 anonymous on a
login-only action → 404 cannot read → 403 can read but lacks the role) and the minimum roles of
mauro-api-contract.md §4.2, written out as literals (never computed by the access policy under test). A refused
write must leave the database exactly as it was.
"""

import copy

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from accounts.models import (
    ApiProperty,
    ApplicationRole,
    GroupRole,
    SecurableResourceGroupRole,
    UserGroup,
    UserImage,
)
from catalogue import models as m
from tests.catalogue.factories import (
    make_code_set,
    make_data_class,
    make_data_model,
    make_folder,
    make_relationship,
    make_relationship_type,
    make_terminology,
    make_terms,
)
from tests.catalogue.test_import_api import EXPORTER
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

MODEL_PROFILE = "uk.ac.ox.softeng.maurodatamapper.profile/ProfileSpecificationProfileService"
PROFILE_BODY = {"sections": [{"name": "Profile Specification", "fields": [
    {"metadataPropertyName": "metadataNamespace", "currentValue": "matrix.profile"}]}]}

#: A 1×1 picture as a data URL (a user image body).
TINY_PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
            "hKmMIQAAAABJRU5ErkJggg==")
RESOURCE_ROLES = ["reader", "reviewer", "author", "editor", "container_admin"]
IDENTITIES = ["anonymous", "outsider", *RESOURCE_ROLES, "application_admin", "site_admin"]

#: (name, method, url, body, expected status per identity in IDENTITIES order). `{f}` folder, `{m}` model,
#: `{dc}` class, `{dt}` type, `{role}` the reader role, `{spare}` a group with no grant yet.
#: Columns:  anon  outs  read  revw  auth  edit  cadm  appa  site
CASES = [
    ("folder show", "get", "/api/folders/{f}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("folder update", "put", "/api/folders/{f}", {"description": "changed"},
     (401, 404, 403, 403, 403, 403, 200, 404, 200)),
    ("folder soft delete", "delete", "/api/folders/{f}", None,
     (401, 404, 403, 403, 403, 403, 200, 404, 200)),
    ("folder permanent delete", "delete", "/api/folders/{f}?permanent=true", None,
     (401, 404, 403, 403, 403, 403, 204, 404, 204)),
    ("sub-folder create", "post", "/api/folders/{f}/folders", {"label": "Sub"},
     (401, 404, 403, 403, 403, 403, 201, 404, 201)),
    ("data model show", "get", "/api/dataModels/{m}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("data model update", "put", "/api/dataModels/{m}", {"label": "Renamed"},
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("data model edit description", "put", "/api/dataModels/{m}", {"description": "Words"},
     (401, 404, 403, 403, 200, 200, 200, 404, 200)),
    ("data model soft delete", "delete", "/api/dataModels/{m}", None,
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("data model permanent delete", "delete", "/api/dataModels/{m}?permanent=true", None,
     (401, 404, 403, 403, 403, 403, 204, 404, 204)),
    ("data model create in folder", "post", "/api/folders/{f}/dataModels", {"label": "New model"},
     (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("data class create", "post", "/api/dataModels/{m}/dataClasses", {"label": "New class"},
     (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("data class show", "get", "/api/dataModels/{m}/dataClasses/{dc}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("data class update", "put", "/api/dataModels/{m}/dataClasses/{dc}", {"label": "Renamed class"},
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("data class delete", "delete", "/api/dataModels/{m}/dataClasses/{dc}", None,
     (401, 404, 403, 403, 403, 204, 204, 404, 204)),
    ("data element create", "post", "/api/dataModels/{m}/dataClasses/{dc}/dataElements",
     {"label": "New element", "dataType": {"id": "{dt}"}},
     (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("metadata create", "post", "/api/dataModels/{m}/metadata", {"namespace": "n", "key": "k", "value": "v"},
     (401, 404, 403, 403, 201, 201, 201, 404, 201)),
    ("annotation create", "post", "/api/dataModels/{m}/annotations", {"label": "Question", "description": "?"},
     (401, 404, 403, 201, 201, 201, 201, 404, 201)),
    ("profiles used", "get", "/api/dataModels/{m}/profiles/used", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("profiles unused on a class", "get", "/api/dataClasses/{dc}/profiles/unused", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("profile other metadata", "get", "/api/dataModels/{m}/profiles/otherMetadata", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("profile show", "get", f"/api/dataModels/{{m}}/profile/{MODEL_PROFILE}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("profile validate", "post", f"/api/dataModels/{{m}}/profile/{MODEL_PROFILE}/validate", PROFILE_BODY,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("profile save", "post", f"/api/dataModels/{{m}}/profile/{MODEL_PROFILE}", PROFILE_BODY,
     (401, 404, 403, 403, 200, 200, 200, 404, 200)),
    ("profile delete", "delete", f"/api/dataModels/{{m}}/profile/{MODEL_PROFILE}", None,
     (401, 404, 403, 403, 204, 204, 204, 404, 204)),
    ("profiles getMany", "post", "/api/dataModels/{m}/profile/getMany",
     {"multiFacetAwareItems": [], "profileProviderServices": []},
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("profiles saveMany", "post", "/api/dataModels/{m}/profile/saveMany", {"profilesProvided": []},
     (401, 404, 403, 403, 200, 200, 200, 404, 200)),
    ("grants list", "get", "/api/folders/{f}/securableResourceGroupRoles", None,
     (401, 404, 403, 403, 403, 403, 200, 404, 200)),
    ("grant create", "post", "/api/folders/{f}/securableResourceGroupRoles",
     {"groupRole": {"id": "{role}"}, "userGroup": {"id": "{spare}"}},
     (401, 404, 403, 403, 403, 403, 201, 404, 201)),
    ("permissions show", "get", "/api/folders/{f}/permissions", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("model readByEveryone", "put", "/api/dataModels/{m}/readByEveryone", None,
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("folder readByAuthenticated", "put", "/api/folders/{f}/readByAuthenticated", None,
     (401, 404, 403, 403, 403, 403, 200, 404, 200)),
    ("folder tree", "get", "/api/tree/folders/{f}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("model export", "get", f"/api/dataModels/{{m}}/export/{EXPORTER}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("folder ancestors", "get", "/api/tree/folders/{f}/ancestors", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("version links list", "get", "/api/dataModels/{m}/versionLinks", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("version link create", "post", "/api/dataModels/{m}/versionLinks",
     {"linkType": "New Fork Of", "targetModelId": "{m2}", "targetModelDomainType": "DataModel"},
     (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("simple version tree", "get", "/api/dataModels/{m}/simpleModelVersionTree?branchesOnly=true", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("model version tree", "get", "/api/dataModels/{m}/modelVersionTree", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("default data type providers", "get", "/api/dataModels/providers/defaultDataTypeProviders", None,
     (401, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("model create with default types", "post",
     "/api/folders/{f}/dataModels?defaultDataTypeProvider=DataTypeService", {"label": "Typed model"},
     (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("subscribed catalogues", "get", "/api/subscribedCatalogues", None,
     (401, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("openid connect providers", "get", "/api/openidConnectProviders", None,
     (200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("user image show", "get", "/api/catalogueUsers/{owner}/image", None,
     (200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("user image set", "put", "/api/catalogueUsers/{owner}/image", {"image": "{png}", "type": "image/png"},
     (401, 404, 404, 404, 404, 404, 404, 201, 201)),
    ("user groups list", "get", "/api/userGroups", None,
     (401, 403, 403, 403, 403, 403, 200, 200, 200)),
    ("admin properties list", "get", "/api/admin/properties", None,
     (401, 403, 403, 403, 403, 403, 403, 200, 200)),
    ("users list", "get", "/api/catalogueUsers", None,
     (401, 403, 403, 403, 403, 403, 403, 200, 200)),
    # Terminologies and code sets: the data models' rules, for these kinds and their content.
    ("terminology show", "get", "/api/terminologies/{te}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("terminology update", "put", "/api/terminologies/{te}", {"label": "Renamed"},
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("terminology edit description", "put", "/api/terminologies/{te}", {"description": "Words"},
     (401, 404, 403, 403, 200, 200, 200, 404, 200)),
    ("terminology soft delete", "delete", "/api/terminologies/{te}", None,
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("terminology create in folder", "post", "/api/folders/{f}/terminologies", {"label": "New terminology"},
     (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("terminology readByEveryone", "put", "/api/terminologies/{te}/readByEveryone", None,
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("code set create in folder", "post", "/api/folders/{f}/codeSets", {"label": "New code set"},
     (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("code set permanent delete", "delete", "/api/codeSets/{cs}?permanent=true", None,
     (401, 404, 403, 403, 403, 403, 204, 404, 204)),
    ("terms list", "get", "/api/terminologies/{te}/terms", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("term create", "post", "/api/terminologies/{te}/terms", {"code": "N1", "definition": "New"},
     (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("term show", "get", "/api/terminologies/{te}/terms/{tm}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("term update", "put", "/api/terminologies/{te}/terms/{tm}", {"definition": "Changed"},
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("term delete", "delete", "/api/terminologies/{te}/terms/{tm}", None,
     (401, 404, 403, 403, 403, 204, 204, 404, 204)),
    ("term tree", "get", "/api/terminologies/{te}/terms/tree", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("term code sets", "get", "/api/terminologies/{te}/terms/{tm}/codeSets", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("term metadata create", "post", "/api/terms/{tm}/metadata", {"namespace": "n", "key": "k", "value": "v"},
     (401, 404, 403, 403, 201, 201, 201, 404, 201)),
    ("term relationship type create", "post", "/api/terminologies/{te}/termRelationshipTypes",
     {"label": "narrowerThan"}, (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("term relationship create", "post", "/api/terminologies/{te}/terms/{tm}/termRelationships",
     {"sourceTerm": "{tm}", "targetTerm": "{tm2}", "relationshipType": "{trt}"},
     (401, 404, 403, 403, 403, 201, 201, 404, 201)),
    ("term relationship show", "get", "/api/terminologies/{te}/terms/{tm}/termRelationships/{tr}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("term relationship delete", "delete", "/api/terminologies/{te}/terms/{tm}/termRelationships/{tr}", None,
     (401, 404, 403, 403, 403, 204, 204, 404, 204)),
    ("code set terms", "get", "/api/codeSets/{cs}/terms", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
    ("code set add term", "put", "/api/codeSets/{cs}/terms/{tm2}", None,
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("code set remove term", "delete", "/api/codeSets/{cs}/terms/{tm}", None,
     (401, 404, 403, 403, 403, 200, 200, 404, 200)),
    ("terminology model tree", "get", "/api/tree/folders/terminologies/{te}", None,
     (404, 404, 200, 200, 200, 200, 200, 404, 200)),
]


class World:
    """A private folder with a model, a class and a type, owned by someone else; the identity's grant on it.

    `tag` tells apart the worlds that share one database (their users and groups need distinct names)."""

    def __init__(self, identity, tag=""):
        self.owner = make_user(f"owner{tag}@example.com")
        self.folder = make_folder(f"Private{tag}", user=self.owner)
        self.model = make_data_model(f"Private model{tag}", folder=self.folder, user=self.owner)
        self.data_class = make_data_class(self.model, "Patient")
        self.older_model = make_data_model(f"Older model{tag}", folder=self.folder, user=self.owner)
        self.data_type = m.DataType.objects.create(model=self.model, label="string", kind=m.DataTypeKind.PRIMITIVE,
                                                   index=0)
        self.terminology = make_terminology(f"Codes{tag}", folder=self.folder, user=self.owner)
        self.term, self.other_term = make_terms(self.terminology, ["C1", "C2"])
        self.relationship_type = make_relationship_type(self.terminology, "broaderThan", parental=True)
        self.relationship = make_relationship(self.relationship_type, self.term, self.other_term)
        self.code_set = make_code_set(f"Chosen{tag}", folder=self.folder, user=self.owner)
        m.CodeSetTerm.objects.create(code_set=self.code_set, term=self.term)
        self.spare = UserGroup.objects.create(name=f"Spare{tag}")
        self.spare.members.add(self.owner)
        if not ApiProperty.objects.filter(key="site.name").exists():
            ApiProperty.objects.create(key="site.name", value="Catalogue", created_by=self.owner.email_address)
        self.client = self._client_for(identity, tag)
        self.cookies = copy.deepcopy(self.client.cookies)

    def _client_for(self, identity, tag):
        if identity == "anonymous":
            return APIClient()
        if identity == "site_admin":
            return logged_in_client(make_user(f"admin{tag}@example.com", admin=True))
        user = make_user(f"{identity.replace('_', '')}{tag}@example.com")
        if identity == "application_admin":
            group = UserGroup.objects.create(name=f"Application admins{tag}",
                                             application_role=ApplicationRole.APPLICATION_ADMIN)
            group.members.add(user)
        elif identity in RESOURCE_ROLES:
            group = UserGroup.objects.create(name=f"{identity} group{tag}")
            group.members.add(user)
            SecurableResourceGroupRole.objects.create(
                user_group=group, group_role=GroupRole.objects.get(name=identity),
                securable_resource_id=self.folder.pk, securable_resource_domain_type="Folder")
        return logged_in_client(user)

    def fresh_client(self):
        """The identity's client with the session it was given, whatever an earlier test did to its cookies."""
        self.client.cookies = copy.deepcopy(self.cookies)
        return self.client

    def fill(self, value):
        if isinstance(value, dict):
            return {key: self.fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.fill(item) for item in value]
        if not isinstance(value, str):
            return value
        return value.format(f=self.folder.pk, m=self.model.pk, dc=self.data_class.pk, dt=self.data_type.pk,
                            role=GroupRole.objects.get(name="reader").pk, spare=self.spare.pk,
                            m2=self.older_model.pk, owner=self.owner.pk, png=TINY_PNG, te=self.terminology.pk,
                            tm=self.term.pk, tm2=self.other_term.pk, trt=self.relationship_type.pk,
                            tr=self.relationship.pk, cs=self.code_set.pk)


def snapshot():
    """Everything a write in this matrix could change."""
    tables = [m.Folder, m.CatalogueModel, m.DataClass, m.DataElement, m.DataType, m.Metadata, m.Annotation,
              m.Edit, m.VersionLink, SecurableResourceGroupRole, UserGroup, ApiProperty, UserImage,
              m.Term, m.TermRelationshipType, m.TermRelationship, m.CodeSetTerm]
    state = {table.__name__: table.objects.count() for table in tables}
    state["folders"] = sorted(m.Folder.objects.values_list(
        "pk", "label", "description", "deleted", "readable_by_everyone", "readable_by_authenticated_users"))
    state["models"] = sorted(m.CatalogueModel.objects.values_list(
        "pk", "label", "description", "deleted", "readable_by_everyone", "readable_by_authenticated_users"))
    state["classes"] = sorted(m.DataClass.objects.values_list("pk", "label", "description"))
    state["terms"] = sorted(m.Term.objects.values_list("pk", "code", "definition", "label"))
    return state


@pytest.fixture(scope="class")
def worlds(django_db_setup, django_db_blocker):
    """A world per identity for `TestPermissionMatrix`, built inside a transaction rolled back after the class's
    last test. Each test runs in a savepoint of its own on top (pytest-django), so whatever a test writes is gone
    before the next one; the worlds do not see each other (each identity's grant is on its own world's folder)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {identity: World(identity, tag=f"-{n}") for n, identity in enumerate(IDENTITIES)}
        transaction.set_rollback(True)


class TestPermissionMatrix:
    """The matrix proper: every identity × every case, each identity in its world (built once, see `worlds`)."""

    @pytest.mark.parametrize("identity", IDENTITIES)
    @pytest.mark.parametrize("name, method, url, body, statuses", CASES, ids=[case[0] for case in CASES])
    def test_permission_matrix(self, worlds, identity, name, method, url, body, statuses):
        world = worlds[identity]
        before = snapshot()
        response = getattr(world.fresh_client(), method)(world.fill(url), world.fill(body), format="json")
        want = statuses[IDENTITIES.index(identity)]
        assert response.status_code == want, (identity, name, response.status_code, response.content[:300])
        if want >= 400:
            assert response.json()["status"] == want
            if method != "get":
                assert snapshot() == before, f"{name} refused for {identity} but changed the database"


# --- objects reached through another parent's URL -------------------------------------------------------

@pytest.fixture
def two_worlds(db):
    """The caller edits their own model; another user's model (private, and a public one) sits beside it."""
    caller = make_user("caller@example.com")
    stranger = make_user("stranger@example.com")
    mine_folder = make_folder("Mine", user=caller)
    mine = make_data_model("Mine", folder=mine_folder, user=caller)
    mine_class = make_data_class(mine, "Mine class")
    theirs_folder = make_folder("Theirs", user=stranger)
    child_folder = make_folder("Theirs child", parent=theirs_folder, user=stranger)
    theirs = make_data_model("Theirs", folder=theirs_folder, user=stranger)
    public = make_data_model("Public", folder=theirs_folder, user=stranger, readable_by_everyone=True)
    mine_terminology = make_terminology("Mine codes", folder=mine_folder, user=caller)
    objects = {"mine_folder": mine_folder, "mine": mine, "mine_class": mine_class, "child_folder": child_folder,
               "mine_terminology": mine_terminology, "mine_term": make_terms(mine_terminology, ["M1"])[0]}
    for label, model in (("theirs", theirs), ("public", public)):
        data_class = make_data_class(model, f"{label} class")
        data_type = m.DataType.objects.create(model=model, label="string", kind=m.DataTypeKind.PRIMITIVE, index=0)
        element = m.DataElement.objects.create(model=model, data_class=data_class, data_type=data_type,
                                               label=f"{label} element", index=0)
        metadata = m.Metadata.objects.create(model=model, catalogue_item_domain_type="DataModel",
                                             catalogue_item_id=model.pk, namespace="n", key="k", value="v")
        terminology = make_terminology(f"{label} codes", folder=theirs_folder, user=stranger,
                                       readable_by_everyone=label == "public")
        term, other_term = make_terms(terminology, ["O1", "O2"])
        relationship_type = make_relationship_type(terminology)
        objects.update({f"{label}_term": term, f"{label}_relationship_type": relationship_type,
                        f"{label}_relationship": make_relationship(relationship_type, term, other_term)})
        objects.update({f"{label}_class": data_class, f"{label}_element": element, f"{label}_metadata": metadata,
                        f"{label}_grant": SecurableResourceGroupRole.objects.get(securable_resource_id=model.pk)})
    return caller, objects


CROSS_PARENT = [
    ("class of another model", "/api/dataModels/{mine}/dataClasses/{other_class}"),
    ("element of another model", "/api/dataModels/{mine}/dataClasses/{mine_class}/dataElements/{other_element}"),
    ("metadata of another model", "/api/dataModels/{mine}/metadata/{other_metadata}"),
    ("sub-folder of another folder", "/api/folders/{mine_folder}/folders/{child_folder}"),
    ("grant on another resource", "/api/dataModels/{mine}/securableResourceGroupRoles/{other_grant}"),
    ("term of another terminology", "/api/terminologies/{mine_terminology}/terms/{other_term}"),
    ("relationship type of another terminology",
     "/api/terminologies/{mine_terminology}/termRelationshipTypes/{other_relationship_type}"),
    ("relationship of another terminology",
     "/api/terminologies/{mine_terminology}/terms/{mine_term}/termRelationships/{other_relationship}"),
]


@pytest.mark.parametrize("other", ["theirs", "public"])
@pytest.mark.parametrize("caller_kind", ["owner", "site_admin"])
@pytest.mark.parametrize("method", ["get", "put", "delete"])
@pytest.mark.parametrize("name, url", CROSS_PARENT, ids=[case[0] for case in CROSS_PARENT])
def test_ids_under_another_parent_are_not_found(two_worlds, other, caller_kind, method, name, url):
    caller, objects = two_worlds
    client = logged_in_client(caller if caller_kind == "owner" else make_user("admin@example.com", admin=True))
    ids = {key: value.pk for key, value in objects.items()}
    ids.update({key.replace(f"{other}_", "other_"): value.pk for key, value in objects.items()
                if key.startswith(f"{other}_")})
    before = snapshot()
    response = getattr(client, method)(url.format(**ids), {"label": "Moved", "value": "x"}, format="json")
    assert response.status_code == 404, (name, response.status_code, response.content[:300])
    assert snapshot() == before


# --- public objects and model states ------------------------------------------------------------------------

#: (name, method, url, body, expected status for anonymous, outsider, application_admin). Anonymous callers get
#: 401 on writes and on the login-only grant list before anything is read.
PUBLIC_CASES = [
    ("data model show", "get", "/api/dataModels/{m}", None, (200, 200, 200)),
    ("folder show", "get", "/api/folders/{f}", None, (200, 200, 200)),
    ("data class show", "get", "/api/dataModels/{m}/dataClasses/{dc}", None, (200, 200, 200)),
    ("model export", "get", f"/api/dataModels/{{m}}/export/{EXPORTER}", None, (200, 200, 200)),
    ("data model update", "put", "/api/dataModels/{m}", {"label": "Renamed"}, (401, 403, 403)),
    ("data class create", "post", "/api/dataModels/{m}/dataClasses", {"label": "New class"}, (401, 403, 403)),
    ("annotation create", "post", "/api/dataModels/{m}/annotations", {"label": "Q", "description": "?"},
     (401, 403, 403)),
    ("profiles used", "get", "/api/dataModels/{m}/profiles/used", None, (200, 200, 200)),
    ("profile save", "post", f"/api/dataModels/{{m}}/profile/{MODEL_PROFILE}", PROFILE_BODY, (401, 403, 403)),
    ("grants list", "get", "/api/folders/{f}/securableResourceGroupRoles", None, (401, 403, 403)),
    ("folder readByEveryone", "delete", "/api/folders/{f}/readByEveryone", None, (401, 403, 403)),
]
PUBLIC_IDENTITIES = ["anonymous", "outsider", "application_admin"]


@pytest.mark.parametrize("identity", PUBLIC_IDENTITIES)
@pytest.mark.parametrize("name, method, url, body, statuses", PUBLIC_CASES, ids=[case[0] for case in PUBLIC_CASES])
def test_public_folder_is_read_only_to_callers_without_a_grant(identity, name, method, url, body, statuses):
    world = World(identity)
    m.Folder.objects.filter(pk=world.folder.pk).update(readable_by_everyone=True)
    before = snapshot()
    response = getattr(world.client, method)(world.fill(url), world.fill(body), format="json")
    want = statuses[PUBLIC_IDENTITIES.index(identity)]
    assert response.status_code == want, (identity, name, response.status_code, response.content[:300])
    if method != "get":
        assert snapshot() == before


STATE_WRITES = [
    ("data model update", "put", "/api/dataModels/{m}", {"label": "Renamed"}),
    ("data class create", "post", "/api/dataModels/{m}/dataClasses", {"label": "New class"}),
    ("data class update", "put", "/api/dataModels/{m}/dataClasses/{dc}", {"label": "Renamed class"}),
    ("data class delete", "delete", "/api/dataModels/{m}/dataClasses/{dc}", None),
    ("metadata create", "post", "/api/dataModels/{m}/metadata", {"namespace": "n", "key": "k", "value": "v"}),
    ("profile save", "post", f"/api/dataModels/{{m}}/profile/{MODEL_PROFILE}", PROFILE_BODY),
]


@pytest.mark.parametrize("state", ["finalised", "deleted"])
@pytest.mark.parametrize("identity", ["editor", "container_admin", "site_admin"])
@pytest.mark.parametrize("name, method, url, body", STATE_WRITES, ids=[case[0] for case in STATE_WRITES])
def test_finalised_and_deleted_models_refuse_writes(identity, state, name, method, url, body):
    world = World(identity)
    m.CatalogueModel.objects.filter(pk=world.model.pk).update(**{state: True})
    before = snapshot()
    response = getattr(world.client, method)(world.fill(url), world.fill(body), format="json")
    assert response.status_code == 403, (identity, name, response.status_code, response.content[:300])
    assert snapshot() == before


# --- group listings: who sees which groups, their members and their grants -----------------------------------

GROUP_IDENTITIES = ["anonymous", "plain_user", "group_member", "group_creator", "application_admin", "site_admin"]


class GroupWorld:
    """A victim with a private folder (granted to her personal group); a group made by a folder owner, with a
    member who owns nothing; the administrators group; and the caller."""

    def __init__(self, identity):
        self.victim = make_user("victim@example.org")
        self.secret = make_folder("Secret", user=self.victim)
        self.personal = SecurableResourceGroupRole.objects.get(securable_resource_id=self.secret.pk).user_group
        self.creator = make_user("creator@example.org")
        make_folder("Creator's", user=self.creator)
        self.member = make_user("member@example.org")
        creator_client = logged_in_client(self.creator)
        self.group = UserGroup.objects.get(pk=creator_client.post("/api/userGroups", {"name": "Team"},
                                                                  format="json").json()["id"])
        creator_client.put(f"/api/userGroups/{self.group.pk}/catalogueUsers/{self.member.pk}")
        self.administrators = UserGroup.administrators()
        self.administrators.members.add(make_user("root@example.org"))
        self.client = self._client_for(identity)

    def _client_for(self, identity):
        if identity == "anonymous":
            return APIClient()
        if identity == "group_member":
            return logged_in_client(self.member)
        if identity == "group_creator":
            return logged_in_client(self.creator)
        if identity == "site_admin":
            return logged_in_client(make_user("admin@example.com", admin=True))
        user = make_user(f"{identity.replace('_', '')}@example.com")
        if identity == "application_admin":
            group = UserGroup.objects.create(name="Application admins",
                                             application_role=ApplicationRole.APPLICATION_ADMIN)
            group.members.add(user)
        return logged_in_client(user)

    def fill(self, url):
        return url.format(group=self.group.pk, personal=self.personal.pk, administrators=self.administrators.pk)


#: (name, url, {identity: status}); `{group}` the creator's group, `{personal}` the victim's personal group.
GROUP_CASES = [
    ("list groups", "/api/userGroups?all=true",
     {"anonymous": 401, "plain_user": 403, "group_member": 403, "group_creator": 200, "application_admin": 200,
      "site_admin": 200}),
    ("show group", "/api/userGroups/{group}",
     {"anonymous": 401, "plain_user": 404, "group_member": 200, "group_creator": 200, "application_admin": 200,
      "site_admin": 200}),
    ("list group members", "/api/userGroups/{group}/catalogueUsers",
     {"anonymous": 401, "plain_user": 404, "group_member": 403, "group_creator": 200, "application_admin": 200,
      "site_admin": 200}),
    ("list group grants", "/api/userGroups/{group}/securableResourceGroupRoles",
     {"anonymous": 401, "plain_user": 404, "group_member": 403, "group_creator": 200, "application_admin": 200,
      "site_admin": 200}),
    ("show personal group", "/api/userGroups/{personal}",
     {"anonymous": 401, "plain_user": 404, "group_member": 404, "group_creator": 404, "application_admin": 200,
      "site_admin": 200}),
    ("list personal group members", "/api/userGroups/{personal}/catalogueUsers",
     {"anonymous": 401, "plain_user": 404, "group_member": 404, "group_creator": 404, "application_admin": 200,
      "site_admin": 200}),
    ("list personal group grants", "/api/userGroups/{personal}/securableResourceGroupRoles",
     {"anonymous": 401, "plain_user": 404, "group_member": 404, "group_creator": 404, "application_admin": 200,
      "site_admin": 200}),
    ("show administrators", "/api/userGroups/{administrators}",
     {"anonymous": 401, "plain_user": 404, "group_member": 404, "group_creator": 404, "application_admin": 200,
      "site_admin": 200}),
    ("list administrators members", "/api/userGroups/{administrators}/catalogueUsers",
     {"anonymous": 401, "plain_user": 404, "group_member": 404, "group_creator": 404, "application_admin": 200,
      "site_admin": 200}),
    ("list administrators grants", "/api/userGroups/{administrators}/securableResourceGroupRoles",
     {"anonymous": 401, "plain_user": 404, "group_member": 404, "group_creator": 404, "application_admin": 200,
      "site_admin": 200}),
]

#: What the group list shows to those who may use it.
LISTED_GROUPS = {
    "group_creator": {"Team", "creator@example.org Group"},
    "application_admin": {"Team", "creator@example.org Group", "victim@example.org Group", "administrators",
                          "Application admins"},
    "site_admin": {"Team", "creator@example.org Group", "victim@example.org Group", "administrators"},
}
#: How many grants of the victim's personal group each identity sees (only site administrators read her folder).
PERSONAL_GRANTS_SEEN = {"application_admin": 0, "site_admin": 1}


@pytest.mark.parametrize("identity", GROUP_IDENTITIES)
@pytest.mark.parametrize("name, url, expected", GROUP_CASES, ids=[case[0] for case in GROUP_CASES])
def test_group_listing_matrix(identity, name, url, expected):
    world = GroupWorld(identity)
    response = world.client.get(world.fill(url))
    assert response.status_code == expected[identity], (identity, name, response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert response.json()["status"] == expected[identity]
    elif name == "list groups":
        assert {item["name"] for item in response.json()["items"]} == LISTED_GROUPS[identity]
    elif name == "list personal group grants":
        assert response.json()["count"] == PERSONAL_GRANTS_SEEN[identity]


# --- the Django admin's catalogue pages -------------------------------------------------------------------------
#
# The admin answers with the API's rights: only staff (application and site administrators) get in, everyone else
# is sent to the login page (302); inside, the private model and folder are absent (404) unless a grant makes them
# readable, and each write needs the API's role (model edit: editor; permanent delete and any folder write:
# container_admin). The identities log in through the API: its session cookie is the admin's.

ADMIN_IDENTITIES = ["anonymous", "plain_user", "model_reader", "model_editor", "application_admin",
                    "application_admin_model_reader", "application_admin_model_editor", "site_admin"]

#: (name, method, url, body, expected status per identity in ADMIN_IDENTITIES order). `model_form` is the model's
#: change form with the label changed and readable_by_everyone set.
ADMIN_CASES = [
    ("data models changelist", "get", "/admin/catalogue/cataloguemodel/", None,
     (302, 302, 302, 302, 200, 200, 200, 200)),
    ("data model change page", "get", "/admin/catalogue/cataloguemodel/{m}/change/", None,
     (302, 302, 302, 302, 404, 200, 200, 200)),
    ("data model edit and publish", "post", "/admin/catalogue/cataloguemodel/{m}/change/", "model_form",
     (302, 302, 302, 302, 404, 403, 302, 302)),
    ("data model delete", "post", "/admin/catalogue/cataloguemodel/{m}/delete/", {"post": "yes"},
     (302, 302, 302, 302, 404, 403, 403, 302)),
    ("folders changelist", "get", "/admin/catalogue/folder/", None,
     (302, 302, 302, 302, 200, 200, 200, 200)),
    ("folder change page", "get", "/admin/catalogue/folder/{f}/change/", None,
     (302, 302, 302, 302, 404, 200, 200, 200)),
    ("folder edit and publish", "post", "/admin/catalogue/folder/{f}/change/",
     {"label": "Renamed", "description": "", "readable_by_everyone": "on"},
     (302, 302, 302, 302, 404, 403, 403, 302)),
    ("folder delete", "post", "/admin/catalogue/folder/{f}/delete/", {"post": "yes"},
     (302, 302, 302, 302, 404, 403, 403, 302)),
]

#: Whether the private model / folder is listed on the changelists, per identity.
ADMIN_PRIVATE_LISTED = {
    "data models changelist": (False, False, False, False, False, True, True, True),
    "folders changelist": (False, False, False, False, False, True, True, True),
}


def admin_client_for(world, identity):
    """A client logged in through the API as `identity`; model grants are on the private model itself."""
    from tests.accounts.helpers import make_role_user

    if identity == "anonymous":
        return APIClient()
    if identity == "site_admin":
        return logged_in_client(make_user("siteadmin@example.com", admin=True))
    email = f"{identity.replace('_', '')}@example.com"
    if identity.startswith("application_admin"):
        user = make_role_user(email, ApplicationRole.APPLICATION_ADMIN)
    else:
        user = make_user(email)
    role = {"model_reader": "reader", "model_editor": "editor"}.get(identity.removeprefix("application_admin_"))
    if role is not None:
        group = UserGroup.objects.create(name=f"{identity} group")
        group.members.add(user)
        SecurableResourceGroupRole.objects.create(
            user_group=group, group_role=GroupRole.objects.get(name=role), securable_resource_id=world.model.pk,
            securable_resource_domain_type="DataModel")
    return logged_in_client(user)


def admin_model_form(world):
    from django.test import Client

    from tests.catalogue.test_admin import submitted_form

    site = Client()
    site.force_login(make_user("formfiller@example.com", admin=True))
    data = submitted_form(site.get(f"/admin/catalogue/cataloguemodel/{world.model.pk}/change/"))
    data.update(label="Renamed", readable_by_everyone="on")
    return data


@pytest.mark.parametrize("identity", ADMIN_IDENTITIES)
@pytest.mark.parametrize("name, method, url, body, statuses", ADMIN_CASES, ids=[case[0] for case in ADMIN_CASES])
def test_admin_permission_matrix(identity, name, method, url, body, statuses):
    world = World("anonymous")
    body = admin_model_form(world) if body == "model_form" else body
    client = admin_client_for(world, identity)
    before = snapshot()
    target = world.fill(url)
    response = client.get(target) if method == "get" else client.post(target, body, format="multipart")
    want = statuses[ADMIN_IDENTITIES.index(identity)]
    assert response.status_code == want, (identity, name, response.status_code, response.content[:300])
    signed_out = identity in ("anonymous", "plain_user", "model_reader", "model_editor")
    if signed_out:
        assert "/admin/login/" in response["Location"]
    if name in ADMIN_PRIVATE_LISTED and want == 200:
        listed = ADMIN_PRIVATE_LISTED[name][ADMIN_IDENTITIES.index(identity)]
        page = response.content.decode()
        assert (("Private model" if "models" in name else ">Private<") in page) is listed, (identity, name)
    if method == "post":
        if want == 302 and not signed_out:
            assert snapshot() != before, f"{name} accepted for {identity} but changed nothing"
        else:
            assert snapshot() == before, f"{name} refused for {identity} but changed the database"


# --- import: matching an existing model by label sees only what the caller may read ------------------------

#: (identity on the other user's model, import option, expected status, that model's (finalised, version) after).
#: The caller imports a file whose model has the other model's label into a folder of their own. A model the
#: caller cannot read is never matched (its label is simply not available); one they may only read is not
#: versioned (403); one they may edit is finalised and versioned as Mauro does.
IMPORT_VERSION_CASES = [
    ("outsider", None, 422, (False, None)),
    ("outsider", "importAsNewDocumentationVersion", 422, (False, None)),
    ("outsider", "importAsNewBranchModelVersion", 422, (False, None)),
    ("reader", None, 422, (False, None)),
    ("reader", "importAsNewDocumentationVersion", 403, (False, None)),
    ("reader", "importAsNewBranchModelVersion", 403, (False, None)),
    ("editor", None, 422, (False, None)),
    ("editor", "importAsNewDocumentationVersion", 201, (True, "1.0.0")),
    ("editor", "importAsNewBranchModelVersion", 201, (True, "1.0.0")),
    ("site_admin", "importAsNewDocumentationVersion", 201, (True, "1.0.0")),
]


@pytest.mark.parametrize("identity, option, status, other_after", IMPORT_VERSION_CASES,
                         ids=[f"{case[0]}-{case[1] or 'no option'}" for case in IMPORT_VERSION_CASES])
def test_import_version_matching(identity, option, status, other_after):
    from accounts.models import User
    from tests.catalogue.test_import_api import IMPORT_URL, import_body

    world = World(identity)
    email = "admin@example.com" if identity == "site_admin" else f"{identity.replace('_', '')}@example.com"
    own_folder = make_folder("Own", user=User.objects.get(email_address=email))
    file = {"dataModel": {"label": "Private model", "type": "Data Standard"}}
    params = {option: True} if option else {}
    before = snapshot()
    response = world.client.post(IMPORT_URL, import_body(own_folder, file, **params), format="json")
    assert response.status_code == status, (identity, option, response.status_code, response.content[:300])
    other = m.CatalogueModel.objects.get(pk=world.model.pk)
    assert (other.finalised, other.model_version) == other_after
    if status >= 400:
        assert response.json()["status"] == status
        assert str(world.model.pk) not in response.content.decode()
        assert snapshot() == before, f"import refused for {identity} but changed the database"
    if status == 422:
        assert response.json()["errors"] == [{"message": "Property [label] of class [DataModel] with value "
                                                         "[Private model] is not available",
                                              "path": "dataModel", "field": "label"}]
    if status == 201:
        [item] = response.json()["items"]
        assert m.VersionLink.objects.filter(source_model_id=item["id"], target_model_id=world.model.pk).exists()
