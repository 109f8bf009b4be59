#!/usr/bin/env python3
# Times the window from the process's start to the first frame that shows a profile's views,
# under Xvfb: the window's title is "framescope (working...)" from its creation until a frame
# on screen holds all that was asked for, then "framescope" (set after that frame's swap).
# Each run also gives the process's peak resident memory (GNU time) and, with --shots, screen
# captures (xwd) every --shot-every seconds while the profile loads.
#
# usage: first_frame.py --framescope PATH [--runs N] [--shots DIR] [--shot-every S] PROFILE
import argparse
import os
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ANY_TITLE = "^framescope"
TIMEOUT_S = 600
POLL_S = 0.01


def start_xvfb(size):
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size + "x24",
                             "-nolisten", "tcp"], pass_fds=[write_fd],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    display = ":" + os.read(read_fd, 64).decode().strip()
    for _ in range(100):  # the number comes a moment before the server takes connections
        if subprocess.run(["xdpyinfo", "-display", display], capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    return xvfb, display


def find_window(env, title):
    found = subprocess.run(["xdotool", "search", "--name", title], env=env, capture_output=True,
                           text=True)
    return found.stdout.split()[0] if found.returncode == 0 and found.stdout.split() else None


def capture(env, path):
    """The whole screen, as xwd dumps it."""
    with open(path, "wb") as out:
        subprocess.run(["xwd", "-root", "-silent"], env=env, check=True, stdout=out)


def one_run(framescope, profile, env, shots, shot_every, run):
    """(seconds to the window, seconds to the views drawn, peak RSS in MB, shots taken)."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.monotonic()
        process = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", report.name, framescope,
                                    "--size", "1500x900", profile], env=env)
        window = None
        while window is None:
            if time.monotonic() - start > TIMEOUT_S or process.poll() is not None:
                raise SystemExit("no window")
            window = find_window(env, ANY_TITLE)
            time.sleep(POLL_S)
        window_s = time.monotonic() - start
        # xprop prints the title at once and again on each change: no polling from here on.
        spy = subprocess.Popen(["xprop", "-spy", "-id", window, "WM_NAME"], env=env,
                               stdout=subprocess.PIPE)
        titles = b""
        taken = []
        next_shot = 0.0
        while True:
            now = time.monotonic() - start
            if now > TIMEOUT_S or process.poll() is not None:
                raise SystemExit(f"no frame with the profile's views after {now:.1f} s")
            wait = max(0.0, next_shot - now) if shots else 1.0
            ready, _, _ = select.select([spy.stdout], [], [], wait)
            if ready:
                titles += os.read(spy.stdout.fileno(), 4096)
                if b'= "framescope"\n' in titles:
                    drawn_s = time.monotonic() - start
                    break
            elif shots:
                path = os.path.join(shots, f"run{run}_{now:06.2f}s.xwd")
                capture(env, path)
                taken.append(path)
                next_shot = now + shot_every
        spy.terminate()
        spy.wait()
        if shots:
            path = os.path.join(shots, f"run{run}_shown.xwd")
            capture(env, path)
            taken.append(path)
        # Closed from outside; GNU time still reports the peak.
        pid = subprocess.run(["xdotool", "getwindowpid", window], env=env, capture_output=True,
                             text=True).stdout.split()
        if pid:
            os.kill(int(pid[0]), signal.SIGTERM)
        process.wait(timeout=60)
        peak_mb = int(report.read().split()[-1]) * 1024 / 1e6
    return window_s, drawn_s, peak_mb, taken


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--framescope", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shots", help="a folder for screen captures during the load")
    parser.add_argument("--shot-every", type=float, default=1.0)
    parser.add_argument("profile")
    args = parser.parse_args()
    xvfb, display = start_xvfb("1600x900")
    env = dict(os.environ, DISPLAY=display, vblank_mode="0", XDG_CONFIG_HOME=tempfile.mkdtemp(),
               FRAMESCOPE_DB=os.path.join(tempfile.mkdtemp(), "framescope.db"))
    size_mb = os.path.getsize(args.profile) / 1e6
    try:
        results = []
        for run in range(args.runs):
            window_s, drawn_s, peak_mb, taken = one_run(args.framescope, args.profile, env,
                                                        args.shots, args.shot_every, run)
            results.append((drawn_s, peak_mb))
            print(f"run {run + 1}: window {window_s:.3f} s, views drawn {drawn_s:.3f} s, "
                  f"peak RSS {peak_mb:.1f} MB ({peak_mb / size_mb:.2f}x the file)"
                  + (f", {len(taken)} shots" if taken else ""), flush=True)
        print(f"{os.path.basename(args.profile)} ({size_mb:.1f} MB): start to the first frame "
              f"with its views, median {statistics.median(r[0] for r in results):.3f} s; peak "
              f"RSS median {statistics.median(r[1] for r in results):.1f} MB")
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
