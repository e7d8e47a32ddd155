#!/usr/bin/python3
"""Checks Telex's deployment files against deploy/topology.yaml.

The topology says which stage reads and writes which topics. This check fails
(exit 1, one line per problem) when:
  - a stage reads a topic that no stage writes and that is not an external input;
  - deploy/config/<stage>.properties, the systemd unit and env files, the compose
    file, the Kubernetes manifests or the Dockerfile disagree with the topology
    or with each other (stages, topics, image, metrics ports, probes, config,
    writable folders, the exactly-once switch);
  - a built stage binary's --help prints default topics other than the topology's,
    or links a library the runtime image does not install.

    check_deploy.py [--deploy DIR] --bin BUILD/bin

Run by ctest as deploy.check; test_check_deploy.py breaks copies of the files
on purpose and checks that each break is reported.
"""
import argparse
import os
import re
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DEPLOY = os.path.normpath(os.path.join(HERE, "..", "..", "..", "deploy"))
CONFIG_MOUNT = "/etc/telex"
# The only writable place of telex@<stage>.service (StateDirectory=telex/%i), and
# the folder the image, compose and Kubernetes give each stage too.
STATE_ROOT = "/var/lib/telex"
GUARANTEE_ENV = "TELEX_PROCESSING_GUARANTEE"
# Libraries every Debian image has, and the sanitizers' runtimes of a debug build.
BASE_IMAGE_PACKAGES = {"libc6", "libgcc-s1"}
SANITIZER_PACKAGES = re.compile(r"^lib(asan|ubsan|lsan|tsan)\d*$")


class Problems:
    """Collects one line per problem, prefixed by the file it was found in."""

    def __init__(self):
        self.lines = []

    def add(self, where, message):
        self.lines.append(f"{where}: {message}")


def load_yaml_docs(path, problems):
    try:
        with open(path, encoding="utf-8") as f:
            return [d for d in yaml.safe_load_all(f) if d is not None]
    except (OSError, yaml.YAMLError) as e:
        problems.add(path, f"cannot parse YAML: {e}")
        return []


def read_properties(path):
    """KEY=VALUE lines with # comments, as the runtime reads a -c file."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip()] = value.strip()
    return values


def split_topics(text):
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def port_of(listen):
    """The port of "ADDR:PORT", or None."""
    m = re.match(r"^.*:(\d+)$", listen or "")
    return int(m.group(1)) if m else None


# ---- the topology ----


def check_topology(topo, problems, where):
    stages = topo.get("stages") or {}
    topics = topo.get("topics") or {}
    external = set(topo.get("external_inputs") or [])
    if not stages:
        problems.add(where, "no stages")
    if not isinstance(topo.get("image"), str):
        problems.add(where, "no image")
    written = set()
    ports = {}
    for name, stage in stages.items():
        for key in ("reads", "writes"):
            if not isinstance(stage.get(key), list):
                problems.add(where, f"stage {name}: {key} must be a list of topics")
                stage[key] = []
            for topic in stage[key]:
                if topic not in topics:
                    problems.add(where, f"stage {name} {key} topic {topic}, not in topics")
        written.update(stage["writes"])
        if not isinstance(stage.get("exactly_once"), bool):
            problems.add(where, f"stage {name}: exactly_once must be true or false")
        port = stage.get("metrics_port")
        if not isinstance(port, int):
            problems.add(where, f"stage {name}: metrics_port must be a number")
        elif port in ports:
            problems.add(where, f"stages {ports[port]} and {name} share metrics port {port}")
        else:
            ports[port] = name
    for name, stage in stages.items():
        for topic in stage["reads"]:
            if topic not in written and topic not in external:
                problems.add(where, f"stage {name} reads {topic}, which no stage writes "
                                    "and which is not an external input")
    for topic, spec in topics.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("partitions"), int):
            problems.add(where, f"topic {topic}: partitions must be a number")


def stage_topics(name, stage, config, defaults):
    """What a stage really reads and writes: its config file over its binary's defaults."""
    reads = split_topics(config.get("input.topics", defaults.get("input.topics")))
    writes = set(split_topics(config.get("output.topic", defaults.get("output.topic"))))
    if "dlq.topic" in defaults or "dlq.topic" in config:
        writes.add(config.get("dlq.topic", defaults.get("dlq.topic")))
    return reads, writes


def check_configs(deploy, topo, defaults_by_stage, problems):
    """deploy/config/<stage>.properties: one per stage, topics and port as the topology says."""
    config_dir = os.path.join(deploy, "config")
    configs = {}
    stages = topo.get("stages") or {}
    present = {f[: -len(".properties")] for f in os.listdir(config_dir) if f.endswith(".properties")}
    for extra in sorted(present - set(stages)):
        problems.add(config_dir, f"{extra}.properties is for a stage not in the topology")
    for name, stage in stages.items():
        path = os.path.join(config_dir, f"{name}.properties")
        if name not in present:
            problems.add(config_dir, f"no {name}.properties for stage {name}")
            continue
        config = read_properties(path)
        configs[name] = config
        for key in config:
            if re.search(r"password|secret|ssl\.key\.", key):
                problems.add(path, f"{key}: secrets belong in the secrets file, not here")
        defaults = defaults_by_stage.get(name, {})
        reads, writes = stage_topics(name, stage, config, defaults)
        if sorted(reads) != sorted(stage["reads"]):
            problems.add(path, f"reads {reads or 'nothing'}, the topology says {stage['reads']}")
        if writes != set(stage["writes"]):
            problems.add(path, f"writes {sorted(writes) or 'nothing'}, "
                               f"the topology says {sorted(stage['writes'])}")
        if port_of(config.get("metrics.listen")) != stage.get("metrics_port"):
            problems.add(path, f"metrics.listen={config.get('metrics.listen')}, the topology "
                               f"says port {stage.get('metrics_port')}")
        check_state_paths(path, name, config, problems)
    return configs


def check_state_paths(path, name, config, problems):
    """Folders a stage writes under STATE_ROOT are its own: STATE_ROOT/<stage>[/...]."""
    own = f"{STATE_ROOT}/{name}"
    for key, value in config.items():
        if value.startswith(STATE_ROOT + "/") and not (value == own or
                                                       value.startswith(own + "/")):
            problems.add(path, f"{key}={value}: under systemd a stage can write only {own} "
                               "(StateDirectory=telex/%i)")


# ---- the stage binaries ----


HELP_KEY = re.compile(r"^\s+\S.*?\s(input\.topics|output\.topic|dlq\.topic|processing\.guarantee)"
                      r"\s+\S+\s+"
                      r"default: (.*?)(?:, env \S+)?$")


def binary_defaults(path, problems):
    """The topic keys, processing.guarantee and their defaults that `--help` prints."""
    try:
        run = subprocess.run([path, "--help"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as e:
        problems.add(path, f"cannot run --help: {e}")
        return {}
    if run.returncode != 0:
        problems.add(path, f"--help exited {run.returncode}: {run.stderr.strip()[:200]}")
        return {}
    defaults = {}
    for line in run.stdout.splitlines():
        m = HELP_KEY.match(line)
        if m:
            defaults[m.group(1)] = None if m.group(2) == "(none)" else m.group(2)
    return defaults


def check_binaries(bin_dir, topo, problems):
    """Each stage's --help defaults agree with the topology where it states one."""
    defaults_by_stage = {}
    for name, stage in (topo.get("stages") or {}).items():
        path = os.path.join(bin_dir, f"telex-{name}")
        if not os.access(path, os.X_OK):
            problems.add(bin_dir, f"no telex-{name} binary for stage {name} (build it first)")
            continue
        defaults = binary_defaults(path, problems)
        defaults_by_stage[name] = {k: v for k, v in defaults.items() if v is not None}
        reads = split_topics(defaults.get("input.topics"))
        if reads and sorted(reads) != sorted(stage["reads"]):
            problems.add(path, f"--help: default input {reads}, the topology says "
                               f"{stage['reads']}")
        if stage["reads"] and "input.topics" not in defaults:
            problems.add(path, "--help shows no input.topics, but the topology says it reads "
                               f"{stage['reads']}")
        output = defaults.get("output.topic")
        if output and output not in stage["writes"]:
            problems.add(path, f"--help: default output {output}, the topology says "
                               f"{stage['writes']}")
        dlq = defaults.get("dlq.topic")
        if dlq and dlq not in stage["writes"]:
            problems.add(path, f"--help: dead letters to {dlq}, not in the topology's writes")
        if stage.get("exactly_once") and "processing.guarantee" not in defaults:
            problems.add(path, "--help shows no processing.guarantee, but the topology says "
                               "exactly_once: true")
    return defaults_by_stage


def needed_packages(binary, problems):
    """The Debian packages of the shared libraries a binary links directly."""
    try:
        dyn = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True,
                             check=True).stdout
        cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True,
                               check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        problems.add(binary, f"cannot list its libraries: {e}")
        return set()
    paths = {}
    for line in cache.splitlines():
        m = re.match(r"^\s+(\S+) \(libc6,x86-64.*\) => (\S+)$", line)
        if m:
            paths.setdefault(m.group(1), m.group(2))
    packages = set()
    for soname in re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dyn):
        path = paths.get(soname)
        if not path:
            problems.add(binary, f"links {soname}, which ldconfig does not know")
            continue
        owner = subprocess.run(["dpkg", "-S", os.path.realpath(path)], capture_output=True,
                               text=True)
        if owner.returncode != 0:
            owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
        if owner.returncode != 0:
            problems.add(binary, f"links {path}, which no Debian package owns")
            continue
        packages.add(owner.stdout.split(":")[0].strip())
    return {p for p in packages if p not in BASE_IMAGE_PACKAGES and not SANITIZER_PACKAGES.match(p)}


# ---- systemd ----


def read_unit(path):
    """A systemd unit as {section: [(key, value), ...]} (keys may repeat)."""
    sections, current = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("[") and line.endswith("]"):
                current = sections.setdefault(line[1:-1], [])
            elif current is not None and "=" in line:
                key, value = line.split("=", 1)
                current.append((key.strip(), value.strip()))
    return sections


def check_systemd(deploy, topo, problems):
    unit_dir = os.path.join(deploy, "systemd")
    unit_path = os.path.join(unit_dir, "telex@.service")
    if not os.path.exists(unit_path):
        problems.add(unit_dir, "no telex@.service template unit")
        return
    service = dict(read_unit(unit_path).get("Service", []))
    expected = {"Type": "notify", "Restart": "on-failure", "DynamicUser": "yes",
                "ProtectSystem": "strict", "NoNewPrivileges": "yes"}
    for key, value in expected.items():
        if service.get(key) != value:
            problems.add(unit_path, f"{key}={service.get(key)}, expected {value}")
    if not service.get("WatchdogSec"):
        problems.add(unit_path, "no WatchdogSec: a hung stage would never be restarted")
    exec_start = service.get("ExecStart", "")
    if not exec_start.startswith("/usr/bin/telex-%i ") or \
            f"-c {CONFIG_MOUNT}/%i.properties" not in exec_start:
        problems.add(unit_path, f"ExecStart={exec_start}: expected /usr/bin/telex-%i -c "
                                f"{CONFIG_MOUNT}/%i.properties")
    if service.get("EnvironmentFile", "").lstrip("-") != f"{CONFIG_MOUNT}/%i.env":
        problems.add(unit_path, f"EnvironmentFile={service.get('EnvironmentFile')}: expected "
                                f"{CONFIG_MOUNT}/%i.env")
    check_drop_ins(unit_dir, problems)
    stages = set(topo.get("stages") or {})
    env_files = {f[: -len(".env")] for f in os.listdir(unit_dir) if f.endswith(".env")}
    for missing in sorted(stages - env_files):
        problems.add(unit_dir, f"no {missing}.env for stage {missing}")
    for extra in sorted(env_files - stages):
        problems.add(unit_dir, f"{extra}.env is for a stage not in the topology")
    for name in sorted(stages & env_files):
        env = read_properties(os.path.join(unit_dir, f"{name}.env"))
        if "TELEX_BROKERS" not in env:
            problems.add(os.path.join(unit_dir, f"{name}.env"), "no TELEX_BROKERS")
        for key in env:
            if re.search(r"PASSWORD|SECRET", key):
                problems.add(os.path.join(unit_dir, f"{name}.env"),
                             f"{key}: secrets belong in /etc/telex/secrets, not here")


def check_drop_ins(unit_dir, problems):
    """Every program notifies systemd: no drop-in may undo Type=notify or the watchdog.
    exactly-once.conf turns transactions on with a per-instance transactional.id."""
    drop_ins = [os.path.join(root, f) for root, _, files in os.walk(unit_dir) for f in files
                if f.endswith(".conf")]
    for path in sorted(drop_ins):
        service = dict(read_unit(path).get("Service", []))
        if service.get("Type", "notify") != "notify":
            problems.add(path, f"Type={service['Type']}: every Telex program notifies systemd")
        if service.get("WatchdogSec", "30s") in ("0", "infinity", ""):
            problems.add(path, f"WatchdogSec={service['WatchdogSec']} turns the watchdog off")
    path = os.path.join(unit_dir, "exactly-once.conf")
    if not os.path.exists(path):
        problems.add(unit_dir, "no exactly-once.conf drop-in (deploy/README.md refers to it)")
        return
    env = {}
    for key, value in read_unit(path).get("Service", []):
        if key == "Environment":
            for assignment in value.split():
                name, _, setting = assignment.partition("=")
                env[name] = setting
    if env.get(GUARANTEE_ENV) != "exactly_once":
        problems.add(path, f"{GUARANTEE_ENV}={env.get(GUARANTEE_ENV)}, expected exactly_once")
    txn_id = env.get("TELEX_TRANSACTIONAL_ID", "")
    if "%i" not in txn_id or "%H" not in txn_id:
        problems.add(path, f"TELEX_TRANSACTIONAL_ID={txn_id}: not one per instance (needs the "
                           "stage %i and the host %H)")


# ---- compose ----


def compose_topics(init_service):
    """{topic: partitions} from kafka-init's `create TOPIC N` lines."""
    command = init_service.get("command") or []
    text = "\n".join(command) if isinstance(command, list) else str(command)
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^\s*create\s+(\S+)\s+(\d+)\s*$", text, re.M)}


def check_compose(deploy, topo, problems):
    path = os.path.join(deploy, "compose", "compose.yaml")
    docs = load_yaml_docs(path, problems)
    if not docs:
        return
    compose = docs[0]
    services = compose.get("services") or {}
    stages = topo.get("stages") or {}
    kafka = services.get("kafka")
    if not kafka:
        problems.add(path, "no kafka service")
    else:
        env = kafka.get("environment") or {}
        if not str(kafka.get("image", "")).startswith("apache/kafka:"):
            problems.add(path, f"kafka image {kafka.get('image')}: expected apache/kafka:<version>")
        if "controller" not in str(env.get("KAFKA_PROCESS_ROLES", "")):
            problems.add(path, "kafka is not in KRaft mode (KAFKA_PROCESS_ROLES has no controller)")
        if any("ZOOKEEPER" in k for k in env):
            problems.add(path, "kafka uses ZooKeeper; KRaft mode needs none")
    init = services.get("kafka-init")
    if not init:
        problems.add(path, "no kafka-init service creating the topics")
    else:
        expected = {t: s["partitions"] for t, s in (topo.get("topics") or {}).items()}
        created = compose_topics(init)
        if created != expected:
            problems.add(path, f"kafka-init creates {created}, the topology has {expected}")
    for extra in sorted(set(services) - set(stages) - {"kafka", "kafka-init"}):
        problems.add(path, f"service {extra} is not a stage of the topology")
    named_configs = compose.get("configs") or {}
    named_volumes = set(compose.get("volumes") or {})
    for name, stage in stages.items():
        service = services.get(name)
        if not service:
            problems.add(path, f"no service for stage {name}")
            continue
        where = f"{path}: service {name}"
        if service.get("image") != topo.get("image"):
            problems.add(where, f"image {service.get('image')}, the topology says {topo.get('image')}")
        command = service.get("command") or []
        check_command(where, name, command, problems)
        targets = {}
        for item in service.get("configs") or []:
            source = item.get("source") if isinstance(item, dict) else item
            targets[item.get("target") if isinstance(item, dict) else f"/{item}"] = source
        source = targets.get(f"{CONFIG_MOUNT}/{name}.properties")
        file = (named_configs.get(source) or {}).get("file") if source else None
        expected_file = os.path.join(deploy, "config", f"{name}.properties")
        if not file or os.path.normpath(os.path.join(os.path.dirname(path), file)) != expected_file:
            problems.add(where, f"{CONFIG_MOUNT}/{name}.properties is not deploy/config/"
                                f"{name}.properties")
        env = service.get("environment") or {}
        brokers = env.get("TELEX_BROKERS", "") if isinstance(env, dict) else ""
        if not brokers or brokers.split(":")[0] not in services:
            problems.add(where, f"TELEX_BROKERS={brokers}: not a service of this file")
        depends = service.get("depends_on") or {}
        if (depends.get("kafka-init") or {}).get("condition") != "service_completed_successfully":
            problems.add(where, "does not wait for kafka-init to create the topics")
        exposed = [str(p) for p in service.get("expose") or []]
        if str(stage.get("metrics_port")) not in exposed:
            problems.add(where, f"does not expose its metrics port {stage.get('metrics_port')}")
        if str(service.get("user", "")).split(":")[0] in ("", "0", "root"):
            problems.add(where, "runs as root")
        for volume in service.get("volumes") or []:
            source = str(volume).split(":")[0]
            if not source.startswith((".", "/")) and source not in named_volumes:
                problems.add(where, f"volume {source} is not declared")


def check_command(where, name, command, problems):
    """command runs telex-<name> with -c /etc/telex/<name>.properties."""
    if not command or command[0] != f"telex-{name}":
        problems.add(where, f"command {command} does not run telex-{name}")
    if f"{CONFIG_MOUNT}/{name}.properties" not in [
            command[i + 1] for i, a in enumerate(command[:-1]) if a == "-c"]:
        problems.add(where, f"command {command} does not read -c {CONFIG_MOUNT}/{name}.properties")


# ---- Kubernetes ----


def check_k8s(deploy, topo, problems):
    k8s_dir = os.path.join(deploy, "k8s")
    objects = []
    for file in sorted(os.listdir(k8s_dir)):
        if file.endswith((".yaml", ".yml")):
            path = os.path.join(k8s_dir, file)
            objects += [(path, d) for d in load_yaml_docs(path, problems)]
    by_kind = {}
    for path, obj in objects:
        if not isinstance(obj, dict) or "kind" not in obj or "metadata" not in obj:
            problems.add(path, "a document without kind and metadata")
            continue
        by_kind.setdefault(obj["kind"], {})[obj["metadata"].get("name")] = (path, obj)
    namespaces = set(by_kind.get("Namespace", {}))
    for path, obj in objects:
        if isinstance(obj, dict) and obj.get("kind") != "Namespace":
            ns = (obj.get("metadata") or {}).get("namespace")
            if ns not in namespaces:
                problems.add(path, f"{obj.get('kind')} {obj['metadata'].get('name')}: namespace "
                                   f"{ns} is not defined")
    config_maps = by_kind.get("ConfigMap", {})
    stages = topo.get("stages") or {}
    deployments = by_kind.get("Deployment", {})
    for extra in sorted(set(deployments) - {f"telex-{s}" for s in stages}):
        problems.add(deployments[extra][0], f"Deployment {extra} is not a stage of the topology")
    for name, stage in stages.items():
        if f"telex-{name}" not in deployments:
            problems.add(k8s_dir, f"no Deployment telex-{name} for stage {name}")
            continue
        path, obj = deployments[f"telex-{name}"]
        check_deployment(f"{path}: Deployment telex-{name}", deploy, topo, name, stage, obj,
                         config_maps, problems)
    for name, (path, obj) in by_kind.get("ScaledObject", {}).items():
        check_scaled_object(f"{path}: ScaledObject {name}", topo, obj, deployments, config_maps,
                            problems)


def config_map_value(config_maps, ref, where, problems):
    name, key = ref.get("name"), ref.get("key")
    if name not in config_maps:
        problems.add(where, f"ConfigMap {name} does not exist")
        return None
    data = config_maps[name][1].get("data") or {}
    if key not in data:
        problems.add(where, f"ConfigMap {name} has no key {key}")
        return None
    return data[key]


def check_deployment(where, deploy, topo, name, stage, obj, config_maps, problems):
    spec = obj.get("spec") or {}
    template = spec.get("template") or {}
    labels = (template.get("metadata") or {}).get("labels") or {}
    selector = (spec.get("selector") or {}).get("matchLabels") or {}
    if not selector or any(labels.get(k) != v for k, v in selector.items()):
        problems.add(where, "selector does not match the pod template's labels")
    pod = template.get("spec") or {}
    containers = pod.get("containers") or []
    if len(containers) != 1:
        problems.add(where, f"{len(containers)} containers, expected one")
        return
    container = containers[0]
    port = stage.get("metrics_port")
    if container.get("image") != topo.get("image"):
        problems.add(where, f"image {container.get('image')}, the topology says {topo.get('image')}")
    check_command(where, name, (container.get("command") or []) + (container.get("args") or []),
                  problems)
    # The config file: mounted from a ConfigMap whose text is deploy/config/<name>.properties.
    mounts = {m.get("name"): m.get("mountPath") for m in container.get("volumeMounts") or []}
    volumes = {v.get("name"): v for v in pod.get("volumes") or []}
    config_volume = next((v for n, v in volumes.items() if mounts.get(n) == CONFIG_MOUNT), None)
    if not config_volume or "configMap" not in config_volume:
        problems.add(where, f"no ConfigMap volume mounted at {CONFIG_MOUNT}")
    else:
        ref = config_volume["configMap"]
        items = {i.get("path"): i.get("key") for i in ref.get("items") or []}
        key = items.get(f"{name}.properties", f"{name}.properties" if not items else None)
        text = config_map_value(config_maps, {"name": ref.get("name"), "key": key}, where,
                                problems) if key else None
        if key is None:
            problems.add(where, f"the config volume does not provide {name}.properties")
        with open(os.path.join(deploy, "config", f"{name}.properties"), encoding="utf-8") as f:
            if text is not None and text != f.read():
                problems.add(where, f"ConfigMap {ref.get('name')} key {key} differs from "
                                    f"deploy/config/{name}.properties")
    env = {e.get("name"): e for e in container.get("env") or []}
    brokers = env.get("TELEX_BROKERS")
    if not brokers:
        problems.add(where, "no TELEX_BROKERS in the environment")
    elif "valueFrom" in brokers:
        config_map_value(config_maps, brokers["valueFrom"].get("configMapKeyRef") or {}, where,
                         problems)
    check_guarantee_env(where, stage, env.get(GUARANTEE_ENV), config_maps, problems)
    ports = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
    annotations = (template.get("metadata") or {}).get("annotations") or {}
    check_http_endpoints(where, container, ports, annotations, port, problems)
    if not (pod.get("securityContext") or {}).get("runAsNonRoot"):
        problems.add(where, "the pod may run as root (securityContext.runAsNonRoot)")
    topics = topo.get("topics") or {}
    max_useful = min([topics[t]["partitions"] for t in stage["reads"] if t in topics] or [1])
    if (spec.get("replicas") or 1) > max_useful:
        problems.add(where, f"{spec.get('replicas')} replicas, more than the {max_useful} "
                            "partitions they share")


def check_guarantee_env(where, stage, env, config_maps, problems):
    """An exactly_once stage takes its guarantee from the ConfigMap; any other must not
    (the runtime refuses processing.guarantee outside the stages that support it)."""
    if not stage.get("exactly_once"):
        if env:
            problems.add(where, f"sets {GUARANTEE_ENV}, but the topology says exactly_once: "
                                "false")
        return
    ref = ((env or {}).get("valueFrom") or {}).get("configMapKeyRef")
    if not ref:
        problems.add(where, f"no {GUARANTEE_ENV} from the ConfigMap (exactly_once: true)")
        return
    value = config_map_value(config_maps, ref, where, problems)
    if value is not None and value not in ("at_least_once", "exactly_once"):
        problems.add(where, f"ConfigMap {ref.get('name')} key {ref.get('key')}={value}: not "
                            "at_least_once or exactly_once")


def check_http_endpoints(where, container, ports, annotations, port, problems):
    """The metrics port, the probes on /healthz and /readyz, the scrape annotations."""
    if ports.get("metrics") != port:
        problems.add(where, f"container port metrics={ports.get('metrics')}, the topology says "
                            f"{port}")
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = (container.get(probe) or {}).get("httpGet") or {}
        probe_port = ports.get(get.get("port"), get.get("port"))
        if get.get("path") != path or probe_port != port:
            problems.add(where, f"{probe} is not GET {path} on port {port}")
    expected = {"prometheus.io/scrape": "true", "prometheus.io/port": str(port),
                "prometheus.io/path": "/metrics"}
    for key, value in expected.items():
        if annotations.get(key) != value:
            problems.add(where, f"annotation {key}={annotations.get(key)}, expected {value}")


def check_scaled_object(where, topo, obj, deployments, config_maps, problems):
    spec = obj.get("spec") or {}
    target = (spec.get("scaleTargetRef") or {}).get("name")
    stage_name = target[len("telex-"):] if target and target.startswith("telex-") else None
    stage = (topo.get("stages") or {}).get(stage_name)
    if target not in deployments or not stage:
        problems.add(where, f"scales {target}, which is not a stage's Deployment")
        return
    topics = topo.get("topics") or {}
    brokers = ((config_maps.get("telex-config") or (None, {}))[1].get("data") or {}).get("brokers")
    for trigger in spec.get("triggers") or []:
        meta = trigger.get("metadata") or {}
        if trigger.get("type") != "kafka":
            continue
        if meta.get("consumerGroup") != target:
            problems.add(where, f"consumerGroup {meta.get('consumerGroup')}, the stage's group "
                                f"is {target}")
        if meta.get("topic") not in stage["reads"]:
            problems.add(where, f"topic {meta.get('topic')} is not one that {stage_name} reads")
        elif (spec.get("maxReplicaCount") or 0) > topics[meta["topic"]]["partitions"]:
            problems.add(where, f"maxReplicaCount {spec.get('maxReplicaCount')} is more than "
                                f"the {topics[meta['topic']]['partitions']} partitions of "
                                f"{meta['topic']}")
        if meta.get("bootstrapServers") != brokers:
            problems.add(where, f"bootstrapServers {meta.get('bootstrapServers')}, the "
                                f"ConfigMap says {brokers}")


# ---- the Dockerfile ----


def dockerfile_stages(path):
    """[(name, base, [instruction lines])] with ARG defaults substituted in FROM."""
    args, stages = {}, []
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"\\\n", " ", f.read())
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        word = word.upper()
        if word == "ARG" and not stages:
            key, _, value = rest.partition("=")
            args[key.strip()] = value.strip()
        elif word == "FROM":
            rest = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), rest)
            parts = rest.split()
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else str(len(stages))
            stages.append((name, parts[0], []))
        elif stages:
            stages[-1][2].append(f"{word} {rest}")
    return stages


def apt_packages(instructions):
    packages = set()
    for line in instructions:
        for m in re.finditer(r"apt-get install ([^&;|]*)", line):
            packages.update(w for w in m.group(1).split() if not w.startswith("-"))
    return packages


def required_packages(repo):
    """(file, Debian package) of every telex_require_pkg() in cmake/ and the stages."""
    files = [os.path.join(repo, "cmake", "TelexDeps.cmake")]
    stages_dir = os.path.join(repo, "stages")
    if os.path.isdir(stages_dir):
        lists = (os.path.join(stages_dir, d, "CMakeLists.txt") for d in os.listdir(stages_dir))
        files += sorted(f for f in lists if os.path.exists(f))
    found = []
    for file in files:
        with open(file, encoding="utf-8") as f:
            for m in re.finditer(r"telex_require_pkg\(\w+ \S+ (\S+)\)", f.read()):
                found.append((os.path.relpath(file, repo), m.group(1)))
    return found


def check_dockerfile(deploy, topo, bin_dir, problems):
    path = os.path.join(deploy, "Dockerfile")
    stages = dockerfile_stages(path)
    if len(stages) < 2:
        problems.add(path, "not a multi-stage build")
        return
    names = [s[0] for s in stages]
    for index, (name, base, lines) in enumerate(stages):
        if not base.startswith("debian:12"):
            problems.add(path, f"stage {name} is based on {base}, not Debian 12")
        for line in lines:
            m = re.match(r"COPY .*--from=(\S+)", line)
            if m and m.group(1) not in names[:index]:
                problems.add(path, f"stage {name} copies from {m.group(1)}, no earlier stage")
    final_name, _, final = stages[-1]
    users = [line.split(None, 1)[1] for line in final if line.startswith("USER ")]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.add(path, "the final image runs as root (no USER, or USER root)")
    runtime = apt_packages(final)
    for package in sorted(runtime):
        if package.endswith("-dev") or package in ("build-essential", "cmake", "gcc"):
            problems.add(path, f"the final image installs {package}, a build tool")
    if not any(re.match(r"COPY .*--from=", line) for line in final):
        problems.add(path, "the final image copies nothing from the build stage")
    exposed = {int(p) for line in final if line.startswith("EXPOSE ")
               for p in re.findall(r"\d+", line)}
    for name, stage in (topo.get("stages") or {}).items():
        if stage.get("metrics_port") not in exposed:
            problems.add(path, f"does not EXPOSE {name}'s metrics port {stage.get('metrics_port')}")
    # The build stage installs what the CMake files require (tests are off in the image).
    build_packages = set().union(*(apt_packages(s[2]) for s in stages[:-1]))
    for cmake_file, package in required_packages(os.path.join(deploy, "..")):
        if package != "libcriterion-dev" and package not in build_packages:
            problems.add(path, f"the build stage does not install {package} ({cmake_file} "
                               "requires it)")
    if bin_dir:
        for name in topo.get("stages") or {}:
            binary = os.path.join(bin_dir, f"telex-{name}")
            if os.access(binary, os.X_OK):
                for package in sorted(needed_packages(binary, problems) - runtime):
                    problems.add(path, f"telex-{name} links a library of {package}, which the "
                                       "final image does not install")


def run_checks(deploy, bin_dir):
    problems = Problems()
    topo_path = os.path.join(deploy, "topology.yaml")
    docs = load_yaml_docs(topo_path, problems)
    if not docs:
        return problems
    topo = docs[0]
    check_topology(topo, problems, topo_path)
    defaults = check_binaries(bin_dir, topo, problems) if bin_dir else {}
    check_configs(deploy, topo, defaults, problems)
    check_systemd(deploy, topo, problems)
    check_compose(deploy, topo, problems)
    check_k8s(deploy, topo, problems)
    check_dockerfile(deploy, topo, bin_dir, problems)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deploy", default=DEFAULT_DEPLOY, help="the deploy/ folder")
    parser.add_argument("--bin", required=True, help="the folder of the built telex-* binaries")
    args = parser.parse_args()
    problems = run_checks(os.path.abspath(args.deploy), os.path.abspath(args.bin))
    for line in problems.lines:
        print(line)
    stages = len((yaml.safe_load(open(os.path.join(args.deploy, "topology.yaml"))) or {})
                 .get("stages") or {})
    if problems.lines:
        print(f"deploy check: {len(problems.lines)} problem(s)")
        return 1
    print(f"deploy check: topology, config, systemd, compose, k8s and Dockerfile agree "
          f"({stages} stages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
