-- A webhook's queue is capped (OutboxWriter.MaxPendingPerWebhook): the count of its pending deliveries, taken whenever
-- an event is written, reads this index only.
CREATE INDEX webhook_deliveries_pending_per_webhook ON webhook_deliveries (workspace_id, webhook_id) WHERE status = 'pending';
