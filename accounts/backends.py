"""Authentication backend: Django's model backend, loading the session's user with SQL compiled once.

Every logged-in request loads its user; see `config.queries` for why this does not go through the ORM."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from accounts.models import User
from config.queries import RowByKey

_user_by_pk = RowByKey(User, "id")


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = _user_by_pk(user_id)
        except ValidationError:
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
