"""A warm ``itakit serve`` answering an upload against ``itakit score`` on the same file, side by side (issue 21).

    python benchmarks/web.py                    # 31 runs of each, a minute on two cores
    python benchmarks/web.py --runs 51 --markdown web.md

Starts ``itakit serve`` on a free loopback port (the real command, one worker), warms it
with a few uploads, then alternates, run after run: ``itakit score FILE`` as a fresh
process (what an officer at a terminal waits for), and one upload of the same FILE to the
page — a new connection, the multipart POST of the home page's form, the whole result
page read back — timed from the client.  Medians are reported.  Target: the warm upload
takes at most half the command's time on the example.  Needs the ``web`` extra.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FILES = {
    "lamliang-2565-indicators.csv": "the example, the target",
    "lamliang-2565-indicators.xlsx": "the same, as an Excel workbook",
    "lamliang-2565-questions.csv": "question scores and OIT items",
    "synthetic-agencies-2565.csv": "300 agencies: the summary page",
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("ITAKIT_WEB_SETTINGS", None)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Page:
    """The page as one officer's browser sees it: a cookie, the form's token, uploads."""

    def __init__(self, port: int) -> None:
        self.port = port
        status, text, cookie = self._request("GET", "/", b"", {})
        if status != 200:
            raise SystemExit(f"the page answered {status}")
        self.cookie = cookie
        self.token = re.search(r'name="csrf" value="([^"]+)"', text).group(1)  # type: ignore[union-attr]

    def _request(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            text = answer.read().decode("utf-8")
            cookie = (answer.getheader("set-cookie") or "").split(";", 1)[0]
            return answer.status, text, cookie
        finally:
            conn.close()

    def upload(self, path: Path) -> tuple[float, str]:
        """One upload: seconds from the first byte sent to the last byte of the result page read, and the page."""
        boundary = uuid.uuid4().hex
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{self.token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="year"\r\n\r\nauto\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + \
            f"\r\n--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": self.cookie}
        start = time.perf_counter()
        status, text, _ = self._request("POST", "/result", body, headers)
        elapsed = time.perf_counter() - start
        if status != 200:
            raise SystemExit(f"upload of {path.name} answered {status}")
        return elapsed, text


def _cli(itakit: list[str], path: Path) -> float:
    start = time.perf_counter()
    subprocess.run([*itakit, "score", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True,
                   env=_env())
    return time.perf_counter() - start


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--markdown", metavar="FILE", help="also write the report to FILE")
    args = parser.parse_args(argv)
    itakit = [sys.executable, "-m", "itakit"]
    port = _free_port()
    server = subprocess.Popen([*itakit, "serve", "--port", str(port)], env=_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = Page(port)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("itakit serve did not start") from None
                time.sleep(0.1)
        rows = []
        for name, what in FILES.items():
            path = EXAMPLES / name
            for _ in range(3):  # warm: the first upload of a kind loads its reader
                page.upload(path)
                _cli(itakit, path)
            web, cli = [], []
            for _ in range(args.runs):
                cli.append(_cli(itakit, path))
                web.append(page.upload(path)[0])
            w, c = statistics.median(web), statistics.median(cli)
            rows.append(f"| `{name}` ({what}) | {_ms(c)} | {_ms(w)} | {w / c:.2f}× |")
    finally:
        server.terminate()
        server.wait(30)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    report = "\n".join([
        f"itakit serve (warm, one worker) against itakit score, median of {args.runs} runs each, alternating; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} logical cores, load average at the end {load}",
        "",
        "| file | `itakit score FILE` | upload to result page | ratio |",
        "|---|---|---|---|",
        *rows,
        "",
        "target: the example's upload at most 0.5× the command",
    ])
    print(report)
    if args.markdown:
        Path(args.markdown).write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
