-- Audit: the database itself refuses to change or remove an entry, so no bug or hurried hand-written
-- SQL can; an attacker who drops these triggers is caught by `commonweal audit verify` instead.
-- The PostgreSQL twin is 003_append_only.pg.sql.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
  SELECT RAISE(ABORT, 'audit_head is never deleted');
END;
