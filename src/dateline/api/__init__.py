"""The HTTP API (FastAPI): JSON endpoints under ``/api``, their OpenAPI schema at ``/openapi.json``,
and the dashboard at ``/``. ``dateline serve`` runs it with uvicorn; so can
``uvicorn --factory dateline.api:create_app``.
"""

from dateline.api.app import create_app

__all__ = ["create_app"]
