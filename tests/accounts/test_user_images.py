"""Users' profile pictures (`/api/catalogueUsers/{id}/image`): the default picture, saving, resizing, removing,
who may do what, and bad input."""

import base64
import io
import uuid

import pytest
from PIL import Image

from accounts.models import ApplicationRole, UserGroup, UserImage
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db


def png(width=40, height=30, colour=(200, 20, 20)):
    output = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(output, format="PNG")
    return output.getvalue()


def data_url(contents, kind="png"):
    return f"data:image/{kind};base64,{base64.b64encode(contents).decode()}"


def url(user):
    return f"/api/catalogueUsers/{user.pk}/image"


def picture_size(response):
    with Image.open(io.BytesIO(response.content)) as image:
        return image.size


def test_without_a_picture_anyone_gets_the_default_one(client, user_client, user):
    for api in (client, user_client):
        response = api.get(url(user))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert picture_size(response) == (128, 128)
    # An id naming nobody answers the same picture: ids reveal nothing.
    assert client.get(f"/api/catalogueUsers/{uuid.uuid4()}/image").content == client.get(url(user)).content


def test_a_user_sets_replaces_resizes_and_removes_their_picture(user_client, client, user):
    created = user_client.post(url(user), {"image": data_url(png()), "type": "image/png"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body == {"id": body["id"], "domainType": "UserImageFile", "lastUpdated": body["lastUpdated"],
                    "fileSize": len(png()), "fileType": "image/png", "fileName": f"{user.pk}-profile",
                    "userId": str(user.pk)}
    shown = client.get(url(user))
    assert shown.status_code == 200 and shown.content == png()

    replaced = user_client.post(url(user), {"image": data_url(png(10, 10)), "type": "image/png"}, format="json")
    assert replaced.status_code == 200 and replaced.json()["id"] == body["id"]
    assert UserImage.objects.count() == 1

    small = client.get(f"{url(user)}?size=20")
    assert small.status_code == 200 and small["Content-Type"] == "image/png" and picture_size(small) == (20, 20)

    assert user_client.delete(url(user)).status_code == 204
    assert not UserImage.objects.exists()
    assert picture_size(client.get(url(user))) == (128, 128)
    assert user_client.delete(url(user)).status_code == 404


def test_put_creates_the_picture_when_there_is_none_and_keeps_the_detected_type(user_client, user):
    jpeg = io.BytesIO()
    Image.new("RGB", (8, 8)).save(jpeg, format="JPEG")
    response = user_client.put(url(user), {"image": data_url(jpeg.getvalue(), "jpeg"), "type": "text/html"},
                               format="json")
    assert response.status_code == 201
    assert response.json()["fileType"] == "image/jpeg"
    assert user_client.get(url(user))["Content-Type"] == "image/jpeg"
    again = user_client.put(url(user), {"image": base64.b64encode(png()).decode()}, format="json")
    assert again.status_code == 200 and again.json()["fileType"] == "image/png"


def test_the_default_picture_resizes_too(client, user):
    assert picture_size(client.get(f"{url(user)}?size=32")) == (32, 32)


@pytest.mark.parametrize("size", ["0", "-3", "big", "2001", "1.5"])
def test_bad_sizes_are_400(client, user, size):
    response = client.get(f"{url(user)}?size={size}")
    assert response.status_code == 400
    assert response.json()["errorCode"] == "REQ06"


def test_bad_bodies(user_client, user):
    cases = [({}, 400), ({"type": "image/png"}, 400), ({"image": None}, 400),
             ({"image": ""}, 422), ({"image": 5}, 422), ({"image": "data:image/png;base64,!!!"}, 422),
             ({"image": data_url(b"not an image at all")}, 422), ({"image": data_url(png()), "type": 7}, 422)]
    for body, expected in cases:
        response = user_client.post(url(user), body, format="json")
        assert response.status_code == expected, (body, response.content)
        assert response["Content-Type"].startswith("application/json")
    assert user_client.put(url(user), "[]", content_type="application/json").status_code in (400, 422)
    assert user_client.post(url(user), "{nope", content_type="application/json").status_code == 400
    assert not UserImage.objects.exists()


def test_who_may_change_a_picture(client, user, other_user):
    body = {"image": data_url(png()), "type": "image/png"}
    assert client.post(url(user), body, format="json").status_code == 401
    assert client.delete(url(user)).status_code == 401
    other = logged_in_client(other_user)
    assert other.post(url(user), body, format="json").status_code == 404  # they cannot see that user
    assert other.put(url(user), body, format="json").status_code == 404
    assert other.delete(url(user)).status_code == 404
    assert other.put("/api/catalogueUsers/not-a-uuid/image", body, format="json").status_code == 404
    assert not UserImage.objects.exists()

    admin = logged_in_client(make_user("boss@example.com", admin=True))
    assert admin.put(url(user), body, format="json").status_code == 201
    assert admin.delete(url(user)).status_code == 204

    user_admin = make_user("users@example.com")
    group = UserGroup.objects.create(name="User admins", application_role=ApplicationRole.USER_ADMIN)
    group.members.add(user_admin)
    assert logged_in_client(user_admin).post(url(user), body, format="json").status_code == 201
    # A user administrator may not change the picture of an administrator who ranks above them.
    boss = make_user("chief@example.com", admin=True)
    refused = logged_in_client(user_admin).post(url(boss), body, format="json")
    assert refused.status_code == 403
    assert not UserImage.objects.filter(user=boss).exists()
