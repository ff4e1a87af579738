"""``opsdesk demo agents``: the demo site's SNMP agents in the foreground, for scripts and tests."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from opsdesk.cli.common import CliError
from opsdesk.cli.session import open_store
from opsdesk.i18n import t

if TYPE_CHECKING:
    from opsdesk.demo.agents import AgentProcess


def cmd_demo_agents(args: argparse.Namespace) -> int:
    from opsdesk.demo import agents as demoagents

    store = open_store(args)

    def ready(agent: AgentProcess) -> None:
        print(t("Demo agents answering on 127.0.0.1:{port} for {n} devices (pid {pid}); Ctrl-C stops them.",
                port=agent.port, n=len(agent.devices), pid=agent.pid), flush=True)

    try:
        return demoagents.serve(store, args.port, on_ready=ready)
    except demoagents.DemoAgentsError as exc:
        raise CliError(str(exc)) from None
