"""The one NinjaAPI instance: authentication, error bodies, and the routers of each app."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Integra API",
    version="1",
    urls_namespace="api",
    description="API of Integra, the MIS of the Social Integration Program (PIS/PPWOW).",
)
