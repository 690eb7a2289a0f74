"""Run the estate's own code (GnuCOBOL builds, legacy programs) in a sandbox.

The analysed repository is untrusted input: a program may ``CALL 'SYSTEM'`` a shell command, and
a COPY may name any file. When the user asks for golden masters, builds and runs happen under
bubblewrap (``bwrap``): no network, the system directories and the repository read-only, writes only
in the directories the caller names (under OUT/tests/.build), a private /tmp, CPU, memory and file
size limits, and the whole process tree killed at the wall-clock limit. Where bubblewrap cannot run,
the caller refuses unless the user explicitly accepts running without it (then only the limits hold).
"""

from __future__ import annotations

import functools
import os
import resource
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

# What a compiler and a GnuCOBOL program need from the system, read-only; nothing from $HOME.
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc/alternatives",
                "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/gnucobol")
UNSANDBOXED_ENV = "MODERNIZE_UNSANDBOXED"


class SandboxUnavailable(RuntimeError):
    """No sandbox can run here, and the user did not accept running without one."""


@dataclass(frozen=True)
class Limits:
    """Resource limits for one sandboxed process tree."""

    cpu_seconds: int = 120
    wall_seconds: float = 300.0
    memory_bytes: int = 4 << 30
    file_bytes: int = 1 << 30


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: bytes
    stderr: bytes
    timed_out: bool


@functools.cache
def bwrap_works() -> bool:
    """bubblewrap is installed and may create namespaces here (containers sometimes forbid it)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return False
    try:
        probe = subprocess.run([bwrap, *system_binds(), "--unshare-all", "--die-with-parent", "--", "true"],
                               capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def system_binds() -> list[str]:
    binds: list[str] = []
    for path in SYSTEM_PATHS:
        binds += ["--ro-bind-try", path, path]
    return binds


@dataclass(frozen=True)
class Sandbox:
    """``isolated`` is True under bubblewrap; False means limits only (the user accepted that)."""

    isolated: bool

    @property
    def description(self) -> str:
        return "bubblewrap sandbox (no network, repository read-only)" if self.isolated else "no sandbox (limits only)"

    def run(self, argv: list[str], *, cwd: Path, env: dict[str, str], readable: tuple[Path, ...] = (),
            writable: tuple[Path, ...] = (), limits: Limits = Limits(), stdin: bytes | None = None,
            pass_fds: tuple[int, ...] = ()) -> Outcome:
        """Run ``argv`` in ``cwd`` (which must be writable); kill the whole tree at the limits.
        ``stdin``: what the program reads from standard input (a batch program's SYSIN);
        ``pass_fds`` stay open in the program (the offline world's socket)."""
        command = list(argv)
        if self.isolated:
            binds = system_binds() + ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
            for path in readable:
                binds += ["--ro-bind", str(path), str(path)]
            for path in (*writable, cwd):
                binds += ["--bind", str(path), str(path)]
            command = [shutil.which("bwrap") or "bwrap", *binds, "--unshare-all", "--die-with-parent",
                       "--new-session", "--chdir", str(cwd), "--", *command]
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True, pass_fds=pass_fds,
                                   preexec_fn=functools.partial(apply_limits, limits))
        try:
            stdout, stderr = process.communicate(stdin, timeout=limits.wall_seconds)
            timed_out = False
        except subprocess.TimeoutExpired:
            kill_group(process)
            stdout, stderr = process.communicate()
            timed_out = True
        return Outcome(process.returncode, stdout, stderr, timed_out or process.returncode == -signal.SIGXCPU)


def apply_limits(limits: Limits) -> None:
    """In the child before exec: limits every process of the tree inherits."""
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()


def get_sandbox(allow_unsandboxed: bool = False) -> Sandbox:
    """The sandbox for running estate code, or SandboxUnavailable with what to do about it."""
    if bwrap_works():
        return Sandbox(isolated=True)
    if allow_unsandboxed or os.environ.get(UNSANDBOXED_ENV) == "1":
        return Sandbox(isolated=False)
    reason = "bubblewrap (bwrap) is not installed" if shutil.which("bwrap") is None else "bubblewrap cannot create namespaces here"
    raise SandboxUnavailable(
        f"{reason}, so the estate's programs cannot run isolated; install bubblewrap (Debian: apt-get install bubblewrap), "
        f"or accept running them without a sandbox with --capture-unsandboxed ({UNSANDBOXED_ENV}=1 for pytest)")
