"""Device probes (pysnmp asyncio, reachability). No Qt here; they return readings."""
