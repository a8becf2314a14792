from django.urls import path

from routines import reminder_views

app_name = "reminders"
urlpatterns = [
    path("<int:pk>/", reminder_views.edit, name="edit"),
    path("unsubscribe/<str:token>/", reminder_views.unsubscribe, name="unsubscribe"),
]
