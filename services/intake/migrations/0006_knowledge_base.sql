-- The knowledge base and the consultations given from it. Search uses the
-- 'simple' text-search configuration (PostgreSQL has no Ukrainian one) over
-- text intake case-folds itself, with prefix matching in queries.
CREATE TABLE articles (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title       text NOT NULL,
  body        text NOT NULL,
  topic_codes text[] NOT NULL,
  tags        text[] NOT NULL DEFAULT '{}',
  valid_from  date NOT NULL,
  valid_to    date,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL,
  -- Title and tags weigh more than the body.
  search      tsvector NOT NULL
);
CREATE INDEX articles_search ON articles USING gin (search);
CREATE INDEX articles_topics ON articles USING gin (topic_codes);

CREATE TABLE consultations (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  topic_code   text NOT NULL,
  article_ids  uuid[] NOT NULL DEFAULT '{}',
  note         text NOT NULL DEFAULT '',
  consulted_by text NOT NULL,
  consulted_at timestamptz NOT NULL
);
CREATE INDEX consultations_at ON consultations (consulted_at);
