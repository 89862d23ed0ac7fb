-- Who connected, as an address: the peer (a fact) and whom a proxy said it forwarded for (a claim).
ALTER TABLE audit_event ADD COLUMN client TEXT;
