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
bundle into one file for sending.
"""

import atexit
import faulthandler
import gc
import json
import logging
import os
import platform
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
          log_level=None, profile=False):
    """Starts recording this process; returns the Recorder. Call once, from the main thread.

    slow_ms: a frame running this long gets its threads' stacks sampled (default: the budget).
    stall_ms: a frame running this long is a stall, the program has stopped responding.
    gc_min_ms: shorter young-generation collections are not recorded.
    log_tail_bytes: the log kept in the bundle is at most about twice this.
    log_level: set the root logger to this level; by default it is left as the app set it.
    profile: run cProfile on the main thread and write profile.pstats at a clean exit.
    """
    global _active
    if _active is not None:
        raise RuntimeError("framescope_recorder.start() was already called")
    settings = _Settings(budget_ms, slow_ms if slow_ms is not None else budget_ms, stall_ms,
                         sample_interval_ms, gc_min_ms, log_tail_bytes)
    close_abandoned_sessions(out_dir, app)
    _active = Recorder(app, version, out_dir, settings, log_level, profile)
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
                 log_tail_bytes):
        self.budget_ms = float(budget_ms)
        self.slow_ms = float(slow_ms)
        self.stall_ms = float(stall_ms)
        self.sample_interval_ms = float(sample_interval_ms)
        self.gc_min_ms = float(gc_min_ms)
        self.log_tail_bytes = int(log_tail_bytes)


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
        atexit.register(self.stop)
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
        if status == "clean" and self._interrupted and lag_ms >= self.settings.stall_ms:
            # Interrupted (Ctrl+C) while stalled: a hang ended by the user.
            end.update(status="abnormal", hung=True)
        elif status == "crashed" and lag_ms >= self.settings.stall_ms:
            end["hung"] = True  # stalled, then the exception; or stuck at exit after it
        _write_json_once(self._file("end.json"), end)
        logging.getLogger().removeHandler(self._log_handler)
        self._log_handler.close()
        faulthandler.disable()

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
                self._crashed = True
                try:
                    text = _formatted(kind, value, tb)
                except Exception:
                    text = "%s: (the traceback could not be formatted)\n" % kind.__name__
                self._record_crash("exception", threading.current_thread().name, text)
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
            previous_threading_hook(args)

        threading.excepthook = threading_excepthook
        if hasattr(sys, "unraisablehook"):
            previous_unraisable_hook = sys.unraisablehook

            def unraisablehook(unraisable):
                self._on_unraisable(unraisable)
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

    def close(self):
        self._out.close()
        super().close()


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


def _main(argv):
    usage = "usage: framescope_recorder.py pack BUNDLE_DIR [--format zip|tar.gz]"
    if len(argv) not in (2, 4) or argv[0] != "pack" or (len(argv) == 4 and argv[2] != "--format"):
        print(usage, file=sys.stderr)
        return 2
    print(pack(argv[1], argv[3] if len(argv) == 4 else "zip"))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
