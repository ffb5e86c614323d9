-- Each entry also carries the available balance of the other currency at that point in the ledger. The balance history
-- reads, per bucket end, the last entry recorded before it; with this column that one entry answers both currencies.
-- Without it, a currency that stood still (a workspace on its own provider keys pays actions only) was found by walking
-- back through every entry of the other currency since its last move: the report's cost followed the ledger, not its
-- buckets. Only the writer knows both balances at every entry, so it writes the column; no index, no trigger.
-- Nullable and without a default, so adding it rewrites nothing; entries written before it keep NULL, and the report
-- falls back to the walk for them. The hash chain does not cover it: the chains already stored stay verifiable, and
-- the value follows from the chained balances of the entries before it.
ALTER TABLE ledger_entries ADD COLUMN other_balance_after numeric(20,4);
