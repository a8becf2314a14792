from django.urls import path

from reminders import push_views, views

app_name = "reminders"
urlpatterns = [
    path("<int:pk>/", views.edit, name="edit"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("push/subscribe/", push_views.subscribe, name="push_subscribe"),
    path("push/unsubscribe/", push_views.unsubscribe, name="push_unsubscribe"),
    path("push/recognise/", push_views.recognise, name="push_recognise"),
    path("push/snooze/<str:token>/", push_views.snooze, name="snooze"),
    path("devices/<int:pk>/remove/", push_views.device_remove, name="device_remove"),
]

# Under /accounts/ and named in the accounts namespace (config/urls.py adds them there), as
# they were before reminders had an app of their own: profile forms post to this address.
account_urlpatterns = [
    path("profile/calendar/", views.calendar_token, name="calendar_token"),
]
