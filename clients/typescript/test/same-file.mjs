// Fails when the committed generated file differs from a fresh generation (run `npm run generate` and commit it).
import { readFileSync, rmSync } from 'node:fs';

const [committed, fresh] = process.argv.slice(2);
const same = readFileSync(committed, 'utf8') === readFileSync(fresh, 'utf8');
rmSync(fresh);
if (!same) {
  console.error(`${committed} is not what openapi-typescript generates from openapi/creditledger.json: run npm run generate`);
  process.exit(1);
}
