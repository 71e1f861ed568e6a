"""One moderation mechanism for every kind of content curators publish (projects,
organisations, places, and the kinds still to come).

A feature declares:

- its model on ``Moderated``: a ``state`` (one vocabulary, ``State``), when it was
  submitted, when it was first published;
- its history model on ``HistoryEntry`` (who did what, when, with which message),
  with a foreign key to the object;
- its ``Workflow``: the table of its ``Transition`` s (from which states to which
  state, who may, which history action, which e-mail to whom), registered from its
  ``AppConfig.ready()``. The standard tables come from ``review_transitions``
  (submitted by agents, reviewed by curators) and ``publication_transitions``
  (published by curators), worded in French agreed with the kind's gender; the
  kind adds its own moves (``direct_publication``, ``direct_draft``, ``decision``).

Every move then goes through ``transition(*, obj, action, by, message="")``: in one
transaction it checks the move (``PermissionDenied`` when the person may not, a
French ``ValidationError`` when the state does not allow it), changes the state,
records the history row and sends the e-mail once the transaction commits
(``scoran.lib.mail``: curators by ``staff_emails(permission=…)``).
``ModerationAdminMixin`` gives the admin the queue of what waits (oldest first),
bulk decisions and a decision page with a message.

A feature with more to do on a move (projects: the revision of a published project)
subclasses ``Workflow`` and overrides its hooks; its table stays declared.
"""

import contextvars
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from .mail import send_after_commit, staff_emails
from .registry import Registry

logger = logging.getLogger(__name__)


class State(models.TextChoices):
    """The states of every moderated kind (each uses those its table reaches)."""

    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "En attente de relecture"
    CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
    PUBLISHED = "published", "Publié"
    REFUSED = "refused", "Refusé"


class Moderated(models.Model):
    """A kind of content that is public only once published. A feature may redeclare
    ``state`` to narrow its choices or change its default."""

    State = State

    state = models.CharField("état", max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField("soumis le", null=True, blank=True)
    published_at = models.DateTimeField("publié le", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.state == State.PUBLISHED


class HistoryEntry(models.Model):
    """One step of an object's history. The feature's model adds the foreign key to
    the object (and may narrow ``action`` to its choices). The person is removed
    when their account is deleted; the step stays."""

    action = models.CharField("action", max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    at = models.DateTimeField("le", default=timezone.now)
    message = models.TextField("message", blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]


# ---------- The table ----------


Recipients = Callable[[Any], list[str]]


def curators(permission: str) -> Recipients:
    """Recipients of an e-mail: the active staff holding ``permission``."""

    def recipients(obj) -> list[str]:
        return staff_emails(permission=permission)

    return recipients


@dataclass(frozen=True)
class Mail:
    """The e-mail of a move: a template of ``scoran.lib.mail`` and who receives it
    (a function of the object the move is about)."""

    template: str
    to: Recipients


@dataclass(frozen=True)
class Transition:
    """One line of a feature's table.

    ``action``: its key (``transition(action=…)``, the admin's bulk action name);
    ``sources`` → ``target``: the states it leaves and the state it reaches;
    ``history``: the action recorded in the history; ``permission``: staff holding
    it may take it (None: the workflow's ``may()`` decides); ``refusal``: the French
    reason when the state does not allow it (``%(title)s`` is the object).
    For the admin: ``slug`` (the decision page's address, empty when not offered),
    ``label`` (its button), ``done`` (the report: « 2 projet(s) publié(s) »),
    ``bulk`` (the description of the bulk action, empty for none),
    ``message_label`` (the message asked, None for none) and ``message_required``
    (the French error when it is empty, empty when it is optional).
    """

    action: str
    sources: frozenset[str]
    target: str
    history: str
    refusal: str
    permission: str | None = None
    mail: Mail | None = None
    slug: str = ""
    label: str = ""
    done: str = ""
    bulk: str = ""
    message_label: str | None = None
    message_required: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))


# ---------- The standard tables ----------

WAITING = frozenset({State.SUBMITTED})
EDITABLE = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
REVIEW = ("submit", "publish", "request_changes", "refuse", "unpublish")
PUBLICATION = ("publish", "unpublish")


def agreed(participle: str, *, feminine: bool, plural: bool = False) -> str:
    """A French past participle agreed with the kind: « publié », « publiée »,
    « publié(s) », « publiée(s) ». Only its first word agrees: « renvoyée pour
    modifications »."""
    word, space, rest = participle.partition(" ")
    return word + ("e" if feminine else "") + ("(s)" if plural else "") + space + rest


def decision(
    action: str,
    *,
    permission: str,
    feminine: bool,
    target: str,
    history: str,
    verb: str,
    sources: Iterable[str] = WAITING,
    refusal: str = "",
    **admin,
) -> Transition:
    """A curator's decision on what waits for review. ``verb``: its masculine
    participle (« publié »); the refusal, unless given, says that the object does
    not wait (« … n'est pas en attente de relecture : elle ne peut pas être
    publiée. »). ``admin``: the other fields of the ``Transition``."""
    pronoun = "elle" if feminine else "il"
    return Transition(
        action=action,
        sources=sources,
        target=target,
        history=history,
        refusal=refusal
        or f"« %(title)s » n'est pas en attente de relecture : {pronoun} ne peut pas être "
        f"{agreed(verb, feminine=feminine)}.",
        permission=permission,
        **admin,
    )


def _mails(mails: dict[str, Mail], actions: tuple[str, ...]) -> dict[str, Mail]:
    unknown = set(mails) - set(actions)
    if unknown:
        raise ValueError(f"mails of no transition: {sorted(unknown)}")
    return mails


def _unpublish(*, permission, feminine, selected, mail, bulk) -> Transition:
    pronoun = "elle" if feminine else "il"
    unpublished = agreed("dépublié", feminine=feminine)
    return Transition(
        action="unpublish",
        sources={State.PUBLISHED},
        target=State.DRAFT,
        history="unpublished",
        refusal=f"« %(title)s » n'est pas {agreed('publié', feminine=feminine)} : {pronoun} ne "
        f"peut pas être {unpublished}.",
        permission=permission,
        mail=mail,
        slug="depublier",
        label="Dépublier",
        done=agreed("dépublié", feminine=feminine, plural=True),
        bulk=f"Dépublier {selected}" if bulk else "",
        message_label="Raison (facultative)",
    )


def _submit(*, feminine, sources, refusal, mail) -> Transition:
    return Transition(
        action="submit",
        sources=sources,
        target=State.SUBMITTED,
        history="submitted",
        refusal=refusal
        or f"« %(title)s » ne peut pas être {agreed('soumis', feminine=feminine)} dans son état.",
        mail=mail,
        label="Soumettre",
    )


def review_transitions(
    *,
    permission: str,
    feminine: bool,
    selected: str,
    mails: dict[str, Mail],
    submit_sources: Iterable[str] = EDITABLE,
    submit_refusal: str = "",
    publish_sources: Iterable[str] = WAITING,
    publish_refusal: str = "",
    bulk_unpublish: bool = False,
) -> list[Transition]:
    """The table of a kind that agents submit and curators review: ``submit``
    (agents; ``Workflow.may()`` says who), then the curators' ``publish``,
    ``request_changes``, ``refuse`` and ``unpublish`` (``permission``), with their
    French words agreed in gender (``feminine``: « publiée(s) », « elle ») and
    ``selected`` the objects of the bulk actions (« les aides sélectionnées »).
    ``mails``: the e-mail of each action that sends one. Options: ``submit_refusal``
    (by default « … ne peut pas être soumis dans son état. »), publishing from
    other ``publish_sources`` (with its ``publish_refusal``), ``bulk_unpublish``.
    Long because it is the table itself, declared move by move as in a feature."""
    mails = _mails(mails, REVIEW)
    common = {"permission": permission, "feminine": feminine}
    return [
        _submit(
            feminine=feminine,
            sources=submit_sources,
            refusal=submit_refusal,
            mail=mails.get("submit"),
        ),
        decision(
            "publish",
            **common,
            sources=publish_sources,
            refusal=publish_refusal,
            target=State.PUBLISHED,
            history="published",
            verb="publié",
            mail=mails.get("publish"),
            slug="publier",
            label="Publier",
            done=agreed("publié", feminine=feminine, plural=True),
            bulk=f"Publier {selected}",
        ),
        decision(
            "request_changes",
            **common,
            target=State.CHANGES_REQUESTED,
            history="changes_requested",
            verb="renvoyé pour modifications",
            mail=mails.get("request_changes"),
            slug="demander-modifications",
            label="Demander des modifications",
            done=agreed("renvoyé pour modifications", feminine=feminine, plural=True),
            bulk=f"Demander des modifications pour {selected}",
            message_label="Ce qu'il faut modifier",
            message_required="Dites ce qu'il faut modifier : le message est obligatoire.",
        ),
        decision(
            "refuse",
            **common,
            target=State.REFUSED,
            history="refused",
            verb="refusé",
            mail=mails.get("refuse"),
            slug="refuser",
            label="Refuser",
            done=agreed("refusé", feminine=feminine, plural=True),
            bulk=f"Refuser {selected}",
            message_label="Raison du refus",
            message_required="Donnez la raison du refus : elle est obligatoire.",
        ),
        _unpublish(**common, selected=selected, mail=mails.get("unpublish"), bulk=bulk_unpublish),
    ]


def publication_transitions(
    *, permission: str, feminine: bool, selected: str, mails: dict[str, Mail]
) -> list[Transition]:
    """The table of a kind that curators publish and unpublish without review
    (organisations, places): ``publish`` from a draft and ``unpublish``, both bulk
    actions, worded as in ``review_transitions``."""
    mails = _mails(mails, PUBLICATION)
    return [
        Transition(
            action="publish",
            sources={State.DRAFT},
            target=State.PUBLISHED,
            history="published",
            refusal=f"« %(title)s » est déjà {agreed('publié', feminine=feminine)}.",
            permission=permission,
            mail=mails.get("publish"),
            slug="publier",
            label="Publier",
            done=agreed("publié", feminine=feminine, plural=True),
            bulk=f"Publier {selected}",
        ),
        _unpublish(
            permission=permission,
            feminine=feminine,
            selected=selected,
            mail=mails.get("unpublish"),
            bulk=True,
        ),
    ]


def direct_publication(action: str, *, permission: str, feminine: bool, **admin) -> Transition:
    """A curator publishes directly, from any other state: no review, no e-mail
    (a spreadsheet import, the admin's « Publier directement »)."""
    return Transition(
        action=action,
        sources=set(State) - {State.PUBLISHED},
        target=State.PUBLISHED,
        history="published",
        refusal=f"« %(title)s » est déjà {agreed('publié', feminine=feminine)}.",
        permission=permission,
        **admin,
    )


def direct_draft(action: str, *, permission: str) -> Transition:
    """A curator makes a draft directly, from any other state: no review, no e-mail."""
    return Transition(
        action=action,
        sources=set(State) - {State.DRAFT},
        target=State.DRAFT,
        history="unpublished",
        refusal="« %(title)s » est déjà un brouillon.",
        permission=permission,
    )


@dataclass
class Step:
    """One move under way, shared by the workflow's hooks.

    ``obj``: the row whose state moves (locked); ``subject``: the row its history
    hangs on and its e-mail speaks of (``obj`` unless the feature says otherwise);
    ``extra``: what the feature adds to the e-mail's context."""

    transition: Transition
    by: Any
    message: str
    obj: models.Model
    subject: models.Model
    extra: dict = field(default_factory=dict)


class Workflow:
    """A feature's moderation: its model, its history model and the name of the
    history's foreign key to the object, and its table of transitions. The hooks
    (``begin``, ``may``, ``forbidden``, ``refusal``, ``apply``, ``record``,
    ``mail_context``, ``finish``) say how a move is made; a feature overrides those it needs."""

    def __init__(
        self,
        *,
        model: type[models.Model],
        history: type[models.Model],
        history_object: str,
        transitions: Iterable[Transition],
    ):
        self.model, self.history, self.history_object = model, history, history_object
        self.transitions: dict[str, Transition] = {}
        for move in transitions:
            if move.action in self.transitions:
                raise ValueError(f"{self}: transition {move.action!r} declared twice")
            self.transitions[move.action] = move

    def __str__(self) -> str:
        return f"moderation of {self.model._meta.label_lower}"

    def get(self, action: str) -> Transition:
        try:
            return self.transitions[action]
        except KeyError:
            raise ValueError(f"{self}: no transition {action!r}") from None

    @property
    def queue_state(self) -> str | None:
        """The state of what waits for a curator's decision, if any move leaves it."""
        waiting = State.SUBMITTED
        return waiting if any(waiting in m.sources for m in self.transitions.values()) else None

    def decisions(self) -> list[Transition]:
        """The moves offered in the admin, in the table's order."""
        return [move for move in self.transitions.values() if move.slug]

    # ---------- Hooks ----------

    def begin(self, obj, move: Transition, by, message: str) -> Step:
        """Lock the row and say what moves."""
        row = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        return Step(transition=move, by=by, message=message, obj=row, subject=row)

    def may(self, step: Step) -> bool:
        user, permission = step.by, step.transition.permission
        if permission is None or user is None or not user.is_authenticated:
            return False
        return user.is_active and user.is_staff and user.has_perm(permission)

    def forbidden(self, step: Step) -> str:
        """Why ``may()`` said no (French)."""
        move = step.transition
        return f"Vous ne pouvez pas prendre cette décision : « {move.label or move.action} »."

    def refusal(self, step: Step) -> str | None:
        """Why the state does not allow the move (French), or None."""
        if step.obj.state in step.transition.sources:
            return None
        return step.transition.refusal % {"title": step.obj}

    def apply(self, step: Step):
        """Change the state (and the dates it stamps); return what ``transition``
        returns."""
        row, target = step.obj, step.transition.target
        row.state = target
        fields = ["state"]
        if target == State.SUBMITTED:
            row.submitted_at = timezone.now()
            fields.append("submitted_at")
        if target == State.PUBLISHED and row.published_at is None:
            row.published_at = timezone.now()
            fields.append("published_at")
        fields += [f.name for f in row._meta.concrete_fields if getattr(f, "auto_now", False)]
        row.save(update_fields=fields)
        return row

    def record(self, step: Step):
        return self.history.objects.create(
            **{self.history_object: step.subject},
            action=step.transition.history,
            by=step.by,
            message=step.message,
        )

    def mail_context(self, step: Step) -> dict:
        opts = step.obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[step.obj.pk])
        return {
            opts.model_name: step.subject,
            "target": step.obj,
            "by": step.by,
            "message": step.message,
            "url": settings.SITE_URL + url,
            **step.extra,
        }

    def notify(self, step: Step) -> None:
        mail = step.transition.mail
        if mail is not None:
            send_after_commit(
                template=mail.template, to=mail.to(step.subject), context=self.mail_context(step)
            )

    def finish(self, rows: list) -> None:
        """After one move, or once after a batch of them (``batch()``), in the same
        transaction: what depends on the states of all rows (stored figures…)."""


WORKFLOWS: Registry[Workflow] = Registry("moderation workflows")


def register(workflow: Workflow) -> Workflow:
    """Declare a feature's workflow (from its ``AppConfig.ready()``)."""
    return WORKFLOWS.register(workflow.model._meta.label_lower, workflow)


def workflow_of(model_or_obj) -> Workflow:
    label = model_or_obj._meta.label_lower
    workflow = WORKFLOWS.get(label)
    if workflow is None:
        raise LookupError(f"{label} has no moderation workflow registered")
    return workflow


# ---------- The service ----------

_batch: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "moderation_batch", default=None
)


@contextmanager
def batch() -> Iterator[None]:
    """Moves made inside share one transaction, and each workflow's ``finish()``
    runs once at the end (inside it) rather than after every move: a curator's bulk
    decision on fifty places recomputes their indicators once."""
    if _batch.get() is not None:  # already in a batch: it finishes
        yield
        return
    done: dict[Workflow, list] = {}
    token = _batch.set(done)
    try:
        with transaction.atomic():
            yield
            for workflow, rows in done.items():
                workflow.finish(rows)
    finally:
        _batch.reset(token)


def transition(*, obj, action: str, by, message: str = ""):
    """Move ``obj`` by the transition ``action`` of its feature's table, for ``by``,
    with ``message`` kept in the history and sent in the e-mail. Returns the row
    moved (or what the feature's workflow says).

    Raises ``ValidationError`` (French) when the message required is missing or the
    state does not allow the move, ``PermissionDenied`` when ``by`` may not take it.
    Nothing is written then."""
    workflow = workflow_of(obj)
    move = workflow.get(action)
    message = (message or "").strip()
    if move.message_required and not message:
        raise ValidationError({"message": move.message_required})
    with transaction.atomic():
        step = workflow.begin(obj, move, by, message)
        if not workflow.may(step):
            raise PermissionDenied(workflow.forbidden(step))
        if (refusal := workflow.refusal(step)) is not None:
            raise ValidationError(refusal, code="state")
        result = workflow.apply(step)
        workflow.record(step)
        workflow.notify(step)
        if (done := _batch.get()) is not None:
            done.setdefault(workflow, []).append(result)
        else:
            workflow.finish([result])
    logger.info(
        "%s %s: %s by user %s",
        workflow.model._meta.label_lower,
        obj.pk,
        action,
        getattr(by, "pk", None),
    )
    return result


# ---------- The admin ----------


class QueueFilter(admin.SimpleListFilter):
    """By state; without a choice, what waits for a decision (the queue)."""

    title = "état"
    parameter_name = "etat"
    ALL = "tous"

    def lookups(self, request, model_admin):
        self.waiting = workflow_of(model_admin.model).queue_state
        states = dict(model_admin.model._meta.get_field("state").choices)
        others = [(value, label) for value, label in states.items() if value != self.waiting]
        return [(self.waiting, states[self.waiting]), *others, (self.ALL, "Tous")]

    def value(self):
        return super().value() or self.waiting

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(state=self.value())

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class HistoryAdmin(admin.ModelAdmin):
    """A kind's history in the admin: looked at, never written by hand."""

    list_display = ["__str__", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["by"]
    readonly_fields = ["action", "by", "at", "message"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HistoryInline(admin.TabularInline):
    """A kind's history on its change page, read only (the feature sets ``model``,
    its history's table)."""

    extra = 0
    max_num = 0
    can_delete = False
    fields = ["at", "action", "by", "message"]
    readonly_fields = fields
    verbose_name_plural = "historique"


class DecisionForm(forms.Form):
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "cols": 80}))

    def __init__(self, *args, move: Transition, help_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        if move.message_label is None:
            del self.fields["message"]
            return
        self.fields["message"].label = move.message_label
        self.fields["message"].required = bool(move.message_required)
        self.fields["message"].help_text = help_text


class ModerationAdminMixin:
    """The admin of a moderated kind: the queue (what waits, oldest first, when the
    table has a waiting state), bulk decisions (the table's ``bulk`` moves; those
    whose message is required ask for it on an intermediate page), and a decision
    page per object (``<pk>/moderer/<slug>/``) whose buttons the change page shows.
    Every decision goes through ``transition()``."""

    change_form_template = "admin/moderation/change_form.html"
    decision_template = "admin/moderation/decision.html"
    counted = "élément(s)"  # « 2 élément(s) publié(s) »
    message_help = "Conservé dans l'historique."

    @property
    def workflow(self) -> Workflow:
        return workflow_of(self.model)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return [QueueFilter, *filters] if self.workflow.queue_state else filters

    def get_ordering(self, request):
        ordering = list(super().get_ordering(request) or ())
        if self.workflow.queue_state:
            return [models.F("submitted_at").asc(nulls_last=True), *ordering]
        return ordering

    @admin.display(description="en attente depuis", ordering="submitted_at")
    def waiting_since(self, obj):
        if obj.state != State.SUBMITTED or obj.submitted_at is None:
            return "—"
        return timesince(obj.submitted_at, timezone.now(), depth=1)

    def describe(self, obj) -> str:
        """How an object is named on the decision page."""
        return f"{obj} ({obj.get_state_display().lower()})"

    def after_decision_pk(self, obj):
        """The object whose change page follows a decision on ``obj``."""
        return obj.pk

    # ---------- Decisions ----------

    def decide(self, request, objects, move: Transition, message: str = "") -> int:
        """Apply ``move`` to each object, reporting each refusal; returns how many moved."""
        done = 0
        with batch():
            for obj in objects:
                try:
                    transition(obj=obj, action=move.action, by=request.user, message=message)
                except (ValidationError, PermissionDenied) as error:
                    reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                    self.message_user(request, f"{obj} : {' '.join(reasons)}", messages.ERROR)
                else:
                    done += 1
        if done:
            self.message_user(request, f"{done} {self.counted} {move.done}.", messages.SUCCESS)
        return done

    def _decision_page(self, request, *, move, objects, form, single=None):
        opts = self.model._meta
        title = (
            f"{move.label} : {single}"
            if single
            else f"{move.label} : {len(objects)} {self.counted}"
        )
        return TemplateResponse(
            request,
            self.decision_template,
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": opts,
                "descriptions": [self.describe(obj) for obj in objects],
                "form": form,
                "label": move.label,
                "action": "" if single else move.action,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "selected": [] if single else request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "single": single,
            },
        )

    def _bulk_action(self, move: Transition):
        def action(modeladmin, request, queryset):
            if not move.message_required:
                self.decide(request, queryset, move)
                return None
            applying = "apply" in request.POST
            form = DecisionForm(
                request.POST if applying else None, move=move, help_text=self.message_help
            )
            if applying and form.is_valid():
                self.decide(request, queryset, move, form.cleaned_data["message"])
                return None
            related = self.list_select_related
            if isinstance(related, list | tuple):
                queryset = queryset.select_related(*related)
            return self._decision_page(request, move=move, objects=list(queryset), form=form)

        action.__name__ = move.action
        return action

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        if not self.has_change_permission(request):
            return actions
        for move in self.workflow.transitions.values():
            if move.bulk:
                actions[move.action] = (self._bulk_action(move), move.action, move.bulk)
        return actions

    # ---------- The decision page ----------

    def get_urls(self):
        opts = self.model._meta
        own = [
            path(
                "<path:object_id>/moderer/<str:decision>/",
                self.admin_site.admin_view(self.decision_view),
                name=f"{opts.app_label}_{opts.model_name}_moderate",
            )
        ]
        return own + super().get_urls()

    def decisions_for(self, obj) -> list[Transition]:
        """The decisions the object's state allows."""
        return [move for move in self.workflow.decisions() if obj.state in move.sources]

    def moderation_buttons(self, request, obj) -> list[tuple[str, str]]:
        """(address, label) of the decisions offered on the change page."""
        if obj is None or not self.has_change_permission(request, obj):
            return []
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}_moderate"
        return [
            (reverse(name, args=[obj.pk, move.slug]), move.label)
            for move in self.decisions_for(obj)
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        extra = {"moderation_buttons": self.moderation_buttons(request, obj)}
        return super().changeform_view(
            request, object_id, form_url, {**extra, **(extra_context or {})}
        )

    def decision_view(self, request, object_id, decision):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        change = f"admin:{opts.app_label}_{opts.model_name}_change"
        move = next((m for m in self.decisions_for(obj) if m.slug == decision), None)
        if move is None:
            self.message_user(
                request,
                f"{obj} : cette décision n'est pas possible dans son état.",
                messages.ERROR,
            )
            return redirect(change, obj.pk)
        form = DecisionForm(
            request.POST if request.method == "POST" else None,
            move=move,
            help_text=self.message_help,
        )
        if request.method == "POST" and form.is_valid():
            after = self.after_decision_pk(obj)
            self.decide(request, [obj], move, form.cleaned_data.get("message", ""))
            return redirect(change, after)
        return self._decision_page(request, move=move, objects=[obj], form=form, single=obj)

    # ---------- History ----------

    @admin.display(description="historique")
    def moderation_history(self, obj):
        """The object's decisions, newest first (a read-only field of the change page)."""
        if obj is None or obj.pk is None:
            return "—"
        workflow = self.workflow
        steps = workflow.history.objects.filter(**{workflow.history_object: obj}).select_related(
            "by"
        )[:50]
        items = format_html_join(
            "\n",
            "<li>{} : {}{}{}</li>",
            (
                (
                    date_format(timezone.localtime(step.at), "SHORT_DATETIME_FORMAT"),
                    step.get_action_display(),
                    f", par {step.by}" if step.by else "",
                    f" – {step.message}" if step.message else "",
                )
                for step in steps
            ),
        )
        return format_html("<ul>{}</ul>", items) if items else "—"
