"""Audit log: who did what to which record (``AuditEntry``, written by ``operations.record_audit``). The admins' page
that reads it is ``app.backoffice.audit_log`` (``/organiser/audit``)."""
