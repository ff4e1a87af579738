"""Entry points: ``opsdesk`` starts the console; sub-commands serve scripts and tests.

Every sub-command that reads or changes records logs in as a named user
(``--user`` or ``OPSDESK_USER``; password from ``OPSDESK_PASSWORD`` or asked),
and the operation itself checks the role. ``init`` and ``backup`` need no login:
``init`` makes a database, and ``backup`` only copies one (for a service manager).

Each command is a thin layer — parse, call an ops function, print — in the module of its group
(``init``, ``devices``, ``users``, ``audit``, ``backup``, ``calendar``, ``settings``, ``shift``,
``inspection``, ``monitoring``, ``profiles``, ``demo``, ``console``); ``parser`` holds the grammar
and ``app`` the dispatch and the one error path.
"""

from opsdesk.cli.app import main
from opsdesk.cli.common import EXIT_AUTH, EXIT_BUG, EXIT_CHECK_FAILED, EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError
from opsdesk.cli.parser import build_parser
from opsdesk.cli.session import open_store

__all__ = ["EXIT_AUTH", "EXIT_BUG", "EXIT_CHECK_FAILED", "EXIT_ERROR", "EXIT_OK", "EXIT_USAGE", "CliError",
           "build_parser", "main", "open_store"]
