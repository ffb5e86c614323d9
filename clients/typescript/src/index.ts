// The CreditLedger client: openapi-fetch over the types openapi-typescript generates from openapi/creditledger.json
// (src/schema.d.ts, never edited by hand: `npm run generate`).
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths, webhooks } from './schema.js';

/** Every request and answer body by its schema name: `Schemas['UsageRequest']`, `Schemas['BalanceResponse']`, … */
export type Schemas = components['schemas'];

/** The RFC 9457 body of every error answer; `errors` on 400, `currency`/`required`/`available` on 402. */
export type Problem = Schemas['Problem'];

export type CreditLedgerClient = Client<paths>;

export interface CreditLedgerOptions {
  /** Where the service listens, e.g. http://127.0.0.1:5080 (no trailing path). */
  baseUrl: string;
  /** The admin key or a workspace API key, sent as a bearer token. */
  apiKey: string;
  /** A fetch to use instead of the global one (a proxy, a test double). */
  fetch?: typeof globalThis.fetch;
}

/** A typed client: `client.POST('/v1/workspaces/{workspaceId}/usage', { params: { path: { workspaceId } }, body })`. */
export function createCreditLedgerClient(options: CreditLedgerOptions): CreditLedgerClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/$/, ''), fetch: options.fetch });
  client.use({
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${options.apiKey}`);
      return request;
    },
  });
  return client;
}

/** One page of a list route as openapi-fetch answers it. */
export interface PageResult<T> {
  data?: { items: T[]; nextCursor: string | null };
  error?: unknown;
}

/**
 * Every item of a list route, page after page (`limit` at most 1000, `nextCursor` null on the last page):
 * `for await (const w of allItems(cursor => client.GET('/v1/workspaces', { params: { query: { cursor, limit: 1000 } } })))`.
 */
export async function* allItems<T>(page: (cursor: string | undefined) => Promise<PageResult<T>>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const { data, error } = await page(cursor);
    if (!data) {
      throw new Error(`listing failed: ${JSON.stringify(error)}`);
    }

    yield* data.items;
    cursor = data.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
