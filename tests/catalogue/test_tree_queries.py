"""Every tree endpoint costs the same number of queries whatever the size of what it shows (quality bar)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.workloads import Shape, generate
from catalogue import models as m
from config.api.middleware import MaintenanceModeMiddleware
from tests.catalogue.factories import make_data_model, make_folder

pytestmark = pytest.mark.django_db

SMALL = Shape(classes=4, elements=10, enumeration_types=2, values_per_enumeration=3, primitive_types=2,
              metadata_per_element=1)
LARGE = Shape(classes=40, elements=1000, enumeration_types=20, values_per_enumeration=10, primitive_types=10,
              metadata_per_element=1)


@pytest.fixture(autouse=True)
def _steady_query_counts(db, monkeypatch):
    """Two periodic queries would land in whichever count crosses their period: the session's last-seen
    stamp (every 30 s) and the maintenance-mode check (every 2 s). Both are frozen for these counts."""
    monkeypatch.setattr("accounts.middleware.LAST_SEEN_RESOLUTION_SECONDS", 10**9)
    monkeypatch.setattr(MaintenanceModeMiddleware, "TTL_SECONDS", 10**9)
    MaintenanceModeMiddleware.forget()
    MaintenanceModeMiddleware.maintenance_on()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


def build_folders(user, tag, count):
    """A root folder holding a nested folder with `count` sub-folders and `count` models, plus `count` roots."""
    top = make_folder(f"{tag} top", user=user)
    middle = make_folder(f"{tag} middle", user=user, parent=top)
    for n in range(count):
        make_folder(f"{tag} root {n}", user=user, readable_by_everyone=bool(n % 2))
        sub = make_folder(f"{tag} sub {n}", user=user, parent=middle)
        make_folder(f"{tag} leaf {n}", user=user, parent=sub)
        make_data_model(f"{tag} model {n}", folder=middle, user=user)
        m.Classifier.objects.create(label=f"{tag} classifier {n}", created_by=user.email_address)
    return middle


@pytest.mark.parametrize("url", [
    "/api/tree/folders",
    "/api/tree/folders?containersOnly=true",
    "/api/tree/folders?foldersOnly=true&modelCreatableOnly=true",
    "/api/tree/folders?includeModelSuperseded=true&includeDocumentSuperseded=true",
    "/api/tree/classifiers",
    "/api/tree/folders/{middle}",
    "/api/tree/folders/folders/{middle}",
    "/api/tree/folders/folders/{middle}/ancestors",
])
def test_container_trees_cost_the_same_for_3_and_30_folders(user, user_client, url):
    counts = []
    for tag, size in (("small", 3), ("large", 30)):
        middle = build_folders(user, tag, size)
        counts.append(queries(user_client, url.format(middle=middle.pk)))
        m.CatalogueModel.objects.all().delete()
        m.Folder.objects.all().delete()
        m.Classifier.objects.all().delete()
    assert counts[0] == counts[1]


def _model_urls(model):
    root_class = m.DataClass.objects.filter(model=model, parent_data_class__isnull=True).order_by("index").first()
    deep_class = m.DataClass.objects.filter(model=model, parent_data_class__parent_data_class__isnull=False).first()
    element = m.DataElement.objects.filter(model=model, data_class=deep_class).first()
    value = m.EnumerationValue.objects.filter(model=model).first()
    return {
        "model children": f"/api/tree/folders/dataModels/{model.pk}",
        "class children": f"/api/tree/folders/dataClasses/{root_class.pk}",
        "element children": f"/api/tree/folders/dataElements/{element.pk}",
        "model ancestors": f"/api/tree/folders/dataModels/{model.pk}/ancestors",
        "class ancestors": f"/api/tree/folders/dataClasses/{deep_class.pk}/ancestors",
        "element ancestors": f"/api/tree/folders/dataElements/{element.pk}/ancestors",
        "value ancestors": f"/api/tree/folders/enumerationValues/{value.pk}/ancestors",
        "full tree": f"/api/tree/full/dataModels/{model.pk}",
        "folder children": f"/api/tree/folders/{model.folder_id}",
    }


@pytest.mark.parametrize("reader", ["owner", "anonymous", "admin"])
def test_model_trees_cost_the_same_for_10_and_1000_elements(user, client, user_client, admin_client, reader):
    caller = {"owner": user_client, "anonymous": client, "admin": admin_client}[reader]
    counts = {}
    for tag, shape in (("small", SMALL), ("large", LARGE)):
        folder = make_folder(f"{tag} folder", user=user, readable_by_everyone=True,
                             parent=make_folder(f"{tag} parent", user=user, readable_by_everyone=True))
        model = generate(shape, label=f"{tag} model", folder=folder, created_by=user.email_address).model
        assert m.DataElement.objects.filter(model=model).count() == shape.elements
        for name, url in _model_urls(model).items():
            counts.setdefault(name, []).append(queries(caller, url))
    assert {name: pair[0] for name, pair in counts.items()} == {name: pair[1] for name, pair in counts.items()}


def test_full_tree_of_a_thousand_elements_has_them_all(user, user_client):
    model = generate(LARGE, label="Counted", folder=make_folder("Counted folder", user=user),
                     created_by=user.email_address).model
    root = user_client.get(f"/api/tree/full/dataModels/{model.pk}").json()
    stack, seen = [root], 0
    while stack:
        node = stack.pop()
        seen += node["domainType"] == "DataElement"
        stack.extend(node.get("children", []))
    assert seen == 1000
