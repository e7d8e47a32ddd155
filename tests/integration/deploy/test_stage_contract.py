#!/usr/bin/python3
"""What the deployment files rely on a running stage to do.

    test_stage_contract.py --bin BUILD/bin CASE

CASE is one of:
  secrets   passwords given by every route of deploy/security/README.md appear
            neither in the stage's logs (at debug level, librdkafka's config
            debug on) nor in /metrics, /healthz or /readyz; the config dump shows
            them as ***. Routes: -X, a -c file, TELEX_KAFKA_<KEY> (the Kubernetes
            example's secretKeyRef), and TELEX_KAFKA_<KEY>=@file:PATH (the
            Kubernetes example's mounted Secret, the systemd credentials drop-in).
            A misspelt variable and a missing file are one line and exit 2.
  notify    with NOTIFY_SOCKET set (as systemd's Type=notify does), telex-alert
            and telex-ingest (watching a folder), each run with its deploy/config
            file, send READY=1 once running, WATCHDOG=1 regularly when
            WATCHDOG_USEC is set, and STOPPING=1 on SIGTERM, then exit 0; while
            running they answer /healthz, /readyz and /metrics with 200.
  exactly_once  telex-alert with the environment of deploy/systemd/exactly-once.conf
            (%i and %H expanded as systemd does) runs with
            processing.guarantee=exactly_once and transactional.id telex-alert-<host>.
  security  deploy/security's SASL_SSL and mTLS examples are valid librdkafka
            configuration: a stage accepts them (with generated certificates)
            and fails only because no broker answers, without printing secrets.

The stage used for secrets and security is telex-alert (any stage shares the runtime).
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

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import (Failure, NotifySocket, check_no_sanitizer_report, free_port,  # noqa: E402
                     http_get, read_log, run_logged, start_broker, start_stage, stop, wait_for)

DEPLOY = os.path.normpath(os.path.join(HERE, "..", "..", "..", "deploy"))
# The secret of each route; every one must be masked.
BY_OPTION = {"ssl.keystore.password": "s3cr3t-keystore-pass-7781"}
BY_FILE = {"sasl.oauthbearer.config": "s3cr3t-bearer-9035"}
ENDPOINTS = ("/metrics", "/healthz", "/readyz")


def k8s_secret_environment(work):
    """The environment deploy/security/k8s-secret.yaml gives a container, with the
    Secret's values (made unique here) and its mounted files under work.
    Returns (env, {librdkafka key: secret})."""
    with open(os.path.join(DEPLOY, "security", "k8s-secret.yaml")) as f:
        secret, patch = list(yaml.safe_load_all(f))
    data = {k: f"s3cr3t-{k}-{i}" for i, k in enumerate(secret["stringData"])}
    pod = patch["spec"]["template"]["spec"]
    container = pod["containers"][0]
    mounts = {}
    for mount in container["volumeMounts"]:
        volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
        folder = os.path.join(work, "mounts", mount["name"])
        os.makedirs(folder)
        for item in volume["secret"]["items"]:
            with open(os.path.join(folder, item["path"]), "w") as f:
                f.write(data[item["key"]] + "\n")  # the trailing newline is dropped
        mounts[mount["mountPath"]] = folder
    env, secrets = {}, {}
    for entry in container["env"]:
        key = entry["name"][len("TELEX_KAFKA_"):].lower().replace("_", ".")
        if "valueFrom" in entry:
            ref = entry["valueFrom"]["secretKeyRef"]
            env[entry["name"]] = data[ref["key"]]
        else:
            value = entry["value"]
            for mount_path, folder in mounts.items():
                value = value.replace("@file:" + mount_path + "/", "@file:" + folder + "/")
            if not value.startswith("@file:" + os.path.join(work, "mounts")):
                raise Failure(f"k8s-secret.yaml: {entry['name']}={entry['value']} reads no "
                              "mounted Secret")
            env[entry["name"]] = value
        secrets[key] = data[key] if key in data else data[os.path.basename(value)]
    return env, secrets


def systemd_credential_environment(work):
    """The environment of deploy/security/credentials.conf, %d as a folder under work
    holding the credential. Returns (env, {librdkafka key: secret})."""
    credentials = os.path.join(work, "credentials")
    os.makedirs(credentials)
    env, secrets, loaded = {}, {}, {}
    with open(os.path.join(DEPLOY, "security", "credentials.conf")) as f:
        for line in f:
            name, _, value = line.strip().partition("=")
            if name == "LoadCredential":
                loaded[value.split(":")[0]] = f"s3cr3t-credential-{len(loaded)}"
            elif name == "Environment":
                var, _, setting = value.partition("=")
                env[var] = setting.replace("%d", credentials)
    for credential, secret in loaded.items():
        with open(os.path.join(credentials, credential), "w") as f:
            f.write(secret + "\n")
    for var, setting in env.items():
        secrets[var[len("TELEX_KAFKA_"):].lower().replace("_", ".")] = \
            loaded[os.path.basename(setting)]
    return env, secrets


def check_bad_environment(args, work):
    """A variable naming no librdkafka key, and an @file: that does not exist: exit 2, one line."""
    binary = os.path.join(args.bin, "telex-alert")
    cases = [({"TELEX_KAFKA_SASL_PASWORD": "x"}, "TELEX_KAFKA_SASL_PASWORD"),
             ({"TELEX_KAFKA_SASL_PASSWORD": f"@file:{work}/missing"}, f"{work}/missing")]
    for extra, named in cases:
        log = os.path.join(work, "bad-env.log")
        run = run_logged([binary, "-b", "127.0.0.1:9", "-X", "alert.watch=US,KP"], log,
                         env=dict(os.environ, **extra))
        err = read_log(log).strip()
        if run.returncode != 2 or named not in err or len(err.splitlines()) != 1:
            raise Failure(f"{extra}: exit {run.returncode}, expected 2 and one line naming "
                          f"{named}; got {err[:300]!r}")


def case_secrets(args, work):
    check_bad_environment(args, work)
    k8s_env, by_k8s = k8s_secret_environment(work)
    systemd_env, by_systemd = systemd_credential_environment(work)
    # The systemd and Kubernetes examples both set sasl.password: two runs.
    for route, (env, by_env) in (("k8s-secret.yaml", (k8s_env, by_k8s)),
                                 ("credentials.conf", (systemd_env, by_systemd))):
        secrets = {**BY_OPTION, **BY_FILE, **by_env}
        lines, pages = run_with_secrets(args, work, route, env, secrets)
        print(f"secrets ({route}): {len(secrets)} secrets from -X, -c, TELEX_KAFKA_* and "
              f"@file: absent from {lines} log lines and {pages} HTTP pages; shown as ***")


def run_with_secrets(args, work, route, env, secrets):
    """Runs telex-alert with every secret; checks none shows. (log lines, HTTP pages)."""
    work = os.path.join(work, route)
    os.makedirs(work)
    broker, bootstrap = start_broker(args.bin, work)
    secrets_file = os.path.join(work, "secrets.properties")
    with open(secrets_file, "w") as f:
        f.writelines(f"{key}={value}\n" for key, value in BY_FILE.items())
    port = free_port()
    log = os.path.join(work, "alert.log")
    options = [a for key, value in BY_OPTION.items() for a in ("-X", f"{key}={value}")]
    stage = start_stage(os.path.join(args.bin, "telex-alert"), log,
                        ["-b", bootstrap, "--metrics", f"127.0.0.1:{port}", "--log-level", "debug",
                         "-c", secrets_file, "-X", "alert.watch=US,KP", *options,
                         "-X", "debug=conf,generic"], env=dict(os.environ, **env))
    pages = []
    try:
        wait_for("telex-alert /readyz", lambda: http_get(port, "/readyz")[0] == 200, 60)
        for path in ENDPOINTS:
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
    for key, secret in secrets.items():
        if secret in text:
            line = next(line for line in text.splitlines() if secret in line)
            raise Failure(f"{route}: the value of {key} is in the log: {line[:200]}")
        for path, body in pages:
            if secret in body:
                raise Failure(f"{route}: the value of {key} is in {path}")
        # The config dump at debug level names the key with a masked value: the
        # setting arrived and the masking ran, rather than the key never being printed.
        if not re.search(re.escape(key) + r"=\*\*\*", text):
            raise Failure(f"{route}: the debug config dump does not show {key}=***")
    return len(text.splitlines()), len(pages)


def notify_run(name, argv, port, work):
    """Runs argv under a fake NOTIFY_SOCKET; checks READY, WATCHDOG, HTTP, STOPPING, exit 0."""
    notify = NotifySocket(os.path.join(work, f"{name}.sock"))
    env = dict(os.environ, NOTIFY_SOCKET=notify.path, WATCHDOG_USEC="2000000")
    log = os.path.join(work, f"{name}.log")
    proc = start_stage(argv[0], log, argv[1:], env=env)
    messages = notify.messages
    try:
        if not notify.receive_until(lambda: "READY=1" in messages, 60):
            raise Failure(f"{name}: no READY=1 within 60 s; got {messages}")
        ready_at = messages.index("READY=1")
        started = time.monotonic()
        if not notify.receive_until(lambda: messages[ready_at:].count("WATCHDOG=1") >= 3, 10):
            raise Failure(f"{name}: fewer than 3 WATCHDOG=1 within 10 s of READY=1 "
                          f"(WATCHDOG_USEC=2 s); got {messages}")
        pinged_for = time.monotonic() - started
        # Ready for systemd once running; ready for Kubernetes once it also has partitions.
        wait_for(f"{name} /readyz", lambda: http_get(port, "/readyz")[0] == 200, 30)
        for path in ENDPOINTS:
            status, _ = http_get(port, path)
            if status != 200:
                raise Failure(f"{name}: GET {path} answered {status} while running")
        proc.send_signal(15)
        notify.receive_until(lambda: "STOPPING=1" in messages, 15)
        code = proc.wait(timeout=30)
    finally:
        stop(proc)
        notify.close()
    check_no_sanitizer_report(log)
    if "STOPPING=1" not in messages:
        raise Failure(f"{name}: no STOPPING=1 after SIGTERM; got {messages}")
    if code != 0:
        raise Failure(f"{name} exited {code} on SIGTERM; see {log}")
    print(f"notify: {name}: READY=1, 3 WATCHDOG=1 in {pinged_for:.1f} s, "
          f"{', '.join(ENDPOINTS)} 200, STOPPING=1, exit 0")


def case_notify(args, work):
    """telex-alert and telex-ingest --watch as systemd runs them: -c deploy/config/<name>,
    with the metrics address, the folder and the broker of this test."""
    broker, bootstrap = start_broker(args.bin, work)
    inbox = os.path.join(work, "inbox")
    os.makedirs(inbox)
    extra = {"alert": [], "ingest": ["-X", f"ingest.watch={inbox}"]}
    try:
        for name, options in extra.items():
            port = free_port()
            notify_run(name, [os.path.join(args.bin, f"telex-{name}"), "-c",
                              os.path.join(DEPLOY, "config", f"{name}.properties"), "-b",
                              bootstrap, "--metrics", f"127.0.0.1:{port}", *options], port, work)
    finally:
        stop(broker)


def case_exactly_once(args, work):
    env = {}
    with open(os.path.join(DEPLOY, "systemd", "exactly-once.conf")) as f:
        for line in f:
            name, _, value = line.strip().partition("=")
            if name == "Environment":
                var, _, setting = value.partition("=")
                env[var] = setting.replace("%i", "alert").replace("%H", socket.gethostname())
    broker, bootstrap = start_broker(args.bin, work)
    log = os.path.join(work, "alert.log")
    stage = start_stage(os.path.join(args.bin, "telex-alert"), log,
                        ["-b", bootstrap, "-X", "alert.watch=US,KP"], env=dict(os.environ, **env))
    want = (r'msg="?running"?.* guarantee="?exactly_once"? '
            rf'transactional_id="?telex-alert-{re.escape(socket.gethostname())}"?(\s|$)')
    try:
        wait_for("telex-alert to run with exactly_once",
                 lambda: re.search(want, read_log(log)) or stage.poll() is not None, 60)
    finally:
        code = stop(stage)
        stop(broker)
    check_no_sanitizer_report(log)
    if not re.search(want, read_log(log)):
        raise Failure(f"no 'running' line with guarantee=exactly_once and transactional_id "
                      f"telex-alert-<host> in {log}")
    if code != 0:
        raise Failure(f"telex-alert exited {code} on SIGTERM; see {log}")
    print(f"exactly_once: {' '.join(f'{k}={v}' for k, v in env.items())} runs transactions")


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


CASES = {"secrets": case_secrets, "notify": case_notify, "security": case_security,
         "exactly_once": case_exactly_once}


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
