"""``dateline serve``: the HTTP API and the dashboard over a store."""

from __future__ import annotations

import click

import dateline
from dateline.cli.options import config_option, settings_from, store_option

_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
_EVERYWHERE = ("0.0.0.0", "::", "")


@click.command("serve")
@store_option
@config_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; only this machine can connect unless you change it.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="The port to listen on.")
def serve_command(store: str | None, config: str | None, host: str, port: int) -> None:
    """Serve the HTTP API (/api/..., schema at /openapi.json) and the dashboard (/) over a store.

    Writes (POST /api/documents) need a bearer token: set api_token in a --config file or
    DATELINE_API_TOKEN; without one the API is read-only. There is no TLS: to serve beyond this
    machine, put it behind a proxy that adds it.

    \b
    Example:
      dateline serve --store dateline-data --port 8000
      DATELINE_API_TOKEN=secret dateline serve --store dateline-data
    """
    import uvicorn

    from dateline.api import create_app

    settings = settings_from(config, store=store)
    if not settings.api_token:
        dateline.open_store(settings.store).close()  # no store and no way to write one: refuse now
    # Answer only requests addressed to this host by name, so no web page can reach the API
    # through a DNS name that it points at 127.0.0.1 (DNS rebinding).
    allowed = None if host in _EVERYWHERE else sorted({*_LOOPBACK, host.strip("[]")})
    if host not in _LOOPBACK:
        click.echo(f"dateline: listening on {host}, not only this machine; the API has no TLS", err=True)
    app = create_app(settings, allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    writes = "on (bearer token)" if settings.api_token else "off (no api_token)"
    click.echo(f"dateline: serving {settings.store} at http://{shown}:{port}/ ; writes {writes}", err=True)
    uvicorn.run(app, host=host.strip("[]"), port=port, log_level="info")


if __name__ == "__main__":  # python -m dateline.cli.serve, before the command is registered
    serve_command()
