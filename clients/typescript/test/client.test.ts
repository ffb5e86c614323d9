import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allItems, type Problem } from '../src/index.ts';
import { admin, newWorkspace } from './service.ts';

test('records usage with a workspace key and reads the balance it left, as exact amounts', async () => {
  const { id, client } = await newWorkspace(10, 5.5);
  const { data: usage, response } = await client.POST('/v1/workspaces/{workspaceId}/usage', {
    params: { path: { workspaceId: id } },
    body: { idempotencyKey: 'ts-1', kind: 'enrichment', integration: 'leadmagic', service: 'email_finder', outcome: 'success' },
  });
  assert.equal(response.status, 201);
  assert.ok(usage!.charges.length > 0);

  const { data: balance } = await client.GET('/v1/workspaces/{workspaceId}/balance', { params: { path: { workspaceId: id } } });
  const charged = (currency: string) => usage!.charges.filter(c => c.currency === currency).reduce((sum, c) => sum + c.amount, 0);
  assert.equal(balance!.actions.available, 10 - charged('actions'));
  assert.equal(balance!.dataCredits.available, 5.5 - charged('data_credits'));
});

test('a refusal arrives as a typed problem with what is short', async () => {
  const { id, client } = await newWorkspace(0, 0);
  const { error, response } = await client.POST('/v1/workspaces/{workspaceId}/usage', {
    params: { path: { workspaceId: id } },
    body: { idempotencyKey: 'ts-broke', kind: 'enrichment', integration: 'leadmagic', service: 'email_finder', outcome: 'success' },
  });
  assert.equal(response.status, 402);
  const problem: Problem = error!;
  assert.match(problem.type, /insufficient-credits$/);
  assert.equal(problem.available, 0);
  assert.ok(problem.required! > 0);
  assert.ok(problem.traceId.length > 0);
});

test('a validation problem names the field', async () => {
  const { id, client } = await newWorkspace(10, 10);
  const { error, response } = await client.POST('/v1/workspaces/{workspaceId}/usage', {
    params: { path: { workspaceId: id } },
    body: { idempotencyKey: 'ts-bad', kind: 'enrichment', quantity: 0 },
  });
  assert.equal(response.status, 400);
  assert.ok(error!.errors!['quantity']);
});

test('allItems walks every page of a list route', async () => {
  const { id, client } = await newWorkspace(10, 10);
  for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
    await client.POST('/v1/workspaces/{workspaceId}/users', { params: { path: { workspaceId: id } }, body: { email, name: email } });
  }

  const emails: string[] = [];
  for await (const user of allItems(cursor => client.GET('/v1/workspaces/{workspaceId}/users', {
    params: { path: { workspaceId: id }, query: { limit: 2, cursor } },
  }))) {
    emails.push(user.email);
  }

  assert.deepEqual(emails, ['a@example.com', 'b@example.com', 'c@example.com']);
});

test('the admin key reaches admin routes; a workspace key does not', async () => {
  const { client } = await newWorkspace(1, 1);
  assert.equal((await admin.GET('/v1/workspaces', { params: { query: { limit: 1 } } })).response.status, 200);
  const { error, response } = await client.GET('/v1/workspaces', { params: { query: { limit: 1 } } });
  assert.equal(response.status, 403);
  assert.match(error!.type, /forbidden$/);
});
