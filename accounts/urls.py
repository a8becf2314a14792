from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("time-zone/", views.time_zone, name="time_zone"),
    path("delete/", views.delete_account, name="delete"),
    path("profile/calendar/", views.calendar_token, name="calendar_token"),
]
