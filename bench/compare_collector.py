#!/usr/bin/env python3
"""Uploads accepted per second by `framescope serve` into SQLite and into PostgreSQL (a
throwaway server on loopback, tests/support/postgres_server.sh, stopped at the end; skipped
where it cannot run): 2,000 sample-sized bundles
(samples/bundles/normal, each its own session, about 5 KB packed) sent by 8 uploader
processes over keep-alive connections on loopback, timed from the first upload to the last
acknowledgement. Beside it, in the same run: Python's http.server (threaded) receiving the
same uploads and storing each body as a row with the sqlite3 module, one commit per upload,
no parsing; and `framescope import` of the same files in one process, without HTTP.

    compare_collector.py --framescope PATH --work-dir DIR [--count N] [--uploaders N]
                         [--postgres-port PORT]
"""
import argparse
import http.client
import http.server
import json
import multiprocessing
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
POSTGRES_SERVER = HERE.parent / "tests" / "support" / "postgres_server.sh"
sys.path.insert(0, str(HERE.parent / "tests" / "fixtures"))
import make_uploads  # noqa: E402


def upload_share(arguments):
    port, files = arguments
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    acknowledged = 0
    for path in files:
        body = Path(path).read_bytes()
        while True:
            connection.request("POST", "/api/v1/bundles", body,
                               {"Content-Type": "application/octet-stream"})
            response = connection.getresponse()
            response.read()
            if response.status == 429:
                time.sleep(0.02)
                continue
            if response.status not in (200, 201):
                raise SystemExit("%s: HTTP %d" % (path, response.status))
            acknowledged += 1
            break
    return acknowledged


def upload_all(port, files, uploaders):
    shares = [(port, [str(f) for f in files[i::uploaders]]) for i in range(uploaders)]
    with multiprocessing.Pool(uploaders) as pool:
        start = time.perf_counter()
        acknowledged = sum(pool.map(upload_share, shares))
        elapsed = time.perf_counter() - start
    assert acknowledged == len(files), acknowledged
    return elapsed


def framescope_serve(framescope, database, files, uploaders):
    server = subprocess.Popen([framescope, "serve", "--db", str(database), "--listen",
                               "127.0.0.1:0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        port = int(line.rsplit(":", 1)[1])
        return upload_all(port, files, uploaders)
    finally:
        server.terminate()
        server.wait()


def framescope_serve_postgres(framescope, state, port, files, uploaders):
    """Seconds to store `files` through `framescope serve` into a fresh PostgreSQL server, or
    None after saying why there is none."""
    subprocess.run(["sh", str(POSTGRES_SERVER), "start", str(state), str(port)], check=True)
    try:
        if (state / "unavailable").exists():
            print("no PostgreSQL server: " + (state / "unavailable").read_text().strip())
            return None
        url = (state / "url").read_text().strip()
        return framescope_serve(framescope, url, files, uploaders)
    finally:
        subprocess.run(["sh", str(POSTGRES_SERVER), "stop", str(state)], check=True)


class PythonCollector(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as framescope serve does: no 40 ms delayed-ACK stalls
    lock = threading.Lock()
    db = None

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.lock:
            cursor = self.db.execute("INSERT INTO uploads (body) VALUES (?)", (body,))
            self.db.commit()
        answer = json.dumps({"id": cursor.lastrowid, "stored": True}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def python_http_server(database, files, uploaders):
    PythonCollector.db = sqlite3.connect(str(database), check_same_thread=False)
    PythonCollector.db.execute("PRAGMA journal_mode=WAL")
    PythonCollector.db.execute("PRAGMA synchronous=NORMAL")
    PythonCollector.db.execute("CREATE TABLE uploads (id INTEGER PRIMARY KEY, body BLOB)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PythonCollector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        return upload_all(server.server_address[1], files, uploaders)
    finally:
        server.shutdown()
        PythonCollector.db.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framescope", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--uploaders", type=int, default=8)
    parser.add_argument("--postgres-port", type=int, default=29877)
    options = parser.parse_args()
    work = Path(options.work_dir) / "collector"
    shutil.rmtree(work, ignore_errors=True)
    uploads = work / "uploads"
    make_uploads.variants(str(HERE.parent / "samples" / "bundles" / "normal"), str(uploads),
                          options.count)
    files = sorted(uploads.iterdir())
    size_kb = sum(f.stat().st_size for f in files) / len(files) / 1e3

    served = framescope_serve(options.framescope, work / "serve.db", files, options.uploaders)
    served_postgres = framescope_serve_postgres(options.framescope, work / "postgres",
                                                options.postgres_port, files, options.uploaders)
    python = python_http_server(work / "python.db", files, options.uploaders)
    start = time.perf_counter()
    subprocess.run([options.framescope, "import", "--db", str(work / "import.db"),
                    str(uploads)], check=True, stdout=subprocess.DEVNULL)
    imported = time.perf_counter() - start

    count = len(files)
    print("collector: %d uploads of %.1f KB, %d uploaders on loopback"
          % (count, size_kb, options.uploaders))
    print("  framescope serve          %7.0f uploads/s  (parsed and stored as sessions, SQLite)"
          % (count / served))
    if served_postgres is not None:
        print("  framescope serve          %7.0f uploads/s  (the same, into PostgreSQL)"
              % (count / served_postgres))
    print("  Python http.server+sqlite3 %6.0f uploads/s  (bodies stored as blobs, not parsed)"
          % (count / python))
    print("  framescope import         %7.0f files/s    (one process, no HTTP)"
          % (count / imported))


if __name__ == "__main__":
    main()
