"""巡检: the inspection calendar, the sheet filled on screen, signing, printing and
checking a printed sheet (R-INSP-1 … R-INSP-5)."""
