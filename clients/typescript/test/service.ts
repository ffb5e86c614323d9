// The running service the tests talk to (the .NET test suite starts one and sets these), and a fresh workspace on it.
import { createCreditLedgerClient, type CreditLedgerClient } from '../src/index.ts';

const baseUrl = process.env.CREDITLEDGER_URL;
const adminKey = process.env.CREDITLEDGER_ADMIN_KEY;
if (!baseUrl || !adminKey) {
  throw new Error('set CREDITLEDGER_URL and CREDITLEDGER_ADMIN_KEY to a running service (scripts/run.sh prints both)');
}

export const admin = createCreditLedgerClient({ baseUrl, apiKey: adminKey });

export interface TestWorkspace {
  id: string;
  /** A client holding the workspace's own key (all scopes). */
  client: CreditLedgerClient;
}

/** A workspace with `actions` and `dataCredits` a cycle, and a client with its own key. */
export async function newWorkspace(actions: number, dataCredits: number, fetch?: typeof globalThis.fetch): Promise<TestWorkspace> {
  const { data: workspace, error } = await admin.POST('/v1/workspaces', {
    body: { name: 'typescript client test', plan: { name: 'Test', actionsPerCycle: actions, dataCreditsPerCycle: dataCredits } },
  });
  if (!workspace) {
    throw new Error(JSON.stringify(error));
  }

  const { data: key } = await admin.POST('/v1/workspaces/{workspaceId}/api-keys', {
    params: { path: { workspaceId: workspace.id } },
    body: { name: 'typescript tests' },
  });
  return { id: workspace.id, client: createCreditLedgerClient({ baseUrl: baseUrl!, apiKey: key!.key, fetch }) };
}
