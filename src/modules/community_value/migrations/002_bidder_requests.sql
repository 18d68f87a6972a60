-- Community groups ask to be treated as potential bidders on the case page as well as in writing: the
-- kind of group and the person who asked online are kept; recorded_by stays for an officer's entry.
ALTER TABLE community_value_bidders ADD COLUMN group_type TEXT NOT NULL DEFAULT '';
ALTER TABLE community_value_bidders ADD COLUMN requested_by BIGINT;
CREATE INDEX community_value_bidders_by_requester ON community_value_bidders (requested_by);
