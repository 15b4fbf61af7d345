"""User search (any logged-in user) and user administration under `/api/admin/catalogueUsers`."""

import csv
import io
import uuid

import pytest

from accounts.models import CreationMethod, User, UserGroup
from tests.accounts.helpers import NOT_ADMIN, error, field_errors
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

SEARCH = "/api/catalogueUsers/search"
ADMIN = "/api/admin/catalogueUsers"


@pytest.fixture
def people(db):
    return [make_user("joe.bloggs@example.com", first_name="Joe", last_name="Bloggs"),
            make_user("jane.doe@example.org", first_name="Jane", last_name="Doe"),
            make_user("joan.waiting@example.com", first_name="Joan", last_name="Waiting", pending=True),
            make_user("jo.gone@example.com", first_name="Jo", last_name="Gone", disabled=True)]


def emails(response):
    assert response.status_code == 200, response.content
    return [item["emailAddress"] for item in response.json()["items"]]


class TestSearch:
    def test_anonymous_is_401(self, client, people):
        error(client.get(SEARCH, {"searchTerm": "jo"}), 401)
        error(client.post(SEARCH, {"searchTerm": "jo"}, format="json"), 401)

    def test_get_with_query_post_with_body_and_term_in_path(self, user_client, people):
        assert emails(user_client.get(SEARCH, {"searchTerm": "bloggs"})) == ["joe.bloggs@example.com"]
        assert emails(user_client.post(SEARCH, {"searchTerm": "BLOGGS"}, format="json")) == ["joe.bloggs@example.com"]
        assert emails(user_client.get(f"{SEARCH}/example.org")) == ["jane.doe@example.org"]

    def test_matches_every_word_in_names_or_email(self, user_client, people):
        assert emails(user_client.get(SEARCH, {"searchTerm": "Jane Doe"})) == ["jane.doe@example.org"]
        assert emails(user_client.get(SEARCH, {"searchTerm": "jane bloggs"})) == []

    def test_leaves_out_pending_and_disabled_users(self, user_client, people):
        found = emails(user_client.get(SEARCH, {"searchTerm": "jo", "max": 100}))
        assert "joan.waiting@example.com" not in found and "jo.gone@example.com" not in found
        assert "joe.bloggs@example.com" in found

    def test_items_are_basic_users_with_count(self, user_client, people):
        body = user_client.get(SEARCH, {"searchTerm": "example"}).json()
        assert body["count"] == 3  # Joe, Jane and the caller; Joan is pending and Jo disabled
        assert set(body["items"][0]) == {"id", "emailAddress", "firstName", "lastName", "pending", "disabled",
                                         "createdBy"}

    def test_paging_from_query_or_body(self, user_client, people):
        body = user_client.post(SEARCH, {"searchTerm": "example", "max": 1, "offset": 1}, format="json").json()
        assert body["count"] == 3 and len(body["items"]) == 1
        body = user_client.post(f"{SEARCH}?max=2", {"searchTerm": "example", "max": 1}, format="json").json()
        assert len(body["items"]) == 2  # the query string wins

    def test_empty_term_lists_everyone_active(self, user_client, people):
        assert user_client.get(SEARCH).json()["count"] == 3
        assert user_client.post(SEARCH, {}, format="json").json()["count"] == 3

    @pytest.mark.parametrize("body", [{"searchTerm": 5}, {"searchTerm": ["x"]}, {"max": "ten"}])
    def test_wrongly_typed_bodies_are_422(self, user_client, body):
        error(user_client.post(SEARCH, body, format="json"), 422)

    def test_negative_offset_is_400(self, user_client):
        error(user_client.post(SEARCH, {"offset": -1}, format="json"), 400)

    @pytest.mark.parametrize("data", ["{", "[]"])
    def test_malformed_bodies_are_400(self, user_client, data):
        error(user_client.post(SEARCH, data=data, content_type="application/json"), 400)

    def test_post_with_term_in_path_is_404_with_allow(self, user_client):
        response = user_client.post(f"{SEARCH}/jo", {}, format="json")
        error(response, 404)
        assert "GET" in response["Allow"] and "POST" not in response["Allow"]


class TestPending:
    def test_lists_pending_registrations_as_full_users(self, admin_client, people):
        body = admin_client.get(f"{ADMIN}/pending").json()
        assert body["count"] == 1
        assert body["items"][0]["emailAddress"] == "joan.waiting@example.com"
        assert body["items"][0]["availableActions"] == ["disable", "show", "update"]
        assert admin_client.get(f"{ADMIN}/pendingCount").json() == {"count": 1}

    def test_user_admin_allowed_others_not(self, user_admin_client, user_client, client, people):
        assert user_admin_client.get(f"{ADMIN}/pending").status_code == 200
        assert user_admin_client.get(f"{ADMIN}/pendingCount").status_code == 200
        error(user_client.get(f"{ADMIN}/pending"), 403, message=NOT_ADMIN)
        error(user_client.get(f"{ADMIN}/pendingCount"), 403, message=NOT_ADMIN)
        error(client.get(f"{ADMIN}/pending"), 401)
        error(client.get(f"{ADMIN}/pendingCount"), 401)

    def test_bad_paging_is_400(self, admin_client):
        error(admin_client.get(f"{ADMIN}/pending", {"max": "x"}), 400)


class TestUserExists:
    def test_case_insensitive(self, admin_client, user):
        assert admin_client.get(f"{ADMIN}/userExists/READER@example.com").json() == {"userExists": True}
        assert admin_client.get(f"{ADMIN}/userExists/nobody@example.com").json() == {"userExists": False}
        assert admin_client.get(f"{ADMIN}/userExists/not an email").json() == {"userExists": False}

    def test_needs_user_admin(self, user_client, client, user):
        error(user_client.get(f"{ADMIN}/userExists/reader@example.com"), 403)
        error(client.get(f"{ADMIN}/userExists/reader@example.com"), 401)


class TestAdminRegister:
    def body(self, **overrides):
        data = {"emailAddress": "Invited@Example.com", "firstName": "Ivy", "lastName": "Invited",
                "organisation": "Org", "jobTitle": "Steward"}
        data.update(overrides)
        return data

    def test_creates_an_approved_user_with_a_temporary_password(self, admin_client, admin_user, mailoutbox):
        editors = UserGroup.objects.create(name="editors")
        response = admin_client.post(f"{ADMIN}/adminRegister",
                                     self.body(groups=[{"id": str(editors.id), "label": "editors"}]), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        user = User.objects.get(email_address="invited@example.com")
        assert response["Location"].endswith(f"/api/catalogueUsers/{user.id}")
        assert body["pending"] is False and body["needsToResetPassword"] is True
        assert body["creationMethod"] == "Admin registered" and body["createdBy"] == "admin@example.com"
        assert body["groups"] == [{"id": str(editors.id), "name": "editors"}]
        assert user.creation_method == CreationMethod.ADMIN_REGISTERED and user.has_usable_password()
        assert mailoutbox[-1].to == ["invited@example.com"] and "Temporary password:" in mailoutbox[-1].body

    def test_user_admin_may_register(self, user_admin_client):
        assert user_admin_client.post(f"{ADMIN}/adminRegister", self.body(), format="json").status_code == 201

    def test_user_admin_cannot_put_new_users_in_a_higher_group(self, user_admin_client):
        admins = UserGroup.administrators()
        error(user_admin_client.post(f"{ADMIN}/adminRegister", self.body(groups=[str(admins.id)]), format="json"),
              403)
        assert not User.objects.filter(email_address="invited@example.com").exists()

    def test_ordinary_user_is_403_and_anonymous_401(self, user_client, client):
        error(user_client.post(f"{ADMIN}/adminRegister", self.body(), format="json"), 403)
        error(client.post(f"{ADMIN}/adminRegister", self.body(), format="json"), 401)
        assert not User.objects.filter(email_address="invited@example.com").exists()

    def test_403_comes_before_400(self, user_client):
        error(user_client.post(f"{ADMIN}/adminRegister", data="{", content_type="application/json"), 403)

    def test_duplicate_email_is_422(self, admin_client, user):
        body = error(admin_client.post(f"{ADMIN}/adminRegister", self.body(emailAddress="Reader@example.com"),
                                       format="json"), 422)
        assert field_errors(body) == {"emailAddress"}
        assert User.objects.filter(email_address="reader@example.com").count() == 1

    def test_invalid_email_and_unknown_group_are_422(self, admin_client):
        error(admin_client.post(f"{ADMIN}/adminRegister", self.body(emailAddress="x@"), format="json"), 422)
        error(admin_client.post(f"{ADMIN}/adminRegister", self.body(groups=[str(uuid.uuid4())]), format="json"), 422)
        assert not User.objects.filter(email_address="invited@example.com").exists()

    @pytest.mark.parametrize("field", ["emailAddress", "firstName", "lastName"])
    def test_missing_fields_are_400(self, admin_client, field):
        data = self.body()
        del data[field]
        error(admin_client.post(f"{ADMIN}/adminRegister", data, format="json"), 400)

    @pytest.mark.parametrize("overrides", [{"firstName": 1}, {"groups": "editors"}, {"groups": [5]}])
    def test_wrong_types_are_422(self, admin_client, overrides):
        error(admin_client.post(f"{ADMIN}/adminRegister", self.body(**overrides), format="json"), 422)
        assert not User.objects.filter(email_address="invited@example.com").exists()

    def test_null_group_is_400(self, admin_client):
        error(admin_client.post(f"{ADMIN}/adminRegister", self.body(groups=[None]), format="json"), 400)
        assert not User.objects.filter(email_address="invited@example.com").exists()

    @pytest.mark.parametrize("data", ["{", "[1]", "7"])
    def test_malformed_bodies_are_400(self, admin_client, data):
        error(admin_client.post(f"{ADMIN}/adminRegister", data=data, content_type="application/json"), 400)


class TestApproveReject:
    @pytest.fixture
    def applicant(self, db):
        return make_user("applicant@example.com", pending=True)

    def test_approve(self, admin_client, applicant, mailoutbox):
        body = admin_client.put(f"{ADMIN}/{applicant.id}/approveRegistration").json()
        assert body["pending"] is False
        applicant.refresh_from_db()
        assert not applicant.pending and not applicant.disabled
        assert mailoutbox[-1].to == ["applicant@example.com"]
        logged_in_client(applicant)  # can now log in

    def test_reject(self, admin_client, applicant):
        body = admin_client.put(f"{ADMIN}/{applicant.id}/rejectRegistration").json()
        assert body["disabled"] is True
        applicant.refresh_from_db()
        assert applicant.disabled
        assert admin_client.get(f"{ADMIN}/pendingCount").json() == {"count": 0}

    @pytest.mark.parametrize("action", ["approveRegistration", "rejectRegistration"])
    def test_non_pending_user_is_422(self, admin_client, user, action):
        error(admin_client.put(f"{ADMIN}/{user.id}/{action}"), 422)
        user.refresh_from_db()
        assert not user.pending and not user.disabled

    def test_rejected_user_cannot_then_be_approved(self, admin_client, applicant):
        admin_client.put(f"{ADMIN}/{applicant.id}/rejectRegistration")
        error(admin_client.put(f"{ADMIN}/{applicant.id}/approveRegistration"), 422)

    @pytest.mark.parametrize("action", ["approveRegistration", "rejectRegistration"])
    def test_permissions(self, user_client, client, user_admin_client, applicant, action):
        error(user_client.put(f"{ADMIN}/{applicant.id}/{action}"), 403, message=NOT_ADMIN)
        error(client.put(f"{ADMIN}/{applicant.id}/{action}"), 401)
        applicant.refresh_from_db()
        assert applicant.pending and not applicant.disabled
        assert user_admin_client.put(f"{ADMIN}/{applicant.id}/{action}").status_code == 200

    @pytest.mark.parametrize("action", ["approveRegistration", "rejectRegistration"])
    def test_bad_and_unknown_ids_are_404(self, admin_client, action):
        error(admin_client.put(f"{ADMIN}/nope/{action}"), 404)
        error(admin_client.put(f"{ADMIN}/{uuid.uuid4()}/{action}"), 404)

    def test_get_is_404_with_allow(self, admin_client, applicant):
        response = admin_client.get(f"{ADMIN}/{applicant.id}/approveRegistration")
        error(response, 404)
        assert "PUT" in response["Allow"]


class TestExport:
    def test_csv_of_every_user(self, admin_client, admin_user, people):
        make_user("formula@example.com", first_name="=HYPERLINK(\"x\")", last_name="-1+1")
        response = admin_client.get(f"{ADMIN}/exportUsers")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0] == ["Email Address", "First Name", "Last Name", "Last Login", "Organisation", "Job Title",
                           "Disabled", "Pending"]
        by_email = {row[0]: row for row in rows[1:]}
        assert len(by_email) == 6
        assert by_email["joan.waiting@example.com"][7] == "true"
        assert by_email["jo.gone@example.com"][6] == "true"
        assert by_email["formula@example.com"][1] == "'=HYPERLINK(\"x\")"
        assert by_email["formula@example.com"][2] == "'-1+1"

    def test_permissions(self, user_client, client, user_admin_client):
        error(user_client.get(f"{ADMIN}/exportUsers"), 403)
        error(client.get(f"{ADMIN}/exportUsers"), 401)
        assert user_admin_client.get(f"{ADMIN}/exportUsers").status_code == 200
