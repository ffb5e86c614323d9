-- Grants whose life a payment system drives: a pending grant is activated (its grant entry appended then) or voided; an
-- active grant voided gives up its remaining credit as one 'void' entry. The runtime role may now move a grant's status
-- and, on activation, its effective time, besides its remainder; entries stay append-only.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('grant', 'charge', 'hold', 'release', 'expiry', 'void', 'reversal')) NOT VALID;
ALTER TABLE ledger_entries VALIDATE CONSTRAINT ledger_entries_type_check;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT UPDATE (status, effective_at) ON grants TO creditledger_app;
    END IF;
END $$;
