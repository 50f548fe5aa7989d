"""The ``dateline`` command: one module per command, each a thin skin over the Python API."""

from __future__ import annotations

import sys

import click

from dateline import __version__
from dateline.cli.compact import compact_command
from dateline.cli.documents import documents_command, rejects_command
from dateline.cli.eval import eval_command
from dateline.cli.events import events_command
from dateline.cli.export import export_command
from dateline.cli.extract import extract_command
from dateline.cli.ingest import ingest_command
from dateline.cli.recode import recode_command
from dateline.cli.serve import serve_command
from dateline.cli.stats import stats_command
from dateline.errors import DatelineError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dateline")
def cli() -> None:
    """News articles in, political event data out.

    \b
    Example:
      dateline ingest examples/ --store dateline-data
      dateline stats --store dateline-data
    """


for command in (ingest_command, extract_command, events_command, export_command, eval_command,
                serve_command, recode_command, compact_command, documents_command, rejects_command,
                stats_command):
    cli.add_command(command)


def main() -> None:
    """Run the command line; a dateline error (or an error of the operating system: a full
    disk, a file that cannot be written) becomes one line on standard error and exit 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except DatelineError as error:
        click.echo(f"dateline: {error}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except OSError as error:  # outside the store, which says what it is: e.g. no space in /tmp
        click.echo(f"dateline: {error}", err=True)
        sys.exit(2)
