#!/usr/bin/python3
"""What the deployment files rely on a running stage to do.

    test_stage_contract.py --bin BUILD/bin CASE

CASE is one of:
  secrets   passwords given with -X and in a -c file appear neither in the
            stage's logs (at debug level, librdkafka's config debug on) nor in
            /metrics, /healthz or /readyz; the config dump shows them as ***.
  notify    with NOTIFY_SOCKET set (as systemd's Type=notify does), the stage
            sends READY=1 once running, WATCHDOG=1 regularly when
            WATCHDOG_USEC is set, and STOPPING=1 on SIGTERM, then exits 0.
  security  deploy/security's SASL_SSL and mTLS examples are valid librdkafka
            configuration: a stage accepts them (with generated certificates)
            and fails only because no broker answers, without printing secrets.

The stage used is telex-alert (any stage shares the runtime).
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import (Failure, check_no_sanitizer_report, free_port, http_get,  # noqa: E402
                     read_log, start_broker, start_stage, stop, wait_for)

DEPLOY = os.path.normpath(os.path.join(HERE, "..", "..", "..", "deploy"))
SECRETS = {"ssl.key.password": "s3cr3t-key-pass-7781",
           "sasl.password": "s3cr3t-sasl-pass-4412",
           "sasl.oauthbearer.config": "s3cr3t-bearer-9035"}


def case_secrets(args, work):
    broker, bootstrap = start_broker(args.bin, work)
    secrets_file = os.path.join(work, "secrets.properties")
    with open(secrets_file, "w") as f:
        f.write(f"sasl.oauthbearer.config={SECRETS['sasl.oauthbearer.config']}\n")
    port = free_port()
    log = os.path.join(work, "alert.log")
    stage = start_stage(os.path.join(args.bin, "telex-alert"), log,
                        ["-b", bootstrap, "--metrics", f"127.0.0.1:{port}", "--log-level", "debug",
                         "-c", secrets_file, "-X", "alert.watch=US,KP",
                         "-X", f"ssl.key.password={SECRETS['ssl.key.password']}",
                         "-X", f"sasl.password={SECRETS['sasl.password']}",
                         "-X", "debug=conf,generic"])
    pages = []
    try:
        wait_for("telex-alert /readyz", lambda: http_get(port, "/readyz")[0] == 200, 60)
        for path in ("/metrics", "/healthz", "/readyz"):
            status, body = http_get(port, path)
            if status != 200:
                raise Failure(f"GET {path} answered {status}")
            pages.append((path, body))
    finally:
        code = stop(stage)
        stop(broker)
    check_no_sanitizer_report(log)
    if code != 0:
        raise Failure(f"telex-alert exited {code} on SIGTERM; see {log}")
    text = read_log(log)
    for key, secret in SECRETS.items():
        if secret in text:
            line = next(line for line in text.splitlines() if secret in line)
            raise Failure(f"the value of {key} is in the log: {line[:200]}")
        for path, body in pages:
            if secret in body:
                raise Failure(f"the value of {key} is in {path}")
        # The config dump at debug level names the key with a masked value: the
        # masking ran, rather than the key never being printed at all.
        if not re.search(re.escape(key) + r"=\*\*\*", text):
            raise Failure(f"the debug config dump does not show {key}=***")
    print(f"secrets: {len(SECRETS)} secrets absent from {len(text.splitlines())} log lines "
          f"and {len(pages)} HTTP pages; shown as ***")


def case_notify(args, work):
    broker, bootstrap = start_broker(args.bin, work)
    path = os.path.join(work, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.2)
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="2000000")
    log = os.path.join(work, "alert.log")
    stage = start_stage(os.path.join(args.bin, "telex-alert"), log,
                        ["-b", bootstrap, "-X", "alert.watch=US,KP"], env=env)
    messages = []

    def receive_until(predicate, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not predicate():
            try:
                messages.extend(sock.recv(4096).decode().split("\n"))
            except socket.timeout:
                pass
        return predicate()

    try:
        if not receive_until(lambda: "READY=1" in messages, 60):
            raise Failure(f"no READY=1 within 60 s; got {messages}")
        ready_at = messages.index("READY=1")
        started = time.monotonic()
        if not receive_until(lambda: messages[ready_at:].count("WATCHDOG=1") >= 3, 10):
            raise Failure(f"fewer than 3 WATCHDOG=1 within 10 s of READY=1 "
                          f"(WATCHDOG_USEC=2 s); got {messages}")
        pinged_for = time.monotonic() - started
        stage.send_signal(15)
        receive_until(lambda: "STOPPING=1" in messages, 15)
        code = stage.wait(timeout=30)
    finally:
        stop(stage)
        stop(broker)
        sock.close()
    check_no_sanitizer_report(log)
    if "STOPPING=1" not in messages:
        raise Failure(f"no STOPPING=1 after SIGTERM; got {messages}")
    if code != 0:
        raise Failure(f"telex-alert exited {code} on SIGTERM; see {log}")
    print(f"notify: READY=1, 3 WATCHDOG=1 in {pinged_for:.1f} s, STOPPING=1, exit 0")


def make_certificates(tls, key_password):
    """A CA, and a client certificate whose key is encrypted with key_password."""
    def openssl(*argv):
        subprocess.run(["openssl", *argv], cwd=tls, check=True, capture_output=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            "ca.pem", "-subj", "/CN=telex-test-ca", "-days", "2")
    openssl("genrsa", "-aes256", "-passout", f"pass:{key_password}", "-out", "client.key",
            "2048")
    openssl("req", "-new", "-key", "client.key", "-passin", f"pass:{key_password}", "-out",
            "client.csr", "-subj", "/CN=telex-stage")
    openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "client.pem", "-days", "2")


def case_security(args, work):
    tls = os.path.join(work, "tls")
    os.makedirs(tls)
    password = "s3cr3t-client-key-5150"
    make_certificates(tls, password)
    secrets_file = os.path.join(work, "secrets.properties")
    with open(secrets_file, "w") as f:
        f.write(f"sasl.password={password}-sasl\nssl.key.password={password}\n")
    checked = []
    for example in ("sasl_ssl.properties", "mtls.properties"):
        config = os.path.join(work, example)
        with open(os.path.join(DEPLOY, "security", example)) as f:
            text = f.read().replace("/etc/telex/tls", tls)
        with open(config, "w") as f:
            f.write(text)
        # A port nothing listens on: the stage must get past configuration (exit 2
        # would mean a key or value was refused) and fail on the broker (exit 1).
        run = subprocess.run([os.path.join(args.bin, "telex-alert"), "-b",
                              f"127.0.0.1:{free_port()}", "-c", config, "-c", secrets_file,
                              "-X", "alert.watch=US,KP", "-X", "connect.timeout.ms=2000",
                              "--log-level", "debug"], capture_output=True, timeout=60)
        err = run.stderr.decode(errors="replace")
        with open(os.path.join(work, example + ".log"), "w") as f:
            f.write(err)
        if run.returncode != 1:
            raise Failure(f"{example}: exit {run.returncode}, expected 1 (no broker): "
                          f"{err.strip()[-400:]}")
        if "cannot reach Kafka" not in err:
            raise Failure(f"{example}: failed before reaching for a broker: "
                          f"{err.strip()[-400:]}")
        if password in err:
            raise Failure(f"{example}: a password is in the log")
        check_no_sanitizer_report(os.path.join(work, example + ".log"))
        checked.append(example)
    print(f"security: {', '.join(checked)} accepted by librdkafka with generated certificates")


CASES = {"secrets": case_secrets, "notify": case_notify, "security": case_security}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="folder of the built binaries")
    parser.add_argument("case", choices=sorted(CASES))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix=f"telex-contract-{args.case}-")
    try:
        CASES[args.case](args, work)
    except (Failure, subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        print(f"stage contract {args.case} FAILED: {e} (logs in {work})")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
