// Checked by `tsc` in `npm test`, never run: what the generated types must refuse. Each @ts-expect-error fails the
// type check if the line below it compiles, so a field that became optional by mistake is caught here.
import { createCreditLedgerClient, type Schemas } from '../src/index.ts';

const client = createCreditLedgerClient({ baseUrl: 'http://127.0.0.1:5080', apiKey: 'key' });
const workspaceId = '0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1000';

export async function usageWithoutIdempotencyKeyDoesNotCompile(): Promise<void> {
  await client.POST('/v1/workspaces/{workspaceId}/usage', {
    params: { path: { workspaceId } },
    // @ts-expect-error idempotencyKey is required: without it a retry could charge twice
    body: { kind: 'enrichment', integration: 'leadmagic', service: 'email_finder', outcome: 'success' },
  });
}

export const unknownKindDoesNotCompile: Schemas['UsageRequest'] = {
  idempotencyKey: 'run-1',
  // @ts-expect-error kind is one of the contract's usage kinds
  kind: 'lookup',
};

export function answersHaveEveryField(balance: Schemas['BalanceResponse']): number {
  // Required in the answer, so no undefined check is needed (and none would compile away a missing field).
  return balance.dataCredits.available + balance.actions.available;
}
