-- 013_account_language: the language an account's mails and SMS are
-- written in ([branding] languages). NULL: the deployment's default
-- language. Set by `sesame account add --language` or the CSV column
-- `language`, and each time the person signs in or makes a request in
-- a language.
ALTER TABLE accounts ADD COLUMN language VARCHAR(8) NULL;
