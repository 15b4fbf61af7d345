"""The database session store, reading a session with SQL compiled once (`config.prepared`).

Every logged-in request reads its session; the ORM spent most of that read building the same query again.
Saving, cycling and deleting sessions are Django's own."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.prepared import PreparedQuery

_SESSION = PreparedQuery(lambda: Session.objects.all(), lambda sessions, key: sessions.filter(session_key=key))


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        session = _SESSION.first(key=self.session_key, using=self.model.objects.db)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
