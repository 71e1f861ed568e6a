"""Accounts: sign-in and out, passwords, my account, my data, invitations."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from scoran.lib import throttling
from scoran.lib.catalogues import agent_spaces
from scoran.lib.errors import service_unavailable, too_many_requests

from ..models import Invitation, JoinRequest, User
from ..organisations import services as organisation_services
from . import services
from .forms import (
    AccountDeletionForm,
    NewAccountForm,
    PasswordResetForm,
    SignInForm,
    SignUpForm,
)


def _page(title: str, **extra) -> dict:
    return {"title": title, "breadcrumbs": [(title, None)], **extra}


sign_in = auth_views.LoginView.as_view(
    template_name="accounts/sign_in.html",
    authentication_form=SignInForm,
    redirect_authenticated_user=True,
    extra_context={"breadcrumbs": [("Connexion", None)]},
)
sign_out = auth_views.LogoutView.as_view()  # POST only


TOO_MANY_REQUESTS = (
    "Trop de demandes ont été faites depuis votre connexion : réessayez dans une heure."
)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Reset e-mails are capped per client address (the form says so) and per
    e-mail address (silently: the page must not tell whether the address has an
    account, and an inbox is not flooded). Without the counters (Redis down), no
    e-mail leaves: the form says the service is unavailable."""

    def form_valid(self, form):
        try:
            ip_allowed = throttling.allow(
                "password-reset-ip",
                throttling.client_key(self.request),
                limit=settings.PASSWORD_RESETS_PER_IP,
                window=3600,
            )
            email_allowed = ip_allowed and throttling.allow(
                "password-reset-email",
                throttling.normalise_username(form.cleaned_data["email"]),
                limit=settings.PASSWORD_RESETS_PER_EMAIL,
                window=3600,
            )
        except throttling.ThrottleUnavailable:
            return service_unavailable(self.request)
        if not ip_allowed:
            return too_many_requests(self.request, TOO_MANY_REQUESTS, retry_after=3600)
        if not email_allowed:
            return redirect(self.get_success_url())
        return super().form_valid(form)


password_reset = ThrottledPasswordResetView.as_view(
    template_name="accounts/form.html",
    form_class=PasswordResetForm,
    email_template_name="accounts/emails/password_reset.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
    extra_context=_page(
        "Mot de passe oublié",
        intro="Indiquez l'adresse électronique de votre compte : vous y recevrez un lien "
        "pour choisir un nouveau mot de passe.",
        submit="Recevoir le lien",
    ),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/message.html",
    extra_context=_page(
        "Courriel envoyé",
        text="Si un compte existe pour cette adresse, un courriel vient de lui être envoyé "
        "avec un lien valable 24 heures. Pensez à regarder dans les indésirables.",
    ),
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/form.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
    extra_context=_page(
        "Nouveau mot de passe",
        intro="Choisissez un mot de passe d'au moins 12 caractères, difficile à deviner.",
        submit="Enregistrer le mot de passe",
        invalid_link="Ce lien n'est plus valable : il a déjà servi ou il a plus de 24 heures. "
        "Demandez-en un nouveau.",
    ),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/message.html",
    extra_context=_page(
        "Mot de passe enregistré",
        text="Votre nouveau mot de passe est enregistré : vous pouvez vous connecter.",
        link=(reverse_lazy("accounts:login"), "Se connecter"),
    ),
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/form.html",
    success_url=reverse_lazy("accounts:password_change_done"),
    extra_context=_page(
        "Changer de mot de passe",
        intro="Choisissez un mot de passe d'au moins 12 caractères, difficile à deviner.",
        submit="Changer le mot de passe",
    ),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/message.html",
    extra_context=_page(
        "Mot de passe changé",
        text="Votre nouveau mot de passe est enregistré.",
        link=(reverse_lazy("accounts:account"), "Retour à mon compte"),
    ),
)


def _sign_up_refusal(request) -> HttpResponse | None:
    """The answer refusing a sign-up from this client now, or None. Without the
    counters (Redis down), sign-ups are refused: each one sends e-mail."""
    try:
        allowed = throttling.allow(
            "sign-up-ip",
            throttling.client_key(request),
            limit=settings.SIGN_UPS_PER_IP,
            window=3600,
        )
    except throttling.ThrottleUnavailable:
        return service_unavailable(request)
    return None if allowed else too_many_requests(request, TOO_MANY_REQUESTS, retry_after=3600)


@never_cache
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        refusal = _sign_up_refusal(request)
        if refusal is None:
            services.register(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
            return redirect("accounts:sign_up_done")
        return refusal
    context = _page(
        "Créer un compte",
        form=form,
        intro="Pour les agents des structures du territoire : une fois votre compte activé, "
        "demandez à rejoindre votre structure dans l'annuaire (ou faites-vous inviter "
        "par son administrateur).",
        submit="Créer mon compte",
    )
    return render(request, "accounts/form.html", context)


sign_up_done = TemplateView.as_view(
    template_name="accounts/message.html",
    extra_context=_page(
        "Vérifiez votre messagerie",
        text="Un courriel vient d'être envoyé à l'adresse indiquée : ouvrez le lien qu'il "
        "contient dans les 24 heures pour activer votre compte. Pensez à regarder dans "
        "les indésirables.",
    ),
)


@never_cache
@require_GET
def activate(request, uidb64: str, token: str):
    user = services.activate(uidb64=uidb64, token=token)
    if user is None:
        return render(
            request,
            "accounts/message.html",
            _page(
                "Lien d'activation non valable",
                text="Ce lien a déjà servi, ou il a plus de 24 heures. Si votre compte n'est "
                "pas encore actif, créez-le à nouveau.",
                link=(reverse("accounts:sign_up"), "Créer un compte"),
            ),
            status=400,
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        "Votre compte est activé. Trouvez votre structure dans l'annuaire et demandez à la "
        "rejoindre.",
    )
    return redirect("accounts:account")


@login_required
@require_GET
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": request.user.memberships.select_related("organisation"),
            "join_requests": request.user.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("organisation"),
            # Projects, resources, aides…: each kind agents propose (catalogue).
            "agent_spaces": agent_spaces(),
            "breadcrumbs": [("Mon compte", None)],
        },
    )


@never_cache
@login_required
@require_GET
def personal_data(request):
    data = services.export_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mes-donnees-scoran-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def delete_account(request):
    form = AccountDeletionForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(
            request,
            "Votre compte est supprimé. Les contenus de vos structures restent publiés, "
            "sans votre nom.",
        )
        return redirect("portal:home")
    return render(
        request,
        "accounts/delete.html",
        {
            "form": form,
            "breadcrumbs": [
                ("Mon compte", reverse("accounts:account")),
                ("Supprimer mon compte", None),
            ],
        },
    )


def _joined(request, invitation):
    messages.success(request, f"Vous avez rejoint « {invitation.organisation.name} ».")
    return redirect(invitation.organisation)


def invitation(request, token: str):
    """Accept an invitation: signed in with the invited address, or by creating the
    account of that address; anyone else is told what to do."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").by_token(token).first()
    )
    if invitation is None:
        raise Http404("Invitation inconnue")
    refusal = invitation.refusal()
    user = request.user
    state = "closed" if refusal else None
    form = None
    if state is None and user.is_authenticated:
        state = "accept" if user.email.lower() == invitation.email.lower() else "other_account"
    elif state is None:
        state = "sign_in" if User.objects.filter(email__iexact=invitation.email).exists() else "new"
    if request.method == "POST" and state == "accept":
        try:
            organisation_services.accept_invitation(invitation=invitation, user=user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            return _joined(request, invitation)
    if state == "new":
        form = NewAccountForm(
            request.POST if request.method == "POST" else None, email=invitation.email
        )
        if request.method == "POST" and form.is_valid():
            try:
                user = organisation_services.accept_invitation_with_new_account(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return _joined(request, invitation)
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "state": state,
            "refusal": refusal,
            "form": form,
            "sign_in_url": f"{reverse('accounts:login')}?next={request.path}",
            "breadcrumbs": [("Invitation", None)],
        },
    )
