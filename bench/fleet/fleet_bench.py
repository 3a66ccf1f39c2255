#!/usr/bin/env python3
"""bench/fleet: gantry up of three netns hosts, git push to deploy the markdown service on them, and a plain
ansible-playbook deploy of the same artifact to the same hosts, timed side by side in one run.

Run by run.sh (as root, after it built gantry.jar and markdown.jar). Every figure is wall time on this machine;
each path it reports is checked as it runs (agents joined, the new release answering on every host, the
baseline's new process answering), and the run stops with an error naming what did not hold.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

ENV = "benchf"
NET = "10.77.214"
BRIDGE = NET + ".1"
HOSTS = {"node1": NET + ".2", "node2": NET + ".3", "node3": NET + ".4"}
API_PORT = 17214
API = f"http://{BRIDGE}:{API_PORT}"
PLAIN_PORT = 18080
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the hosts are local: never through a proxy


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--playbooks", required=True)
    ap.add_argument("--plain", required=True)
    ap.add_argument("--java", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench/fleet needs root: netns hosts are network namespaces (run it with sudo)")
    bench = Bench(a)
    try:
        bench.run()
    finally:
        bench.clean_up()


class Bench:
    def __init__(self, a):
        self.a = a
        self.out = os.path.abspath(a.out)
        self.data = os.path.join(self.out, "data")
        self.server = None
        self.results = {"up": {}, "first": {}, "pushes": [], "plain": [], "load": []}

    # -- the run ---------------------------------------------------------------------------------------------------

    def run(self):
        self.fresh_dir()
        self.load("start")
        self.time_up()
        deployer = self.token("bench-push", "deployer")
        repo = self.markdown_repo()
        print(f"== first deploys (not in the medians): gantry creates the app, the playbook starts from nothing")
        self.results["first"]["push"] = self.push(repo, deployer, 0)
        self.results["first"]["plain"] = self.plain(0)
        for i in range(1, self.a.runs + 1):
            print(f"== run {i} of {self.a.runs}")
            self.results["pushes"].append(self.push(repo, deployer, i))
            self.results["plain"].append(self.plain(i))
        self.load("end")
        self.report()

    def time_up(self):
        env_file = os.path.join(self.out, "environments", ENV + ".yml")
        os.makedirs(os.path.dirname(env_file))
        with open(env_file, "w") as f:
            f.write(f"provider: netns\nnetwork: {NET}.0/24\nhosts:\n"
                    + "".join(f"  - {{name: {h}, roles: [agent]}}\n" for h in HOSTS))
        print("== gantry up, from nothing: the hosts (--no-configure), then, with a control plane on the bridge, "
              "Ansible until three agents report")
        t0 = time.monotonic()
        created = self.gantry("up", ENV, "--no-configure")
        create_s = time.monotonic() - t0
        expect(f"{ENV}: created bridge gantry-{ENV}" in created, "gantry up --no-configure created no bridge", created)
        self.start_server()
        join = self.token("bench-join", "join")
        with open(os.path.join(self.out, "environments", "join-token"), "w") as f:
            f.write(join)
        with open(env_file, "a") as f:
            f.write(f'control: {{url: "{API}", join-token-file: join-token}}\n')
        t1 = time.monotonic()
        up = self.gantry("up", ENV)
        configured_s = time.monotonic() - t1
        changed = int(re.search(r"ansible: (\d+) changed", up).group(1))
        expect(changed > 0 and f"{ENV} is up with 3 hosts" in up, "the first configuring up changed nothing", up)
        joined = self.await_agents()
        ready_s = time.monotonic() - t1
        t2 = time.monotonic()
        again = self.gantry("up", ENV)
        again_s = time.monotonic() - t2
        expect(again == f"{ENV}: ansible: 0 changed\n{ENV} is up; nothing changed\n",
               "the second gantry up changed something", again)
        self.results["up"] = {"create_s": create_s, "configure_s": configured_s, "agents_ready_s": ready_s,
                              "from_nothing_s": create_s + ready_s, "changed": changed, "rerun_s": again_s,
                              "agents": joined}
        print(f"   created in {create_s:.1f} s, configured in {configured_s:.1f} s ({changed} changed), "
              f"3 agents reporting after {ready_s:.1f} s; re-run {again_s:.1f} s, 0 changed")

    def push(self, repo, deployer, i):
        with open(os.path.join(repo, "RELEASE"), "w") as f:
            f.write(f"bench push {i} at {time.time()}\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"bench push {i}")
        url = f"http://git:{deployer}@{BRIDGE}:{API_PORT}/git/markdown.git"
        t0 = time.monotonic()
        p = subprocess.run(["git", "-C", repo, "push", url, "main"], capture_output=True, text=True, timeout=900)
        pushed_s = time.monotonic() - t0
        output = p.stdout + p.stderr
        with open(os.path.join(self.out, f"push-{i}.txt"), "w") as f:
            f.write(output)
        expect(p.returncode == 0, f"push {i} failed", output)
        release = int(re.search(r"remote: gantry: markdown release (\d+) is live", output).group(1))
        answered = self.await_release(release)
        total_s = time.monotonic() - t0
        r = {"release": release, "total_s": total_s, "push_exit_s": pushed_s,
             "receive_s": seconds(output, r"received \S+ \S+ and checked it out in ([0-9.]+) s"),
             "test_s": seconds(output, r"tests passed in ([0-9.]+) s"),
             "build_s": seconds(output, r"built in ([0-9.]+) s"),
             "rollout_s": seconds(output, r"live on 3 hosts in ([0-9.]+) s"),
             "answered": answered}
        print(f"   push {i}: release {release} on 3 hosts in {total_s:.1f} s (receive {r['receive_s']}, "
              f"test {r['test_s']}, build {r['build_s']}, rollout {r['rollout_s']})")
        return r

    def plain(self, i):
        before = {h: self.plain_pid(h) for h in HOSTS}
        inventory = os.path.join(self.data, "environments", ENV, "inventory.yml")
        env = dict(os.environ, ANSIBLE_SSH_ARGS="-o ControlMaster=no -o ControlPersist=no", ANSIBLE_PIPELINING="True",
                   ANSIBLE_HOST_KEY_CHECKING="True", ANSIBLE_RETRY_FILES_ENABLED="False", ANSIBLE_NOCOLOR="True",
                   ANSIBLE_LOCAL_TEMP=os.path.join(self.out, "ansible-tmp"))
        t0 = time.monotonic()
        p = subprocess.run(["ansible-playbook", "-i", inventory, self.a.plain, "-e", f"release={i}",
                            "-e", f"artifact={os.path.abspath(self.a.markdown)}", "-e", f"java={self.a.java}"],
                           capture_output=True, text=True, env=env, timeout=600)
        took = time.monotonic() - t0
        with open(os.path.join(self.out, f"plain-{i}.txt"), "w") as f:
            f.write(p.stdout + p.stderr)
        expect(p.returncode == 0, f"plain deploy {i} failed", p.stdout + p.stderr)
        for h, address in HOSTS.items():
            pid = self.plain_pid(h)
            expect(pid is not None and pid != before[h], f"plain deploy {i}: {h} runs no new process", str(pid))
            cmd = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
            cwd = os.readlink(f"/proc/{pid}/cwd")
            expect("markdown.jar" in cmd and cwd.endswith(f"/plain/releases/{i}"),
                   f"plain deploy {i}: {h}'s process {pid} is not release {i}", cmd + " in " + cwd)
            expect(http_status(f"http://{address}:{PLAIN_PORT}/health") == 200,
                   f"plain deploy {i}: {h} does not answer", address)
        print(f"   plain playbook {i}: new process answering on 3 hosts in {took:.1f} s")
        return {"release": i, "total_s": took}

    # -- the parts -------------------------------------------------------------------------------------------------

    def start_server(self):
        log = open(os.path.join(self.out, "control-plane.log"), "w")
        env = {k: v for k, v in os.environ.items() if not k.startswith("GANTRY_")}
        self.server = subprocess.Popen(
            [self.a.java, "-XX:+UseSerialGC", "-jar", self.a.jar, "server", "--bind", BRIDGE, "--port",
             str(API_PORT), "--api-tls", "off", "--no-router", "--no-agent", "--data-dir",
             os.path.join(self.out, "server")], stdout=log, stderr=subprocess.STDOUT, env=env)
        token_file = os.path.join(self.out, "server", "token")
        deadline = time.monotonic() + 120
        while http_status(API + "/health") != 200 or not os.path.exists(token_file):
            expect(self.server.poll() is None, "the control plane exited", open(log.name).read()[-3000:])
            expect(time.monotonic() < deadline, "the control plane did not answer in 120 s", "")
            time.sleep(0.2)
        self.admin = open(token_file).read().strip()

    def token(self, name, role):
        return self.gantry("tokens", "create", name, "--role", role, "--server", API, "--token", self.admin).strip()

    def await_agents(self):
        deadline = time.monotonic() + 120
        while True:
            agents = {a["host"]: a["address"] for a in self.api("/api/v1/agents")}
            if agents == HOSTS:
                return agents
            expect(time.monotonic() < deadline, "three agents did not report in 120 s", json.dumps(agents))
            time.sleep(0.1)

    def await_release(self, release):
        """Until release's instance answers /health on each of the three hosts; returns host -> instance."""
        deadline = time.monotonic() + 120
        while True:
            answered = {}
            for a in self.api("/api/v1/agents"):
                for s in a["instances"]:
                    if s["app"] == "markdown" and s["release"] == release and s["state"] == "READY" \
                            and http_status(f"http://{s['address']}:{s['port']}/health") == 200:
                        answered[a["host"]] = f"{s['id']} at {s['address']}:{s['port']}"
            if set(answered) == set(HOSTS):
                return answered
            expect(time.monotonic() < deadline, f"release {release} not answering on 3 hosts in 120 s",
                   json.dumps(answered))
            time.sleep(0.05)

    def plain_pid(self, host):
        try:
            pid = int(open(os.path.join(self.data, "environments", ENV, "hosts", host, "data", "plain",
                                        "markdown.pid")).read())
            return pid if os.path.exists(f"/proc/{pid}") else None
        except (OSError, ValueError):
            return None

    def markdown_repo(self):
        repo = os.path.join(self.out, "markdown-src")
        os.makedirs(repo)
        shutil.copy(self.a.markdown, os.path.join(repo, "markdown.jar"))
        files = {
            "gantry.yml": "name: markdown\n"
                          "test: ./test.sh\n"
                          "build: ./build.sh\n"
                          f"run: {self.a.java} -Xmx48m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=32m"
                          " -XX:MaxMetaspaceSize=48m -jar target/markdown.jar\n"
                          "health: /health\ninstances: 3\nroute: { host: markdown.localhost }\n",
            "test.sh": "#!/bin/sh\nset -e\npython3 -m zipfile -t markdown.jar >/dev/null\n"
                       "echo 'markdown.jar: every entry reads back intact'\n",
            "build.sh": "#!/bin/sh\nset -e\nmkdir -p target\ncp markdown.jar target/markdown.jar\n"
                        "echo \"packed target/markdown.jar ($(wc -c < target/markdown.jar) bytes)\"\n",
        }
        for name, text in files.items():
            with open(os.path.join(repo, name), "w") as f:
                f.write(text)
            if name.endswith(".sh"):
                os.chmod(os.path.join(repo, name), 0o755)
        git(repo, "init", "-q", "-b", "main")
        return repo

    def api(self, path):
        req = urllib.request.Request(API + path, headers={"Authorization": "Bearer " + self.admin})
        with HTTP.open(req, timeout=10) as r:
            return json.load(r)

    def gantry(self, *args):
        argv = [self.a.java, "-jar", self.a.jar, *args]
        if args[0] != "tokens":
            argv += ["--data-dir", self.data]
        if args[0] == "up":
            argv += ["--playbooks", self.a.playbooks, "--host-java", self.a.java]
        env = {k: v for k, v in os.environ.items() if not k.startswith("GANTRY_")}
        p = subprocess.run(argv, cwd=self.out, capture_output=True, text=True, env=env, timeout=900)
        expect(p.returncode == 0, "gantry " + " ".join(args[:2]) + " failed", p.stdout + p.stderr)
        return p.stdout

    def load(self, when):
        self.results["load"].append(when + ": " + subprocess.run(["uptime"], capture_output=True, text=True)
                                    .stdout.strip())

    def fresh_dir(self):
        if os.path.exists(os.path.join(self.out, "environments", ENV + ".yml")):
            self.destroy()
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(self.out)

    def destroy(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("GANTRY_")}
        subprocess.run([self.a.java, "-jar", self.a.jar, "destroy", ENV, "--data-dir", self.data], cwd=self.out,
                       env=env, timeout=300)

    def clean_up(self):
        if os.path.exists(os.path.join(self.out, "environments", ENV + ".yml")):
            self.destroy()
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()

    # -- the figures -----------------------------------------------------------------------------------------------

    def report(self):
        with open(os.path.join(self.out, "results.json"), "w") as f:
            json.dump(self.results, f, indent=2)
        up, first = self.results["up"], self.results["first"]
        pushes, plain = self.results["pushes"], self.results["plain"]
        print(f"\n== figures, {len(pushes)} runs each (median, min-max)")
        print("| what | median | min | max |\n|---|---|---|---|")
        for label, key in [("git push -> new release answering on all 3 hosts", "total_s"),
                           ("  receive (pack in, checked out)", "receive_s"), ("  test", "test_s"),
                           ("  build (and pack)", "build_s"), ("  rollout (rolling, 3 instances)", "rollout_s")]:
            row(label, [p[key] for p in pushes])
        row("plain ansible-playbook: copy, restart, health on all 3 hosts", [p["total_s"] for p in plain])
        print(f"\nratio of medians (gantry push / plain playbook): "
              f"{median([p['total_s'] for p in pushes]) / median([p['total_s'] for p in plain]):.2f}")
        print(f"first deploys: gantry push {first['push']['total_s']:.1f} s, plain {first['plain']['total_s']:.1f} s")
        print(f"gantry up from nothing: {up['from_nothing_s']:.1f} s (create {up['create_s']:.1f} s, configure and "
              f"3 agents reporting {up['agents_ready_s']:.1f} s, {up['changed']} changed); "
              f"idempotent re-run {up['rerun_s']:.1f} s, 0 changed")
        for line in self.results["load"]:
            print("load " + line)


def row(label, values):
    print(f"| {label} | {median(values):.1f} s | {min(values):.1f} | {max(values):.1f} |")


def median(values):
    return statistics.median(values)


def seconds(output, pattern):
    m = re.search("remote: gantry: " + pattern, output)
    expect(m is not None, "the push output has no line matching " + pattern, output)
    return float(m.group(1))


def http_status(url):
    try:
        with HTTP.open(url, timeout=2) as r:
            return r.status
    except Exception:
        return None


def git(repo, *args):
    subprocess.run(["git", "-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@gantry.invalid", *args],
                   check=True, capture_output=True)


def expect(ok, what, detail):
    if not ok:
        raise SystemExit(f"bench/fleet: {what}\n{detail}")


if __name__ == "__main__":
    main()
