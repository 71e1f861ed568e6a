"""Curators see the subscriptions (to answer a person who asks) and may delete one;
they change nothing else: the address's owner confirms and chooses."""

from django.contrib import admin

from ..models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "list_key", "query", "frequency", "created_at", "confirmed_at")
    list_filter = ("list_key", "frequency")
    search_fields = ("email",)
    readonly_fields = (
        "email", "list_key", "query", "frequency", "created_at", "confirmed_at", "last_run_at",
    )  # fmt: skip
    exclude = ("key",)  # the links' secret stays out of sight

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("subscription", "item_key", "sent_at")
    list_select_related = ("subscription",)
    readonly_fields = ("subscription", "item_key", "sent_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
