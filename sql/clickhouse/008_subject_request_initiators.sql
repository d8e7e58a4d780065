-- The data-subject audit trail also records how many remote-help initiator-days a request
-- found or erased (an erasure by login alone touched only those). 18.16 has no
-- `ADD COLUMN IF NOT EXISTS`: `scrubline migrate` treats "already exists" from an ADD COLUMN
-- as done, so two workers migrating at once stay harmless.
ALTER TABLE {db}.subject_requests ADD COLUMN initiator_days UInt64 DEFAULT 0 AFTER seat_days;
