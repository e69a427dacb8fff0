-- 006_account_identifiers: what a flow keeps on an account, outside the
-- accounts table and without naming the flow.
--
-- account_identifiers: a flow's lookup key for an account (the consular
-- NUMIC, later a matricule or a NUMEN), stored only as a digest (a keyed
-- Argon2id: a dump without the server key gives nothing away). One
-- (kind, digest) belongs to one account.
--
-- account_marks: when `name` last happened on an account (the consular
-- flow's identifier mail and password renewal link), by the database clock.
--
-- Moves what 005 put in accounts (numic_digest, identifier_sent_at,
-- password_renewal_at) here, then drops those columns. Re-runnable like
-- 001: the moves only run while the old columns exist, and INSERT IGNORE
-- keeps rows a previous run already moved.

CREATE TABLE IF NOT EXISTS account_identifiers (
  kind VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  digest VARBINARY(64) NOT NULL,
  account_id BIGINT NOT NULL,
  PRIMARY KEY (kind, digest),
  KEY ix_account_identifiers_account (account_id),
  CONSTRAINT fk_account_identifiers_account FOREIGN KEY (account_id)
    REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS account_marks (
  account_id BIGINT NOT NULL,
  name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  at DATETIME(6) NOT NULL,
  PRIMARY KEY (account_id, name),
  CONSTRAINT fk_account_marks_account FOREIGN KEY (account_id)
    REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each move runs only while its column is still there (a second run finds
-- it dropped and does nothing). EXECUTE IMMEDIATE takes no subquery, hence
-- the variable.
SET @sesame_006_move = IF(
  (SELECT COUNT(*) FROM information_schema.COLUMNS
   WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'accounts'
     AND COLUMN_NAME = 'numic_digest') > 0,
  'INSERT IGNORE INTO account_identifiers (kind, digest, account_id)
   SELECT ''numic'', numic_digest, id FROM accounts
   WHERE numic_digest IS NOT NULL',
  'DO 0');
EXECUTE IMMEDIATE @sesame_006_move;

SET @sesame_006_move = IF(
  (SELECT COUNT(*) FROM information_schema.COLUMNS
   WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'accounts'
     AND COLUMN_NAME = 'identifier_sent_at') > 0,
  'INSERT IGNORE INTO account_marks (account_id, name, at)
   SELECT id, ''consular.identifier_sent'', identifier_sent_at FROM accounts
   WHERE identifier_sent_at IS NOT NULL',
  'DO 0');
EXECUTE IMMEDIATE @sesame_006_move;

SET @sesame_006_move = IF(
  (SELECT COUNT(*) FROM information_schema.COLUMNS
   WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'accounts'
     AND COLUMN_NAME = 'password_renewal_at') > 0,
  'INSERT IGNORE INTO account_marks (account_id, name, at)
   SELECT id, ''consular.password_renewal'', password_renewal_at FROM accounts
   WHERE password_renewal_at IS NOT NULL',
  'DO 0');
EXECUTE IMMEDIATE @sesame_006_move;

SET @sesame_006_move = NULL;

-- One statement: the index and the three columns go together.
ALTER TABLE accounts
  DROP INDEX IF EXISTS uq_accounts_numic,
  DROP COLUMN IF EXISTS numic_digest,
  DROP COLUMN IF EXISTS identifier_sent_at,
  DROP COLUMN IF EXISTS password_renewal_at;
