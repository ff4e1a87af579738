"""设备台账: the register panel, its detail form and unit editor."""
