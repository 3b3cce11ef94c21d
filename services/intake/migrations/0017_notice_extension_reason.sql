-- The head's reason for an extension (Art. 20), as tracking's reason code
-- (tracking.v1.ExtensionReason, CaseStatusChanged.extension_reason): the
-- extension notice says it in words from its template. NULL for the other
-- kinds and for extensions told before the code existed (the notice then
-- says the neutral sentence of the template's UNSPECIFIED line).
ALTER TABLE notices ADD COLUMN extension_reason smallint;
