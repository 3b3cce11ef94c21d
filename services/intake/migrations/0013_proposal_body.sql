-- Issue 10 (left over), point 2.1: Art. 8 excludes "повторні звернення
-- одним і тим же органом": the body routing would send a proposed repeat to
-- (its ExclusionProposalRouted) is kept beside the body that resolved the
-- earlier appeal; when they differ the proposal is withdrawn.
ALTER TABLE appeals ADD COLUMN proposal_body_executor_id text;
