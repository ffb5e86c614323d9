#!/usr/bin/env python3
"""Verify a CreditLedger webhook delivery (Standard Webhooks), with the Python standard library only.

Use verify() in your receiver:

    from verify_webhook import verify, InvalidWebhook
    try:
        event = verify(os.environ["CREDITLEDGER_WEBHOOK_SECRET"], request.headers, request.get_data(as_text=True))
    except InvalidWebhook:
        return "", 400
    # dedupe on event["id"] (the webhook-id header): a delivery may arrive more than once

Run as a script, it reads one delivery per line on stdin, as JSON {"secret", "headers", "body", "now"?}, and prints
"valid" or "invalid: <why>" for each (the test suite feeds it real deliveries and tampered ones; "now", Unix seconds,
stands in for the clock).
"""
import base64
import hashlib
import hmac
import json
import sys
import time

TOLERANCE_SECONDS = 5 * 60  # refuse deliveries signed longer ago (or further ahead) than this: replay protection


class InvalidWebhook(Exception):
    pass


def verify(secret, headers, body, now=None):
    """Returns the parsed event when the signature matches the body, else raises InvalidWebhook.

    secret: the whsec_… value shown when the webhook was created; headers: a mapping (any case); body: the raw text,
    exactly as received (re-serialised JSON would not match)."""
    lower = {k.lower(): v for k, v in headers.items()}
    try:
        msg_id, timestamp, signatures = lower["webhook-id"], lower["webhook-timestamp"], lower["webhook-signature"]
    except KeyError as missing:
        raise InvalidWebhook(f"missing header {missing}") from None
    try:
        sent = int(timestamp)
    except ValueError:
        raise InvalidWebhook("webhook-timestamp is not a number") from None
    if abs((time.time() if now is None else now) - sent) > TOLERANCE_SECONDS:
        raise InvalidWebhook("timestamp outside the tolerance")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()).decode()
    # The header may carry several space-separated signatures (during a secret rotation): any one may match.
    for candidate in signatures.split(" "):
        version, _, signature = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return json.loads(body)
    raise InvalidWebhook("no signature matches")


if __name__ == "__main__":
    for line in sys.stdin:
        if not line.strip():
            continue
        delivery = json.loads(line)
        try:
            verify(delivery["secret"], delivery["headers"], delivery["body"], delivery.get("now"))
            print("valid")
        except InvalidWebhook as error:
            print(f"invalid: {error}")
