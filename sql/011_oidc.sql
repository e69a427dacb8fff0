-- 011_oidc: the OpenID Connect logins under way (storage/oidc_state_store.h),
-- between the redirection to the provider (FranceConnect) and its callback.
--
-- state_hash is SHA-256 of the `state` parameter (the state itself is only
-- in the browser's URL); binding is SHA-256 of the CSRF cookie of the
-- browser that left; nonce and code_verifier check the provider's answer;
-- context is what the flow gets back. A row is deleted by the callback that
-- spends it (one conditional DELETE); `sesame purge` deletes expired rows.
-- Re-runnable like 001.

CREATE TABLE IF NOT EXISTS oidc_states (
  state_hash BINARY(32) NOT NULL PRIMARY KEY,
  binding BINARY(32) NOT NULL,
  nonce VARCHAR(64) NOT NULL,
  code_verifier VARCHAR(128) NOT NULL,
  context VARCHAR(255) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  KEY ix_oidc_states_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
