"""Authentication backend: Django's model backend, loading the session's user with SQL compiled once.

Every logged-in request loads its user; see `config.prepared` for why this does not build an ORM query."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from accounts.models import User
from config.prepared import PreparedQuery

_USER = PreparedQuery(lambda: User.objects.all(), lambda users, pk: users.filter(pk=pk))


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = _USER.first(pk=user_id)
        except ValidationError:
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
