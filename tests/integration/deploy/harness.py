"""Process helpers shared by the deploy, alert and scale integration tests.

Start telex-broker on free ports, start a stage with its stderr in a log file,
run a command to completion with its stderr in a log file, poll its HTTP
endpoints, listen for its systemd notifications, read and write
length-prefixed frames, and stop everything in a fixed order. Every wait is
bounded and raises Failure with a line saying what did not happen.
"""
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

SANITIZER = re.compile(r"ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer")


class Failure(Exception):
    """A test expectation that did not hold; the message says which."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise Failure(f"timed out after {timeout} s waiting for {what}")


def http_get(port, path):
    """(status, body) of GET http://127.0.0.1:port/path; (None, "") if nothing answers."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except OSError:
        return None, ""


def start_broker(bin_dir, work, *flags):
    """Starts telex-broker; returns (process, bootstrap list)."""
    port_file = os.path.join(work, "broker.port")
    log = open(os.path.join(work, "broker.log"), "w")
    proc = subprocess.Popen([os.path.join(bin_dir, "telex-broker"), "--port-file", port_file,
                             *flags], stdout=log, stderr=subprocess.STDOUT)
    wait_for("telex-broker's port file",
             lambda: os.path.exists(port_file) or proc.poll() is not None, 30)
    if proc.poll() is not None:
        raise Failure(f"telex-broker exited {proc.returncode}")
    with open(port_file) as f:
        return proc, f.read().strip()


def start_stage(binary, log_path, args, env=None):
    """Starts a stage with stderr in log_path and stdout discarded."""
    return subprocess.Popen([binary, *args], stdout=subprocess.DEVNULL,
                            stderr=open(log_path, "w"), env=env)


def stop(proc, timeout=30):
    """SIGTERM, then the exit code (SIGKILL and a Failure after timeout seconds)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise Failure(f"pid {proc.pid} did not stop within {timeout} s of SIGTERM")


def run_logged(argv, log_path, stdin=None, timeout=60, env=None):
    """Runs argv to completion with its stderr in log_path; fails on a sanitizer report.
    Returns the CompletedProcess (stdout as bytes)."""
    run = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout, env=env)
    with open(log_path, "wb") as f:
        f.write(run.stderr)
    check_no_sanitizer_report(log_path)
    return run


class NotifySocket:
    """A datagram socket standing in for systemd's NOTIFY_SOCKET; collects the lines."""

    def __init__(self, path):
        self.path = path
        self.messages = []
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.settimeout(0.2)

    def receive_until(self, predicate, timeout):
        """Collects messages until predicate() holds or timeout seconds pass; its result."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not predicate():
            try:
                self.messages.extend(self.sock.recv(4096).decode().split("\n"))
            except socket.timeout:
                pass
        return predicate()

    def close(self):
        self.sock.close()


def read_log(path):
    with open(path, errors="replace") as f:
        return f.read()


def check_no_sanitizer_report(path):
    if SANITIZER.search(read_log(path)):
        raise Failure(f"sanitizer report in {path}")


def split_frames(data):
    """Length-prefixed frames (4-byte big-endian length, then the frame) to a list."""
    frames, pos = [], 0
    while pos + 4 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        frames.append(data[pos + 4:pos + 4 + length])
        pos += 4 + length
    if pos != len(data):
        raise Failure(f"truncated frame stream at byte {pos} of {len(data)}")
    return frames


def join_frames(frames):
    return b"".join(len(f).to_bytes(4, "big") + f for f in frames)


def produce_all(producer, topic, values, keys=None):
    """Produces every value and waits for every delivery report (bounded)."""
    for i, value in enumerate(values):
        key = keys[i] if keys else None
        while True:
            try:
                producer.produce(topic, key=key, value=value)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
    if producer.flush(30) != 0:
        raise Failure(f"could not deliver every record to {topic}")


def consume(consumer, enough, timeout):
    """Values polled from consumer until enough(values) is true or timeout seconds pass."""
    values = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not enough(values):
        msg = consumer.poll(0.2)
        if msg is not None and not msg.error():
            values.append(msg.value())
    return values
