"""A counting SMTP sink in its own process (so that it does not share the benchmark's GIL).

    python benchmarks/smtp_sink.py PORT

Accepts every message on 127.0.0.1:PORT, prints ``ready`` once listening; each line read on stdin
prints how many messages it accepted so far; end of stdin stops it.
"""
from __future__ import annotations

import sys

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.count += 1
        return "250 OK"


def main() -> None:
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    print("ready", flush=True)
    try:
        for _ in sys.stdin:
            print(handler.count, flush=True)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
