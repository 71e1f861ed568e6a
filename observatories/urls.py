"""The observatory's addresses: the home, then each feature's (one namespace, so that
every URL name reads ``observatories:<name>`` whatever folder holds its view)."""

from django.urls import path

from . import views
from .addresses.urls import urlpatterns as addresses
from .fixed.urls import urlpatterns as fixed
from .ftth.urls import urlpatterns as ftth
from .imports.urls import urlpatterns as imports
from .mobile.urls import urlpatterns as mobile
from .open_data.urls import urlpatterns as open_data
from .operators.urls import urlpatterns as operators
from .referential.urls import urlpatterns as referential

app_name = "observatories"

urlpatterns = [
    path("", views.home, name="home"),
    *fixed,
    *ftth,
    *mobile,
    *open_data,
    *referential,
    *addresses,
    *operators,
    *imports,
]
