-- 005_consular: what the consular flow keeps on an account.
--
-- numic_digest: the NUMIC as a keyed Argon2id digest (never in clear), for
-- lookups; unique, NULL for accounts without one. identifier_sent_at and
-- password_renewal_at: when the identifier was last mailed and when a
-- password renewal link was last sent, so that both are never renewed
-- within one window. Re-runnable like 001.

ALTER TABLE accounts
  ADD COLUMN IF NOT EXISTS numic_digest BINARY(32) NULL AFTER phone,
  ADD COLUMN IF NOT EXISTS identifier_sent_at DATETIME(6) NULL,
  ADD COLUMN IF NOT EXISTS password_renewal_at DATETIME(6) NULL;

CREATE UNIQUE INDEX IF NOT EXISTS uq_accounts_numic ON accounts (numic_digest);
