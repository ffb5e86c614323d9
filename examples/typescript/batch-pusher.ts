// Pushes usage to CreditLedger in batches of up to 1000 events, retrying what is safe to retry.
//
// Every event carries its own idempotencyKey, and a retried batch is the same batch (same events, same keys), so an
// event the service already recorded is answered as a replay (status 200) and charged once, however often it is sent.
// 429 and 503 are retried after their Retry-After; so is a network failure, when the service may or may not have
// recorded the batch. Each event's own answer (201, 200 replay, 400, 402, 409) is returned, never retried: a 402 is
// the workspace being out of credits, for a top-up to fix, not for a retry loop.
//
//   CREDITLEDGER_URL=http://127.0.0.1:5080 CREDITLEDGER_KEY=… WORKSPACE_ID=… \
//     npx tsx examples/typescript/batch-pusher.ts < events.ndjson
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createCreditLedgerClient, type CreditLedgerClient, type Schemas } from '../../clients/typescript/src/index.ts';

export const BATCH_SIZE = 1000;

export interface PushOptions {
  /** Attempts per batch before giving up (default 5). */
  attempts?: number;
  /** Longest wait between attempts in milliseconds, whatever Retry-After says (default 30 s). */
  maxDelayMs?: number;
}

/** Records every event, a batch at a time; the results are in the events' order. */
export async function pushUsage(
  client: CreditLedgerClient, workspaceId: string, events: Schemas['UsageRequest'][], options: PushOptions = {},
): Promise<Schemas['UsageBatchItem'][]> {
  const results: Schemas['UsageBatchItem'][] = [];
  for (let start = 0; start < events.length; start += BATCH_SIZE) {
    const batch = events.slice(start, start + BATCH_SIZE);
    const answer = await sendWithRetries(client, workspaceId, batch, options);
    results.push(...answer.results.map(r => ({ ...r, index: r.index + start })));
  }

  return results;
}

async function sendWithRetries(
  client: CreditLedgerClient, workspaceId: string, events: Schemas['UsageRequest'][], options: PushOptions,
): Promise<Schemas['UsageBatchResponse']> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    let retryAfterMs: number;
    try {
      const { data, error, response } = await client.POST('/v1/workspaces/{workspaceId}/usage/batch', {
        params: { path: { workspaceId } },
        body: { events },
      });
      if (data) {
        return data;
      }

      if (response.status !== 429 && response.status !== 503) {
        throw new Error(`batch refused with ${response.status}: ${error?.detail ?? JSON.stringify(error)}`);
      }

      retryAfterMs = Number(response.headers.get('Retry-After') ?? '1') * 1000;
    } catch (failure) {
      if (!(failure instanceof TypeError)) {
        throw failure; // a refusal, above; TypeError is fetch's network failure, retried
      }

      retryAfterMs = 2 ** attempt * 100;
    }

    if (attempt >= attempts) {
      throw new Error(`batch not recorded after ${attempts} attempts`);
    }

    await new Promise(resolve => setTimeout(resolve, Math.min(retryAfterMs, options.maxDelayMs ?? 30_000)));
  }
}

async function main(): Promise<void> {
  const client = createCreditLedgerClient({ baseUrl: process.env.CREDITLEDGER_URL!, apiKey: process.env.CREDITLEDGER_KEY! });
  const events: Schemas['UsageRequest'][] = [];
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) {
      events.push(JSON.parse(line) as Schemas['UsageRequest']);
    }
  }

  const results = await pushUsage(client, process.env.WORKSPACE_ID!, events);
  const byStatus = new Map<number, number>();
  results.forEach(r => byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1));
  console.log([...byStatus].map(([status, count]) => `${status}: ${count}`).join(', '));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
