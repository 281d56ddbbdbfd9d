"""docs/workflow.md's adoption steps, run end to end on a copy of every shared sample set.

The steps, as the page writes them (``/opt/faircom`` is a copy of the sample set here):

    fcsec import --config-dir /opt/faircom/config -o security.fcsec
    mkdir -p config/prod && cp /opt/faircom/config/services.json ... config/prod/
    fcsec check security.fcsec
    fcsec compile security.fcsec --config-dir config/prod --check

``check`` looks for the certificate files in ``<root>/server``, where FairCom reads them. The
sample sets hold only the two config files, not the vendor's ``server/web/fccert.pem``: ``check``
then fails with exactly one FCS401 per missing file, naming where it looked; with a certificate
put there it passes. Every run leaves the config files byte for byte as they were.
"""

from __future__ import annotations

import datetime
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from tests.lint.pki import certificate, ec_key, pem

from fcsec.cli import main

CONFIG_FILES = ("services.json", "ctsrvr.cfg")
_DAY = datetime.timedelta(days=1)

# What each known sample set's imported spec names as certificate files: FairCom Edge ships
# `./web/fccert.pem` in services.json; the embedded server's ctsrvr.cfg has no TLS at all.
KNOWN_CERTIFICATES = {
    "faircom-edge-5.1": ("./web/fccert.pem",),
    "faircom-edge-4.2.3": ("./web/fccert.pem",),
    "embedded-minimal": (),
}


def _sample_sets(samples: Path) -> list[Path]:
    return sorted(
        folder
        for folder in samples.iterdir()
        if folder.is_dir() and any((folder / name).is_file() for name in CONFIG_FILES)
    )


def _server_copy(sample: Path, tmp_path: Path) -> Path:
    """``<faircom>`` holding a copy of the sample's config files in ``config/``."""
    faircom = tmp_path / "opt" / "faircom"
    (faircom / "config").mkdir(parents=True)
    for name in CONFIG_FILES:
        if (sample / name).is_file():
            shutil.copyfile(sample / name, faircom / "config" / name)
    return faircom


def _bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _check(spec: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]]]:
    code = main(["check", spec, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    errors = [found for found in report["diagnostics"] if found["severity"] == "error"]
    return code, errors


def _certificate_files(spec: Path) -> tuple[str, ...]:
    certs = tomllib.loads(spec.read_text(encoding="utf-8")).get("certs", {})
    return tuple(dict.fromkeys(entry["file"] for entry in certs.values()))


def _a_valid_certificate() -> bytes:
    now = datetime.datetime.now(datetime.UTC)
    key = ec_key()
    made = certificate(key=key, not_before=now - _DAY, not_after=now + 400 * _DAY)
    return pem(made, key)


def test_every_sample_set_is_known(samples: Path) -> None:
    """A new sample set needs its expected certificate files above."""
    assert sorted(folder.name for folder in _sample_sets(samples)) == sorted(KNOWN_CERTIFICATES)


def test_the_adoption_steps_of_the_workflow_page_work_on_every_sample_set(
    samples: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sets = _sample_sets(samples)
    assert sets, f"no sample set with {' or '.join(CONFIG_FILES)} in {samples}"
    for sample in sets:
        work = tmp_path / sample.name
        faircom = _server_copy(sample, work)
        repository = work / "repository"
        repository.mkdir()
        monkeypatch.chdir(repository)
        originals = _bytes(faircom / "config")

        # fcsec import --config-dir /opt/faircom/config -o security.fcsec
        config = str(faircom / "config")
        assert main(["import", "--config-dir", config, "-o", "security.fcsec"]) == 0, sample.name
        spec = repository / "security.fcsec"
        imported = tomllib.loads(spec.read_text(encoding="utf-8"))
        assert imported["server"]["root"] == str(faircom)
        # mqtt.authenticationMethods is imported as the file holds it, never hidden.
        services = json.loads(originals.get("services.json", b"{}"))
        methods = services.get("mqtt", {}).get("authenticationMethods")
        assert imported.get("mqtt", {}).get("authentication") == methods, sample.name

        # mkdir -p config/prod && cp ... config/prod/
        prod = repository / "config" / "prod"
        prod.mkdir(parents=True)
        for name in originals:
            shutil.copyfile(faircom / "config" / name, prod / name)

        # fcsec check security.fcsec: the certificates are looked up in <root>/server
        files = _certificate_files(spec)
        assert files == KNOWN_CERTIFICATES.get(sample.name, files), sample.name
        capsys.readouterr()
        code, errors = _check("security.fcsec", capsys)
        expected = [
            f"server certificate file `{name}` does not exist (looked up as "
            f"{(faircom / 'server' / name).resolve()})"
            for name in files
        ]
        assert [found["message"] for found in errors] == expected, sample.name
        assert [found["rule"] for found in errors] == ["FCS401"] * len(files)
        assert code == (1 if files else 0), sample.name

        # ... and with the vendor's certificate where FairCom reads it, the check passes
        for name in files:
            target = faircom / "server" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_a_valid_certificate())
        assert _check("security.fcsec", capsys) == (0, []), sample.name

        # fcsec compile security.fcsec --config-dir config/prod --check
        assert main(["compile", "security.fcsec", "--config-dir", "config/prod", "--check"]) == 0
        assert "up to date" in capsys.readouterr().out
        assert _bytes(prod) == originals
        assert _bytes(faircom / "config") == originals
