// Verifies a CreditLedger webhook delivery (Standard Webhooks) with node:crypto only.
//
//   import { verifyWebhook, InvalidWebhook } from './verify-webhook.ts';
//   try {
//     const event = verifyWebhook(process.env.CREDITLEDGER_WEBHOOK_SECRET!, request.headers, rawBody);
//     // dedupe on event.id (the webhook-id header): a delivery may arrive more than once
//   } catch (e) {
//     if (e instanceof InvalidWebhook) return reply.code(400).send();
//     throw e;
//   }
//
// Run as a script, it reads one delivery per line on stdin as JSON {secret, headers, body, now?} and prints "valid" or
// "invalid: <why>" for each (the test suite feeds it real deliveries and tampered ones; `now`, Unix seconds, stands in
// for the clock).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { webhooks } from '../../clients/typescript/src/index.ts';

/** Refuse deliveries signed longer ago (or further ahead) than this: replay protection. */
export const TOLERANCE_SECONDS = 5 * 60;

export class InvalidWebhook extends Error {}

/** Any delivered event body, as the OpenAPI document's webhooks section describes it. */
export type WebhookEvent = {
  [T in keyof webhooks]: NonNullable<webhooks[T]['post']['requestBody']>['content']['application/json'];
}[keyof webhooks];

/**
 * The parsed event when the signature matches the body, else throws InvalidWebhook. `secret` is the whsec_… value shown
 * when the webhook was created; `body` the raw text exactly as received (re-serialised JSON would not match).
 */
export function verifyWebhook(
  secret: string, headers: Record<string, string | string[] | undefined>, body: string, now: number = Date.now() / 1000,
): WebhookEvent {
  const header = (name: string): string => {
    const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
    if (typeof value !== 'string') {
      throw new InvalidWebhook(`missing header '${name}'`);
    }

    return value;
  };
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!/^\d+$/.test(timestamp)) {
    throw new InvalidWebhook('webhook-timestamp is not a number');
  }

  if (Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new InvalidWebhook('timestamp outside the tolerance');
  }

  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  // The header may carry several space-separated signatures (during a secret rotation): any one may match.
  for (const candidate of signatures.split(' ')) {
    const [version, signature] = candidate.split(',', 2);
    const given = Buffer.from(signature ?? '', 'base64');
    if (version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)) {
      return JSON.parse(body) as WebhookEvent;
    }
  }

  throw new InvalidWebhook('no signature matches');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) {
      continue;
    }

    const delivery = JSON.parse(line) as { secret: string; headers: Record<string, string>; body: string; now?: number };
    try {
      verifyWebhook(delivery.secret, delivery.headers, delivery.body, delivery.now ?? undefined);
      console.log('valid');
    } catch (error) {
      if (!(error instanceof InvalidWebhook)) {
        throw error;
      }

      console.log(`invalid: ${error.message}`);
    }
  }
}
