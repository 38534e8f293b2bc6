"""newsvet as a service: the REST API (``/api/v1``) and the web pages, one ASGI app.

    >>> from newsvet.serve import Settings, create_app
    >>> app = create_app(Settings(database_url="postgresql://...", workers=4))

``newsvet serve`` runs it with uvicorn. Settings come from ``NEWSVET_*`` environment
variables (see ``ENVIRONMENT``) unless given.
"""

from newsvet.serve._app import create_app
from newsvet.serve._errors import ApiError
from newsvet.serve._settings import ENVIRONMENT, Settings

__all__ = ["ENVIRONMENT", "ApiError", "Settings", "create_app", "run"]


def run(host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None) -> None:
    """Serve until interrupted."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=False)
