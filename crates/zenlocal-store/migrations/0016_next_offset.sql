-- Instances' own addresses (docs/decisions.md D-232, D-233): a zone's instance pools are
-- handed out next-fit, so each scope keeps where its next walk starts — the offset, in
-- the pool's addresses taken in order, just past the address it last handed out. The walk
-- probes from there with point lookups on `addresses`, never reading what the scope holds
-- as a whole. Instances made before keep the addresses they had, which hold no lease.
ALTER TABLE address_scopes ADD COLUMN next_offset BIGINT NOT NULL DEFAULT 0;
