"""设置: the shared settings screen for supervisors and administrators."""
