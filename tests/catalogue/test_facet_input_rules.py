"""The contract's input rule (http-contract §2) on every facet create and update endpoint, enumerated from the URL
patterns: a wrong JSON type or a blank required text is a 422, a missing required field on create is a 400, and
nothing is stored in any of these cases."""

import pytest
from django.forms.models import model_to_dict

from catalogue import models as m
from catalogue.api import serializers_facets as s
from catalogue.api.urls_facets import urlpatterns
from config.api.serializers import AnyJsonField, StrictBooleanField, StrictCharField, StrictIntegerField
from tests.catalogue.facets_support import make_world
from tests.catalogue.factories import make_classifier, make_data_model
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

TABLES = [m.Metadata, m.Annotation, m.SemanticLink, m.ReferenceFile, m.Rule, m.RuleRepresentation, m.ClassifierLink,
          m.Classifier, m.VersionLink, m.Edit]
#: A JSON value of the wrong type for each kind of input field.
WRONG_TYPES = {StrictCharField: 5, StrictBooleanField: "yes", StrictIntegerField: "5", AnyJsonField: 5,
               s.LinkTypeField: 5, s.VersionLinkTypeField: 5, s.FileContentsField: "abc"}


def _endpoints(http_method, action):
    found = []
    for pattern in urlpatterns:
        actions = getattr(pattern.callback, "actions", {})
        if actions.get(http_method) == action:
            found.append((str(pattern.pattern), pattern.callback.cls))
    return found


CREATES = _endpoints("post", "create")
UPDATES = _endpoints("put", "update")


def _valid_body(serializer_class, world):
    """A body each facet accepts; a new facet kind must add its own here."""
    return {
        s.MetadataSerializer: {"namespace": "n", "key": "k", "value": "v"},
        s.AnnotationSerializer: {"label": "A comment", "description": "d"},
        s.AnnotationReplySerializer: {"description": "A reply", "label": "Re"},
        s.SemanticLinkSerializer: {"linkType": "Refines", "targetMultiFacetAwareItemId": str(world.parent.pk),
                                   "targetMultiFacetAwareItemDomainType": "DataClass"},
        s.ReferenceFileSerializer: {"fileName": "a.txt", "fileContents": [1, 2], "fileType": "text/plain"},
        s.RuleSerializer: {"name": "A rule", "description": "d"},
        s.RuleRepresentationSerializer: {"language": "sql", "representation": "select 1"},
        s.ItemClassifierDetailSerializer: {"label": "New tag", "description": "d"},
        s.VersionLinkSerializer: {"linkType": "New Fork Of", "targetModelId": str(world.older.pk),
                                  "targetModelDomainType": "DataModel"},
    }[serializer_class]


def _serializer_class(viewset, action):
    return viewset(action=action, kwargs={}).get_serializer_class()


def _strict_fields(serializer_class):
    """(name, field) of the writable fields whose JSON type is checked."""
    return [(name, field) for name, field in serializer_class().fields.items()
            if not field.read_only and isinstance(field, tuple(WRONG_TYPES))]


def _mistakes(serializer_class, body, *, create):
    """(description, body, expected status) for every mistake the contract names."""
    cases = []
    for name, field in _strict_fields(serializer_class):
        wrong = next(value for kind, value in WRONG_TYPES.items() if isinstance(field, kind))
        cases.append((f"{name} of the wrong type", {**body, name: wrong}, 422))
        if isinstance(field, StrictCharField) and not field.allow_blank:
            cases.append((f"{name} blank", {**body, name: "  "}, 422))
    if create:
        for name, field in serializer_class().fields.items():
            if field.required and not field.read_only:
                cases.append((f"{name} missing", {k: v for k, v in body.items() if k != name}, 400))
        if serializer_class is s.ItemClassifierDetailSerializer:
            cases.append(("neither id nor label", {"description": "d"}, 400))
    return cases


@pytest.fixture
def world(user):
    world = make_world(user)
    world.annotation = m.Annotation.objects.create(
        label="Question", description="?", created_by=user.email_address, created_by_user=user,
        catalogue_item_domain_type="DataModel", catalogue_item_id=world.model.pk, model=world.model)
    facet = {"catalogue_item_domain_type": "DataModel", "catalogue_item_id": world.model.pk, "model": world.model,
             "created_by": user.email_address}
    world.rule = m.Rule.objects.create(name="Rule", **facet)
    world.objects = {
        m.Metadata: m.Metadata.objects.create(namespace="ns", key="key", value="value", **facet),
        m.SemanticLink: m.SemanticLink.objects.create(link_type="Refines", target_domain_type="DataClass",
                                                      target_id=world.parent.pk, **facet),
        m.ReferenceFile: m.ReferenceFile.objects.create(file_name="f.txt", file_type="text/plain", file_size=1,
                                                        file_contents=b"x", **facet),
        m.Rule: world.rule,
        m.RuleRepresentation: m.RuleRepresentation.objects.create(rule=world.rule, language="sql",
                                                                  representation="select 1"),
    }
    world.older = make_data_model("Older", folder=world.folder, user=user)
    world.objects[m.VersionLink] = m.VersionLink.objects.create(source_model=world.model, target_model=world.older,
                                                                link_type=m.VersionLinkType.NEW_FORK_OF)
    make_classifier("Existing tag", user=user)
    return world


def _url(pattern, world, viewset=None, obj=None):
    if obj is not None:
        pattern = pattern.replace(f"<str:{viewset.lookup_url_kwarg}>", str(obj.pk))
    url = "/api/" + pattern.replace("<str:ciType>", "dataModels").replace("<str:ciId>", str(world.model.pk))
    return url.replace("<str:annotationId>", str(world.annotation.pk)).replace("<str:ruleId>", str(world.rule.pk))


def _rows():
    return [list(table.objects.order_by("pk").values()) for table in TABLES]


def test_every_create_and_update_endpoint_is_covered():
    assert len(CREATES) == 9 and len(UPDATES) == 6, (CREATES, UPDATES)


@pytest.mark.parametrize("pattern,viewset", CREATES, ids=[p for p, _ in CREATES])
def test_create_mistakes(user, world, pattern, viewset):
    api = logged_in_client(user)
    serializer_class = _serializer_class(viewset, "create")
    body = _valid_body(serializer_class, world)
    cases = _mistakes(serializer_class, body, create=True)
    assert cases
    for description, bad_body, expected in cases:
        before = _rows()
        response = api.post(_url(pattern, world), bad_body, format="json")
        assert response.status_code == expected, (description, response.content)
        error = response.json()
        assert error["status"] == expected, (description, error)
        if expected == 422:
            assert error["total"] == len(error["errors"]) == 1, (description, error)
        assert _rows() == before, description
    assert api.post(_url(pattern, world), body, format="json").status_code == 201


@pytest.mark.parametrize("pattern,viewset", UPDATES, ids=[p for p, _ in UPDATES])
def test_update_mistakes(user, world, pattern, viewset):
    api = logged_in_client(user)
    serializer_class = _serializer_class(viewset, "update")
    obj = world.objects[viewset.queryset.model]
    url = _url(pattern, world, viewset, obj)
    cases = _mistakes(serializer_class, {}, create=False)
    assert cases
    for description, bad_body, expected in cases:
        before = _rows()
        response = api.put(url, bad_body, format="json")
        assert response.status_code == expected, (description, response.content)
        assert response.json()["total"] == 1
        assert _rows() == before, description
    # Updates are partial: an empty body changes nothing and answers the object.
    stored = model_to_dict(type(obj).objects.get(pk=obj.pk))
    assert api.put(url, {}, format="json").status_code == 200
    assert model_to_dict(type(obj).objects.get(pk=obj.pk)) == stored
