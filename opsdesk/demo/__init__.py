"""The demo duty room, apart from the product (no Qt here).

``seed`` loads seed 002's register as a working site (with ``inspections``, ``history`` and
``duty``: last month's signed sheet, a month of readings, three weeks on duty) and, beside it,
the room's 动环 points (``facilities``: environment monitors, a leak rope, smoke, door, PDUs); ``devices``,
``recordings`` and ``agents`` make its units answer over real SNMP on loopback. The product
never imports this package (an import contract): the CLI hands the poller the demo's hook.
"""
