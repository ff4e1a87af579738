"""排班: the duty roster by month, leave requests, and the roster rules check."""
