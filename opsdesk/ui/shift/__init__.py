"""值班: the shift screen, its checklist, handover and sign-off, history and the checklist template."""
