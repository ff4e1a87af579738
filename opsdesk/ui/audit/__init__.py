"""审计日志: the audit trail panel."""
