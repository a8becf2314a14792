from django.contrib.sessions.backends import cached_db

from accounts.sessions import PersonColumn


class SessionStore(PersonColumn, cached_db.SessionStore):
    pass
