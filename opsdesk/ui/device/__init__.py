"""实时状态: one unit's live readings, state and recent alarms."""
