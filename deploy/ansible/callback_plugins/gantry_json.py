# Gantry's stdout callback: one JSON document at the end of a run, which `gantry up` reads to count changed
# tasks and to name every failed task with its host. (ansible-core ships no json callback; that one lives in
# the ansible.posix collection, which Debian's ansible-core does not include.)
import json

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
    name: gantry_json
    type: stdout
    short_description: one JSON document with per-host stats and every task's outcome
    description: The output `gantry up` parses.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "gantry_json"

    def __init__(self):
        super().__init__()
        self.tasks = []

    def _record(self, result, status):
        r = result._result
        msg = r.get("msg") or ""
        stderr = r.get("stderr") or ""
        if status in ("failed", "unreachable") and stderr and (not msg or str(msg).startswith("non-zero return code")):
            msg = stderr
        self.tasks.append(
            {"host": result._host.get_name(), "task": result._task.get_name(), "status": status, "msg": str(msg)}
        )

    def v2_runner_on_ok(self, result):
        self._record(result, "changed" if result._result.get("changed") else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "ignored" if ignore_errors else "failed")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        hosts = sorted(stats.processed.keys())
        out = {"stats": {h: stats.summarize(h) for h in hosts}, "tasks": self.tasks}
        self._display.display(json.dumps(out))
