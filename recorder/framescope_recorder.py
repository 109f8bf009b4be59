"""framescope recorder: frame timings, stalls, GC pauses and crashes of a Python main loop.

Standard library only; CPython 3.8+ and PyPy 3.

    import framescope_recorder

    recorder = framescope_recorder.start("mygame", "1.4.2", budget_ms=33.3, out_dir="reports")
    while running:
        recorder.heartbeat()          # once per main-loop iteration
        pump_messages(); update(); render()

An application that catches everything at its top level reports what it caught:

    except Exception:
        recorder.report_exception()   # then show its own error box

or, to leave the time the loop spends waiting for events out of its frames:

    while running:
        wait_for_events()
        with recorder.frame():
            update(); render()

Every session writes one bundle folder (see BUNDLE-FORMAT.md beside this file). Each file in
it is appended to as the session runs, so a bundle loads at any moment, also after a crash
or a kill: there is no closing step. `python3 framescope_recorder.py pack DIR` packs a
bundle into one file for sending; `python3 framescope_recorder.py run --beat
pygame.display.flip game.py` records a program that was not written for it.
"""

import atexit
import faulthandler
import gc
import json
import logging
import os
import platform
import random
import shutil
import sys
import threading
import time
import traceback

FORMAT_VERSION = 1

_perf_counter = time.perf_counter
_active = None


def start(app, version, budget_ms=33.3, out_dir="framescope-reports", *, slow_ms=None,
          stall_ms=2000.0, sample_interval_ms=50.0, gc_min_ms=1.0, log_tail_bytes=256 * 1024,
          stderr_bytes=256 * 1024, log_level=None, profile=False, upload_url=None,
          upload_key=None, consent=None, max_local_mb=100.0):
    """Starts recording this process; returns the Recorder. Call once, from the main thread.

    slow_ms: a frame running this long gets its threads' stacks sampled (default: the budget).
    stall_ms: a frame running this long is a stall, the program has stopped responding.
    gc_min_ms: shorter young-generation collections are not recorded.
    log_tail_bytes: the log kept in the bundle is at most about twice this.
    stderr_bytes: the first this many bytes written to sys.stderr are kept in the bundle.
    log_level: set the root logger to this level; by default it is left as the app set it.
    profile: run cProfile on the main thread and write profile.pstats at a clean exit.
    upload_url, upload_key, consent: send finished bundles to a collector (its
    /api/v1/bundles) with this key, from a background thread, each time consent() says yes;
    see README.md. Nothing is sent without all three.
    max_local_mb: finished bundles of this app in out_dir beyond the newest this many MB
    are deleted at start (None: no bound).
    """
    global _active
    if _active is not None:
        raise RuntimeError("framescope_recorder.start() was already called")
    settings = _Settings(budget_ms, slow_ms if slow_ms is not None else budget_ms, stall_ms,
                         sample_interval_ms, gc_min_ms, log_tail_bytes, stderr_bytes)
    close_abandoned_sessions(out_dir, app)
    _active = Recorder(app, version, out_dir, settings, log_level, profile)
    upload = _Upload(upload_url, upload_key, consent) if upload_url else None
    _active.start_housekeeping(upload, max_local_mb)
    return _active


def heartbeat():
    """Marks the end of one main-loop iteration and the start of the next."""
    _active.heartbeat()


def frame():
    """Context manager around one main-loop iteration."""
    return _active.frame()


def report_exception(exc_info=None):
    """Records an exception the application caught itself; see Recorder.report_exception.
    Does nothing before start()."""
    if _active is not None:
        _active.report_exception(exc_info)


def watch_asyncio(loop=None):
    """Records the exceptions an asyncio loop reports; see Recorder.watch_asyncio."""
    if _active is not None:
        _active.watch_asyncio(loop)


class _Settings:
    def __init__(self, budget_ms, slow_ms, stall_ms, sample_interval_ms, gc_min_ms,
                 log_tail_bytes, stderr_bytes):
        self.budget_ms = float(budget_ms)
        self.slow_ms = float(slow_ms)
        self.stall_ms = float(stall_ms)
        self.sample_interval_ms = float(sample_interval_ms)
        self.gc_min_ms = float(gc_min_ms)
        self.log_tail_bytes = int(log_tail_bytes)
        self.stderr_bytes = int(stderr_bytes)


# A stall longer than this is sampled once a second, so an hour-long hang stays small.
_DENSE_SAMPLING_S = 10.0
_SPARSE_SAMPLE_INTERVAL_S = 1.0
# Buffered frames and GC events reach the disk at least this often.
_FLUSH_INTERVAL_S = 1.0
_MAX_STACK_DEPTH = 256
# Crash records kept per session (an uncaught main-thread exception always is): an error
# caught and reported every frame must not fill the disk.
_MAX_CRASHES = 100
# Longest repr of an object named in a crash's first lines (asyncio's context, __del__'s owner).
_MAX_REPR = 500


class Recorder:
    """One recording session. All writing happens on the watchdog thread, except the few
    records written where they happen (crashes, the end status, log lines)."""

    def __init__(self, app, version, out_dir, settings, log_level, profile):
        self.settings = settings
        self.app = app
        self._t0 = _perf_counter()
        start_unix = time.time()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(start_unix))
        self.path = os.path.join(out_dir, "%s-%s-%d" % (_safe_name(app), stamp, os.getpid()))
        os.makedirs(self.path, exist_ok=True)
        _write_json_once(self._file("session.json"), {
            "format": "framescope-bundle",
            "format_version": FORMAT_VERSION,
            "app": app,
            "version": version,
            "pid": os.getpid(),
            "start_unix": start_unix,
            "start": _iso8601(start_unix),
            "platform": platform.platform(),
            "machine": platform.machine(),
            "interpreter": sys.implementation.name,
            "python_version": platform.python_version(),
            "executable": sys.executable,
            "frame_budget_ms": settings.budget_ms,
            "slow_frame_ms": settings.slow_ms,
            "stall_ms": settings.stall_ms,
            "sample_interval_ms": settings.sample_interval_ms,
            "gc_min_ms": settings.gc_min_ms,
        })
        self._frames_out = self._open("frames.jsonl")
        self._samples_out = self._open("samples.jsonl")
        self._gc_out = self._open("gc.jsonl")
        self._crashes_out = self._open("crashes.jsonl")
        # faulthandler writes here from its signal handler, so the file stays open for good.
        self._fatal_out = open(self._file("fatal.txt"), "a")
        faulthandler.enable(file=self._fatal_out, all_threads=True)

        # Frames: flat (gap_us, duration_us) pairs, appended by the main thread with one
        # list.extend (atomic under the GIL) and drained from the front by the watchdog.
        self._pending_frames = []
        self._frames_flushed = 0
        self._flushed_until_us = 0
        self._frame_start_us = 0      # None while outside a `with frame()` block
        self._frame_end_us = 0
        self._gap_us = 0
        self._pending_gc = []
        self._gc_started = None
        self._crashed = False
        self._interrupted = False
        self._crash_count = 0
        self._crashes_dropped = 0
        self._crash_lock = threading.RLock()
        self._tkinter_patched = False
        self._write_failed = False
        self._stop = threading.Event()
        self._main_ident = threading.main_thread().ident
        self._frame_scope = _FrameScope(self)

        self._install_gc_hooks()
        self._stderr = _StderrTee(sys.stderr, self._file("stderr.txt"),
                                  self._file("stderr-times.jsonl"), settings.stderr_bytes,
                                  lambda: self._now_us() / 1e6)
        sys.stderr = self._stderr
        self._install_crash_hooks()
        self._log_handler = _LogTailHandler(self._file("log.txt"), settings.log_tail_bytes)
        logging.getLogger().addHandler(self._log_handler)
        if log_level is not None:
            logging.getLogger().setLevel(log_level)
        self._profiler = None
        if profile:
            import cProfile
            self._profiler = cProfile.Profile()
            self._profiler.enable()
        self._housekeeper = None
        atexit.register(self._stop_at_exit)
        self._watchdog = threading.Thread(target=self._watch, name="framescope-watchdog",
                                          daemon=True)
        self._watchdog.start()

    # -- the main thread's side: keep it cheap -------------------------------------------

    def heartbeat(self):
        """Ends the current frame and starts the next one."""
        now = int((_perf_counter() - self._t0) * 1000000)
        self._pending_frames.extend((0, now - self._frame_start_us))
        self._frame_start_us = now

    def frame(self):
        """Context manager: one frame is the time spent inside the block."""
        return self._frame_scope

    def report_exception(self, exc_info=None):
        """Records an exception the application caught and handled itself (a top-level
        `except:` showing its own error box) as a crash of kind "reported", with its
        traceback, on the calling thread. exc_info: a (type, value, traceback) tuple or an
        exception; by default the one being handled (sys.exc_info()). Never raises."""
        try:
            if exc_info is None:
                exc_info = sys.exc_info()
            elif isinstance(exc_info, BaseException):
                exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
            kind, value, tb = exc_info
            if kind is None:
                return
            self._record_crash("reported", threading.current_thread().name,
                               "".join(traceback.format_exception(kind, value, tb)))
        except Exception:
            pass

    def watch_asyncio(self, loop=None):
        """Records what an asyncio loop reports to its exception handler (a task's exception
        never retrieved, a callback raising) as crashes of kind "asyncio", then passes it on
        to the handler set before, or the loop's default one. loop: by default the running
        loop, or else the current thread's event loop. Never raises."""
        try:
            import asyncio
            if loop is None:
                try:
                    loop = asyncio.get_running_loop()
                except RuntimeError:
                    loop = asyncio.get_event_loop_policy().get_event_loop()
            previous = loop.get_exception_handler()
            recorder = self

            def exception_handler(loop, context):
                recorder._on_asyncio_exception(context)
                with recorder._stderr.quiet():
                    if previous is not None:
                        previous(loop, context)
                    else:
                        loop.default_exception_handler(context)

            loop.set_exception_handler(exception_handler)
        except Exception:
            pass

    def stop(self, status=None):
        """Ends the session: writes the remaining records and the end status. Called at
        exit by itself; call it earlier to stop recording."""
        if self._stop.is_set():
            return
        lag_ms = self._lag_us() / 1000.0
        self._stop.set()
        self._watchdog.join(timeout=2.0)
        self._flush()
        if self._profiler is not None:
            self._profiler.disable()
            self._profiler.dump_stats(self._file("profile.pstats"))
        if status is None:
            status = "crashed" if self._crashed else "clean"
        end = {"status": status, "end_unix": time.time(),
               "duration_s": self._now_us() / 1e6, "frames": self._frames_flushed}
        if self._crashes_dropped:
            end["crashes_dropped"] = self._crashes_dropped
        if self._stderr.dropped_bytes:
            end["stderr_dropped_bytes"] = self._stderr.dropped_bytes
        if status == "clean" and self._interrupted and lag_ms >= self.settings.stall_ms:
            # Interrupted (Ctrl+C) while stalled: a hang ended by the user.
            end.update(status="abnormal", hung=True)
        elif status == "crashed" and lag_ms >= self.settings.stall_ms:
            end["hung"] = True  # stalled, then the exception; or stuck at exit after it
        _write_json_once(self._file("end.json"), end)
        logging.getLogger().removeHandler(self._log_handler)
        self._log_handler.close()
        self._stderr.close()
        if sys.stderr is self._stderr:
            sys.stderr = self._stderr.stream
        faulthandler.disable()
        if self._housekeeper is not None:
            self._housekeeper.send(self.path)

    def start_housekeeping(self, upload, max_local_mb):
        """Bounds the reports on disk and sends finished bundles, on a thread of its own."""
        max_local_bytes = None if max_local_mb is None else int(max_local_mb * 1024 * 1024)
        self._housekeeper = _Housekeeper(os.path.dirname(self.path), self.app, self.path,
                                         upload, max_local_bytes)
        self._housekeeper.start()

    def _stop_at_exit(self):
        self.stop()
        if self._housekeeper is not None:
            self._housekeeper.wait_for(self.path, _EXIT_UPLOAD_WAIT_S)

    # -- the watchdog thread ---------------------------------------------------------------

    def _watch(self):
        slow_us = self.settings.slow_ms * 1000.0
        interval_s = self.settings.sample_interval_ms / 1000.0
        next_flush_s = _FLUSH_INTERVAL_S
        while not self._stop.is_set():
            try:
                if not self._tkinter_patched:
                    self._patch_tkinter()
                now_us = self._now_us()
                lag_us = self._lag_us(now_us)
                if lag_us >= slow_us:
                    self._sample(now_us, lag_us)
                    dense = lag_us < _DENSE_SAMPLING_S * 1e6
                    wait_s = interval_s if dense else _SPARSE_SAMPLE_INTERVAL_S
                elif self._frame_start_us is None:
                    wait_s = slow_us / 1e6  # between frames: nothing can be late yet
                else:
                    wait_s = (slow_us - lag_us) / 1e6
                if now_us / 1e6 >= next_flush_s:
                    self._flush()
                    next_flush_s = now_us / 1e6 + _FLUSH_INTERVAL_S
                self._stop.wait(max(0.001, min(wait_s, next_flush_s - now_us / 1e6)))
            except Exception:
                # The recorder must never take the application down with it.
                self._write_failed = True
                return

    def _sample(self, now_us, lag_us):
        names = {t.ident: t.name for t in threading.enumerate()}
        own = threading.get_ident()
        threads = []
        for ident, top in sys._current_frames().items():
            if ident == own:
                continue
            threads.append({"id": ident, "name": names.get(ident, ""),
                            "main": ident == self._main_ident, "stack": _stack_of(top)})
        threads.sort(key=lambda thread: not thread["main"])
        self._flush()  # the frame index below must match what is on disk
        record = {"t": now_us / 1e6, "frame": self._frames_flushed, "lag": lag_us / 1e6,
                  "threads": threads}
        if self._gc_started is not None:
            record["gc"] = True
        self._write(self._samples_out, json.dumps(record, separators=(",", ":")) + "\n")

    def _flush(self):
        count = len(self._pending_frames) // 2 * 2
        if count:
            pairs = self._pending_frames[:count]
            del self._pending_frames[:count]
            gaps, durations = pairs[0::2], pairs[1::2]
            batch = {"t": (self._flushed_until_us + gaps[0]) / 1e6, "d": durations}
            if any(gaps):
                batch["g"] = gaps
            self._flushed_until_us += sum(gaps) + sum(durations)
            self._frames_flushed += len(durations)
            self._write(self._frames_out, json.dumps(batch, separators=(",", ":")) + "\n")
        count = len(self._pending_gc)
        if count:
            events = self._pending_gc[:count]
            del self._pending_gc[:count]
            lines = []
            for t, generation, duration_s, collected, uncollectable in events:
                event = {"t": round(t, 6), "gen": generation, "ms": round(duration_s * 1e3, 3)}
                if collected is not None:
                    event.update(collected=collected, uncollectable=uncollectable)
                lines.append(json.dumps(event, separators=(",", ":")) + "\n")
            self._write(self._gc_out, "".join(lines))

    def _write(self, out, text):
        if self._write_failed:
            return
        try:
            out.write(text)
            out.flush()
        except OSError:
            self._write_failed = True  # disk full or gone: stop recording, keep running

    # -- clocks ------------------------------------------------------------------------------

    def _now_us(self):
        return int((_perf_counter() - self._t0) * 1000000)

    def _lag_us(self, now_us=None):
        """How long the current frame has been running; 0 between frames."""
        start = self._frame_start_us
        if start is None:
            return 0
        return (self._now_us() if now_us is None else now_us) - start

    # -- garbage collector ---------------------------------------------------------------

    def _install_gc_hooks(self):
        if hasattr(gc, "callbacks"):
            gc.callbacks.append(self._on_cpython_gc)
        elif hasattr(gc, "hooks"):  # PyPy reports after the fact, with the time spent
            gc.hooks.on_gc_minor = self._on_pypy_minor
            gc.hooks.on_gc_collect_step = self._on_pypy_major_steps

    def _on_cpython_gc(self, phase, info):
        if phase == "start":
            self._gc_started = _perf_counter()
            return
        started, self._gc_started = self._gc_started, None
        if started is None:
            return
        duration_s = _perf_counter() - started
        generation = info.get("generation", 0)
        if generation == 2 or duration_s * 1e3 >= self.settings.gc_min_ms:
            self._pending_gc.append((started - self._t0, generation, duration_s,
                                     info.get("collected"), info.get("uncollectable")))

    def _on_pypy_minor(self, stats):
        self._on_pypy_gc(0, stats.duration)

    def _on_pypy_major_steps(self, stats):
        self._on_pypy_gc(2, stats.duration)

    def _on_pypy_gc(self, generation, duration_s):
        if generation == 2 or duration_s * 1e3 >= self.settings.gc_min_ms:
            ended = _perf_counter() - self._t0
            self._pending_gc.append((ended - duration_s, generation, duration_s, None, None))

    # -- crashes -----------------------------------------------------------------------------

    def _install_crash_hooks(self):
        """Wraps each hook the interpreter reports an exception through; every wrapper
        records, then calls the hook it replaced, so the program behaves as before."""
        previous_excepthook = sys.excepthook

        def excepthook(kind, value, tb):
            if issubclass(kind, KeyboardInterrupt):
                self._interrupted = True
            else:
                # PyQt5 and PySide call sys.excepthook for an exception in a slot and carry
                # on: only a call with no program code below it ends the program.
                ending = not _called_from_running_code()
                self._crashed = self._crashed or ending
                kind_name = "exception" if ending else "excepthook"
                try:
                    text = _formatted(kind, value, tb)
                except Exception:
                    text = "%s: (the traceback could not be formatted)\n" % kind.__name__
                self._record_crash(kind_name, threading.current_thread().name, text)
            with self._stderr.quiet():
                previous_excepthook(kind, value, tb)

        sys.excepthook = excepthook
        previous_threading_hook = threading.excepthook

        def threading_excepthook(args):
            try:
                if args.exc_type is not SystemExit:
                    thread = args.thread
                    name = thread.name if thread is not None else str(threading.get_ident())
                    self._record_crash("thread_exception", name, "Exception in thread %s:\n%s" % (
                        name, _formatted(args.exc_type, args.exc_value, args.exc_traceback)))
            except Exception:
                pass
            with self._stderr.quiet():
                previous_threading_hook(args)

        threading.excepthook = threading_excepthook
        if hasattr(sys, "unraisablehook"):
            previous_unraisable_hook = sys.unraisablehook

            def unraisablehook(unraisable):
                self._on_unraisable(unraisable)
                with self._stderr.quiet():
                    previous_unraisable_hook(unraisable)

            sys.unraisablehook = unraisablehook
        self._patch_tkinter()

    def _on_unraisable(self, unraisable):
        """An exception Python could not raise (in __del__, a GC callback, a weakref
        callback), as Python prints it: "Exception ignored in: OBJECT" and the traceback."""
        try:
            message = unraisable.err_msg or "Exception ignored in"
            if unraisable.object is not None:
                message += ": " + _short_repr(unraisable.object)
            text = message + "\n"
            if unraisable.exc_type is not None:
                text += _formatted(unraisable.exc_type, unraisable.exc_value,
                                   unraisable.exc_traceback)
            self._record_crash("unraisable", threading.current_thread().name, text)
        except Exception:
            pass

    def _patch_tkinter(self):
        """Wraps tkinter.Tk.report_callback_exception once tkinter is imported: at start,
        or else from the watchdog, which looks each time it wakes (about once a frame).
        An application that sets its own handler on its Tk object reports through
        report_exception()."""
        module = sys.modules.get("tkinter")
        if module is None:
            return
        try:
            tk = getattr(module, "Tk", None)
            previous = getattr(tk, "report_callback_exception", None)
            if previous is None:
                return  # still being imported
            self._tkinter_patched = True
            recorder = self

            def report_callback_exception(tk_self, kind, value, tb):
                recorder._record_crash("tkinter_callback", threading.current_thread().name,
                                       "Exception in Tkinter callback\n" +
                                       _formatted(kind, value, tb))
                with recorder._stderr.quiet():
                    return previous(tk_self, kind, value, tb)

            tk.report_callback_exception = report_callback_exception
        except Exception:
            self._tkinter_patched = True  # not the tkinter we know: leave it alone

    def _on_asyncio_exception(self, context):
        """The text asyncio's default handler logs: the message, the context's other
        entries, then the exception's traceback."""
        try:
            lines = [str(context.get("message") or "Unhandled exception in event loop")]
            for key in sorted(context):
                if key not in ("message", "exception", "source_traceback", "handle_traceback"):
                    lines.append("%s: %s" % (key, _short_repr(context[key])))
            text = "\n".join(lines) + "\n"
            exception = context.get("exception")
            if isinstance(exception, BaseException):
                text += _formatted(type(exception), exception, exception.__traceback__)
            self._record_crash("asyncio", threading.current_thread().name, text)
        except Exception:
            pass

    def _record_crash(self, kind, thread_name, text):
        """Writes the traceback text to its own file, then indexes it in crashes.jsonl.
        Past _MAX_CRASHES records only counts them (end.json's crashes_dropped), except
        for the main thread's uncaught exception. Never raises."""
        try:
            with self._crash_lock:
                if self._stop.is_set() or self._write_failed:
                    return
                if self._crash_count >= _MAX_CRASHES and kind != "exception":
                    self._crashes_dropped += 1
                    return
                self._crash_count += 1
                name = "crash-%d.txt" % self._crash_count
                with open(self._file(name), "w", encoding="utf-8") as out:
                    out.write(text)
                record = {"t": self._now_us() / 1e6, "kind": kind, "thread": thread_name,
                          "file": name}
                self._write(self._crashes_out, json.dumps(record) + "\n")
        except Exception:
            pass  # disk full, or called again while writing (a __del__ raising in a GC)

    # -- files -------------------------------------------------------------------------------

    def _file(self, name):
        return os.path.join(self.path, name)

    def _open(self, name):
        return open(self._file(name), "a", encoding="utf-8")


class _FrameScope:
    __slots__ = ("_recorder",)

    def __init__(self, recorder):
        self._recorder = recorder

    def __enter__(self):
        recorder = self._recorder
        now = int((_perf_counter() - recorder._t0) * 1000000)
        recorder._gap_us = now - recorder._frame_end_us
        recorder._frame_start_us = now

    def __exit__(self, kind, value, tb):
        recorder = self._recorder
        now = int((_perf_counter() - recorder._t0) * 1000000)
        start = recorder._frame_start_us
        recorder._frame_start_us = None
        recorder._frame_end_us = now
        recorder._pending_frames.extend((recorder._gap_us, now - start))


class _LogTailHandler(logging.Handler):
    """Appends formatted records to log.txt; past the size limit the file moves to log.1.txt
    and a new one starts, so the bundle keeps the last one to two limits' worth."""

    def __init__(self, path, limit_bytes):
        super().__init__()
        self.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
        self._path = path
        self._limit = limit_bytes
        self._out = open(path, "a", encoding="utf-8")

    def emit(self, record):
        try:
            self._out.write(self.format(record) + "\n")
            self._out.flush()
            if self._out.tell() > self._limit:
                self._out.close()
                os.replace(self._path, self._path[:-len(".txt")] + ".1.txt")
                self._out = open(self._path, "a", encoding="utf-8")
        except Exception:
            self.handleError(record)
        self._print_as_without_us(record)

    def _print_as_without_us(self, record):
        """Python prints a warning or error that no handler takes to stderr
        (logging.lastResort: asyncio's "Task exception was never retrieved" in a program
        that set up no logging); this handler must not change that."""
        last_resort = getattr(logging, "lastResort", None)
        if last_resort is None or record.levelno < last_resort.level:
            return
        logger = logging.getLogger(record.name)
        while logger is not None:
            if any(handler is not self for handler in logger.handlers):
                return
            logger = logger.parent if logger.propagate else None
        last_resort.handle(record)

    def close(self):
        self._out.close()
        super().close()


class _StderrTee:
    """sys.stderr as the program had it, also copying what is written through it into the
    bundle's stderr.txt: the first `limit_bytes`, whole writes only. The first bytes, not
    the last: the file is only appended to, like every file of a bundle, and the first of
    a repeating error is the one that says the most; what ends a session is recorded by
    the hooks. A hook that recorded an exception quiets the copy on its thread while the
    hook it replaced prints the same text, so the reader counts it once.
    stderr says not when it was written: where a copied write holds a traceback's first
    line, its byte offset in the copy and the session's time go to `times_path`, so that a
    printed exception sits on the session's timeline."""

    _TRACEBACK = "Traceback (most recent call last):"

    def __init__(self, stream, path, times_path, limit_bytes, clock):
        self.stream = stream
        self.dropped_bytes = 0
        self._out = open(path, "a", encoding="utf-8", errors="backslashreplace")
        self._times_path = times_path
        self._times = None  # opened at the first traceback
        self._clock = clock
        self._copied_bytes = 0
        self._room = limit_bytes
        self._lock = threading.RLock()  # reentrant: a signal handler may print mid-write
        self._quiet = set()  # idents of the threads whose writes are not copied

    def write(self, text):
        # No stream at all (pythonw): the copy is then all there is.
        written = self.stream.write(text) if self.stream is not None else len(text)
        try:
            if threading.get_ident() not in self._quiet:
                self._copy(text)
        except Exception:
            pass  # the program's stderr works whatever happens to the copy
        return written

    def _copy(self, text):
        with self._lock:
            size = len(text.encode("utf-8", "backslashreplace"))
            if self._room is None or size > self._room:
                self._room = None  # full: no later fragment after a cut
                self.dropped_bytes += size
                return
            self._room -= size
            at = text.find(self._TRACEBACK)
            if at >= 0:
                offset = self._copied_bytes + len(text[:at].encode("utf-8", "backslashreplace"))
                if self._times is None:
                    self._times = open(self._times_path, "a", encoding="utf-8")
                self._times.write(json.dumps({"at": offset, "t": round(self._clock(), 6)}) + "\n")
                self._times.flush()
            self._copied_bytes += size
            self._out.write(text)
            self._out.flush()

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def quiet(self):
        return _QuietStderr(self._quiet)

    def close(self):
        with self._lock:
            self._room = None
            self._out.close()
            if self._times is not None:
                self._times.close()

    def __getattr__(self, name):
        return getattr(self.stream, name)


class _QuietStderr:
    __slots__ = ("_quiet", "_ident", "_was_quiet")

    def __init__(self, quiet):
        self._quiet = quiet

    def __enter__(self):
        self._ident = threading.get_ident()
        self._was_quiet = self._ident in self._quiet
        self._quiet.add(self._ident)

    def __exit__(self, kind, value, tb):
        if not self._was_quiet:
            self._quiet.discard(self._ident)


def _called_from_running_code():
    """Whether the excepthook running now was called by program code (a toolkit's slot
    dispatch) rather than by the interpreter for an exception that ends the main thread:
    Python frames below the hook other than PyPy's own start-up code (app_main.py)."""
    try:
        frame = sys._getframe(2)  # below this function and the hook
    except ValueError:
        return False  # nothing below the hook
    while frame is not None:
        if os.path.basename(frame.f_code.co_filename) != "app_main.py":
            return True
        frame = frame.f_back
    return False


def _formatted(kind, value, tb):
    return "".join(traceback.format_exception(kind, value, tb))


def _short_repr(value):
    try:
        text = repr(value)
    except Exception:
        text = "<%s object (repr failed)>" % type(value).__name__
    return text if len(text) <= _MAX_REPR else text[:_MAX_REPR] + "..."


def _stack_of(frame):
    """[[file, line, function], ...], innermost first."""
    stack = []
    while frame is not None and len(stack) < _MAX_STACK_DEPTH:
        code = frame.f_code
        stack.append([code.co_filename, frame.f_lineno, code.co_name])
        frame = frame.f_back
    return stack


# -- sessions that could not say how they ended -----------------------------------------------

def close_abandoned_sessions(out_dir, app):
    """Gives every earlier bundle of `app` in out_dir whose process is gone without writing
    end.json its end status: crashed when faulthandler wrote a fatal error or the main
    thread's exception went uncaught, otherwise abnormal (killed, or hung and closed), with
    hung=true when a stall was in progress."""
    if not os.path.isdir(out_dir):
        return
    for name in sorted(os.listdir(out_dir)):
        bundle = os.path.join(out_dir, name)
        if os.path.exists(os.path.join(bundle, "end.json")):
            continue
        try:
            with open(os.path.join(bundle, "session.json"), encoding="utf-8") as source:
                session = json.load(source)
        except (OSError, ValueError):
            continue
        if session.get("app") != app or _process_alive(session.get("pid")):
            continue
        end = _infer_end(bundle, session)
        _write_json_once(os.path.join(bundle, "end.json"), end)


def _infer_end(bundle, session):
    """Crashed after a fatal error or an uncaught main-thread exception, else abnormal; hung
    either way when a stall was in progress. Other crash kinds leave the status alone."""
    fatal = os.path.join(bundle, "fatal.txt")
    crashed = os.path.exists(fatal) and os.path.getsize(fatal) > 0
    crashed = crashed or any(crash.get("kind") == "exception" for crash in
                             _json_lines(os.path.join(bundle, "crashes.jsonl")))
    frames = 0
    for batch in _json_lines(os.path.join(bundle, "frames.jsonl")):
        frames += len(batch.get("d", ()))
    last_sample = None
    for last_sample in _json_lines(os.path.join(bundle, "samples.jsonl")):
        pass
    hung = (last_sample is not None and last_sample.get("frame", -1) >= frames
            and last_sample.get("lag", 0) * 1e3 >= session.get("stall_ms", float("inf")))
    last_write = max(os.path.getmtime(os.path.join(bundle, name)) for name in os.listdir(bundle))
    end = {"status": "crashed" if crashed else "abnormal", "end_unix": last_write,
           "frames": frames, "detected": "next_start"}
    if hung:
        end["hung"] = True
    return end


def _json_lines(path):
    """The complete records of a JSON Lines file; a line cut short by a crash is skipped."""
    try:
        with open(path, encoding="utf-8") as source:
            for line in source:
                try:
                    yield json.loads(line)
                except ValueError:
                    pass
    except OSError:
        return


def _process_alive(pid):
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, AttributeError):
        return True  # exists but not ours, or no way to tell: leave it alone
    return True


def _write_json_once(path, value):
    """Writes a whole JSON file or nothing: readers never see half of it."""
    partial = path + ".partial"
    with open(partial, "w", encoding="utf-8") as out:
        json.dump(value, out, indent=1)
        out.write("\n")
    os.replace(partial, path)


def _iso8601(unix_seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(unix_seconds))


def _safe_name(text):
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text) or "app"


# -- sending finished bundles, keeping the local ones bounded ------------------------------------

# Backoff between two tries of one upload: doubling from the first step up to the cap, the
# second half of each step random, so that many clients that went offline together do not
# come back together.
_RETRY_FIRST_S = 1.0
_RETRY_MAX_S = 300.0
_UPLOAD_TIMEOUT_S = 30.0
# At exit, how long the session's own bundle may take to go; past it, the next start sends it.
_EXIT_UPLOAD_WAIT_S = 3.0
# Answers that say "not now" rather than "never": the request timed out (408), the
# collector was busy (429).
_RETRIED_4XX = (408, 429)
# Written into a bundle the collector refused (another 4xx): kept, never sent again.
_REJECTED_MARK = "upload-rejected.json"
# A bundle being deleted is renamed first, so that one cut short by an exit is not a bundle.
_DELETING_SUFFIX = ".deleting"


class _Upload:
    """Where and whether to send: the collector's URL, its key, and the user's consent."""

    def __init__(self, url, key, consent):
        self.url = url
        self.key = key
        self._consent = consent

    def allowed(self):
        """consent(), asked on the housekeeping thread before each bundle; no callable, an
        exception or anything false is a no."""
        try:
            return self.key is not None and self._consent is not None and bool(self._consent())
        except Exception:
            return False


class _Housekeeper(threading.Thread):
    """Off the main thread: first deletes the oldest finished bundles beyond the local bound,
    then, where asked, sends the finished bundles of earlier sessions, oldest first, and the
    session's own when it ends. A bundle stays on disk until the collector acknowledged it."""

    def __init__(self, out_dir, app, own_path, upload, max_local_bytes):
        super().__init__(name="framescope-upload", daemon=True)
        self._out_dir = out_dir
        self._app = app
        self._own_path = own_path
        self._upload = upload
        self._max_local_bytes = max_local_bytes
        self._pending = []  # bundle paths to send, in order
        self._sent = set()  # paths whose try is over: acknowledged, refused or not allowed
        self._changed = threading.Condition()

    def send(self, path):
        if self._upload is not None:
            with self._changed:
                self._pending.append(path)
                self._changed.notify_all()

    def wait_for(self, path, timeout_s):
        """Waits at most timeout_s for `path`'s upload to be over, whatever its outcome."""
        if self._upload is None:
            return
        deadline = _perf_counter() + timeout_s
        with self._changed:
            while path not in self._sent and path in self._pending:
                left = deadline - _perf_counter()
                if left <= 0:
                    return
                self._changed.wait(left)

    def run(self):
        try:
            if self._max_local_bytes is not None:
                bound_local_reports(self._out_dir, self._app, self._max_local_bytes,
                                    keep=self._own_path)
            if self._upload is None:
                return
            with self._changed:
                self._pending[:0] = [path for path in finished_bundles(self._out_dir, self._app)
                                     if path != self._own_path]
            while True:
                with self._changed:
                    while not self._pending:
                        self._changed.wait()
                    path = self._pending[0]
                if self._upload.allowed():
                    _send_until_answered(path, self._upload)
                with self._changed:
                    self._pending.remove(path)
                    self._sent.add(path)
                    self._changed.notify_all()
        except Exception:
            pass  # the recorder must never take the application down with it


def _send_until_answered(path, upload):
    """Sends one bundle until the collector answers for good: acknowledged (201, or 200 for
    a bundle it already had), then the bundle is deleted; refused (another 4xx), then
    it is marked and kept. Offline, 408, 429 or 5xx: tries again after a backoff, for as long as
    the process runs."""
    try:
        body = _packed_tar_gz(path)
    except OSError:
        return  # gone or unreadable: nothing to send
    step_s = _RETRY_FIRST_S
    while True:
        status, retry_after_s = _post(upload.url, upload.key, body)
        if status in (200, 201):
            _delete_bundle(path)
            return
        if status is not None and status not in _RETRIED_4XX and status < 500:
            _write_json_once(os.path.join(path, _REJECTED_MARK),
                             {"status": status, "at_unix": time.time()})
            return
        wait_s = step_s / 2 + random.uniform(0, step_s / 2)
        if retry_after_s is not None:
            wait_s = max(wait_s, min(retry_after_s, _RETRY_MAX_S))
        time.sleep(wait_s)
        step_s = min(step_s * 2, _RETRY_MAX_S)


def _post(url, key, body):
    """(HTTP status or None when no answer came, Retry-After in seconds or None)."""
    import http.client
    import urllib.error
    import urllib.request
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": "Bearer " + key, "Content-Type": "application/gzip"})
    try:
        with urllib.request.urlopen(request, timeout=_UPLOAD_TIMEOUT_S) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, _seconds(error.headers.get("Retry-After"))
    except (OSError, ValueError, http.client.HTTPException):
        return None, None  # offline, refused, reset, timed out


def _seconds(text):
    try:
        return max(0.0, float(text))
    except (TypeError, ValueError):
        return None  # absent, or an HTTP date: the backoff decides


def _packed_tar_gz(path):
    """The bundle folder as a .tar.gz in memory: the folder at the top, as pack() writes it."""
    import io
    import tarfile
    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w:gz") as archive:
        archive.add(path, arcname=os.path.basename(path))
    return packed.getvalue()


def _delete_bundle(path):
    doomed = path + _DELETING_SUFFIX
    try:
        os.replace(path, doomed)
    except OSError:
        return
    shutil.rmtree(doomed, ignore_errors=True)


def finished_bundles(out_dir, app):
    """The bundles of `app` in out_dir that have their end.json and were not refused, oldest
    first."""
    found = []
    for name in _names_in(out_dir):
        bundle = os.path.join(out_dir, name)
        if name.endswith(_DELETING_SUFFIX) or not os.path.exists(os.path.join(bundle, "end.json")):
            continue
        if os.path.exists(os.path.join(bundle, _REJECTED_MARK)):
            continue
        start_unix = _session_start_of(bundle, app)
        if start_unix is not None:
            found.append((start_unix, bundle))
    return [bundle for _, bundle in sorted(found)]


def bound_local_reports(out_dir, app, max_bytes, keep=None):
    """Keeps the newest finished bundles of `app` (refused ones too) that fit in max_bytes
    together and deletes the older ones; `keep` (the running session) is never deleted and
    counts against nothing. Also finishes deletions an exit cut short."""
    bundles = []
    for name in _names_in(out_dir):
        bundle = os.path.join(out_dir, name)
        if name.endswith(_DELETING_SUFFIX):
            shutil.rmtree(bundle, ignore_errors=True)
        elif bundle != keep and os.path.exists(os.path.join(bundle, "end.json")):
            start_unix = _session_start_of(bundle, app)
            if start_unix is not None:
                bundles.append((start_unix, bundle))
    total = 0
    for _, bundle in sorted(bundles, reverse=True):
        total += _folder_bytes(bundle)
        if total > max_bytes:
            _delete_bundle(bundle)


def _names_in(folder):
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _session_start_of(bundle, app):
    """The session's start_unix when `bundle` is one of `app`'s, else None."""
    try:
        with open(os.path.join(bundle, "session.json"), encoding="utf-8") as source:
            session = json.load(source)
    except (OSError, ValueError):
        return None
    if not isinstance(session, dict) or session.get("app") != app:
        return None
    start = session.get("start_unix")
    return float(start) if isinstance(start, (int, float)) else 0.0


def _folder_bytes(folder):
    total = 0
    for name in _names_in(folder):
        try:
            total += os.path.getsize(os.path.join(folder, name))
        except OSError:
            pass
    return total


# -- packing a bundle for sending --------------------------------------------------------------

def pack(bundle_dir, archive_format="zip"):
    """Packs a bundle folder into BUNDLE.zip or BUNDLE.tar.gz beside it; returns the path."""
    bundle_dir = os.path.abspath(bundle_dir.rstrip(os.sep))
    formats = {"zip": "zip", "tar.gz": "gztar"}
    if archive_format not in formats:
        raise ValueError("archive format must be zip or tar.gz")
    return shutil.make_archive(bundle_dir, formats[archive_format],
                               root_dir=os.path.dirname(bundle_dir),
                               base_dir=os.path.basename(bundle_dir))


# -- recording a program that does not call the recorder ------------------------------------------

_RUN_USAGE = """usage: framescope_recorder.py run [--app NAME] [--app-version VERSION] [--out DIR]
           [--budget-ms MS] [--stall-ms MS] [--beat MODULE.FUNCTION]... (-m MODULE | SCRIPT) [ARGS...]
  --beat: a heartbeat after each call of that function (the one the program calls once a
  frame: pygame.display.flip, pygame.display.update); several may be given"""


def beat_after(dotted_name):
    """Replaces MODULE.FUNCTION (e.g. "pygame.display.flip") by a wrapper that calls it, then
    heartbeat(): a heartbeat for a main loop whose code cannot be changed. Call after
    start(); the program must look the function up through its module when it calls it."""
    import importlib
    if _active is None:
        raise RuntimeError("framescope_recorder.beat_after() needs start() first")
    module_name, _, function_name = dotted_name.rpartition(".")
    module = importlib.import_module(module_name)
    original = getattr(module, function_name)
    recorder = _active

    def beating(*args, **kwargs):
        result = original(*args, **kwargs)
        recorder.heartbeat()
        return result

    setattr(module, function_name, beating)


def _run(argv):
    """Starts the recorder, sets the heartbeats asked for, then runs the program as its own
    `python3 SCRIPT` or `python3 -m MODULE` would, with the rest of the arguments."""
    import runpy
    options = {"--app": None, "--app-version": "unknown", "--out": "framescope-reports",
               "--budget-ms": "33.3", "--stall-ms": "2000"}
    beats = []
    while argv and argv[0] in tuple(options) + ("--beat",) and len(argv) >= 2:
        if argv[0] == "--beat":
            beats.append(argv[1])
        else:
            options[argv[0]] = argv[1]
        argv = argv[2:]
    module = argv[1] if len(argv) >= 2 and argv[0] == "-m" else None
    if not argv or (argv[0].startswith("-") and module is None):
        print(_RUN_USAGE, file=sys.stderr)
        return 2
    program = module or argv[0]
    app = options["--app"] or os.path.splitext(os.path.basename(program))[0]
    start(app, options["--app-version"], budget_ms=float(options["--budget-ms"]),
          stall_ms=float(options["--stall-ms"]), out_dir=options["--out"])
    for name in beats:
        beat_after(name)
    if module is not None:
        sys.argv = [module] + argv[2:]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    else:
        sys.argv = argv
        sys.path[0] = os.path.dirname(os.path.abspath(program))  # as `python3 SCRIPT` sets it
        runpy.run_path(program, run_name="__main__")
    return 0


def _main(argv):
    if argv and argv[0] == "run":
        return _run(argv[1:])
    usage = ("usage: framescope_recorder.py pack BUNDLE_DIR [--format zip|tar.gz]\n"
             "       framescope_recorder.py run ... (see run --help)")
    if len(argv) not in (2, 4) or argv[0] != "pack" or (len(argv) == 4 and argv[2] != "--format"):
        print(usage, file=sys.stderr)
        return 2
    print(pack(argv[1], argv[3] if len(argv) == 4 else "zip"))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
