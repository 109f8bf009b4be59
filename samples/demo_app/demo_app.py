"""A small game-like application with a 30 fps main loop that reproduces, one per run, the
failures that make a Python program stall or crash in the field.

    python3 demo_app.py SCENARIO [--out DIR] [--watchdog framescope|faulthandler|none]

Scenarios: normal, network_stall, network_hang, logging_deadlock, asset_loading, gc_storm,
uncaught_exception, native_crash. Each failure starts two seconds into the run; the run
goes on for a few seconds after it (except the crashes, and network_hang, which never ends).

--watchdog framescope (the default) records a bundle with the framescope recorder;
faulthandler uses only the standard library (`faulthandler.dump_traceback_later`, re-armed
every frame, writing to DIR/faulthandler.txt); none runs the loop alone.
"""

import argparse
import ctypes
import faulthandler
import json
import logging
import os
import socket
import sys
import threading
import time
import zlib

# In the repository the recorder is in recorder/; an installed copy keeps it beside the app.
_RECORDER_IN_REPOSITORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                       "recorder")
if os.path.isdir(_RECORDER_IN_REPOSITORY):
    sys.path.insert(0, _RECORDER_IN_REPOSITORY)

FPS = 30
BUDGET_MS = 1000.0 / FPS
FRAME_S = 0.032  # paced a little inside the budget, as real loops leave headroom
FAILURE_FRAME = 2 * FPS
AFTER_FAILURE_FRAMES = 3 * FPS
GC_STORM_FRAMES = 6 * FPS    # long enough for full collections to come round
NORMAL_RUN_FRAMES = 8 * FPS
AUTOSAVE_EVERY_FRAMES = 75   # a little slow, never a stall

log = logging.getLogger("demo")


# -- the world: a few hundred entities updated and "rendered" every frame ---------------------

class Entity:
    def __init__(self, entity_id):
        self.entity_id = entity_id
        self.x = float(entity_id)
        self.velocity = 1.0 + entity_id % 7
        self.health = 100

    def __str__(self):
        # Describing an entity logs how it was looked up: harmless until a record that
        # mentions an entity is formatted while the log handler's lock is held.
        log.warning("describing entity %d", self.entity_id)
        return "Entity(%d at %.1f)" % (self.entity_id, self.x)


class World:
    def __init__(self):
        self.entities = {entity_id: Entity(entity_id) for entity_id in range(400)}
        self.score = 0

    def update(self, dt):
        for entity in self.entities.values():
            entity.x = (entity.x + entity.velocity * dt) % 1000.0

    def render(self):
        checksum = 0
        for entity in self.entities.values():
            checksum = (checksum * 31 + int(entity.x * 16)) & 0xFFFFFFFF
        return checksum


def autosave(world):
    document = {str(e.entity_id): [e.x, e.velocity, e.health] for e in world.entities.values()}
    text = json.dumps(document)
    for _ in range(30):
        text = json.dumps(json.loads(text))
    return len(text)


# -- 1. a network peer that stops answering -------------------------------------------------

class GameServer:
    """A loopback peer answering every request, until it stops answering for a while."""

    def __init__(self, silence_s):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.silence_s = silence_s
        self.go_silent = threading.Event()
        threading.Thread(target=self.serve, name="GameServer", daemon=True).start()

    def serve(self):
        connection, _ = self.listener.accept()
        with connection:
            while True:
                request = connection.recv(4096)
                if not request:
                    return
                if self.go_silent.is_set():
                    self.go_silent.clear()
                    time.sleep(self.silence_s)  # the peer is busy elsewhere
                connection.sendall(b"ok " + request)


class ServerConnection:
    def __init__(self, server):
        self.sock = socket.create_connection(server.listener.getsockname())

    def request(self, message):
        self.sock.sendall(message)
        return self.read_reply()

    def read_reply(self):
        return self.sock.recv(4096)  # blocks the main thread until the peer answers


# -- 2. a non-reentrant lock re-entered by logging from __str__ -----------------------------

LOCK_TIMEOUT_S = 2.5


class TimedLock:
    """A plain lock, as some third-party handlers use, that gives up after a timeout so the
    demo ends. Real code without the timeout waits forever."""

    def __init__(self):
        self._lock = threading.Lock()
        self._timed_out = 0

    def acquire(self, blocking=True, timeout=-1):
        if self._lock.acquire(timeout=LOCK_TIMEOUT_S):
            return True
        self._timed_out += 1
        return False

    def release(self):
        if self._timed_out:
            self._timed_out -= 1
        else:
            self._lock.release()

    __enter__ = acquire

    def __exit__(self, *exc):
        self.release()


class PlainLockHandler(logging.Handler):
    """Writes records to a stream under a plain lock."""

    def __init__(self, stream):
        super().__init__()
        self.stream = stream

    def createLock(self):
        self.lock = TimedLock()

    def emit(self, record):
        self.stream.write(self.format(record) + "\n")


# -- 4. objects whose __del__ does work, left to the collector ------------------------------

class SceneNode:
    def __init__(self, parent):
        self.parent = parent  # parent <-> children: a cycle only the collector frees
        self.children = []
        self.vertex_buffer = bytearray(256)
        if parent is not None:
            parent.children.append(self)

    def __del__(self):
        release_vertex_buffer(self.vertex_buffer)


def release_vertex_buffer(buffer):
    # Stands for giving a GPU buffer back: a little work per object.
    return zlib.crc32(bytes(buffer) * 64)


# -- 3. asset loading between two pumps --------------------------------------------------------

def load_level_assets(count):
    """Decodes every asset of a level at once, in the middle of a frame."""
    total = 0
    for index in range(count):
        total += len(decode_asset(index))
    return total


def decode_asset(index):
    raw = json.dumps([[index, row, row * 0.5, "tile-%d" % row] for row in range(4000)])
    packed = zlib.compress(raw.encode(), 9)
    return json.loads(zlib.decompress(packed))


# -- 5 and 6. crashes ----------------------------------------------------------------------------

class GameStateError(Exception):
    pass


def apply_damage(world, target_id, amount):
    try:
        target = world.entities[target_id]
    except KeyError as missing:
        raise GameStateError("damage for entity %d, which no longer exists" % target_id) \
            from missing
    target.health -= amount


def read_native_buffer(address):
    return ctypes.string_at(address, 16)  # a bad pointer from a native extension


# -- the main loop ------------------------------------------------------------------------------

class Game:
    def __init__(self, scenario, watchdog):
        self.scenario = scenario
        self.watchdog = watchdog
        self.world = World()
        self.frame = 0
        self.scene = []
        self.server = None
        self.connection = None
        if scenario in ("network_stall", "network_hang"):
            self.server = GameServer(silence_s=3.0 if scenario == "network_stall" else 3600)
            self.connection = ServerConnection(self.server)

    def run(self, beat):
        last = deadline = time.perf_counter()
        end_frame = {"normal": NORMAL_RUN_FRAMES,
                     "gc_storm": FAILURE_FRAME + GC_STORM_FRAMES}.get(
                         self.scenario, FAILURE_FRAME + AFTER_FAILURE_FRAMES)
        while self.frame < end_frame:
            beat()
            now = time.perf_counter()
            self.tick(now - last)
            last = now
            self.frame += 1
            deadline = max(deadline + FRAME_S, time.perf_counter())  # late frames are not caught up
            time.sleep(max(0.0, deadline - time.perf_counter()))

    def tick(self, dt):
        self.world.update(dt)
        self.world.render()
        if self.connection is not None:
            self.poll_server()
        if self.frame % AUTOSAVE_EVERY_FRAMES == AUTOSAVE_EVERY_FRAMES - 1:
            autosave(self.world)
        if self.scenario == "gc_storm" and self.frame >= FAILURE_FRAME:
            self.spawn_particles()
        if self.frame == FAILURE_FRAME:
            self.fail()

    def poll_server(self):
        if self.frame == FAILURE_FRAME:
            self.server.go_silent.set()
        self.connection.request(b"state %d" % self.frame)

    def spawn_particles(self):
        root = SceneNode(None)
        for _ in range(1000):
            SceneNode(root)
        self.scene.append(root)
        if len(self.scene) > 40:
            self.scene.pop(0)

    def fail(self):
        if self.scenario == "logging_deadlock":
            log.warning("player hit: %s", self.world.entities[7])
        elif self.scenario == "asset_loading":
            log.warning("loaded %d bytes of level data", load_level_assets(120))
        elif self.scenario == "uncaught_exception":
            apply_damage(self.world, 4711, 25)
        elif self.scenario == "native_crash":
            read_native_buffer(16)  # a field of a NULL struct pointer


SCENARIOS = ("normal", "network_stall", "network_hang", "logging_deadlock", "asset_loading",
             "gc_storm", "uncaught_exception", "native_crash")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=SCENARIOS)
    parser.add_argument("--out", default="framescope-reports")
    parser.add_argument("--watchdog", choices=("framescope", "faulthandler", "none"),
                        default="framescope")
    parser.add_argument("--profile", action="store_true",
                        help="write a cProfile profile of the session into the bundle")
    options = parser.parse_args()
    logging.getLogger().addHandler(PlainLockHandler(sys.stderr))
    game = Game(options.scenario, options.watchdog)
    if options.watchdog == "framescope":
        import framescope_recorder
        recorder = framescope_recorder.start("demo-app", "1.0.0", budget_ms=BUDGET_MS,
                                             out_dir=options.out, stall_ms=1000.0,
                                             profile=options.profile)
        game.run(recorder.heartbeat)
    elif options.watchdog == "faulthandler":
        os.makedirs(options.out, exist_ok=True)
        with open(os.path.join(options.out, "faulthandler.txt"), "w") as dumps:
            def rearm():
                faulthandler.dump_traceback_later(0.5, repeat=True, file=dumps)
            game.run(rearm)
            faulthandler.cancel_dump_traceback_later()
    else:
        game.run(lambda: None)


if __name__ == "__main__":
    main()
