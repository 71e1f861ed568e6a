import contextlib

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from scoran.lib import throttling
from scoran.lib.mail import send_now

from ..models import User


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


# ---------- Sign-in ----------


class ThrottledSignInMixin:
    """Refuses to check a password once the username or the client address has
    failed too often (see ``throttling``); counts failures and clears them on success.
    When the counters cannot be reached (Redis down), sign-in fails closed: refused
    with a French message, never an error page."""

    throttled_message = (
        "Trop de tentatives de connexion ont échoué. Par sécurité, attendez "
        "%(minutes)d minutes avant de réessayer, ou choisissez « Mot de passe oublié »."
    )

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = throttling.client_key(self.request)
        try:
            locked = bool(username) and throttling.is_locked(username=username, ip=ip)
        except throttling.ThrottleUnavailable:
            raise ValidationError(throttling.UNAVAILABLE_MESSAGE, code="unavailable") from None
        if locked:
            raise ValidationError(
                self.throttled_message,
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW // 60},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            # Counters lost between the two calls: logged, and the next attempt is
            # refused by is_locked.
            with contextlib.suppress(throttling.ThrottleUnavailable):
                if username:
                    throttling.record_failure(username=username, ip=ip)
            raise
        try:
            throttling.record_success(username=username)
        except throttling.ThrottleUnavailable:
            raise ValidationError(throttling.UNAVAILABLE_MESSAGE, code="unavailable") from None
        return cleaned


class SignInForm(ThrottledSignInMixin, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        # Django's French message says "un adresse" and calls the e-mail case-sensitive.
        "invalid_login": "Adresse électronique ou mot de passe incorrect. Vérifiez votre "
        "saisie (le mot de passe distingue majuscules et minuscules).",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})
        self.fields["username"].widget.attrs.pop("autofocus", None)


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The admin's sign-in page is throttled the same way."""


# ---------- Passwords ----------


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, its e-mail sent as every other: one template whose first
    line is the subject (``EMAIL_SUBJECT_PREFIX`` added), an SMTP error logged."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        send_now(template=email_template_name, to=[to_email], context=context)


# ---------- Accounts ----------


class NewAccountForm(auth_forms.SetPasswordMixin, forms.Form):
    """Creating one's account from an invitation: name and a strong password."""

    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    password1, password2 = auth_forms.SetPasswordMixin.create_password_fields()

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        self.validate_passwords()
        user = User(
            email=self.email,
            first_name=self.cleaned_data.get("first_name", ""),
            last_name=self.cleaned_data.get("last_name", ""),
        )
        self.validate_password_for_user(user)
        return self.cleaned_data


class SignUpForm(NewAccountForm):
    """Creating one's account without an invitation (then joining by request)."""

    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Votre adresse professionnelle : vous y recevrez le lien d'activation.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@mairie.fr."
        },
    )
    field_order = ["email", "first_name", "last_name", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, email="", **kwargs)

    def clean(self):
        self.email = self.cleaned_data.get("email", "")
        return super().clean()


class AccountDeletionForm(forms.Form):
    password = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Pour confirmer que c'est bien vous.",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("Ce mot de passe n'est pas le bon.", code="wrong_password")
        return password
