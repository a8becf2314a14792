"""The clinician's pages: the dashboard of their people and one person's page (the report,
live). Both reach people only through CareLink.objects.visible_to(clinician): anyone else,
a non-clinician or a disconnected clinician gets a 404. Every view of a person's data is
recorded (AccessRecord.note), and nothing is cached: the pages are the data as it is now."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import AccessRecord, CareLink, User
from config.http import HtmxHttpRequest
from progress import clinic, clinic_digest, clinic_queries, report
from progress.forms import CLINIC_PRESETS, ClinicPeriodForm
from routines.models import Routine


def _clinician(request: HtmxHttpRequest):
    if not request.user.is_clinician:
        raise Http404("No such page.")
    return request.user


def _get_link_for_clinician(clinician, person_id: int) -> CareLink:
    """The clinician's live link to this person, or a 404 (never a 403)."""
    return get_object_or_404(clinic_queries.live_links(clinician).of_person_id(person_id))


@never_cache
@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    clinician = _clinician(request)
    links = list(clinic_queries.live_links(clinician))
    rows = clinic.ordered(clinic_queries.people(links))
    kind = request.GET.get("flag", "")
    kind = kind if kind in clinic.KINDS else ""
    shown = clinic.with_flag(rows, kind) if kind else rows
    if links:
        AccessRecord.note(clinician, links, "dashboard summary")
    context = {
        "rows": shown,
        "total": len(rows),
        "flagged": sum(1 for r in rows if r.flags),
        "counts": clinic.flag_counts(rows),
        "kind": kind,
        "kind_label": clinic.LABELS.get(kind, ""),
    }
    return render(request, "progress/clinic/dashboard.html", context)


@never_cache
@login_required
@require_GET
def person(request: HtmxHttpRequest, person_id: int) -> HttpResponse:
    clinician = _clinician(request)
    link = _get_link_for_clinician(clinician, person_id)
    patient = link.person
    today = patient.today()
    form = ClinicPeriodForm(request.GET, today=today)
    (row,) = clinic_queries.people([link])
    context = {
        "link": link,
        "patient": patient,
        "row": row,
        "form": form,
        "presets": CLINIC_PRESETS,
        "assigned": Routine.objects.assigned_by_for(clinician, patient).order_by("name"),
        "period_ok": not (form.is_bound and not form.is_valid()),
    }
    if context["period_ok"]:
        first, last = form.period()
        context |= report.build(patient, first, last, link.include_notes, today)
        AccessRecord.note(clinician, [link], f"report {context['period_text']}")
    status = 200 if context["period_ok"] else 400
    return render(request, "progress/clinic/person.html", context, status=status)


# A mail client's one-click unsubscribe (RFC 8058) POSTs without a CSRF token; the signed
# token in the URL is the authority, and all it can do is switch the digest off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def digest_off(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe); POST switches it off, or,
    from the page that says it is off, back on (digest=on)."""
    clinician_id = clinic_digest.clinician_from_token(token)
    if clinician_id is None:
        raise Http404("No such email.")
    clinician = get_object_or_404(User, pk=clinician_id)
    state = "ask"
    if request.method == "POST":
        wanted = request.POST.get("digest") == "on"
        state = "on" if wanted else "off"
        if clinician.clinic_digest != wanted:
            clinician.clinic_digest = wanted
            clinician.save(update_fields=["clinic_digest"])
    return render(request, "progress/clinic/digest_off.html", {"state": state})
