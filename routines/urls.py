from django.urls import path

from routines import assign_views, own_views, views

app_name = "routines"
urlpatterns = [
    path("", views.routine_list, name="list"),
    path("new/", own_views.new_routine, name="new"),
    path("add/<slug:exercise>/", own_views.add_exercise, name="add"),
    path("enrolments/<int:pk>/pause/", views.pause, name="pause"),
    path("enrolments/<int:pk>/resume/", views.resume, name="resume"),
    path("enrolments/<int:pk>/move-on/", views.advance, name="advance"),
    path("enrolments/<int:pk>/stop/", views.stop, name="stop"),
    path("<slug:slug>/", views.routine_detail, name="detail"),
    path("<slug:slug>/start/", views.enrol, name="enrol"),
    path("<slug:slug>/try/", views.try_session, name="try"),
    path("<slug:slug>/copy/", own_views.copy_routine, name="copy"),
    path("<slug:slug>/edit/", own_views.edit_routine, name="edit"),
    path("<slug:slug>/delete/", own_views.delete_routine, name="delete"),
    path("<slug:slug>/seen/", assign_views.seen, name="seen"),
    path("<slug:slug>/moves/", own_views.add_move, name="add_move"),
    path("<slug:slug>/moves/<int:pk>/", own_views.edit_dose, name="dose"),
    path("<slug:slug>/moves/<int:pk>/move/", own_views.reorder, name="reorder"),
    path("<slug:slug>/moves/<int:pk>/remove/", own_views.remove_move, name="remove"),
]

# Mounted under /clinic/ in the "clinic" namespace (config/urls.py), beside the other
# apps' clinic pages.
clinic_urlpatterns: list = [
    path("people/<int:person_id>/assign/", assign_views.assign, name="assign"),
]
