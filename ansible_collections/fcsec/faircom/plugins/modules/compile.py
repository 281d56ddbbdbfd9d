#!/usr/bin/python
# Copyright: fcsec contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import annotations

DOCUMENTATION = r"""
---
module: compile
short_description: Compile an fcsec spec into a FairCom server's services.json and ctsrvr.cfg
version_added: "0.1.0"
description:
  - Runs C(fcsec compile) on the managed host through fcsec's Python API, which updates the parts of
    C(services.json) and C(ctsrvr.cfg) that the spec manages (TLS listeners,
    C(mqtt.authenticationMethods), the C(SUBSYSTEM COMM_PROTOCOL SSL) block) and leaves every
    other byte of both files alone.
  - Both files are written as one transaction (both new or both old) under fcsec's lock on the
    config folder, exactly as the command line writes them; a file whose bytes would not change
    is not touched, so a second run reports C(changed=false).
  - FairCom reads these files only at start-up. Notify a handler that restarts the server when
    the task reports C(changed).
  - Every C([env.NAME]) overlay of the spec is validated, whichever O(env) is compiled. A spec
    with errors fails the task with fcsec's diagnostics (rule id, file:line:column, message,
    hint) and writes nothing.
author:
  - fcsec contributors (!UNKNOWN)
requirements:
  - fcsec (the Python package, on the managed host, for the Python that runs the module)
  - Python 3.11 or later on the managed host
options:
  spec:
    description:
      - Path of the spec file (C(*.fcsec)) on the managed host; give it absolute (a relative path
        is taken from the module's working folder there).
      - Copy it there first (M(ansible.builtin.copy) or M(ansible.builtin.template)).
    type: path
    required: true
  config_dir:
    description:
      - The folder that holds C(services.json) and C(ctsrvr.cfg); created when absent.
      - Default C(<server.root>/config) from the spec's C([server] root) (a relative root is
        relative to the spec's folder); the task fails when the spec has no root either.
    type: path
  env:
    description:
      - Apply the spec's overlay C([env.NAME]) (as C(fcsec compile --env NAME)).
    type: str
  backup:
    description:
      - Keep a copy of each file the task changes, named C(NAME.PID.YYYY-MM-DD@HH:MM:SS~) beside
        it, with the file's permission bits and times. A file that did not exist has no backup.
    type: bool
    default: false
  lock_timeout:
    description:
      - Seconds to wait for another fcsec run on the same config folder (as
        C(fcsec compile --lock-timeout)).
    type: float
    default: 30
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Nothing is created or written; C(changed) says whether a file would change.
  diff_mode:
    support: full
    details: One diff per file that changes (or would change), the whole file before and after.
  platform:
    platforms: posix
notes:
  - The module never needs the certificate files themselves; use M(fcsec.faircom.check) to
    check them on the host.
  - Replacing a file gives it a new inode, as with C(fcsec compile)'s atomic rename; its
    permission bits and owner are kept.
seealso:
  - module: fcsec.faircom.check
"""

EXAMPLES = r"""
- name: Put the spec on the server
  ansible.builtin.copy:
    src: security.fcsec
    dest: /etc/fcsec/security.fcsec
    mode: "0644"

- name: Compile it into FairCom's config folder
  fcsec.faircom.compile:
    spec: /etc/fcsec/security.fcsec
    config_dir: /opt/faircom/config
    env: "{{ fcsec_env | default(omit) }}"
    backup: true
  notify: Restart FairCom

# handlers:
#   - name: Restart FairCom
#     ansible.builtin.service:
#       name: faircom
#       state: restarted

- name: In CI, show what would change without writing (ansible-playbook --check --diff)
  fcsec.faircom.compile:
    spec: /etc/fcsec/security.fcsec
    config_dir: /opt/faircom/config
  check_mode: true
  diff: true
  register: planned
"""

RETURN = r"""
config_dir:
  description: The config folder compiled into (as given, or C(<server.root>/config)).
  returned: success
  type: str
  sample: /opt/faircom/config
files:
  description: One entry per file the spec manages (a file it does not manage is not listed).
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: C(services.json) or C(ctsrvr.cfg).
      type: str
    path:
      description: The file's path.
      type: str
    state:
      description: >-
        C(created), C(updated) or C(unchanged): what happened to the file, or in check mode what
        would happen.
      type: str
    changed:
      description: Whether the file was (in check mode, would be) written.
      type: bool
    managed:
      description: The parts of the file the spec manages.
      type: list
      elements: str
      sample: ["listeners.https8443", "mqtt.authenticationMethods"]
    notes:
      description: What fcsec noted about the file, e.g. a certificate key respelled.
      type: list
      elements: str
    backup_file:
      description: The backup copy of the file (O(backup=true), the file changed and existed).
      type: str
      returned: when a backup was made
  sample:
    - name: services.json
      path: /opt/faircom/config/services.json
      state: updated
      changed: true
      managed: ["listeners.https8443"]
      notes: []
backup_files:
  description: Every backup copy made (O(backup=true)); empty when nothing was backed up.
  returned: success
  type: list
  elements: str
  sample: ["/opt/faircom/config/services.json.4242.2026-01-31@09:15:02~"]
notes:
  description: >-
    What the change takes away from clients after the restart (TLS newly required for SQL, ISAM
    and CTDB, shared memory off, a listener disabled, a login method dropped); also shown as
    warnings.
  returned: success
  type: list
  elements: str
diagnostics:
  description: >-
    On success: the spec's warnings and the findings of the config-file rules about the files
    after compile (also shown as warnings). On failure: fcsec's errors.
  returned: always
  type: list
  elements: dict
  contains:
    rule:
      description: The rule id (C(fcsec explain RULE)).
      type: str
      sample: FCS012
    severity:
      description: C(error), C(warning) or C(info).
      type: str
    title:
      description: The rule's title.
      type: str
    message:
      description: What is wrong.
      type: str
    file:
      description: The file it is in (the spec, or a config file).
      type: str
    line:
      description: 1-based line, or null without a place.
      type: int
    column:
      description: 1-based column, or null without a place.
      type: int
    end_line:
      description: The line where the place ends.
      type: int
    end_column:
      description: The column just after the place.
      type: int
    label:
      description: What the place is, or null.
      type: str
    hint:
      description: How to fix it, or null.
      type: str
diff:
  description: In diff mode, one entry per file that changes, the whole text before and after.
  returned: diff mode, when a file changes
  type: list
  elements: dict
  contains:
    before:
      description: The file's text before (empty for a new file).
      type: str
    after:
      description: The file's text after.
      type: str
    before_header:
      description: The file's path (C(/dev/null) for a new file).
      type: str
    after_header:
      description: The file's path.
      type: str
"""

from ansible.module_utils.basic import AnsibleModule  # noqa: E402  (after the docs, as Ansible has it)
from ansible_collections.fcsec.faircom.plugins.module_utils.support import (  # noqa: E402
    fail_with_bug,
    fail_with_diagnostics,
    fcsec_apply,
    require_fcsec,
)


def _file(result, output):
    name = output.name
    changes = result.changes(name)
    state = "unchanged" if not changes else "created" if output.before is None else "updated"
    entry = {
        "name": name,
        "path": result.path(name),
        "state": state,
        "changed": changes,
        "managed": list(output.managed),
        "notes": list(output.notes),
    }
    if name in result.backups:
        entry["backup_file"] = result.backups[name]
    return entry


def _diff(result):
    diffs = []
    for output in result.outputs:
        if result.changes(output.name):
            path = result.path(output.name)
            diffs.append(
                {
                    "before": output.before or "",
                    "after": output.after,
                    "before_header": "/dev/null" if output.before is None else path,
                    "after_header": path,
                }
            )
    return diffs


def _holder(spec, config_dir, env):
    words = ["ansible module fcsec.faircom.compile", f"spec={spec}", f"config_dir={config_dir}"]
    if env:
        words.append(f"env={env}")
    return " ".join(words)


def run(module):
    params = module.params
    spec_path, env = params["spec"], params["env"] or None
    if params["lock_timeout"] < 0:
        module.fail_json(msg="lock_timeout must be 0 or more seconds")
    if spec_path == "-":
        module.fail_json(msg="spec must name a file on the managed host")
    source = fcsec_apply.read_spec_file(spec_path)
    loaded = fcsec_apply.load_all(source, env)
    config_dir = params["config_dir"] or fcsec_apply.default_config_dir(loaded.spec, spec_path)
    if config_dir is None:
        module.fail_json(
            msg=f"give config_dir, or set [server] root in the spec {spec_path}",
            diagnostics=[],
        )
    result = fcsec_apply.compile_folder(
        loaded,
        source,
        config_dir,
        write=not module.check_mode,
        holder=_holder(spec_path, config_dir, env),
        lock_timeout=params["lock_timeout"],
        lint_files=True,
        backup=params["backup"],
    )
    reported = [*loaded.warnings, *result.findings]
    for item in reported:
        module.warn(fcsec_apply.one_line(item))
    notes = list(result.client_notes())
    for note in notes:
        module.warn(f"after the restart: {note}")
    outcome = {
        "changed": result.changed,
        "config_dir": config_dir,
        "files": [_file(result, output) for output in result.outputs],
        "backup_files": [result.backups[name] for name in sorted(result.backups)],
        "notes": notes,
        "diagnostics": [fcsec_apply.diagnostic_data(item) for item in reported],
    }
    if module._diff and result.changed:
        outcome["diff"] = _diff(result)
    return outcome


def main():
    module = AnsibleModule(
        argument_spec={
            "spec": {"type": "path", "required": True},
            "config_dir": {"type": "path"},
            "env": {"type": "str"},
            "backup": {"type": "bool", "default": False},
            "lock_timeout": {"type": "float", "default": 30},
        },
        supports_check_mode=True,
    )
    require_fcsec(module)
    from fcsec import DiagnosticError

    try:
        outcome = run(module)
    except DiagnosticError as failure:
        fail_with_diagnostics(module, failure, changed=False)
    except Exception as exc:  # anything but a diagnostic is a bug in fcsec
        fail_with_bug(module, exc)
    module.exit_json(**outcome)


if __name__ == "__main__":
    main()
