-- Idempotency keys keep a SHA-256 of the request instead of the request,
-- which held the applicant's personal data a second time, and expire
-- (--idempotency_key_retention; a periodic job deletes them by created_at).
-- The digest of the stored bytes is the digest intake computes of a retry
-- (SHA-256 of the same deterministic serialisation), so keys claimed before
-- this migration still recognise their retries.
--
-- The table is rebuilt rather than altered: a dropped column's bytes stay
-- in the old row versions on disk, a new table holds none of them.
CREATE TABLE idempotency_keys_new (
  caller          text NOT NULL,
  key             text NOT NULL,
  request_sha256  bytea NOT NULL
                  CONSTRAINT idempotency_keys_sha256_length CHECK (length(request_sha256) = 32),
  appeal_id       uuid CONSTRAINT idempotency_keys_appeal_id_fkey REFERENCES appeals (id),
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (caller, key)
);
INSERT INTO idempotency_keys_new (caller, key, request_sha256, appeal_id, created_at)
  SELECT caller, key, sha256(request), appeal_id, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_new RENAME TO idempotency_keys;
ALTER INDEX idempotency_keys_new_pkey RENAME TO idempotency_keys_pkey;
-- The expiry job deletes the oldest first, in batches.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
