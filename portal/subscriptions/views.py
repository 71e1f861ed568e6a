"""Pages of the e-mail digests: subscribe (from any followable list), confirm (a
page with a button: only its POST confirms, so that link scanners confirm nothing),
unsubscribe (a page with a button, and the one-click POST of RFC 8058, without a
session), and the subscriptions of a signed-in person's address."""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scoran.lib import throttling
from scoran.lib.errors import service_unavailable, too_many_requests

from ..models import Subscription
from . import services
from .forms import FrequencyForm, SubscribeForm
from .selectors import filters_label, followable, list_url, normalise_query, subscriptions_of
from .tokens import ExpiredToken, InvalidToken

TOO_MANY = "Trop de demandes d'abonnement depuis votre connexion : réessayez dans une heure."
# What ``secrets.token_urlsafe`` writes (anything else, a NUL byte too, is no key).
KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _entry(list_key: str):
    entry = followable(list_key)
    if entry is None:
        raise Http404("Cette liste n'existe pas.")
    return entry


def _message(request, title: str, text: str, *, status: int = 200, link=None):
    return render(
        request,
        "portal/subscriptions/message.html",
        {"title": title, "text": text, "link": link, "breadcrumbs": [(title, None)]},
        status=status,
    )


def _refusal(request, email: str):
    """(the answer refusing this client now or None, whether this address may be
    sent a confirmation now). Beyond its daily cap an address silently gets no more
    e-mails: the page says the same, so that no one learns who subscribed."""
    try:
        if not throttling.allow(
            "subscribe-ip",
            throttling.client_key(request),
            limit=settings.SUBSCRIPTIONS_PER_IP,
            window=3600,
        ):
            return too_many_requests(request, TOO_MANY, retry_after=3600), False
        allowed = throttling.allow(
            "subscribe-email",
            services.normalise_email(email),
            limit=settings.SUBSCRIPTION_EMAILS_PER_ADDRESS,
            window=86400,
        )
    except throttling.ThrottleUnavailable:
        return service_unavailable(request), False
    return None, allowed


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request, list_key: str):
    """The subscription form of one list: shown on its own (GET, the filters in the
    query string) and receiving the form of every list page (POST)."""
    entry = _entry(list_key)
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        raw = request.POST.get("filtres", "")
    else:
        raw = request.GET.urlencode()
        form = SubscribeForm(initial={"filtres": raw})
    filters_error = ""
    try:
        query = normalise_query(entry, raw)
    except ValidationError as error:
        filters_error, query = error.messages[0], ""
    if request.method == "POST" and form.is_valid() and not filters_error:
        refusal, allowed = _refusal(request, form.cleaned_data["email"])
        if refusal is not None:
            return refusal
        if allowed:
            services.subscribe(
                list_key=list_key,
                query=query,
                email=form.cleaned_data["email"],
                frequency=form.cleaned_data["frequency"],
            )
        return redirect("subscriptions:done")
    return render(
        request,
        "portal/subscriptions/subscribe.html",
        {
            "form": form,
            "entry": entry,
            "filters_error": filters_error,
            "filters": filters_label(entry, query),
            "list_url": list_url(entry, query),
            "breadcrumbs": [
                (entry.title.split(" – ")[0], list_url(entry, query)),
                ("S'abonner par courriel", None),
            ],
        },
        status=400 if filters_error or form.errors else 200,
    )


@require_GET
def done(request):
    return _message(
        request,
        "Vérifiez votre messagerie",
        "Si cette adresse peut recevoir cet abonnement, un courriel vient de lui être "
        "envoyé : ouvrez le lien qu'il contient et confirmez. Rien ne sera envoyé sans "
        "cette confirmation. Pensez à regarder dans les indésirables.",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button; only its POST confirms (a link scanner opening the link
    confirms nothing)."""
    try:
        subscription = services.subscription_of_confirmation(token)
    except (InvalidToken, services.UnknownSubscription) as error:
        raise Http404("Ce lien de confirmation n'est pas valable.") from error
    except ExpiredToken:
        return _message(
            request,
            "Lien de confirmation expiré",
            f"Ce lien avait {settings.SUBSCRIPTION_CONFIRM_DAYS} jours pour servir : "
            "abonnez-vous à nouveau depuis la liste.",
            status=400,
        )
    entry = _entry(subscription.list_key)
    if request.method == "POST":
        services.confirm(token=token)
        return _message(
            request,
            "Abonnement confirmé",
            f"Vous recevrez les nouveautés de cette liste "
            f"{subscription.get_frequency_display().lower()}, quand il y en a. Chaque "
            "courriel contient un lien pour vous désabonner.",
            link=(list_url(entry, subscription.query), "Revenir à la liste"),
        )
    return render(
        request,
        "portal/subscriptions/confirm.html",
        {
            "subscription": subscription,
            "entry": entry,
            "filters": filters_label(entry, subscription.query),
            "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
            "breadcrumbs": [("Confirmer l'abonnement", None)],
        },
    )


def _subscription_of_key(key: str) -> Subscription:
    if not KEY.fullmatch(key):
        raise Http404("Ce lien de désabonnement n'est pas valable.")
    subscription = Subscription.objects.filter(key=key).first()
    if subscription is None:
        raise Http404("Ce lien de désabonnement n'est pas valable.")
    return subscription


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST without a session; the key authenticates
@require_http_methods(["GET", "POST"])
def unsubscribe(request, key: str):
    """GET shows a button; POST (the button, or a mail client's one-click
    ``List-Unsubscribe=One-Click``) deletes the subscription at once."""
    subscription = _subscription_of_key(key)
    if request.method == "POST":
        services.unsubscribe(key=subscription.key)
        return _message(
            request,
            "Désabonnement effectué",
            "Vous ne recevrez plus ce courriel. Votre adresse est effacée de cet abonnement.",
        )
    entry = _entry(subscription.list_key)
    return render(
        request,
        "portal/subscriptions/unsubscribe.html",
        {
            "subscription": subscription,
            "entry": entry,
            "filters": filters_label(entry, subscription.query),
            "breadcrumbs": [("Se désabonner", None)],
        },
    )


@login_required
@require_GET
def mine(request):
    """The subscriptions of the account's address (confirmed or waiting)."""
    rows = []
    for subscription in subscriptions_of(request.user):
        entry = followable(subscription.list_key)
        if entry is None:
            continue
        rows.append(
            {
                "subscription": subscription,
                "entry": entry,
                "filters": filters_label(entry, subscription.query),
                "list_url": list_url(entry, subscription.query),
                "form": FrequencyForm(
                    initial={"frequency": subscription.frequency},
                    prefix=f"s{subscription.pk}",
                ),
            }
        )
    return render(
        request,
        "portal/subscriptions/mine.html",
        {
            "rows": rows,
            "breadcrumbs": [
                ("Mon compte", reverse("accounts:account")),
                ("Mes abonnements", None),
            ],
        },
    )


@login_required
@require_POST
def change_frequency(request, key: str):
    subscription = _subscription_of_key(key)
    if subscription.email.lower() != request.user.email.lower():
        raise Http404("Cet abonnement n'est pas le vôtre.")
    form = FrequencyForm(request.POST, prefix=f"s{subscription.pk}")
    if form.is_valid():
        services.change_frequency(
            subscription=subscription, frequency=form.cleaned_data["frequency"]
        )
    return redirect("subscriptions_account:mine")
