-- The balance history's statement before ledger entries carried both balances (ADR 32), for
-- scripts/bench-balance-history.sh to compare with: one probe per instant and currency, filtered on the currency, which
-- the (workspace_id, recorded_at, sequence) index carries but does not key on.
SELECT t.i, c.currency, coalesce(last.balance_after, 0)
FROM unnest($2::timestamptz[]) WITH ORDINALITY AS t(at, i)
CROSS JOIN (VALUES ('actions'), ('data_credits')) AS c(currency)
LEFT JOIN LATERAL (
    SELECT e.balance_after FROM ledger_entries e
    WHERE e.workspace_id = $1 AND e.currency = c.currency AND e.recorded_at < t.at
    ORDER BY e.recorded_at DESC, e.sequence DESC LIMIT 1) AS last ON true
