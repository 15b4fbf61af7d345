"""Reference files: upload as byte arrays (or multipart), listing without contents, download of the bytes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue import models as m
from tests.catalogue.facets_support import item_url, make_world, set_model
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

PNG = bytes([137, 80, 78, 71, 13, 10, 26, 10, 0, 255])


@pytest.fixture
def world(user):
    return make_world(user)


def _upload(api, item, **fields):
    body = {"fileName": "logo.png", "fileType": "image/png", "fileSize": 99999, "fileContents": list(PNG)}
    body.update(fields)
    return api.post(item_url(item, "referenceFiles"), body, format="json")


def test_upload_list_and_download(user_client, world):
    response = _upload(user_client, world.model)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "domainType", "lastUpdated", "fileSize", "fileType", "fileName"}
    assert body["domainType"] == "ReferenceFile" and body["fileSize"] == len(PNG)
    assert body["fileName"] == "logo.png" and body["fileType"] == "image/png"
    listed = user_client.get(item_url(world.model, "referenceFiles")).json()
    assert listed == {"count": 1, "items": [body]}
    download = user_client.get(response["Location"])
    assert download.status_code == 200
    assert download.content == PNG
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"] == 'attachment; filename="logo.png"'
    assert download["X-Content-Type-Options"] == "nosniff"
    stored = m.ReferenceFile.objects.get()
    assert stored.model_id == world.model.pk
    assert m.Edit.objects.get(resource_id=world.model.pk).description == (
        "[ReferenceFile:logo.png] added to component [DataModel:Owned]")


def test_signed_bytes_are_accepted(user_client, world):
    response = _upload(user_client, world.data_class, fileContents=[-1, -128, 0, 127])
    assert response.status_code == 201
    assert user_client.get(response["Location"]).content == bytes([255, 128, 0, 127])


def test_type_is_guessed_and_other_types_download_as_octet_stream(user_client, world):
    pdf = _upload(user_client, world.folder, fileName="spec.pdf", fileType=None)
    assert pdf.status_code == 201 and pdf.json()["fileType"] == "application/pdf"
    html = _upload(user_client, world.folder, fileName="page.html", fileType="text/html")
    assert user_client.get(html["Location"])["Content-Type"] == "application/octet-stream"
    odd = _upload(user_client, world.folder, fileName="data.zzqq", fileType=None)
    assert odd.status_code == 201 and odd.json()["fileType"] == "zzqq"
    none_body = user_client.post(item_url(world.folder, "referenceFiles"),
                                 {"fileName": "README", "fileContents": []}, format="json").json()
    assert none_body["fileType"] == "Unknown" and none_body["fileSize"] == 0


def test_multipart_upload(user_client, world):
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    response = user_client.post(item_url(world.element, "referenceFiles"),
                                {"fileName": "notes.txt", "fileContents": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["fileSize"] == 5
    assert user_client.get(response["Location"]).content == b"hello"


def test_update_replaces_name_and_contents(user_client, world):
    created = _upload(user_client, world.data_class).json()
    url = f"{item_url(world.data_class, 'referenceFiles')}/{created['id']}"
    response = user_client.put(url, {"fileName": "new.png", "fileContents": [1, 2, 3]}, format="json")
    assert response.status_code == 200
    assert response.json()["fileName"] == "new.png" and response.json()["fileSize"] == 3
    assert user_client.get(url).content == bytes([1, 2, 3])
    edit = m.Edit.objects.filter(resource_id=world.data_class.pk, title="UPDATE").get()
    assert edit.description == "[ReferenceFile:logo.png] changed properties [fileName, fileContents, fileSize]"
    assert user_client.delete(url).status_code == 204
    assert not m.ReferenceFile.objects.exists()


@pytest.mark.parametrize("fields,status", [
    ({"fileName": None}, 400),
    ({"fileName": ""}, 422),
    ({"fileContents": None}, 400),
    ({"fileContents": "aGVsbG8="}, 422),
    ({"fileContents": [1, 256]}, 422),
    ({"fileContents": [-129]}, 422),
    ({"fileContents": [1.5]}, 422),
    ({"fileContents": ["a"]}, 422),
    ({"fileContents": [True]}, 422),
    ({"fileType": ""}, 422),
])
def test_bad_uploads(user_client, world, fields, status):
    response = _upload(user_client, world.data_class, **fields)
    assert response.status_code == status, response.content
    assert not m.ReferenceFile.objects.exists()


def test_missing_contents_is_400(user_client, world):
    response = user_client.post(item_url(world.data_class, "referenceFiles"), {"fileName": "a.txt"}, format="json")
    assert response.status_code == 400


def test_permissions(user_client, world, other_user, client):
    created = _upload(user_client, world.model).json()
    url = f"{item_url(world.model, 'referenceFiles')}/{created['id']}"
    api = logged_in_client(other_user)
    assert api.get(url).status_code == 404
    set_model(world.model, readable_by_everyone=True)
    assert client.get(url).content == PNG
    assert _upload(api, world.model).status_code == 403
    assert api.delete(url).status_code == 403
    assert _upload(client, world.model).status_code == 401
    set_model(world.model, finalised=True)
    assert _upload(user_client, world.model).status_code == 403
    assert user_client.put(url, {"fileName": "x.png"}, format="json").status_code == 403
    assert m.ReferenceFile.objects.get().file_name == "logo.png"
