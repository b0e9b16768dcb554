"""URLs of the read-only JSON API, mounted at /api/v1/ outside the language prefixes: the
language of an answer is the ``lang`` parameter."""

from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("", api.ApiRoot.as_view(), name="root"),
    path("agreements/", api.AgreementList.as_view(), name="agreements-list"),
    path("agreements/<int:pk>/", api.AgreementDetail.as_view(), name="agreements-detail"),
    path("partners/", api.PartnerList.as_view(), name="partners-list"),
    path("partners/<int:pk>/", api.PartnerDetail.as_view(), name="partners-detail"),
]
