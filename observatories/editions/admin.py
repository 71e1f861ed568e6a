"""The curators' pages comparing two editions of a dataset and listing the FttH
anomalies, served by the import runs' admin (``EditionsAdminMixin``)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path

from .forms import EditionsForm
from .selectors import DATASETS, compare, editions, ftth_anomalies


class EditionsAdminMixin:
    """Adds « Comparer les éditions » and « Anomalies FttH » to a ModelAdmin; both
    need the permission to view import runs."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("editions/", view(self.editions_view), name="observatories_editions"),
            path(
                "editions/<slug:slug>/",
                view(self.comparison_view),
                name="observatories_editions_compare",
            ),
            path("anomalies/", view(self.anomalies_view), name="observatories_anomalies"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str) -> dict:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}

    def editions_view(self, request):
        context = self._context(request, "Éditions des jeux de données")
        datasets = [(dataset, editions(dataset)) for dataset in DATASETS.values()]
        return TemplateResponse(
            request, "admin/observatories/editions/index.html", {**context, "datasets": datasets}
        )

    def comparison_view(self, request, slug):
        context = self._context(request, "Comparer deux éditions")
        dataset = DATASETS.get(slug)
        if dataset is None:
            raise Http404("Aucun jeu de données de ce nom.")
        available = editions(dataset)
        data = request.GET
        if "avant" not in data and "apres" not in data and len(available) > 1:
            data = {"avant": available[1].isoformat(), "apres": available[0].isoformat()}
        form = EditionsForm(data or None, dataset=dataset, editions=available)
        comparison = None
        if form.is_valid():
            comparison = compare(
                dataset, before=form.cleaned_data["avant"], after=form.cleaned_data["apres"]
            )
        context.update(
            title=f"Comparer deux éditions : {dataset.label}",
            dataset=dataset,
            form=form,
            editions=available,
            comparison=comparison,
        )
        return TemplateResponse(request, "admin/observatories/editions/compare.html", context)

    def anomalies_view(self, request):
        context = self._context(request, "Anomalies du déploiement FttH")
        context["anomalies"] = ftth_anomalies()
        return TemplateResponse(request, "admin/observatories/editions/anomalies.html", context)
