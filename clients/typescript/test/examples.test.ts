import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pushUsage } from '../../../examples/typescript/batch-pusher.ts';
import { allItems, type Schemas } from '../src/index.ts';
import { newWorkspace } from './service.ts';

/** A fetch whose first attempt of every batch reaches the service but whose answer is lost: a 503 comes back instead. */
function losingFirstAnswers(): { fetch: typeof globalThis.fetch; lost: () => number } {
  const seen = new Set<string>();
  let lost = 0;
  return {
    lost: () => lost,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const body = await request.clone().text();
      const answer = await globalThis.fetch(request);
      if (request.url.endsWith('/usage/batch') && !seen.has(body)) {
        seen.add(body);
        lost++;
        return new Response(JSON.stringify({ status: 503 }), { status: 503, headers: { 'Retry-After': '0' } });
      }

      return answer;
    },
  };
}

test('the batch pusher retries a batch whose answer was lost, and every event is charged once', async () => {
  const network = losingFirstAnswers();
  const { id, client } = await newWorkspace(10_000, 10_000, network.fetch);
  const events: Schemas['UsageRequest'][] = Array.from({ length: 2_500 }, (_, i) => ({
    idempotencyKey: `push-${i}`, kind: 'enrichment', integration: 'leadmagic', service: 'email_finder', outcome: 'success',
  }));

  const results = await pushUsage(client, id, events, { maxDelayMs: 10 });

  assert.equal(network.lost(), 3, 'three batches of at most 1000, each answered only on its retry');
  assert.deepEqual(results.map(r => r.index), events.map((_, i) => i));
  assert.ok(results.every(r => r.status === 200), 'every event of a retried batch is a replay of its first recording');
  const charged = results.flatMap(r => r.event!.charges).filter(c => c.currency === 'actions').reduce((sum, c) => sum + c.amount, 0);
  const { data: balance } = await client.GET('/v1/workspaces/{workspaceId}/balance', { params: { path: { workspaceId: id } } });
  assert.equal(balance!.actions.available, 10_000 - charged, 'the balance fell by one charge per event');
  let charges = 0;
  for await (const entry of allItems(cursor => client.GET('/v1/workspaces/{workspaceId}/ledger', {
    params: { path: { workspaceId: id }, query: { currency: 'actions', limit: 1000, cursor } },
  }))) {
    charges += entry.type === 'charge' ? 1 : 0;
  }

  assert.equal(charges, events.length, 'one actions charge in the ledger per event');
});

test('the batch pusher gives each event its own answer: a 402 is returned, not retried', async () => {
  const { id, client } = await newWorkspace(1, 1);
  const events: Schemas['UsageRequest'][] = ['a', 'b'].map(k => ({
    idempotencyKey: `broke-${k}`, kind: 'enrichment', integration: 'leadmagic', service: 'email_finder', outcome: 'success',
  }));

  const results = await pushUsage(client, id, events);

  assert.deepEqual(results.map(r => r.status), [201, 402]);
  assert.match(results[1]!.error!.type, /insufficient-credits$/);
});
