-- 0008_idempotency_fingerprint: a key names one request, not just one
-- method. With the SHA-256 of the request's payload bytes stored beside the
-- method, a key sent again with another payload is refused instead of
-- silently replaying the reply to the first. Rows written before this have
-- no digest and are matched on the method alone; they expire within a day.
ALTER TABLE idempotency_keys ADD COLUMN payload_sha256 bytea;
