"""The maturity self-assessment's pages: the presentation, the questionnaire (one
page per group of questions, its state in a signed token: ``state.py``), a
respondent's result behind its private link with the optional contact, and the
public aggregates with their CSV."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scoran.lib import throttling
from scoran.lib.errors import service_unavailable, too_many_requests
from scoran.lib.throttling import client_key

from ..models import MaturityAnswer
from . import exports, selectors, services
from .access import get_answer
from .forms import CONSENT, ContactForm, DimensionForm, ProfileForm, valid_values
from .questionnaire import DIMENSIONS, LEVELS
from .state import PROFILE_FIELDS, STEPS, State, dumps, loads

HOME = "Maturité numérique"
QUESTIONNAIRE = "Autodiagnostic"
RESULT = "Mon résultat"
RESULTS = "Résultats par territoire, secteur et effectif"
PROFILE = "Votre structure"
RESTARTED = (
    "Le questionnaire envoyé a expiré ou n'est pas valide : il recommence au début. "
    "Aucune réponse n'a été enregistrée."
)
TOO_MANY = (
    "Beaucoup de questionnaires ont été envoyés depuis votre connexion en peu de temps : "
    "réessayez dans une heure."
)
TOO_MANY_CONTACTS = (
    "Beaucoup de contacts ont été envoyés depuis votre connexion en peu de temps : "
    "réessayez dans une heure."
)
PRIVATE = "private, no-store"


def _breadcrumbs(*trail):
    return [(HOME, reverse("maturity:home")), *trail]


@require_GET
def home(request):
    return render(
        request,
        "portal/maturity/home.html",
        {"dimensions": DIMENSIONS, "levels": LEVELS, "steps": STEPS, "breadcrumbs": [(HOME, None)]},
    )


# ---------- The questionnaire ----------


def _form(state: State, data=None):
    initial = state.answers if data is None else None
    dimension = state.dimension()
    if dimension is None:
        return ProfileForm(data, initial=initial, departments=selectors.region_departments())
    return DimensionForm(data, initial=initial, dimension=dimension)


def _page(request, state: State, form=None, *, notice: str = ""):
    dimension = state.dimension()
    response = render(
        request,
        "portal/maturity/questionnaire.html",
        {
            "form": form or _form(state),
            "token": dumps(state),
            "step": state.step,
            "steps": STEPS,
            "last": state.step == STEPS,
            "page_title": dimension.title if dimension else PROFILE,
            "intro": dimension.intro if dimension else "",
            "notice": notice,
            "breadcrumbs": _breadcrumbs((QUESTIONNAIRE, None)),
        },
    )
    response["Cache-Control"] = PRIVATE
    return response


def _first_missing_step(state: State) -> int:
    if any(key not in state.answers for key in PROFILE_FIELDS):
        return 1
    for number, dimension in enumerate(DIMENSIONS, start=2):
        if any(question.key not in state.answers for question in dimension.questions):
            return number
    return STEPS


def _finish(request, state: State, form):
    """The last page sent: the answer recorded and its result shown, or why not."""
    try:
        allowed = services.answer_allowed(client_key(request))
    except throttling.ThrottleUnavailable:
        return service_unavailable(request)
    if not allowed:
        return too_many_requests(request, TOO_MANY, retry_after=3600)
    try:
        answer = services.record_answer(state=state)
    except ValidationError as error:
        if error.messages == [services.TOO_FAST]:
            form.add_error(None, services.TOO_FAST)
            return _page(request, state, form)
        state.step = _first_missing_step(state)
        return _page(request, state, notice=services.INCOMPLETE)
    return redirect(answer)


@require_http_methods(["GET", "POST"])
def questionnaire(request):
    """GET starts a questionnaire; each POST carries the state and the page's
    answers: « suivant » checks them and shows the next page (the result after the
    last), « precedent » keeps those given and shows the previous one."""
    if request.method == "GET":
        return _page(request, State())
    state = loads(request.POST.get("etat", ""))
    if state is None:
        return _page(request, State(), notice=RESTARTED)
    done = MaturityAnswer.objects.filter(uuid=state.id).first()
    if done is not None:  # sent again, or a page of it replayed: it is recorded
        return redirect(done)
    form = _form(state, request.POST)
    if request.POST.get("action") == "precedent":
        state.answers.update(valid_values(form))
        state.step = max(1, state.step - 1)
        return _page(request, state)
    if not form.is_valid():
        return _page(request, state, form)
    state.answers.update(form.cleaned_data)
    if state.step < STEPS:
        state.step += 1
        return _page(request, state)
    return _finish(request, state, form)


# ---------- A respondent's result ----------


def _result_page(request, answer: MaturityAnswer, contact_form=None, *, status: int = 200):
    contact = getattr(answer, "contact", None)
    response = render(
        request,
        "portal/maturity/result.html",
        {
            "answer": answer,
            "results": selectors.result_of(answer),
            "contact": contact,
            "contact_form": contact_form or ContactForm(),
            "breadcrumbs": _breadcrumbs((RESULT, None)),
        },
        status=status,
    )
    response["Cache-Control"] = PRIVATE
    return response


@require_GET
def result(request, uuid):
    return _result_page(request, get_answer(uuid))


@require_POST
def contact(request, uuid):
    answer = get_answer(uuid)
    try:
        allowed = services.contact_allowed(client_key(request))
    except throttling.ThrottleUnavailable:
        return service_unavailable(request)
    if not allowed:
        return too_many_requests(request, TOO_MANY_CONTACTS, retry_after=3600)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _result_page(request, answer, form)
    services.leave_contact(answer=answer, email=form.cleaned_data["email"], consent=CONSENT)
    messages.success(
        request, "Merci : votre contact est enregistré, un conseiller pourra vous écrire."
    )
    return redirect(answer)


@require_POST
def withdraw(request, uuid):
    answer = get_answer(uuid)
    if services.withdraw_contact(answer=answer):
        messages.success(request, "Votre contact est effacé : il n'est plus conservé.")
    return redirect(answer)


# ---------- The public aggregates ----------


@require_GET
def results(request):
    return render(
        request,
        "portal/maturity/results.html",
        {
            "aggregates": selectors.aggregates(),
            "dimensions": DIMENSIONS,
            "min_cell": selectors.MIN_CELL,
            "suppressed": selectors.SUPPRESSED,
            "breadcrumbs": _breadcrumbs((RESULTS, None)),
        },
    )


@require_GET
def results_csv(request):
    return exports.csv_response(selectors.aggregates())
