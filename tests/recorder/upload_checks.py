"""The recorder's uploads checked against a stand-in collector: one check per run.

    upload_checks.py CHECK INTERPRETER

Each check runs tests/fixtures/upload_app.py with INTERPRETER one or more times in a
temporary folder, with tests/fixtures/collector_stub.py up, down or coming up late, and
exits 0 when the recorder did what recorder/README.md says. The stub runs in this process.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
RECORDER = os.path.join(HERE, "..", "..", "recorder")
sys.path.insert(0, FIXTURES)

from collector_stub import CollectorStub, free_port  # noqa: E402

KEY = "k3y-that-must-never-be-written-down"


class Checks:
    def __init__(self, interpreter, out_dir):
        self.interpreter = interpreter
        self.out_dir = out_dir

    def run_app(self, *args):
        """One session; returns what it printed, as JSON, and how long the process ran."""
        environment = dict(os.environ, PYTHONPATH=RECORDER)
        begin = time.perf_counter()
        process = subprocess.run([self.interpreter, os.path.join(FIXTURES, "upload_app.py"),
                                  self.out_dir] + list(args), env=environment,
                                 capture_output=True, text=True, timeout=60)
        seconds = time.perf_counter() - begin
        expect(process.returncode == 0, "the app failed: " + process.stderr)
        expect(KEY not in process.stdout + process.stderr, "the key was printed")
        return json.loads(process.stdout), seconds

    def bundles(self):
        return sorted(name for name in os.listdir(self.out_dir)
                      if os.path.isdir(os.path.join(self.out_dir, name)))

    def uploaded(self, stub):
        """The bundle names the stub acknowledged, in order."""
        return [bundle_name(r["members"]) for r in stub.received if r["status"] in (200, 201)]

    def key_written_nowhere(self):
        for folder, _, files in os.walk(self.out_dir):
            for name in files:
                with open(os.path.join(folder, name), "rb") as source:
                    expect(KEY.encode() not in source.read(), "the key is in " + name)

    # -- the checks --------------------------------------------------------------------------

    def nothing_sent_without_consent(self):
        self.run_app()  # an earlier session, finished
        stub = CollectorStub(KEY).start()
        result, _ = self.run_app("--url", stub.url, "--key", KEY, "--consent", "no")
        time.sleep(0.5)
        expect(stub.received == [], "sent without consent: %r" % stub.received)
        expect(len(self.bundles()) == 2, "bundles went: %r" % self.bundles())
        expect(result["consent_threads"] and "MainThread" not in result["consent_threads"],
               "consent() was asked on %r" % result["consent_threads"])
        # No consent() at all is a no too.
        self.run_app("--url", stub.url, "--key", KEY)
        expect(stub.received == [] and len(self.bundles()) == 3, "sent with no consent()")
        stub.stop()

    def nothing_sent_without_url(self):
        self.run_app()
        stub = CollectorStub(KEY).start()
        self.run_app("--key", KEY, "--consent", "yes")
        time.sleep(0.5)
        expect(stub.received == [] and len(self.bundles()) == 2, "sent with no URL")
        stub.stop()

    def next_start_sends_earlier_bundles(self):
        self.run_app()
        self.run_app()
        earlier = self.bundles()
        stub = CollectorStub(KEY).start()
        self.run_app("--url", stub.url, "--key", KEY, "--consent", "yes", "--frames", "30")
        sent = self.uploaded(stub)
        # The earlier ones oldest first, at start; the session's own at its exit.
        expect(sent[:2] == earlier and len(sent) == 3, "sent %r, had %r" % (sent, earlier))
        expect(all(r["authorized"] and r["content_type"] == "application/gzip"
                   for r in stub.received), "requests: %r" % stub.received)
        expect(self.bundles() == [], "acknowledged bundles kept: %r" % self.bundles())
        stub.stop()

    def offline_then_online(self):
        self.run_app()
        earlier = self.bundles()
        stub = CollectorStub(KEY)
        port = free_port()
        threading.Timer(1.0, stub.start, args=(port,)).start()  # the network comes back
        self.run_app("--url", "http://127.0.0.1:%d/api/v1/bundles" % port, "--key", KEY,
                     "--consent", "yes", "--frames", "300")
        sent = self.uploaded(stub)
        expect(sent[:1] == earlier, "sent %r after coming online, had %r" % (sent, earlier))
        expect(earlier[0] not in self.bundles(), "acknowledged, still kept")
        stub.stop()

    def busy_collector_is_tried_again(self):
        self.run_app()
        earlier = self.bundles()
        stub = CollectorStub(KEY, answers=[503, 408, 429]).start()
        self.run_app("--url", stub.url, "--key", KEY, "--consent", "yes", "--frames", "600")
        statuses = [r["status"] for r in stub.received]
        expect(statuses[:4] == [503, 408, 429, 201], "answers %r" % statuses)
        expect(self.uploaded(stub)[0] == earlier[0] and earlier[0] not in self.bundles(),
               "not sent after the collector was busy")
        stub.stop()

    def already_stored_is_acknowledged(self):
        self.run_app()
        earlier = self.bundles()
        stub = CollectorStub(KEY, answers=[200]).start()  # {"stored": false}: it had it
        self.run_app("--url", stub.url, "--key", KEY, "--consent", "yes", "--frames", "30")
        expect(stub.received[0]["status"] == 200 and earlier[0] not in self.bundles(),
               "a bundle the collector already had was kept")
        stub.stop()

    def kept_until_acknowledged(self):
        self.run_app()
        earlier = self.bundles()
        stub = CollectorStub(KEY, answers=[503] * 1000).start()  # busy for good
        _, seconds = self.run_app("--url", stub.url, "--key", KEY, "--consent", "yes")
        expect(stub.received, "nothing tried")
        expect(len(self.bundles()) == 2, "a bundle went unacknowledged: %r" % self.bundles())
        expect(seconds < 3.0 + 2.5, "exit waited %.1f s for the collector" % seconds)
        stub.stop()
        # Refused (400): kept, marked, and not sent again.
        stub = CollectorStub(KEY, answers=[400]).start()
        self.run_app("--url", stub.url, "--key", KEY, "--consent", "yes", "--frames", "30")
        refused = bundle_name(stub.received[0]["members"])
        expect(refused == earlier[0], "refused %r first, not %r" % (refused, earlier[0]))
        expect(os.path.exists(os.path.join(self.out_dir, refused, "upload-rejected.json")),
               "a refused bundle was not marked")
        stub.stop()
        stub = CollectorStub(KEY).start()
        self.run_app("--url", stub.url, "--key", KEY, "--consent", "yes", "--frames", "30")
        expect(refused not in [bundle_name(r["members"]) for r in stub.received],
               "a refused bundle was sent again")
        expect(self.bundles() == [refused], "left %r" % self.bundles())
        self.key_written_nowhere()
        stub.stop()

    def local_reports_are_bounded(self):
        for _ in range(4):
            self.run_app("--filler-kb", "400")
        earlier = self.bundles()
        # 1 MiB holds the newest two finished bundles (about 0.4 MiB each), not three.
        self.run_app("--max-local-mb", "1", "--filler-kb", "400")
        kept = self.bundles()
        expect(kept[:2] == earlier[2:] and len(kept) == 3,
               "kept %r of %r and its own" % (kept, earlier))

    def main_loop_never_waits(self):
        # A collector that accepts the connection and never answers.
        import socket
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        self.run_app()
        url = "http://127.0.0.1:%d/api/v1/bundles" % silent.getsockname()[1]
        result, seconds = self.run_app("--url", url, "--key", KEY, "--consent", "yes",
                                       "--frames", "50")
        # Waiting on it would take the 30 s of urllib's timeout; a loaded machine, not that.
        expect(result["start_ms"] < 500, "start() took %.1f ms" % result["start_ms"])
        expect(max(result["frames_ms"]) < 500, "a frame took %.1f ms" % max(result["frames_ms"]))
        # 50 frames of 10 ms, then at most the exit's wait for the upload.
        expect(seconds < 0.5 + 3.0 + 2.5, "the process took %.1f s" % seconds)
        expect(len(self.bundles()) == 2, "unacknowledged bundles went")
        silent.close()


def bundle_name(members):
    return members[0].split("/")[0] if members else None


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def main(check, interpreter):
    with tempfile.TemporaryDirectory() as out_dir:
        getattr(Checks(interpreter, out_dir), check)()
    print("ok: " + check)


if __name__ == "__main__":
    main(*sys.argv[1:])
