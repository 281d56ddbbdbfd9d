#!/usr/bin/python
# Copyright: fcsec contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import annotations

DOCUMENTATION = r"""
---
module: check
short_description: Validate and lint an fcsec spec on a FairCom server, findings as data
version_added: "0.1.0"
description:
  - Runs C(fcsec check) on the managed host through fcsec's Python API and returns its findings
    as data (rule, severity, message, file, line, column, hint), one per problem.
  - Checks the spec and each of its C([env.NAME]) overlays (only O(env) when given), the
    certificate files the spec names (unless O(skip_files)), the cipher lists and the
    configuration choices, with the spec's C([lint] allow) entries applied.
  - With O(config_dir), also lints C(services.json) and C(ctsrvr.cfg) as they will be after
    compile; without O(spec), audits those files as they are.
  - The task fails when there are errors, or warnings too with O(strict=true). It never changes
    anything.
author:
  - fcsec contributors (!UNKNOWN)
requirements:
  - fcsec (the Python package, on the managed host, for the Python that runs the module)
  - Python 3.11 or later on the managed host
options:
  spec:
    description:
      - Path of the spec file on the managed host, absolute. Required unless O(config_dir) is
        given.
    type: path
  env:
    description:
      - Check only the overlay C([env.NAME]) (as C(fcsec check --env NAME)).
    type: str
  config_dir:
    description:
      - The folder that holds C(services.json) and C(ctsrvr.cfg), linted as they will be after
        compile (as C(fcsec check --config-dir)).
    type: path
  skip_files:
    description:
      - Do not read the certificate, key or key-store files the spec names.
    type: bool
    default: false
  policy:
    description:
      - Hold every cipher list to a built-in policy, e.g. C(nist-800-52r2).
    type: str
  strict:
    description:
      - Fail on warnings too, not only on errors.
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The module only reads; it runs the same in check mode.
  diff_mode:
    support: none
  platform:
    platforms: posix
seealso:
  - module: fcsec.faircom.compile
"""

EXAMPLES = r"""
- name: Check the spec and the certificate files it names, on the server
  fcsec.faircom.check:
    spec: /etc/fcsec/security.fcsec
    env: "{{ fcsec_env | default(omit) }}"
    config_dir: /opt/faircom/config
    strict: true
  register: fcsec_check

- name: Show the findings that are not allowed
  ansible.builtin.debug:
    msg: "{{ item.rule }} {{ item.file }}:{{ item.line }}: {{ item.message }}"
  loop: "{{ fcsec_check.findings | rejectattr('allowed') }}"

- name: Audit a server's files without a spec
  fcsec.faircom.check:
    config_dir: /opt/faircom/config
"""

RETURN = r"""
findings:
  description: Every finding, allowed ones included (with C(allowed=true) and the reason).
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
      description: The file it is in (the spec, a certificate or a config file).
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
    notes:
      description: More about the finding, e.g. the environments it is found in.
      type: list
      elements: str
    allowed:
      description: Whether a C([lint] allow) entry of the spec accepts it.
      type: bool
    reason:
      description: The allowance's reason, or null.
      type: str
summary:
  description: Counts of the findings that count (allowed ones apart), and whether the check failed.
  returned: always
  type: dict
  contains:
    errors:
      description: Errors.
      type: int
    warnings:
      description: Warnings.
      type: int
    infos:
      description: Infos.
      type: int
    allowed:
      description: Findings accepted by C([lint] allow).
      type: int
    failed:
      description: Errors, or warnings with O(strict=true).
      type: bool
  sample: {"errors": 0, "warnings": 1, "infos": 0, "allowed": 0, "failed": false}
environments:
  description: The C([env.NAME]) overlays checked (the base spec is always checked).
  returned: always
  type: list
  elements: str
configures:
  description: What the spec configures, and what was checked and what was not.
  returned: always
  type: str
  sample: "3 listeners, database TLS"
"""

from ansible.module_utils.basic import AnsibleModule  # noqa: E402  (after the docs, as Ansible has it)
from ansible_collections.fcsec.faircom.plugins.module_utils.support import (  # noqa: E402
    fail_with_bug,
    fcsec_apply,
    require_fcsec,
)


def _counting(report, strict):
    """The findings that fail the check, on one line each."""
    failing = ("error", "warning") if strict else ("error",)
    return [
        fcsec_apply.one_line(item.diagnostic)
        for item in report.findings
        if not item.allowed and item.severity.value in failing
    ]


def run(module):
    params = module.params
    if params["spec"] is None and params["config_dir"] is None:
        module.fail_json(msg="give spec, config_dir (audit the files as they are), or both")
    if params["spec"] == "-":
        module.fail_json(msg="spec must name a file on the managed host")
    try:
        report = fcsec_apply.check_spec(
            params["spec"] or None,
            env=params["env"] or None,
            config_dir=params["config_dir"] or None,
            skip_files=params["skip_files"],
            policy=params["policy"] or None,
            strict=params["strict"],
        )
    except ValueError as usage:
        module.fail_json(msg=str(usage))
    outcome = {"changed": False, **fcsec_apply.check_data(report)}
    if outcome["summary"]["failed"]:
        module.fail_json(msg="\n".join(_counting(report, params["strict"])), **outcome)
    return outcome


def main():
    module = AnsibleModule(
        argument_spec={
            "spec": {"type": "path"},
            "env": {"type": "str"},
            "config_dir": {"type": "path"},
            "skip_files": {"type": "bool", "default": False},
            "policy": {"type": "str"},
            "strict": {"type": "bool", "default": False},
        },
        supports_check_mode=True,
    )
    require_fcsec(module)
    try:
        outcome = run(module)
    except Exception as exc:  # check reports every problem as a finding: this is a bug
        fail_with_bug(module, exc)
    module.exit_json(**outcome)


if __name__ == "__main__":
    main()
