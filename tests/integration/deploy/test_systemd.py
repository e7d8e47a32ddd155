#!/usr/bin/python3
"""deploy/systemd/telex@.service passes `systemd-analyze verify` for every stage.

    test_systemd.py --bin BUILD/bin

For each stage of deploy/topology.yaml, the template is instantiated as
telex@<stage>.service with ExecStart pointing at the built binary (verify
checks that the program exists and is executable), then verified; any output
is a failure. `systemd-analyze security --offline` must rate the hardening
better than MAX_EXPOSURE (0 is fully locked down, 10 is not at all). The
optional drop-ins (systemd/exactly-once.conf for the topology's exactly_once
stages, security/credentials.conf for every stage) are verified with it too.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEPLOY = os.path.normpath(os.path.join(HERE, "..", "..", "..", "deploy"))
MAX_EXPOSURE = 2.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True)
    args = parser.parse_args()
    with open(os.path.join(DEPLOY, "topology.yaml")) as f:
        stages = yaml.safe_load(f)["stages"]
    with open(os.path.join(DEPLOY, "systemd", "telex@.service")) as f:
        template = f.read()
    if "ExecStart=/usr/bin/telex-%i " not in template:
        print("systemd FAILED: ExecStart does not run /usr/bin/telex-%i")
        return 1
    failures = []
    work = tempfile.mkdtemp(prefix="telex-systemd-")
    for stage, spec in stages.items():
        unit = os.path.join(work, f"telex@{stage}.service")
        with open(unit, "w") as f:
            f.write(template.replace("/usr/bin/telex-%i",
                                     os.path.join(os.path.abspath(args.bin), "telex-%i")))
        drop_ins = [os.path.join(DEPLOY, "security", "credentials.conf")]
        if spec.get("exactly_once"):
            drop_ins.append(os.path.join(DEPLOY, "systemd", "exactly-once.conf"))
        for drop_in in [None, *drop_ins]:
            if drop_in:
                os.makedirs(unit + ".d", exist_ok=True)
                shutil.copy(drop_in, unit + ".d")
            run = subprocess.run(["systemd-analyze", "verify", unit], capture_output=True,
                                 text=True)
            output = (run.stdout + run.stderr).strip()
            if run.returncode != 0 or output:
                failures.append(f"verify telex@{stage}.service with "
                                f"{os.path.basename(drop_in or 'no drop-in')} "
                                f"(exit {run.returncode}): {output}")
        run = subprocess.run(["systemd-analyze", "security", "--offline=true", unit],
                             capture_output=True, text=True)
        m = re.search(r"Overall exposure level for \S+: ([\d.]+)", run.stdout)
        if not m or float(m.group(1)) > MAX_EXPOSURE:
            failures.append(f"security telex@{stage}.service: exposure "
                            f"{m.group(1) if m else '?'} (at most {MAX_EXPOSURE})")
    for line in failures:
        print(f"systemd FAILED: {line}")
    if failures:
        return 1
    print(f"systemd: telex@.service verified for {', '.join(stages)}; exposure <= {MAX_EXPOSURE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
