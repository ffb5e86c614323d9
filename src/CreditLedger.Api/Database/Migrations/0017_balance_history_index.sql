-- The balance history report reads, per bucket end and currency, the last entry recorded before it, by recorded_at then
-- sequence. On (workspace_id, recorded_at) alone that step had to fetch and sort every entry sharing the instant (a
-- batch's entries all do); with sequence in the key and the currency and balance in the index it is one backward step
-- read from the index itself. It replaces the narrower index instead of joining it, so the ledger keeps its number of
-- indexes: the ledger list's recorded_at range and the spend recount read this one as they read the old.
CREATE INDEX ledger_entries_recorded_balance ON ledger_entries (workspace_id, recorded_at, sequence) INCLUDE (currency, balance_after);
DROP INDEX ledger_entries_recorded;
