"""告警: the duty room's alarm list, the acknowledge dialog and the banner."""
