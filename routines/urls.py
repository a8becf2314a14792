from django.urls import path

from routines import views

app_name = "routines"
urlpatterns = [
    path("", views.routine_list, name="list"),
    path("enrolments/<int:pk>/pause/", views.pause, name="pause"),
    path("enrolments/<int:pk>/resume/", views.resume, name="resume"),
    path("enrolments/<int:pk>/move-on/", views.advance, name="advance"),
    path("enrolments/<int:pk>/stop/", views.stop, name="stop"),
    path("<slug:slug>/", views.routine_detail, name="detail"),
    path("<slug:slug>/start/", views.enrol, name="enrol"),
]
