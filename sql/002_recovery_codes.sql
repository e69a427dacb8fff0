-- 002_recovery_codes: an SMS code's own lifetime, shorter than its link's
-- and renewed when a new code is sent (RecoveryStore::ReplaceCode).
--
-- Re-runnable like 001 (MariaDB commits DDL implicitly). A request made
-- before this migration keeps a code that lives as long as its link.

ALTER TABLE recovery_requests
  ADD COLUMN IF NOT EXISTS code_expires_at DATETIME(6) NULL AFTER code_sends;

UPDATE recovery_requests SET code_expires_at = expires_at
  WHERE code_expires_at IS NULL;
