"""A class may extend a class of a finalised model that later becomes unreadable to the caller. The extension then
disappears from every output for that caller (show, lists, hierarchy, path lookup, export), and an editor of the
extending class may still remove it without learning anything about the target; nobody else learns it exists."""

import uuid

import pytest

from catalogue import models as m
from tests.catalogue.factories import make_data_class, make_data_model
from tests.catalogue.test_import_api import EXPORTER
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

SECRET_LABEL, SECRET_DESCRIPTION = "Salary band", "Bands agreed with the board"


@pytest.fixture
def library(other_user):
    """A finalised model of another user, public for now."""
    return make_data_model("Library", user=other_user, finalised=True, model_version="1.0.0",
                           readable_by_everyone=True)


@pytest.fixture
def base(library):
    return make_data_class(library, SECRET_LABEL, description=SECRET_DESCRIPTION)


@pytest.fixture
def mine(user):
    """The caller's own model; public, so readers other than its editor exist."""
    return make_data_model("Mine", user=user, readable_by_everyone=True)


@pytest.fixture
def child(mine):
    return make_data_class(mine, "Employee")


def extend_url(model, data_class, other_model, other_class):
    return f"/api/dataModels/{model.pk}/dataClasses/{data_class.pk}/extends/{other_model.pk}/{other_class.pk}"


@pytest.fixture
def extended_then_hidden(user_client, mine, child, library, base):
    """The caller extends the library's class while it is public; then its owner makes the library private."""
    response = user_client.put(extend_url(mine, child, library, base))
    assert response.status_code == 200
    assert [c["label"] for c in response.json()["extendsDataClasses"]] == [SECRET_LABEL]
    library.readable_by_everyone = False
    library.save()
    return child


def _assert_hidden(response, library, base):
    assert response.status_code == 200, response.content
    text = response.content.decode()
    for secret in (SECRET_LABEL, SECRET_DESCRIPTION, str(base.pk), str(library.pk), library.label):
        assert secret not in text, secret


def _outputs(mine, child):
    return [
        f"/api/dataModels/{mine.pk}/dataClasses/{child.pk}",
        f"/api/dataModels/{mine.pk}/dataClasses",
        f"/api/dataModels/{mine.pk}/allDataClasses",
        f"/api/dataModels/{mine.pk}/hierarchy",
        f"/api/dataModels/{mine.pk}/path/dc:Employee",
        f"/api/dataModels/{mine.pk}/export/{EXPORTER}",
    ]


class TestHidden:
    def test_no_output_shows_the_unreadable_extended_class(self, user_client, client, mine, library, base,
                                                           extended_then_hidden):
        for caller in (user_client, client):
            for url in _outputs(mine, extended_then_hidden):
                _assert_hidden(caller.get(url), library, base)
        show = user_client.get(_outputs(mine, extended_then_hidden)[0]).json()
        assert "extendsDataClasses" not in show
        hierarchy = user_client.get(f"/api/dataModels/{mine.pk}/hierarchy").json()
        assert "extendsDataClasses" not in hierarchy["childDataClasses"][0]

    def test_those_who_may_read_the_library_still_see_it(self, other_user, mine, library, base,
                                                         extended_then_hidden):
        owner = logged_in_client(other_user)
        show = owner.get(f"/api/dataModels/{mine.pk}/dataClasses/{extended_then_hidden.pk}").json()
        assert [c["id"] for c in show["extendsDataClasses"]] == [str(base.pk)]
        hierarchy = owner.get(f"/api/dataModels/{mine.pk}/hierarchy").json()
        assert [c["label"] for c in hierarchy["childDataClasses"][0]["extendsDataClasses"]] == [SECRET_LABEL]


class TestRemoval:
    def test_the_editor_of_the_extending_class_may_remove_it(self, user_client, mine, library, base,
                                                             extended_then_hidden):
        response = user_client.delete(extend_url(mine, extended_then_hidden, library, base))
        _assert_hidden(response, library, base)
        assert "extendsDataClasses" not in response.json()
        assert not m.DataClassExtension.objects.exists()
        edit = m.Edit.objects.filter(resource_id=extended_then_hidden.pk).order_by("-date_created").first()
        assert "no longer extends" in edit.description
        assert SECRET_LABEL not in edit.description
        base.refresh_from_db()
        assert base.label == SECRET_LABEL

    def test_without_a_link_an_unreadable_target_is_still_404(self, user_client, mine, child, library, base):
        other = make_data_class(library, "Other")
        library.readable_by_everyone = False
        library.save()
        for target in (base, other):
            response = user_client.delete(extend_url(mine, child, library, target))
            assert response.status_code == 404
            assert (response.json()["resource"], response.json()["id"]) == ("DataModel", str(library.pk))

    def test_a_reader_of_the_extending_model_learns_nothing(self, client, mine, library, base,
                                                            extended_then_hidden):
        reader = logged_in_client(make_user("third@example.com"))
        unlinked = make_data_class(library, "Unlinked")
        answers = []
        for caller in (reader, client):
            for target in (base, unlinked):
                response = caller.delete(extend_url(mine, extended_then_hidden, library, target))
                answers.append((response.status_code, response.json().get("resource")))
        assert answers[0:2] == [(404, "DataModel")] * 2  # logged-in reader: same answer, linked or not
        assert answers[2:4] == [(401, None)] * 2  # anonymous: login first
        assert m.DataClassExtension.objects.count() == 1

    def test_a_class_of_another_model_gives_nothing_away(self, user, user_client, mine, library, base,
                                                         extended_then_hidden):
        elsewhere = make_data_model("Elsewhere", user=user)
        response = user_client.delete(extend_url(elsewhere, extended_then_hidden, library, base))
        assert response.status_code == 404
        assert m.DataClassExtension.objects.count() == 1

    def test_unknown_ids_are_404(self, user_client, mine, library, base, extended_then_hidden):
        url = f"/api/dataModels/{mine.pk}/dataClasses/{extended_then_hidden.pk}/extends/{library.pk}/{uuid.uuid4()}"
        assert user_client.delete(url).status_code == 404
        assert m.DataClassExtension.objects.count() == 1


def test_refusing_to_delete_an_extended_class_does_not_name_an_unreadable_extending_class(user, other_user):
    """Deleting a class that a class of a model the caller cannot read still extends is refused without naming it."""
    theirs = make_data_model("Theirs", user=other_user)
    extending = make_data_class(theirs, "Hidden extender")
    own = make_data_model("Own", user=user)
    target = make_data_class(own, "Shared base")
    m.DataClassExtension.objects.create(data_class=extending, extended_data_class=target, model=theirs)
    response = logged_in_client(user).delete(f"/api/dataModels/{own.pk}/dataClasses/{target.pk}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == (
        "Cannot delete DataClass [Shared base] as it is still used as an extension in another DataClass")
    assert "Hidden extender" not in response.content.decode()
    assert m.DataClass.objects.filter(pk=target.pk).exists()

