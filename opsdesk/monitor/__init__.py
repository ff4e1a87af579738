"""Turns readings into device status and alarms, and keeps the readings (no Qt).

The monitor knows nothing of SNMP: it takes any object shaped like
``opsdesk.monitor.ingest.DeviceReadingLike``; the poller wires probes to it."""
