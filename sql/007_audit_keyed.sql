-- 007_audit_keyed: the audit chain becomes keyed.
--
-- Until now each audit_log row's hash was SHA-256(prev_hash || row), which
-- anyone who can write the table can recompute after rewriting a row. From
-- one row « audit.keyed » on (written by `sesame migrate` right after this
-- file, or by the first append), each hash is HMAC-SHA256 under a key
-- derived from the server secret. The rows before it stay as they are and
-- are checked as SHA-256; the « audit.keyed » row's own MAC covers the last
-- of them, so that prefix can no longer change either.
--
-- audit_log.chain: 1 for a SHA-256 row, 2 for an HMAC-SHA256 row. It has no
-- default once this file ran, so an older sesame (which does not name it)
-- fails to append instead of adding unkeyed rows after the switch.
-- audit_head.keyed_from: the id of the « audit.keyed » row (NULL: none
-- yet). Re-runnable like 001.

ALTER TABLE audit_log
  ADD COLUMN IF NOT EXISTS chain TINYINT NOT NULL DEFAULT 1 AFTER hash;

ALTER TABLE audit_log ALTER COLUMN chain DROP DEFAULT;

ALTER TABLE audit_head ADD COLUMN IF NOT EXISTS keyed_from BIGINT NULL;
