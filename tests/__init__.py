
import os
import socket

# The demo agents the tests start answer on a port of their own, not the demo's 16161: a demo
# console running on the same machine (a developer's) neither answers for them nor refuses them.
# Here, before any test module imports opsdesk (tests/conftest.py is imported after this package).
if not os.environ.get("OPSDESK_DEMO_AGENT_PORT"):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as _probe:
        _probe.bind(("127.0.0.1", 0))
        os.environ["OPSDESK_DEMO_AGENT_PORT"] = str(_probe.getsockname()[1])
