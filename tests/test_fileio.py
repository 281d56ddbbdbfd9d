"""Tests of fcsec.fileio: lossless reading, atomic writing, and the config folder check.

Failures that a test cannot provoke for real are simulated with monkeypatch: a full disk (the
write raises ENOSPC), a read-only file system (creating the temporary file raises EROFS), and,
when the tests run as root, permission errors, because root ignores permission bits.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fcsec import filewrite
from fcsec.diagnostics import Diagnostic, DiagnosticError, render_text
from fcsec.fileio import encode_config, ensure_config_dir, read_config, write_if_changed
from fcsec.filewrite import LEFTOVER, plain_path
from fcsec.rules import RULES

DISPLAY = "conf/ctsrvr.cfg"
OLD = b"; FairCom config\nSSL_CERTIFICATE old.pem\n"
NEW_TEXT = "; FairCom config\nSSL_CERTIFICATE new.pem\n"


# --- helpers -------------------------------------------------------------------------------------


def only_diagnostic(excinfo: pytest.ExceptionInfo[DiagnosticError]) -> Diagnostic:
    (diagnostic,) = excinfo.value.diagnostics
    return diagnostic


def assert_well_formed(diagnostic: Diagnostic, rule: str, display: str) -> None:
    assert diagnostic.rule == rule
    assert diagnostic.rule in RULES
    assert diagnostic.is_error
    assert diagnostic.span is None
    assert diagnostic.path == display
    assert diagnostic.hint
    assert display in diagnostic.message
    assert "Traceback" not in render_text(diagnostic)


def temp_files(*folders: Path) -> list[str]:
    return [p.name for folder in folders for p in folder.iterdir() if p.name.endswith(".fcsec-tmp")]


def raising(exc: BaseException) -> Callable[..., Any]:
    def fail(*args: object, **kwargs: object) -> Any:
        raise exc

    return fail


def folder_permissions_enforced(folder: Path) -> bool:
    """Whether a folder with mode 0o500 really refuses new files to this process.

    It does not for root (os.geteuid() == 0) nor for any process with CAP_DAC_OVERRIDE; the tests
    that rely on permission bits then simulate the refusal. A probe answers this more exactly
    than the user id does (root with its capabilities dropped is refused, for example).
    """
    probe = folder / "probe-folder"
    probe.mkdir()
    probe.chmod(0o500)
    try:
        (probe / "file").write_bytes(b"")
    except PermissionError:
        return True
    finally:
        probe.chmod(0o700)
    return False


def file_permissions_enforced(folder: Path) -> bool:
    """Whether a file with mode 0o000 really cannot be read by this process (see above)."""
    probe = folder / "probe-file"
    probe.write_bytes(b"")
    probe.chmod(0o000)
    try:
        probe.read_bytes()
    except PermissionError:
        return True
    finally:
        probe.chmod(0o600)
    return False


def can_give_files_away(folder: Path) -> bool:
    """Whether this process may chown a file to another user (root with CAP_CHOWN may)."""
    probe = folder / "probe-owner"
    probe.write_bytes(b"")
    try:
        os.chown(probe, 4242, 4343)
    except PermissionError:
        return False
    return True


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    target = tmp_path / "ctsrvr.cfg"
    target.write_bytes(OLD)
    return target


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


# --- read_config ---------------------------------------------------------------------------------


def test_read_missing_file_is_none(tmp_path: Path) -> None:
    assert read_config(tmp_path / "ctsrvr.cfg", DISPLAY) is None


def test_read_returns_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "ctsrvr.cfg"
    path.write_bytes("; Zertifikat für Büro\n".encode())
    assert read_config(path, DISPLAY) == "; Zertifikat für Büro\n"


def test_read_keeps_latin1_bytes_exactly(tmp_path: Path) -> None:
    raw = "; Zertifikat für Büro\r\nSSL_CERTIFICATE a.pem\n".encode("latin-1")
    path = tmp_path / "ctsrvr.cfg"
    path.write_bytes(raw)
    text = read_config(path, DISPLAY)
    assert text is not None
    assert "SSL_CERTIFICATE a.pem" in text
    assert encode_config(text) == raw


def test_read_keeps_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "services.json"
    path.write_bytes(b"\xef\xbb\xbf{}\n")
    assert read_config(path, DISPLAY) == "\ufeff{}\n"


def test_read_follows_symlink(tmp_path: Path) -> None:
    (tmp_path / "real.cfg").write_bytes(b"KEY value\n")
    (tmp_path / "ctsrvr.cfg").symlink_to("real.cfg")
    assert read_config(tmp_path / "ctsrvr.cfg", DISPLAY) == "KEY value\n"


def test_read_directory_is_fcs904(tmp_path: Path) -> None:
    (tmp_path / "ctsrvr.cfg").mkdir()
    with pytest.raises(DiagnosticError) as excinfo:
        read_config(tmp_path / "ctsrvr.cfg", DISPLAY)
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS904", DISPLAY)
    assert "directory" in diagnostic.message


def test_read_fifo_is_fcs904_without_blocking(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("this platform has no FIFOs")
    os.mkfifo(tmp_path / "ctsrvr.cfg")
    with pytest.raises(DiagnosticError) as excinfo:
        read_config(tmp_path / "ctsrvr.cfg", DISPLAY)
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS904", DISPLAY)
    assert "FIFO" in diagnostic.message
    assert "not a regular file" in diagnostic.message


def test_read_permission_denied_is_fcs901(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ctsrvr.cfg"
    path.write_bytes(OLD)
    if not file_permissions_enforced(tmp_path):
        # Root reads a mode-000 file anyway, so simulate the EACCES a normal user would get.
        real_open = os.open

        def open_denied(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(file) == path:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_denied)
    else:
        path.chmod(0o000)
    with pytest.raises(DiagnosticError) as excinfo:
        read_config(path, DISPLAY)
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS901", DISPLAY)
    assert "Permission denied" in diagnostic.message


def test_read_other_os_error_is_fcs901(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ctsrvr.cfg"
    path.write_bytes(OLD)
    monkeypatch.setattr(os, "open", raising(OSError(errno.EIO, os.strerror(errno.EIO))))
    with pytest.raises(DiagnosticError) as excinfo:
        read_config(path, DISPLAY)
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS901", DISPLAY)
    assert os.strerror(errno.EIO) in diagnostic.message


def test_read_below_a_file_is_fcs901(tmp_path: Path) -> None:
    (tmp_path / "conf").write_bytes(b"")
    with pytest.raises(DiagnosticError) as excinfo:
        read_config(tmp_path / "conf" / "ctsrvr.cfg", DISPLAY)
    assert_well_formed(only_diagnostic(excinfo), "FCS901", DISPLAY)


# --- encode_config -------------------------------------------------------------------------------


@given(st.binary())
def test_decode_then_encode_round_trips_every_byte_string(raw: bytes) -> None:
    assert encode_config(raw.decode("utf-8", "surrogateescape")) == raw


@given(st.text())
def test_encode_then_decode_round_trips_text(text: str) -> None:
    assert encode_config(text).decode("utf-8", "surrogateescape") == text


def test_encode_writes_byte_order_mark_back() -> None:
    assert encode_config("\ufeff{}") == b"\xef\xbb\xbf{}"


def _utf8_editable(raw: bytes) -> bool:
    """What read_config accepts: no NUL byte and no UTF-16/32 byte order mark."""
    return b"\x00" not in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff"))


@given(st.binary().filter(_utf8_editable))
def test_write_then_read_round_trips_every_byte_string(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ctsrvr.cfg"
        write_if_changed(path, raw.decode("utf-8", "surrogateescape"), DISPLAY)
        assert path.read_bytes() == raw
        text = read_config(path, DISPLAY)
        assert text is not None
        assert encode_config(text) == raw


# --- write_if_changed: success -------------------------------------------------------------------


def test_write_creates_new_file(tmp_path: Path) -> None:
    path = tmp_path / "ctsrvr.cfg"
    assert write_if_changed(path, NEW_TEXT, DISPLAY) is True
    assert path.read_bytes() == NEW_TEXT.encode()


def test_write_replaces_changed_file(old_file: Path) -> None:
    assert write_if_changed(old_file, NEW_TEXT, DISPLAY) is True
    assert old_file.read_bytes() == NEW_TEXT.encode()


def test_write_identical_bytes_leaves_file_untouched(old_file: Path) -> None:
    past = 1_000_000_000_000_000_000  # 2001-09-09, far from "now" so any rewrite would show
    os.utime(old_file, ns=(past, past))
    before = old_file.stat()
    assert write_if_changed(old_file, OLD.decode(), DISPLAY) is False
    after = old_file.stat()
    assert after.st_mtime_ns == before.st_mtime_ns == past
    assert after.st_ino == before.st_ino


def test_write_identical_non_utf8_bytes_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "ctsrvr.cfg"
    path.write_bytes(b"; caf\xe9\n")
    text = read_config(path, DISPLAY)
    assert text is not None
    assert write_if_changed(path, text, DISPLAY) is False


def test_write_leaves_no_temporary_file(old_file: Path) -> None:
    write_if_changed(old_file, NEW_TEXT, DISPLAY)
    assert sorted(p.name for p in old_file.parent.iterdir()) == ["ctsrvr.cfg"]


def test_write_uses_hidden_temporary_file_in_same_folder(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        renamed.append((os.fspath(src), os.fspath(dst)))
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    write_if_changed(old_file, NEW_TEXT, DISPLAY)
    ((source, destination),) = renamed
    assert Path(source).parent == old_file.parent
    assert Path(source).name.startswith(".ctsrvr.cfg.")
    assert Path(source).name.endswith(".fcsec-tmp")
    assert Path(destination) == old_file


def test_write_completes_after_short_writes(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write

    def write_three_bytes(fd: int, data: Any) -> int:
        return real_write(fd, bytes(data[:3]))

    monkeypatch.setattr(os, "write", write_three_bytes)
    assert write_if_changed(old_file, NEW_TEXT, DISPLAY) is True
    monkeypatch.undo()
    assert old_file.read_bytes() == NEW_TEXT.encode()


def test_write_keeps_permission_bits(old_file: Path) -> None:
    old_file.chmod(0o604)  # neither the umask default nor mkstemp's 0o600
    write_if_changed(old_file, NEW_TEXT, DISPLAY)
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o604


def test_write_new_file_mode_follows_umask(tmp_path: Path, umask_027: None) -> None:
    path = tmp_path / "ctsrvr.cfg"
    write_if_changed(path, NEW_TEXT, DISPLAY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_write_keeps_owner_and_group(tmp_path: Path, old_file: Path) -> None:
    if not can_give_files_away(tmp_path):
        pytest.skip("needs root (CAP_CHOWN) to give the file to another owner first")
    os.chown(old_file, 4242, 4343)
    write_if_changed(old_file, NEW_TEXT, DISPLAY)
    status = old_file.stat()
    assert (status.st_uid, status.st_gid) == (4242, 4343)


def test_write_succeeds_when_owner_cannot_be_kept(
    tmp_path: Path, old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not can_give_files_away(tmp_path):
        pytest.skip("needs root (CAP_CHOWN) to give the file to another owner first")
    os.chown(old_file, 4242, 4343)
    # A normal user may not give a file away: the write goes ahead, owned by that user.
    monkeypatch.setattr(os, "fchown", raising(PermissionError(errno.EPERM, "not permitted")))
    assert write_if_changed(old_file, NEW_TEXT, DISPLAY) is True
    assert old_file.read_bytes() == NEW_TEXT.encode()


def test_write_through_symlink_replaces_link_target(tmp_path: Path) -> None:
    real_folder = tmp_path / "real"
    link_folder = tmp_path / "conf"
    real_folder.mkdir()
    link_folder.mkdir()
    real = real_folder / "ctsrvr.cfg"
    real.write_bytes(OLD)
    link = link_folder / "ctsrvr.cfg"
    link.symlink_to(Path("..") / "real" / "ctsrvr.cfg")
    assert write_if_changed(link, NEW_TEXT, DISPLAY) is True
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("..", "real", "ctsrvr.cfg")
    assert real.read_bytes() == NEW_TEXT.encode()
    assert temp_files(real_folder, link_folder) == []


def test_write_unreadable_existing_file_still_writes(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A write-only file (mode 0o200) cannot be compared; simulated because root reads it anyway.
    old_file.chmod(0o200)
    real_open = os.open

    def open_denied(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(file) == old_file:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_denied)
    assert write_if_changed(old_file, NEW_TEXT, DISPLAY) is True
    monkeypatch.undo()
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o200
    old_file.chmod(0o600)
    assert old_file.read_bytes() == NEW_TEXT.encode()


def test_write_ignores_failing_folder_fsync(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def fsync_fails_on_folders(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_fails_on_folders)
    assert write_if_changed(old_file, NEW_TEXT, DISPLAY) is True
    assert old_file.read_bytes() == NEW_TEXT.encode()


# --- write_if_changed: failures leave the original intact ----------------------------------------


def test_write_fsync_error_is_fcs902_and_keeps_original(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", raising(OSError(errno.EIO, os.strerror(errno.EIO))))
    with pytest.raises(DiagnosticError) as excinfo:
        write_if_changed(old_file, NEW_TEXT, DISPLAY)
    assert_well_formed(only_diagnostic(excinfo), "FCS902", DISPLAY)
    assert old_file.read_bytes() == OLD
    assert temp_files(old_file.parent) == []


def test_write_replace_error_is_fcs902_and_keeps_original(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "replace", raising(OSError(errno.EBUSY, os.strerror(errno.EBUSY))))
    with pytest.raises(DiagnosticError) as excinfo:
        write_if_changed(old_file, NEW_TEXT, DISPLAY)
    assert_well_formed(only_diagnostic(excinfo), "FCS902", DISPLAY)
    assert old_file.read_bytes() == OLD
    assert temp_files(old_file.parent) == []


def test_write_unexpected_exception_propagates_and_cleans_up(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", raising(RuntimeError("boom")))
    with pytest.raises(RuntimeError, match="boom"):
        write_if_changed(old_file, NEW_TEXT, DISPLAY)
    assert old_file.read_bytes() == OLD
    assert temp_files(old_file.parent) == []


def test_write_disk_full_is_fcs902_and_keeps_original(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "write", raising(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    with pytest.raises(DiagnosticError) as excinfo:
        write_if_changed(old_file, NEW_TEXT, DISPLAY)
    monkeypatch.undo()
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS902", DISPLAY)
    assert os.strerror(errno.ENOSPC) in diagnostic.message
    assert "ENOSPC" in diagnostic.message
    assert diagnostic.hint is not None and "space" in diagnostic.hint
    assert old_file.read_bytes() == OLD
    assert temp_files(old_file.parent) == []


def test_write_read_only_file_system_is_fcs902(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Mounting a read-only file system needs privileges; creating the temporary file is where
    # the kernel reports EROFS, so simulate it there.
    erofs = OSError(errno.EROFS, os.strerror(errno.EROFS))
    monkeypatch.setattr(filewrite, "_make_temp", raising(erofs))
    with pytest.raises(DiagnosticError) as excinfo:
        write_if_changed(old_file, NEW_TEXT, DISPLAY)
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS902", DISPLAY)
    assert os.strerror(errno.EROFS) in diagnostic.message
    assert diagnostic.hint is not None and "read-only" in diagnostic.hint
    assert old_file.read_bytes() == OLD


def test_write_unwritable_folder_is_fcs902(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    target = folder / "ctsrvr.cfg"
    target.write_bytes(OLD)
    if folder_permissions_enforced(tmp_path):
        folder.chmod(0o500)
    else:
        # Running as root (or with CAP_DAC_OVERRIDE) the kernel ignores the folder's mode 0o500
        # and the write would succeed; simulate the EACCES a normal user gets when creating the
        # temporary file there.
        denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        monkeypatch.setattr(filewrite, "_make_temp", raising(denied))
    try:
        with pytest.raises(DiagnosticError) as excinfo:
            write_if_changed(target, NEW_TEXT, DISPLAY)
    finally:
        folder.chmod(0o700)
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS902", DISPLAY)
    assert "Permission denied" in diagnostic.message
    assert diagnostic.hint is not None and "permission" in diagnostic.hint
    assert target.read_bytes() == OLD
    assert temp_files(folder) == []


def test_write_missing_folder_is_fcs902(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError) as excinfo:
        write_if_changed(tmp_path / "missing" / "ctsrvr.cfg", NEW_TEXT, DISPLAY)
    assert_well_formed(only_diagnostic(excinfo), "FCS902", DISPLAY)
    assert not (tmp_path / "missing").exists()


def test_write_onto_directory_is_fcs904(tmp_path: Path) -> None:
    (tmp_path / "ctsrvr.cfg").mkdir()
    with pytest.raises(DiagnosticError) as excinfo:
        write_if_changed(tmp_path / "ctsrvr.cfg", NEW_TEXT, DISPLAY)
    assert_well_formed(only_diagnostic(excinfo), "FCS904", DISPLAY)
    assert (tmp_path / "ctsrvr.cfg").is_dir()
    assert temp_files(tmp_path) == []


def test_write_symlink_loop_is_fcs902(tmp_path: Path) -> None:
    (tmp_path / "a.cfg").symlink_to("b.cfg")
    (tmp_path / "b.cfg").symlink_to("a.cfg")
    with pytest.raises(DiagnosticError) as excinfo:
        write_if_changed(tmp_path / "a.cfg", NEW_TEXT, DISPLAY)
    assert_well_formed(only_diagnostic(excinfo), "FCS902", DISPLAY)
    assert (tmp_path / "a.cfg").is_symlink()
    assert (tmp_path / "b.cfg").is_symlink()
    assert temp_files(tmp_path) == []


# --- the temporary file -------------------------------------------------------------------------


def test_temporary_file_is_new_private_and_named_as_a_leftover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first name drawn is taken (by a symbolic link, which must not be followed): the file
    # is created exclusively, so that name is given up and the next one is drawn.
    outside = tmp_path / "outside"
    (tmp_path / ".ctsrvr.cfg.taken___.fcsec-tmp").symlink_to(outside)
    names = iter(["taken___", "free_123"])
    monkeypatch.setattr(filewrite, "_random_name", lambda: next(names))
    monkeypatch.chdir(tmp_path)
    fd, name = filewrite._make_temp(".", ".ctsrvr.cfg.", ".fcsec-tmp")
    try:
        assert name == str(tmp_path / ".ctsrvr.cfg.free_123.fcsec-tmp")  # absolute, as mkstemp
        status = os.fstat(fd)
        assert stat.S_ISREG(status.st_mode)
        assert stat.S_IMODE(status.st_mode) == 0o600
        assert os.path.samestat(status, os.stat(name))
        os.write(fd, b"x")  # open for writing
        assert not os.get_inheritable(fd)
    finally:
        os.close(fd)
    assert not outside.exists()
    match = LEFTOVER.fullmatch(os.path.basename(name))
    assert match is not None and match["name"] == "ctsrvr.cfg"


def test_temporary_file_names_give_up_after_the_tries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".a.cfg.always__.fcsec-tmp").write_bytes(b"")
    monkeypatch.setattr(filewrite, "_random_name", lambda: "always__")
    with pytest.raises(FileExistsError) as excinfo:
        filewrite._make_temp(str(tmp_path), ".a.cfg.", ".fcsec-tmp")
    assert excinfo.value.errno == errno.EEXIST
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.cfg.always__.fcsec-tmp"]


def test_temporary_file_names_are_eight_of_the_leftover_characters() -> None:
    names = {filewrite._random_name() for _ in range(2000)}
    assert len(names) == 2000
    assert all(LEFTOVER.fullmatch(f".x.{name}.fcsec-bak") for name in names)
    assert set("".join(names)) == set("abcdefghijklmnopqrstuvwxyz0123456789_")


def test_staged_temporary_files_match_leftover(tmp_path: Path) -> None:
    target = tmp_path / "ctsrvr.cfg"
    target.write_bytes(OLD)
    with filewrite.Transaction() as transaction:
        assert transaction.stage(target, NEW_TEXT, DISPLAY)
        made = [p.name for p in tmp_path.iterdir() if p != target]
        assert sorted(name.rsplit("-", 1)[1] for name in made) == ["bak", "tmp"]
        matches = [LEFTOVER.fullmatch(name) for name in made]
        assert [match and match["name"] for match in matches] == ["ctsrvr.cfg", "ctsrvr.cfg"]
    assert [p.name for p in tmp_path.iterdir()] == ["ctsrvr.cfg"]
    assert target.read_bytes() == OLD


@given(st.text(alphabet="/.ab", max_size=10))
def test_plain_path_spells_a_path_as_pathlib_does(text: str) -> None:
    assert plain_path(text) == str(Path(text))
    assert plain_path(Path(text)) == str(Path(text))
    assert filewrite.parent_folder(plain_path(text)) == str(Path(text).parent)


# --- ensure_config_dir ---------------------------------------------------------------------------


def test_existing_folder_is_accepted(tmp_path: Path) -> None:
    ensure_config_dir(tmp_path, "conf", create=False)


def test_symlink_to_folder_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "conf").symlink_to("real")
    ensure_config_dir(tmp_path / "conf", "conf", create=False)


def test_file_instead_of_folder_is_fcs903(tmp_path: Path) -> None:
    (tmp_path / "conf").write_bytes(b"")
    with pytest.raises(DiagnosticError) as excinfo:
        ensure_config_dir(tmp_path / "conf", "conf", create=True)
    assert_well_formed(only_diagnostic(excinfo), "FCS903", "conf")


def test_missing_folder_without_create_is_fcs903(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError) as excinfo:
        ensure_config_dir(tmp_path / "conf", "conf", create=False)
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS903", "conf")
    assert "does not exist" in diagnostic.message
    assert not (tmp_path / "conf").exists()


def test_missing_folder_with_create_is_created_with_parents(tmp_path: Path) -> None:
    ensure_config_dir(tmp_path / "a" / "b" / "conf", "conf", create=True)
    assert (tmp_path / "a" / "b" / "conf").is_dir()


def test_folder_that_cannot_be_created_is_fcs903(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"")  # a file where a parent folder should be
    with pytest.raises(DiagnosticError) as excinfo:
        ensure_config_dir(tmp_path / "a" / "conf", "a/conf", create=True)
    assert_well_formed(only_diagnostic(excinfo), "FCS903", "a/conf")


def test_mkdir_failure_is_fcs903(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated so the test behaves the same for root, who may create folders anywhere.
    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    monkeypatch.setattr(os, "mkdir", raising(denied))
    with pytest.raises(DiagnosticError) as excinfo:
        ensure_config_dir(tmp_path / "conf", "conf", create=True)
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS903", "conf")
    assert "Permission denied" in diagnostic.message


def test_dangling_symlink_folder_is_fcs903(tmp_path: Path) -> None:
    (tmp_path / "conf").symlink_to("missing")
    with pytest.raises(DiagnosticError) as excinfo:
        ensure_config_dir(tmp_path / "conf", "conf", create=True)
    diagnostic = only_diagnostic(excinfo)
    assert_well_formed(diagnostic, "FCS903", "conf")
    assert "symbolic link" in diagnostic.message

