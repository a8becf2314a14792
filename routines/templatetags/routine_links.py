"""Routine links for other apps' templates, so the library's code needn't know routines."""

from django import template

from routines.models import Routine, RoutineItem

register = template.Library()


@register.inclusion_tag("routines/_using.html")
def routines_using(exercise) -> dict:
    """The programmes (never a person's own routine) that use `exercise`: its page is cached
    per library version, which any programme edit moves on (routines.signals)."""
    used_in = RoutineItem.objects.filter(exercise=exercise).values("phase__routine_id")
    return {"routines": list(Routine.objects.programmes().filter(pk__in=used_in))}
