"""`fcsec rules` lists the catalogue; `fcsec completion` scripts complete in real shells."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess

import pytest

from fcsec.cli import build_parser, main
from fcsec.commands.completion import script
from fcsec.rules import RULES


def test_rules_text_has_one_line_per_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(RULES)
    assert lines[0].split(None, 2)[1] == RULES[sorted(RULES)[0]].severity.value


def test_rules_json_is_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format_version"] == 1
    by_id = {rule["id"]: rule for rule in document["rules"]}
    assert sorted(by_id) == sorted(RULES)
    for rule_id, rule in RULES.items():
        assert by_id[rule_id] == {
            "id": rule.id,
            "severity": rule.severity.value,
            "title": rule.title,
            "rationale": rule.rationale,
            "fix": rule.fix,
        }


def _need(shell: str) -> str:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed (.ci/run installs it)")
    return found


# (the words typed, a completion that must be offered)
BASH_CASES = [
    ("fcsec co", "compile"),
    ("fcsec co", "completion"),
    ("fcsec check --for", "--format"),
    ("fcsec check --format ", "sarif"),
    ("fcsec certs ", "init"),
    ("fcsec certs init --key-type ", "rsa"),
    ("fcsec completion ", "fish"),
    ("fcsec rules --format ", "json"),
]


def _bash_complete(bash: str, words: str, shell_script: str, prelude: str = "") -> list[str]:
    program = (
        f"{prelude}\n{shell_script}\n"
        f"COMP_WORDS=({words}); "
        + ("COMP_WORDS+=(''); " if words.endswith(" ") else "")
        + "COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _fcsec; printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    done = subprocess.run([bash, "-c", program], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.mark.external
@pytest.mark.parametrize(("words", "expected"), BASH_CASES)
def test_bash_completes_commands_options_and_choices(words: str, expected: str) -> None:
    bash = _need("bash")
    assert expected in _bash_complete(bash, words, script("bash", build_parser()))


@pytest.mark.external
def test_zsh_completes_through_bashcompinit() -> None:
    # zsh's compgen leaves the matching against the typed word to zsh itself, so the candidates
    # come back unfiltered; bashcompinit runs the function in sh emulation (arrays from 0).
    zsh = _need("zsh")
    emulation = "emulate -L sh; setopt kshglob noshglob braceexpand"
    program = script("zsh", build_parser())
    for words, expected in [("fcsec che", "check"), ("fcsec check --format ", "sarif")]:
        wrapped = (
            f"{program}\nf() {{ {emulation}; COMP_WORDS=({words}"
            + (" ''" if words.endswith(" ") else "")
            + "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _fcsec; "
            "printf '%s\\n' \"${COMPREPLY[@]}\"; }; f"
        )
        done = subprocess.run([zsh, "-f", "-c", wrapped], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert expected in done.stdout.split()


@pytest.mark.external
def test_fish_completes_commands_and_choices() -> None:
    fish = _need("fish")
    program = script("fish", build_parser())
    for typed, expected in [("fcsec che", "check"), ("fcsec check --format ", "sarif")]:
        done = subprocess.run(
            [fish, "--no-config", "-c", f"{program}\ncomplete -C {json.dumps(typed)}"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert expected in [line.split("\t")[0] for line in done.stdout.splitlines()]


def test_the_completion_command_prints_the_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    out = capsys.readouterr().out
    assert "complete -o filenames -F _fcsec fcsec" in out
    assert out.startswith("# bash completion for fcsec")


# --- every command's --help: examples that parse, and the exit codes -------------------------
def _commands() -> dict[str, object]:
    from fcsec.cli import _modules

    return dict(_modules())


@pytest.mark.parametrize("name", sorted(_commands()))
def test_help_of_every_command_has_examples_and_exit_codes(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _commands()[name]
    examples = getattr(module, "EXAMPLES", ())
    assert examples, f"fcsec {name}: EXAMPLES is missing"
    assert main([name, "--help"]) == 0
    shown = capsys.readouterr().out
    assert "examples:" in shown and "exit codes:" in shown
    assert "  70  internal error" in shown
    parser = build_parser()
    for example in examples:
        assert example in shown
        words = shlex.split(example.split("#", 1)[0])
        if words[0] == "source":  # `source <(fcsec completion bash)`
            words = ["fcsec", *shlex.split(example.split("<(", 1)[1].split(")", 1)[0])[1:]]
        # A shell redirection and its file are not arguments.
        words = [w for i, w in enumerate(words) if w not in "<>" and words[i - 1] not in "<>"]
        assert words[:2] == ["fcsec", name], example
        parser.parse_args(words[1:])  # raises Usage on an option that does not exist
