"""What every endpoint of the public API shares: bounded pages in a stable order,
the per-client rate limit, French error bodies, conditional GET (ETag and
Last-Modified), CORS for reads, and the lists' CSV and XLSX exports.

The API is read-only and anonymous: every endpoint reads the public queryset of its
kind (``published()``, ``public()``), so that its answers are the same for everyone
and may be kept by any cache.
"""

import hashlib
from datetime import datetime

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework import generics
from rest_framework.response import Response

from scoran.lib.exports import EXPORTS, csv_bytes, requested_export, xlsx_bytes

from .policies import CORS_HEADERS, READ_METHODS


def _latest(objects, field: str) -> datetime | None:
    dates = [getattr(item, field, None) for item in objects]
    dates = [date for date in dates if isinstance(date, datetime)]
    return max(dates) if dates else None


class ReadMixin:
    """Conditional GET and CORS on every answer of an endpoint.

    The ETag is the hash of the body (weak: two equal bodies, one tag), so a client
    that has the page gets a 304 without a body; Last-Modified is the latest
    ``modified_field`` of the rows shown (``updated_at``), when the kind has one.

    Only the ETag decides a 304: Last-Modified is told, but ``If-Modified-Since`` is
    ignored (a full 200), since a row leaving a page (unpublished, deleted) or a
    related row renamed leaves the latest ``updated_at`` as it was."""

    modified_field = "updated_at"
    last_modified: datetime | None = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = self._conditional(request, response)
        if request.method in READ_METHODS:
            for name, value in CORS_HEADERS.items():
                response[name] = value
        return response

    def _conditional(self, request, response):
        if isinstance(response, Response):
            response.render()
        etag = f'W/"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=60"
        # Whole seconds, as the header says it.
        timestamp = int(self.last_modified.timestamp()) if self.last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        answer = get_conditional_response(request, etag=etag, response=response)
        if answer is not response:  # a 304: keep the headers a cache needs
            answer["ETag"] = etag
            answer["Cache-Control"] = response["Cache-Control"]
        return answer


def stable(queryset):
    """The queryset in its own order, ties broken by primary key."""
    order = list(queryset.query.order_by or queryset.model._meta.ordering or [])
    if not any(isinstance(field, str) and field.lstrip("-") in ("pk", "id") for field in order):
        order.append("pk")
    return queryset.order_by(*order)


def _cell(value):
    if isinstance(value, list):
        return ", ".join(str(_cell(item)) for item in value)
    if isinstance(value, dict):
        return value.get("code") or value.get("nom") or value.get("titre") or str(value)
    return value


class ListEndpoint(ReadMixin, generics.ListAPIView):
    """A filtered list: the page as JSON, or every filtered row as CSV or XLSX
    (``?format=csv|xlsx``), with the columns of the JSON (lists joined by commas;
    a cell is never a formula: ``scoran.lib.exports``)."""

    export_name = "export"

    def get_queryset(self):
        return stable(self.queryset.all())

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        export = requested_export(request)
        if export:
            return self._export(rows, export)
        page = self.paginate_queryset(rows)
        self.last_modified = _latest(page, self.modified_field)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _export(self, rows, export: str) -> HttpResponse:
        data = self.get_serializer(list(rows), many=True).data
        self.last_modified = None
        headers = list(self.get_serializer().fields)
        table = [[_cell(item.get(name)) for name in headers] for item in data]
        if export == "csv":
            body = csv_bytes(headers, table)
        else:
            body = xlsx_bytes(headers, table, title=self.export_name)
        response = HttpResponse(body, content_type=EXPORTS[export])
        response["Content-Disposition"] = f'attachment; filename="{self.export_name}.{export}"'
        return response


class DetailEndpoint(ReadMixin, generics.RetrieveAPIView):
    """One row of the public queryset, or a French 404."""

    filter_backends = ()

    def get_queryset(self):
        return self.queryset.all()

    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        self.last_modified = _latest([item], self.modified_field)
        return Response(self.get_serializer(item).data)
