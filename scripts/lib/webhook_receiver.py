#!/usr/bin/env python3
"""A webhook receiver for scripts/chaos.sh: appends "<webhook-id> <type>" per request to a file and answers 200, or 500
to a share of requests (default one in ten, so retries run too). Each line ends with the arrival time (Unix seconds).
With STALL_SECONDS it waits that long before answering (a receiver that stalls).
Usage: webhook_receiver.py PORT OUT_FILE [FAILURE_SHARE] [STALL_SECONDS]. Runs until killed."""
import json, random, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, out = int(sys.argv[1]), sys.argv[2]
failure_share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.1
stall = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        status = 500 if random.random() < failure_share else 200
        if stall:
            time.sleep(stall)
        if status == 200:
            with open(out, "a", encoding="utf-8") as f:
                f.write(f"{self.headers.get('webhook-id')} {json.loads(body)['type']} {time.time():.3f}\n")
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
