-- The console's sessions, shared by every gateway replica: a session made
-- on one works on another, and a logout on one ends it on all. The cookie's
-- id is kept only as its hash (auth::TokenHash, "sha256:<hex>"), so the
-- table alone opens no session. Times are Unix microseconds, as the
-- gateway's clock gives them.
CREATE TABLE gateway_sessions (
  id_hash     text PRIMARY KEY,
  login       text NOT NULL,
  role        text NOT NULL,
  executor_id text NOT NULL DEFAULT '',
  csrf_token  text NOT NULL,
  expires_us  bigint NOT NULL
);
CREATE INDEX gateway_sessions_login ON gateway_sessions (login);
CREATE INDEX gateway_sessions_expires_us ON gateway_sessions (expires_us);
