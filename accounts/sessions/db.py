from django.contrib.sessions.backends import db

from accounts.sessions import PersonColumn


class SessionStore(PersonColumn, db.SessionStore):
    pass
