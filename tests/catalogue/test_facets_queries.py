"""Facet lists cost a fixed number of queries, whatever the number of facets (3 or 30)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.facets_support import item_url, make_world
from tests.catalogue.factories import make_classifier
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

ENDPOINTS = ["metadata", "annotations", "semanticLinks", "referenceFiles", "rules", "edits", "classifiers"]


def _fill(world, owner, size):
    item = world.data_class
    common = {"catalogue_item_domain_type": "DataClass", "catalogue_item_id": item.pk, "model": world.model,
              "created_by": owner.email_address}
    m.Metadata.objects.bulk_create([m.Metadata(namespace=f"ns{n % 3}", key=f"k{n}", value="v", **common)
                                    for n in range(size)])
    roots = m.Annotation.objects.bulk_create([m.Annotation(label=f"c{n}", created_by_user=owner, **common)
                                              for n in range(size)])
    m.Annotation.objects.bulk_create([m.Annotation(label=f"r{n}", description="reply", parent_annotation=root,
                                                   created_by_user=owner, **common) for n, root in enumerate(roots)])
    # links cycling over three kinds of target, so both sizes see every kind
    targets = [[world.model, world.parent, world.value][n % 3] for n in range(size)]
    m.SemanticLink.objects.bulk_create([
        m.SemanticLink(link_type="Refines", target_domain_type=target.domain_type, target_id=target.pk, **common)
        for target in targets])
    m.SemanticLink.objects.bulk_create([
        m.SemanticLink(link_type="Abstracts", catalogue_item_domain_type="DataElement",
                       catalogue_item_id=world.element.pk, model=world.model, target_domain_type="DataClass",
                       target_id=item.pk) for _ in range(size)])
    m.ReferenceFile.objects.bulk_create([m.ReferenceFile(file_name=f"f{n}.txt", file_type="text/plain", file_size=1,
                                                         file_contents=b"x", **common) for n in range(size)])
    rules = m.Rule.objects.bulk_create([m.Rule(name=f"rule {n}", **common) for n in range(size)])
    m.RuleRepresentation.objects.bulk_create([m.RuleRepresentation(rule=r, language=lang, representation="x")
                                              for r in rules for lang in ("sql", "dmn")])
    m.Edit.objects.bulk_create([m.Edit(resource_domain_type="DataClass", resource_id=item.pk, model=world.model,
                                       title="UPDATE", description=f"e{n}", created_by_user=owner)
                                for n in range(size)])
    classifiers = [make_classifier(f"tag {size} {n}", user=owner) for n in range(size)]
    m.ClassifierLink.objects.bulk_create([m.ClassifierLink(classifier=c, **common) for c in classifiers])


def _queries(api, url):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", ["owner", "admin"])
def test_list_query_count_does_not_grow(user, admin_user, endpoint, who):
    api = logged_in_client(admin_user if who == "admin" else user)
    counts = []
    for size in (3, 30):
        world = make_world(user, f"Size {size}")
        _fill(world, user, size)
        count, body = _queries(api, item_url(world.data_class, endpoint) + "?all=true")
        expected = size * 2 if endpoint == "semanticLinks" else size
        assert body["count"] == expected and len(body["items"]) == expected
        counts.append(count)
    assert counts[0] == counts[1], counts


def test_namespaces_query_count_does_not_grow(user):
    api = logged_in_client(user)
    counts = []
    for size in (3, 30):
        _fill(make_world(user, f"Size {size}"), user, size)
        count, body = _queries(api, "/api/metadata/namespaces")
        assert [n["namespace"] for n in body] == ["ns0", "ns1", "ns2"]
        counts.append(count)
    assert counts[0] == counts[1], counts
