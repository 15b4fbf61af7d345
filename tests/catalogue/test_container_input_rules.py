"""The contract's input rule on every create and update route of folders, classifiers and authorities: a value of
the wrong JSON type or a blank text is a 422 naming the field, a missing required field on create is a 400, Mauro's
defaults stay (a folder without a label is `New Folder`), and nothing is stored on any error. Then the rights, in
the contract's order: anonymous 401, unreadable 404, read-only 403."""

import uuid

import pytest

from catalogue import models as m
from catalogue.api import urls_containers
from tests.catalogue.factories import make_classifier, make_folder

pytestmark = pytest.mark.django_db


def _routes(action):
    return {pattern.name: "/api/" + str(pattern.pattern) for pattern in urls_containers.urlpatterns
            if action in getattr(pattern.callback, "actions", {}).values()}


def test_every_create_and_update_route_is_covered():
    assert set(_routes("create")) == {"folders", "folder-folders", "classifiers", "classifier-classifiers",
                                      "authorities"}
    assert set(_routes("update")) == {"folder", "folder-folder", "classifier", "classifier-classifier", "authority"}


def _state():
    folders = sorted((f.pk, f.label, f.description, f.readable_by_everyone, f.readable_by_authenticated_users,
                      f.parent_folder_id) for f in m.Folder.objects.all())
    classifiers = sorted((c.pk, c.label, c.description, c.readable_by_everyone, c.readable_by_authenticated_users)
                         for c in m.Classifier.objects.all())
    authorities = sorted((a.pk, a.label, a.url, a.description, a.default_authority) for a in m.Authority.objects.all())
    return folders, classifiers, authorities, m.Edit.objects.count()


class World:
    """A folder and a classifier of the caller's, each with a child; the default authority."""

    def __init__(self, user):
        self.folder = make_folder("Parent", user=user)
        self.child_folder = make_folder("Child", parent=self.folder, user=user)
        self.classifier = make_classifier("Parent class", user=user)
        self.child_classifier = make_classifier("Child class", parent=self.classifier, user=user)
        self.authority = m.Authority.default()

    def collection(self, name):
        return _routes("create")[name].replace("<str:folder_id>", str(self.folder.pk)).replace(
            "<str:classifier_id>", str(self.classifier.pk))

    def detail(self, name):
        return _routes("update")[name].replace("<str:folder_id>", str(self.folder.pk)).replace(
            "<str:classifier_id>", str(self.classifier.pk)).replace(
            "<str:child_id>", str(self.child_folder.pk if name.startswith("folder") else self.child_classifier.pk)
        ).replace("<str:authority_id>", str(self.authority.pk))


@pytest.fixture
def world(user):
    return World(user)


def _client(name, user_client, admin_client):
    return admin_client if name.startswith("authorit") else user_client


#: A valid body per resource, to which each bad value below is added.
VALID = {"folder": {"label": "Fine"}, "classifier": {"label": "Fine"}, "authorit": {"label": "Fine", "url": "http://x"}}


def _valid(name):
    return next(body for prefix, body in VALID.items() if name.startswith(prefix))


WRONG = [
    ({"label": 5}, "label"),
    ({"label": True}, "label"),
    ({"label": ["A"]}, "label"),
    ({"label": "   "}, "label"),
    ({"description": 5}, "description"),
]
CONTAINER_WRONG = [
    ({"readableByEveryone": "true"}, "readableByEveryone"),
    ({"readableByAuthenticatedUsers": 1}, "readableByAuthenticatedUsers"),
]
AUTHORITY_WRONG = [
    ({"url": 5}, "url"),
    ({"url": " "}, "url"),
    ({"defaultAuthority": "yes"}, "defaultAuthority"),
]


def _cases(action):
    cases = []
    for name in _routes(action):
        extra = AUTHORITY_WRONG if name.startswith("authorit") else CONTAINER_WRONG
        cases.extend((name, body, field) for body, field in WRONG + extra)
    return cases


@pytest.mark.parametrize(("name", "body", "field"), _cases("create"))
def test_create_wrong_type_or_blank_is_422_and_stores_nothing(user_client, admin_client, world, name, body, field):
    before = _state()
    response = _client(name, user_client, admin_client).post(world.collection(name), {**_valid(name), **body},
                                                             format="json")
    assert response.status_code == 422, response.content
    data = response.json()
    assert data["total"] == 1 and data["errors"][0]["field"] == field
    assert _state() == before


@pytest.mark.parametrize(("name", "body", "field"), _cases("update"))
def test_update_wrong_type_or_blank_is_422_and_changes_nothing(user_client, admin_client, world, name, body, field):
    before = _state()
    response = _client(name, user_client, admin_client).put(world.detail(name), body, format="json")
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == field
    assert _state() == before


@pytest.mark.parametrize("name", [name for name in _routes("update")])
@pytest.mark.parametrize("label", [None, ""])
def test_update_with_a_null_or_empty_label_is_422_and_changes_nothing(user_client, admin_client, world, name,
                                                                     label):
    before = _state()
    response = _client(name, user_client, admin_client).put(world.detail(name), {"label": label}, format="json")
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == "label"
    assert _state() == before


MISSING_REQUIRED = [
    ("classifiers", {}), ("classifiers", {"label": None}), ("classifiers", {"description": "no label"}),
    ("classifier-classifiers", {}), ("classifier-classifiers", {"label": None}),
    ("authorities", {}), ("authorities", {"label": "x"}), ("authorities", {"url": "http://x"}),
    ("authorities", {"label": "x", "url": None}),
]


@pytest.mark.parametrize(("name", "body"), MISSING_REQUIRED)
def test_create_missing_required_field_is_400_and_stores_nothing(user_client, admin_client, world, name, body):
    before = _state()
    response = _client(name, user_client, admin_client).post(world.collection(name), body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]
    assert _state() == before


@pytest.mark.parametrize("name", ["folders", "folder-folders"])
@pytest.mark.parametrize("body", [{}, {"label": None}, {"label": ""}, {"description": "About"}])
def test_a_folder_without_a_label_is_new_folder(user_client, world, name, body):
    response = user_client.post(world.collection(name), body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["label"] == "New Folder"
    assert m.Folder.objects.filter(label="New Folder").count() == 1


@pytest.mark.parametrize("name", _routes("update"))
def test_update_is_partial_and_ignores_unknown_fields(user_client, admin_client, world, name):
    response = _client(name, user_client, admin_client).put(world.detail(name), {"description": "New", "colour": 1},
                                                            format="json")
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "New"
    folders, classifiers, authorities, _ = _state()
    labels = {row[1] for row in folders + classifiers + authorities}
    assert {"Parent", "Child", "Parent class", "Child class", world.authority.label} <= labels


# --- rights, in the contract's order -----------------------------------------------------------------------------

class Stranger:
    """A public folder and classifier (each with a child) and a hidden pair, all someone else's."""

    def __init__(self, owner):
        self.public_folder = make_folder("Public", user=owner, readable_by_everyone=True)
        self.public_child_folder = make_folder("Public child", parent=self.public_folder, user=owner)
        self.hidden_folder = make_folder("Hidden", user=owner)
        self.public_classifier = make_classifier("Public class", user=owner, readable_by_everyone=True)
        self.public_child_classifier = make_classifier("Public child class", parent=self.public_classifier,
                                                       user=owner)
        self.hidden_classifier = make_classifier("Hidden class", user=owner)

    def urls(self, public):
        folder = self.public_folder if public else self.hidden_folder
        classifier = self.public_classifier if public else self.hidden_classifier
        child_folder = self.public_child_folder.pk if public else uuid.uuid4()
        child_classifier = self.public_child_classifier.pk if public else uuid.uuid4()
        return [
            ("post", f"/api/folders/{folder.pk}/folders"),
            ("put", f"/api/folders/{folder.pk}"),
            ("delete", f"/api/folders/{folder.pk}"),
            ("put", f"/api/folders/{folder.pk}/folders/{child_folder}"),
            ("delete", f"/api/folders/{folder.pk}/folders/{child_folder}"),
            ("put", f"/api/folders/{folder.pk}/folder/root"),
            ("post", f"/api/classifiers/{classifier.pk}/classifiers"),
            ("put", f"/api/classifiers/{classifier.pk}"),
            ("delete", f"/api/classifiers/{classifier.pk}"),
            ("put", f"/api/classifiers/{classifier.pk}/classifiers/{child_classifier}"),
            ("delete", f"/api/classifiers/{classifier.pk}/classifiers/{child_classifier}"),
        ]


@pytest.fixture
def stranger(other_user):
    return Stranger(other_user)


def test_container_writes_anonymous_401_unreadable_404_read_only_403(client, user_client, stranger):
    before = _state()
    for method, url in stranger.urls(public=True):
        assert getattr(client, method)(url, {"label": 5}, format="json").status_code == 401, (method, url)
        assert getattr(user_client, method)(url, {"label": 5}, format="json").status_code == 403, (method, url)
    for method, url in stranger.urls(public=False):
        assert getattr(user_client, method)(url, {"label": 5}, format="json").status_code == 404, (method, url)
    assert _state() == before


def test_authority_writes_anonymous_401_missing_404_not_an_administrator_403(client, user_client):
    default = m.Authority.default()
    before = _state()
    for method, url in [("post", "/api/authorities"), ("put", f"/api/authorities/{default.pk}"),
                        ("delete", f"/api/authorities/{default.pk}")]:
        assert getattr(client, method)(url, {"label": 5}, format="json").status_code == 401, (method, url)
        response = getattr(user_client, method)(url, {"label": 5}, format="json")
        assert response.status_code == 403 and response.json()["errorCode"] == "PERM07", (method, url)
    for method in ("put", "delete"):
        assert getattr(user_client, method)(f"/api/authorities/{uuid.uuid4()}", {}, format="json").status_code == 404
    assert _state() == before
