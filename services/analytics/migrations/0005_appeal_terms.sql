-- What analytics keeps of each appeal's essence (issue 15): only the lemmas
-- of the dictionary's common words (no surname, name, place, number, or
-- word the dictionary does not know; see src/text/lemmatizer.h), read
-- through intake's audited ReadEssencesForAnalysis and lemmatised in
-- memory. The essence itself is never stored here, and travels in no
-- event. An appeal intake no longer has gets empty arrays, so it is not
-- asked for again.
CREATE TABLE appeal_terms (
  appeal_id   uuid PRIMARY KEY,
  lemmas      text[] NOT NULL,  -- in the text's order, repeats included
  phrases     text[] NOT NULL,  -- two-word phrases "a b", each once
  analysed_at timestamptz NOT NULL
);
