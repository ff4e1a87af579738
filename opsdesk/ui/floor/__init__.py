"""The machine-room floor screen (R-FLOOR-3): plan, live states, front elevations, editing."""
