#!/usr/bin/python3
"""The deploy check catches what it claims to: each case breaks one thing in a
copy of deploy/ and expects check_deploy.py to report it.

    test_check_deploy.py --bin BUILD/bin

A clean copy must give no problem; every broken copy must give a problem line
containing the expected words. --bin is used for the cases about binaries (the
linked libraries, and --help defaults through fake binaries).
"""
import argparse
import os
import shutil
import stat
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_deploy  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

# (what is broken, file under deploy/, text replaced, replacement, expected in a problem line)
CASES = [
    ("a stage reads a topic nobody writes", "topology.yaml",
     "  wire.dlq: {partitions: 3}", "  wire.dlq: {partitions: 3}\n  wire.nothing: {partitions: 3}",
     None),  # only declares the topic; the next line makes alert read it
    ("a stage reads a topic nobody writes", "topology.yaml",
     "    reads: [wire.enriched]\n    writes: [wire.alerts, wire.dlq]",
     "    reads: [wire.nothing]\n    writes: [wire.alerts, wire.dlq]",
     "reads wire.nothing, which no stage writes"),
    ("a config file writes another topic", "config/tag.properties",
     "output.topic=wire.enriched", "output.topic=wire.other", "writes ['wire.dlq', 'wire.other']"),
    ("a config file serves metrics on another port", "config/alert.properties",
     "metrics.listen=0.0.0.0:9104", "metrics.listen=0.0.0.0:9999", "metrics.listen=0.0.0.0:9999"),
    ("a secret in a config file", "config/tag.properties",
     "dlq.topic=wire.dlq", "dlq.topic=wire.dlq\nsasl.password=x", "sasl.password: secrets belong"),
    ("the ConfigMap drifted from the config file", "k8s/configmap.yaml",
     "    output.topic=wire.normalized", "    output.topic=wire.normalised",
     "differs from deploy/config/normalize.properties"),
    ("a readiness probe on the wrong path", "k8s/tag.yaml",
     "path: /readyz", "path: /ready", "readinessProbe is not GET /readyz on port 9103"),
    ("a scrape annotation on the wrong port", "k8s/normalize.yaml",
     'prometheus.io/port: "9102"', 'prometheus.io/port: "9103"',
     "annotation prometheus.io/port=9103, expected 9102"),
    ("a Deployment runs another image", "k8s/alert.yaml",
     "image: telex:0.1.0", "image: telex:latest", "image telex:latest"),
    ("more replicas than partitions", "k8s/tag.yaml", "replicas: 2", "replicas: 13",
     "13 replicas, more than the 12 partitions"),
    ("ingest's readiness probe on the wrong path", "k8s/ingest.yaml",
     "path: /readyz", "path: /ready", "readinessProbe is not GET /readyz on port 9101"),
    ("ingest without scrape annotations", "k8s/ingest.yaml",
     '        prometheus.io/scrape: "true"\n', "", "annotation prometheus.io/scrape=None"),
    ("a stage without a metrics port", "topology.yaml", "    metrics_port: 9101",
     "    metrics_port: null", "stage ingest: metrics_port must be a number"),
    ("a stage writes outside its state folder", "config/ingest.properties",
     "ingest.watch=/var/lib/telex/ingest", "ingest.watch=/var/lib/telex/inbox",
     "ingest.watch=/var/lib/telex/inbox: under systemd a stage can write only"),
    ("an exactly-once stage cannot switch it on in Kubernetes", "k8s/tag.yaml",
     "- name: TELEX_PROCESSING_GUARANTEE", "- name: TELEX_GUARANTEE",
     "no TELEX_PROCESSING_GUARANTEE from the ConfigMap"),
    ("the ConfigMap's guarantee is misspelt", "k8s/configmap.yaml",
     "processing.guarantee: at_least_once", "processing.guarantee: exactly-once",
     "processing.guarantee=exactly-once: not at_least_once or exactly_once"),
    ("a stage without transactions gets the switch", "topology.yaml",
     "    metrics_port: 9104\n    exactly_once: true",
     "    metrics_port: 9104\n    exactly_once: false",
     "sets TELEX_PROCESSING_GUARANTEE, but the topology says exactly_once: false"),
    ("a drop-in undoes Type=notify", "systemd/exactly-once.conf", "[Service]\n",
     "[Service]\nType=simple\n", "Type=simple: every Telex program notifies systemd"),
    ("one transactional.id for every host", "systemd/exactly-once.conf",
     "TELEX_TRANSACTIONAL_ID=telex-%i-%H", "TELEX_TRANSACTIONAL_ID=telex-%i",
     "TELEX_TRANSACTIONAL_ID=telex-%i: not one per instance"),
    ("an autoscaler past the partition count", "k8s/autoscaling.yaml",
     "maxReplicaCount: 12", "maxReplicaCount: 20", "maxReplicaCount 20 is more than the 12"),
    ("an autoscaler on another group", "k8s/autoscaling.yaml",
     "consumerGroup: telex-tag", "consumerGroup: tag", "consumerGroup tag, the stage's group"),
    ("a compose service runs another image", "compose/compose.yaml",
     'command: ["telex-tag"', 'image: telex:latest\n    command: ["telex-tag"',
     "image telex:latest"),
    ("compose creates a topic with other partitions", "compose/compose.yaml",
     "create wire.raw 12", "create wire.raw 6", "kafka-init creates"),
    ("compose lacks a stage", "compose/compose.yaml", "  alert:\n    <<: *stage",
     "  alert-renamed:\n    <<: *stage", "no service for stage alert"),
    ("compose Kafka with ZooKeeper", "compose/compose.yaml", "KAFKA_NODE_ID: 1",
     "KAFKA_NODE_ID: 1\n      KAFKA_ZOOKEEPER_CONNECT: zk:2181", "KRaft mode needs none"),
    ("the unit is not Type=notify", "systemd/telex@.service", "\nType=notify\n", "\nType=simple\n",
     "Type=simple, expected notify"),
    ("the unit has no watchdog", "systemd/telex@.service", "WatchdogSec=30s", "", "no WatchdogSec"),
    ("the unit is not hardened", "systemd/telex@.service", "ProtectSystem=strict",
     "ProtectSystem=full", "ProtectSystem=full, expected strict"),
    ("the image runs as root", "Dockerfile", "USER 10001:10001", "USER root",
     "the final image runs as root"),
    ("the image ships a compiler", "Dockerfile", "ca-certificates \\",
     "ca-certificates gcc \\", "installs gcc, a build tool"),
    ("the image lacks a library a binary links", "Dockerfile", " libxml2 libjansson4",
     " libjansson4", "links a library of libxml2"),
]


def fake_binaries(bin_dir, real_bin):
    """Copies of the real stage binaries, except telex-tag, whose --help claims another input
    and shows no processing.guarantee (the topology says exactly_once: true)."""
    for name in os.listdir(real_bin):
        if name.startswith("telex-"):
            os.symlink(os.path.join(real_bin, name), os.path.join(bin_dir, name))
    os.unlink(os.path.join(bin_dir, "telex-tag"))
    fake = os.path.join(bin_dir, "telex-tag")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\n"
                "echo '  -t, --topic TOPIC        input.topics         string default: "
                "wire.raw, env TELEX_INPUT_TOPICS'\n"
                "echo '  --output TOPIC           output.topic         string default: "
                "wire.enriched, env TELEX_OUTPUT_TOPIC'\n")
    os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)


def copy_tree(work):
    deploy = os.path.join(work, "deploy")
    shutil.copytree(os.path.join(REPO, "deploy"), deploy)
    shutil.copytree(os.path.join(REPO, "cmake"), os.path.join(work, "cmake"))
    return deploy


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="folder of the built telex-* binaries")
    args = parser.parse_args()
    failures = []
    work = tempfile.mkdtemp(prefix="telex-check-deploy-")

    clean = check_deploy.run_checks(copy_tree(os.path.join(work, "clean")), None)
    if clean.lines:
        failures.append(f"a clean copy has problems: {clean.lines}")

    deploy = None
    for index, (what, path, old, new, expected) in enumerate(CASES):
        if deploy is None:
            deploy = copy_tree(os.path.join(work, f"case{index}"))
        file = os.path.join(deploy, path)
        with open(file) as f:
            text = f.read()
        if old not in text:
            failures.append(f"{what}: {path} no longer contains {old!r}; update the case")
            deploy = None
            continue
        with open(file, "w") as f:
            f.write(text.replace(old, new, 1))
        if expected is None:
            continue  # a setup step of the next case, on the same copy
        uses_binaries = path == "Dockerfile" and "library" in what
        found = check_deploy.run_checks(deploy, args.bin if uses_binaries else None).lines
        if not any(expected in line for line in found):
            failures.append(f"{what}: expected a problem with {expected!r}, got {found}")
        deploy = None

    bin_dir = os.path.join(work, "fake-bin")
    os.makedirs(bin_dir)
    fake_binaries(bin_dir, args.bin)
    found = check_deploy.run_checks(copy_tree(os.path.join(work, "fake")), bin_dir).lines
    for expected in ("--help: default input ['wire.raw'], the topology says ['wire.normalized']",
                     "--help shows no processing.guarantee, but the topology says exactly_once"):
        if not any(expected in line for line in found):
            failures.append(f"a fake telex-tag: expected {expected!r}, got {found}")

    for line in failures:
        print(f"check_deploy self-test FAILED: {line}")
    if failures:
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"check_deploy catches all {len([c for c in CASES if c[4]]) + 2} broken copies; "
          "a clean copy passes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
