from django.urls import path, register_converter

from progress import views


class WeekLabelConverter:
    """'2026-W14': checked properly (and 404'd) by the view, per the person's week start."""

    regex = r"[0-9]{4}-W[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(WeekLabelConverter, "isoweek")

app_name = "progress"
urlpatterns = [
    path("history/", views.history, name="history"),
    path("history/<isoweek:label>/", views.history, name="week"),
    path("sessions/new/", views.new_session, name="new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.edit_session, name="edit"),
    path("sessions/<int:pk>/delete/", views.delete_session, name="delete"),
]
