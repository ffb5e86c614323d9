// Reads one delivery per line on stdin ({secret, headers, body}) and prints "valid" or the library's error for each.
// An implementation independent of the service's (.NET) signer: the Standard Webhooks reference library.
import { Webhook } from 'standardwebhooks';
import { createInterface } from 'node:readline';

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { secret, headers, body } = JSON.parse(line);
  try {
    new Webhook(secret.replace(/^whsec_/, '')).verify(body, headers);
    console.log('valid');
  } catch (e) {
    console.log(`invalid: ${e.message}`);
  }
}
