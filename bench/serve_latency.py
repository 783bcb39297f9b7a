#!/usr/bin/env python3
"""Time from saving a new article to `briefing serve` having written its page.

Starts `briefing serve --root ROOT --port P`, waits for its first build (GET / returns 200),
then, REPEATS times: saves a new curated article into ROOT/content/, and polls every 1 ms until
ROOT/site/articles/<slug>/index.html exists and contains the article's title. Prints each
latency and the median (`median_ms=…` on the last line, for bench/run.sh). Standard library only.
Every wait is bounded; the server's process group is stopped at the end whatever happens.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


def slugify(title: str) -> str:
    """Lowercase ASCII, non-alphanumerics collapsed to single '-', trimmed (ASCII titles only)."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article_text(title: str, i: int) -> str:
    body = []
    for p in range(8):
        body.append(
            f"Paragraph {p + 1} of the latency probe number {i}. The UN Security Council met on "
            "Tuesday to discuss sanctions on North Korea, and diplomats said Moscow and Pyongyang "
            "had deepened military cooperation under their treaty. Officials declined to comment "
            "on the timing of the next meeting."
        )
    return (
        "+++\n"
        f'title = "{title}"\n'
        "date = 2025-12-31\n"
        'source = "Yonhap"\n'
        f'url = "https://example.org/bench/{i}"\n'
        'topics = ["un-diplomacy"]\n'
        'people = ["Kim Jong-un"]\n'
        "+++\n\n" + "\n\n".join(body) + "\n"
    )


def wait_http_ok(url: str, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited with code {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.05)
    raise TimeoutError(f"no 200 from {url} in time")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="path to the briefing binary")
    ap.add_argument("--root", required=True, help="archive root (holds briefing.toml, content/)")
    ap.add_argument("--output", help="output folder (default ROOT/site)")
    ap.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--startup-timeout", type=float, default=900.0,
                    help="seconds to wait for the first build")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds to wait for each new article's page")
    ap.add_argument("--pause", type=float, default=1.0,
                    help="seconds between saves, so debounce windows do not merge")
    ap.add_argument("--log", help="file for the server's output (default: a temp file)")
    args = ap.parse_args()

    root = os.path.abspath(args.root)
    output = os.path.abspath(args.output or os.path.join(root, "site"))
    port = args.port or free_port()
    content = os.path.join(root, "content", "bench-latency")
    os.makedirs(content, exist_ok=True)
    # Beside the root (same file system for the atomic rename, outside what serve watches).
    staging = tempfile.mkdtemp(prefix="briefing-latency-", dir=os.path.dirname(root))
    log = open(args.log or os.path.join(staging, "serve.log"), "w")
    nonce = f"{os.getpid()}x{int(time.time())}"
    written = []

    proc = subprocess.Popen(
        [args.bin, "serve", "--root", root, "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        t0 = time.monotonic()
        wait_http_ok(f"http://127.0.0.1:{port}/", proc, t0 + args.startup_timeout)
        print(f"first build served after {time.monotonic() - t0:.2f} s", flush=True)
        latencies = []
        for i in range(1, args.repeats + 1):
            title = f"Bench article {i} for latency {nonce}"
            slug = slugify(title)
            page = os.path.join(output, "articles", slug, "index.html")
            if os.path.exists(page):
                raise RuntimeError(f"{page} exists before its article was saved")
            tmp = os.path.join(staging, f"{slug}.md")
            with open(tmp, "w") as f:
                f.write(article_text(title, i))
            dest = os.path.join(content, f"{slug}.md")
            start = time.perf_counter()
            os.replace(tmp, dest)  # one atomic save, as editors do
            written.append(dest)
            deadline = start + args.timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"serve exited with code {proc.returncode}")
                try:
                    with open(page, encoding="utf-8", errors="replace") as f:
                        if title in f.read():
                            break
                except FileNotFoundError:
                    pass
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"{page} not written within {args.timeout} s")
                time.sleep(0.001)
            ms = (time.perf_counter() - start) * 1000
            latencies.append(ms)
            print(f"article {i}: {ms:.1f} ms", flush=True)
            time.sleep(args.pause)
        print(f"median_ms={statistics.median(latencies):.1f}")
        return 0
    except (RuntimeError, TimeoutError) as e:
        log.flush()
        print(f"serve_latency: {e}", file=sys.stderr)
        try:
            with open(log.name) as f:
                tail = f.read()[-2000:]
            print(f"--- serve log (tail) ---\n{tail}", file=sys.stderr)
        except OSError:
            pass
        return 1
    finally:
        stop(proc)
        log.close()
        for path in written:
            try:
                os.remove(path)
            except OSError:
                pass
        try:
            os.rmdir(content)
        except OSError:
            pass
        shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
