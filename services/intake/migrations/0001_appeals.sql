-- Appeals as registered, with the applicant's personal data (which never
-- leaves intake), the per-year registration counters and idempotency keys.

CREATE TABLE appeals (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  registration_number   text NOT NULL UNIQUE,
  status                smallint NOT NULL,
  kind                  smallint NOT NULL,
  form                  smallint NOT NULL,
  channel               smallint NOT NULL,
  subject               smallint NOT NULL,
  signatories           integer NOT NULL DEFAULT 0,
  -- The applicant: a person or an organisation (exactly one).
  applicant_type        text NOT NULL CHECK (applicant_type IN ('person', 'organisation')),
  surname               text,
  first_name            text,
  patronymic            text,
  residence_address     text,
  residence_territory   text,
  author_categories     smallint[] NOT NULL DEFAULT '{}',
  social_status         smallint NOT NULL DEFAULT 0,
  org_name              text,
  org_edrpou            text,
  org_contact_person    text,
  org_address           text,
  phone                 text,    -- normalised, +380...
  email                 text,    -- lower-cased
  topic_code            text NOT NULL,
  territory_code        text NOT NULL,
  essence               text NOT NULL,
  needs_no_extra_study  boolean NOT NULL,
  emergency             boolean NOT NULL,
  received_at           timestamptz NOT NULL,
  registered_at         timestamptz NOT NULL,
  registered_by         text NOT NULL,
  CHECK (applicant_type <> 'person' OR (surname IS NOT NULL AND first_name IS NOT NULL)),
  CHECK (applicant_type <> 'organisation' OR (org_name IS NOT NULL AND org_edrpou IS NOT NULL))
);
CREATE INDEX appeals_registered_at ON appeals (registered_at DESC, id DESC);
CREATE INDEX appeals_phone ON appeals (phone) WHERE phone IS NOT NULL;
CREATE INDEX appeals_email ON appeals (email) WHERE email IS NOT NULL;

-- Registration numbers run from 1 each year: ЛОКЦ-2026-000001.
CREATE TABLE registration_counters (
  year integer PRIMARY KEY,
  last integer NOT NULL
);

-- A retried RegisterAppeal with the same key from the same caller returns the
-- first result; the request is kept to tell a retry from a different request.
CREATE TABLE idempotency_keys (
  caller      text NOT NULL,
  key         text NOT NULL,
  request     bytea NOT NULL,
  appeal_id   uuid REFERENCES appeals (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, key)
);
