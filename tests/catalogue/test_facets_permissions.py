"""Who may add each kind of facet, in each state of the model: one matrix, and refused writes change nothing."""

import pytest

from catalogue import models as m
from tests.catalogue.facets_support import item_url, make_world, set_model
from tests.catalogue.factories import make_classifier
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

FACETS = ["metadata", "annotations", "semanticLinks", "referenceFiles", "rules", "classifiers"]
FACET_TABLES = [m.Metadata, m.Annotation, m.SemanticLink, m.ReferenceFile, m.Rule, m.ClassifierLink, m.Edit]


def _body(facet, world, tag):
    return {
        "metadata": {"namespace": "n", "key": "k", "value": "v"},
        "annotations": {"label": "A comment"},
        "semanticLinks": {"linkType": "Refines", "targetMultiFacetAwareItemId": str(world.parent.pk),
                          "targetMultiFacetAwareItemDomainType": "DataClass"},
        "referenceFiles": {"fileName": "a.txt", "fileContents": [1, 2]},
        "rules": {"name": "A rule"},
        "classifiers": {"id": str(tag.pk)},
    }[facet]


def _rows():
    return sum(table.objects.count() for table in FACET_TABLES)


def _caller(who, user, other_user, admin_user, client):
    return {"owner": lambda: logged_in_client(user), "other": lambda: logged_in_client(other_user),
            "admin": lambda: logged_in_client(admin_user), "anonymous": lambda: client}[who]()


# (caller, model state, public?) → expected status for (annotations, every other facet)
MODEL_CASES = [
    ("owner", {}, False, 201, 201),
    ("owner", {"finalised": True}, False, 201, 403),
    ("owner", {"deleted": True}, False, 403, 403),
    ("admin", {}, False, 201, 201),
    ("admin", {"finalised": True}, False, 201, 403),
    ("other", {}, False, 404, 404),
    ("other", {}, True, 403, 403),
    ("other", {"finalised": True}, True, 403, 403),
    ("anonymous", {}, True, 401, 401),
    ("anonymous", {}, False, 401, 401),
]


@pytest.mark.parametrize("facet", FACETS)
@pytest.mark.parametrize("who,state,public,annotation_status,other_status", MODEL_CASES)
@pytest.mark.parametrize("where", ["model", "element"])
def test_model_and_model_item_facets(user, other_user, admin_user, client, facet, who, state, public,
                                     annotation_status, other_status, where):
    world = make_world(user)
    tag = make_classifier("Public tag", readable_by_everyone=True)
    set_model(world.model, readable_by_everyone=public, **state)
    api = _caller(who, user, other_user, admin_user, client)
    before = _rows()
    response = api.post(item_url(getattr(world, where), facet), _body(facet, world, tag), format="json")
    expected = annotation_status if facet == "annotations" else other_status
    assert response.status_code == expected, response.content
    if expected != 201:
        assert _rows() == before


CONTAINER_CASES = [("owner", False, 201), ("admin", False, 201), ("other", False, 404), ("other", True, 403),
                   ("anonymous", True, 401)]


@pytest.mark.parametrize("facet", FACETS)
@pytest.mark.parametrize("who,public,status", CONTAINER_CASES)
@pytest.mark.parametrize("where", ["folder", "classifier"])
def test_container_facets_need_container_admin(user, other_user, admin_user, client, facet, who, public, status,
                                               where):
    if where == "classifier" and facet == "classifiers":
        pytest.skip("`/api/classifiers/{id}/classifiers` names child classifiers (tested with classifiers)")
    world = make_world(user)
    tag = make_classifier("Public tag", readable_by_everyone=True)
    container = getattr(world, where)
    type(container).objects.filter(pk=container.pk).update(readable_by_everyone=public)
    api = _caller(who, user, other_user, admin_user, client)
    before = _rows()
    url = item_url(container, facet)
    response = api.post(url, _body(facet, world, tag), format="json")
    assert response.status_code == status, response.content
    if status != 201:
        assert _rows() == before
    else:
        created = type(container).objects.get(pk=container.pk)
        assert m.Edit.objects.filter(resource_id=created.pk, model__isnull=True).exists()
