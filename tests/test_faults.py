"""Fault injection: kills at random moments, two runs at once, a full disk, escapes, malformed files.

Each case runs the real command in a subprocess and checks what a user would
see and keep: the output folder holds the previous complete output or the
new one, never a mix; every error is one line naming the file (and line)
with no traceback; nothing hangs; nothing is read or written outside the
declared folders.
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from cityplans import paths
from cityplans.synthetic import write_synthetic_corpus

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-m", "cityplans.cli"]
SEED = 20261201


def run(args: list[str], env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with its digest (the state a reader would find)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_clean_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err, err
    assert len(lines) == 1, err
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.glob(f".{folder.name}.*"))


@pytest.fixture(scope="module")
def raws(tmp_path_factory) -> dict[str, Path]:
    """Two raw folders: the corpus, and the corpus without its last plan (the "earlier" output's input)."""
    base = tmp_path_factory.mktemp("raws")
    full, small = base / "full" / "raw", base / "small" / "raw"
    shutil.copytree(paths.RAW_DIR, full)
    shutil.copytree(paths.RAW_DIR, small)
    lines = (small / "plans.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (small / "plans.csv").write_text("".join(lines[:-1]), encoding="utf-8")
    return {"full": full, "small": small}


@pytest.fixture(scope="module")
def states(raws, tmp_path_factory) -> dict[str, dict[str, str] | Path]:
    """The two complete outputs (earlier and new) of ``build`` and ``build --figures``."""
    base = tmp_path_factory.mktemp("states")
    out = {}
    for name, raw in raws.items():
        assert run(["build", "--raw", str(raw), "--out", str(base / name / "data"),
                    "--figures", str(base / name / "figures")]).returncode == 0
        out[name] = base / name
    return out


def _kill_during(args: list[str], sig: int, delay: float) -> subprocess.Popen:
    proc = subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    time.sleep(delay)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # Ctrl-C reaches the whole group
    else:
        os.kill(proc.pid, sig)  # `kill PID`, or the OOM killer, hits the main process
    proc.out, proc.err = proc.communicate(timeout=120)
    return proc


def _no_process_left(proc: subprocess.Popen) -> bool:
    for _ in range(50):
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    return False


KILLS = [(sig, i) for i in range(2) for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)]


@pytest.mark.parametrize(("sig", "trial"), KILLS, ids=[f"{s.name}-{i}" for s, i in KILLS])
def test_kill_build_leaves_one_complete_state(states, raws, tmp_path, sig, trial):
    rng = random.Random(SEED + trial * 31 + sig)
    out = tmp_path / "data"
    shutil.copytree(states["small"] / "data", out)
    old, new = snapshot(states["small"] / "data"), snapshot(states["full"] / "data")
    proc = _kill_during(["build", "--raw", str(raws["full"]), "--out", str(out)], sig, rng.uniform(0.2, 2.2))
    assert snapshot(out) in (old, new)
    assert _no_process_left(proc)
    if sig != signal.SIGKILL and proc.returncode == -sig:
        # The signal came before Python installs its handlers, or after the run, while Python exits:
        # the process ends by the signal, silently, and the folder is whole (checked above).
        assert proc.err == ""
    elif sig != signal.SIGKILL and proc.returncode != 0:
        assert proc.returncode == 128 + sig
        assert "is as it was before this run" in one_clean_line(proc.err)
        assert leftovers(out) == []
    if sig == signal.SIGKILL:  # a later run cleans up what the killed one left, and writes the new state
        assert run(["build", "--raw", str(raws["full"]), "--out", str(out)]).returncode == 0
        assert snapshot(out) == new and leftovers(out) == []


FIGURE_KILLS = [(signal.SIGKILL, 0), (signal.SIGTERM, 1), (signal.SIGINT, 2), (signal.SIGKILL, 3)]


@pytest.mark.parametrize(("sig", "trial"), FIGURE_KILLS, ids=[f"{s.name}-{i}" for s, i in FIGURE_KILLS])
def test_kill_build_with_figures_leaves_one_complete_state(states, raws, tmp_path, sig, trial):
    rng = random.Random(SEED + 7 * trial)
    data, figures = tmp_path / "data", tmp_path / "figures"
    shutil.copytree(states["small"] / "data", data)
    shutil.copytree(states["small"] / "figures", figures)
    proc = _kill_during(["build", "--raw", str(raws["full"]), "--out", str(data), "--figures", str(figures)],
                        sig, rng.uniform(0.5, 5.0))
    for folder in ("data", "figures"):
        assert snapshot(tmp_path / folder) in (snapshot(states["small"] / folder), snapshot(states["full"] / folder))
    assert _no_process_left(proc)
    if sig != signal.SIGKILL and proc.returncode not in (0, -sig):
        one_clean_line(proc.err)
        assert leftovers(data) == [] and leftovers(figures) == []


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("batches")
    write_synthetic_corpus(base / "small", 60, seed=3)
    write_synthetic_corpus(base / "large", 400, seed=4)
    for name in ("small", "large"):
        assert run(["parse", str(base / name), "--out", str(base / f"{name}_out"), "--workers", "2"]).returncode == 0
    return {"base": base}


BATCH_KILLS = [(sig, i) for i in range(2) for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)]


@pytest.mark.parametrize(("sig", "trial"), BATCH_KILLS, ids=[f"{s.name}-{i}" for s, i in BATCH_KILLS])
def test_kill_batch_leaves_one_complete_state(batches, tmp_path, sig, trial):
    base = batches["base"]
    out = tmp_path / "out"
    shutil.copytree(base / "small_out", out)
    rng = random.Random(SEED + 13 * trial + sig)
    proc = _kill_during(["parse", str(base / "large"), "--out", str(out), "--workers", "2"], sig,
                        rng.uniform(0.3, 4.0))
    assert snapshot(out) in (snapshot(base / "small_out"), snapshot(base / "large_out"))
    assert _no_process_left(proc)
    if sig != signal.SIGKILL and proc.returncode not in (0, 2, -sig):
        one_clean_line(proc.err)


def test_two_runs_into_one_folder(raws, states, tmp_path):
    out = tmp_path / "data"
    first = subprocess.Popen([*CLI, "build", "--raw", str(raws["full"]), "--out", str(out), "--figures",
                              str(tmp_path / "figures")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = tmp_path / ".data.lock"
    for _ in range(200):
        if lock.exists():
            break
        time.sleep(0.05)
    second = run(["build", "--raw", str(raws["full"]), "--out", str(out)])
    assert second.returncode == 2
    assert "another cityplans run" in one_clean_line(second.stderr)
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert snapshot(out) == snapshot(states["full"] / "data")


def test_a_stale_lock_is_taken_over(raws, states, tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / ".data.lock").write_text(f"cityplans lock, process {dead.pid}\n", encoding="utf-8")
    left = tmp_path / f".data.staging-{dead.pid}"
    left.mkdir()
    (left / ".cityplans-staging").write_text(f"cityplans staging folder for {tmp_path / 'data'}\n", encoding="utf-8")
    assert run(["build", "--raw", str(raws["full"]), "--out", str(tmp_path / "data")]).returncode == 0
    assert snapshot(tmp_path / "data") == snapshot(states["full"] / "data")
    assert leftovers(tmp_path / "data") == []


def test_full_disk_keeps_the_earlier_output(raws, states):
    mount = Path(tempfile.mkdtemp(prefix="cityplans-tmpfs-"))
    size = sum(p.stat().st_size for p in (states["small"] / "data").rglob("*") if p.is_file())
    blocks = 4096 * sum(1 + p.stat().st_size // 4096 for p in (states["small"] / "data").rglob("*"))
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={blocks + 64 * 1024}", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        mount.rmdir()
        pytest.skip("cannot mount a small tmpfs here")
    try:
        out = mount / "data"
        shutil.copytree(states["small"] / "data", out)
        result = run(["build", "--raw", str(raws["full"]), "--out", str(out)])
        assert result.returncode == 2 and size > 0
        assert "No space left on device" in one_clean_line(result.stderr)
        assert snapshot(out) == snapshot(states["small"] / "data")
        assert leftovers(out) == []
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


# --- inputs and outputs kept apart -------------------------------------------------------------

def _raw_with(raws, tmp_path: Path, edit) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(raws["full"], raw)
    edit(raw)
    return raw


def _manifest_edit(old: str, new: str):
    def edit(raw: Path) -> None:
        text = (raw / "plans.csv").read_text(encoding="utf-8")
        assert old in text
        (raw / "plans.csv").write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


ESCAPES = {
    "city id with a path": (_manifest_edit("\nhuanren,", "\n../../escaped,"), "line 2: city id '../../escaped'"),
    "absolute city id": (_manifest_edit("\nhuanren,", "\n/srv/elsewhere/x,"), "line 2: city id"),
    "reserved city id": (_manifest_edit("\nhuanren,", "\npooled,"), "line 2: city id 'pooled' is reserved"),
    "file outside the raw folder": (_manifest_edit(",huanren.txt,", ",../../../../etc/os-release,"),
                                    "line 2: file '../../../../etc/os-release' is not inside"),
    "empty sha256": (_manifest_edit("b4ac45d1e9d16237d1c0460735b5c4016b56f9e0", ""), "line 2: sha256"),
}


def _refused_build(raws, tmp_path: Path, edit) -> tuple[Path, str]:
    """Build from a raw folder changed by ``edit``: exit 2, one clean line, nothing written; (raw, line)."""
    raw = _raw_with(raws, tmp_path, edit)
    result = run(["build", "--raw", str(raw), "--out", str(tmp_path / "out")])
    assert result.returncode == 2
    line = one_clean_line(result.stderr)
    assert not (tmp_path / "out").exists()
    return raw, line


@pytest.mark.parametrize("case", list(ESCAPES))
def test_manifest_cannot_reach_outside(raws, tmp_path, case):
    edit, message = ESCAPES[case]
    raw, line = _refused_build(raws, tmp_path, edit)
    assert str(raw / "plans.csv") in line and message in line
    assert not (tmp_path.parent / "escaped_collaboration.gexf").exists()


def test_sha256_in_upper_case_with_spaces_is_accepted(raws, tmp_path):
    def edit(raw: Path) -> None:  # as PowerShell's Get-FileHash writes it, pasted with a space
        with (raw / "plans.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            row["sha256"] = f" {row['sha256'].upper()} "
        with (raw / "plans.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

    raw = _raw_with(raws, tmp_path, edit)
    assert run(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]).returncode == 0


OUT_CASES = {
    "out is the raw folder": lambda raw, tmp: ["build", "--raw", str(raw), "--out", str(raw)],
    "out inside the raw folder": lambda raw, tmp: ["build", "--raw", str(raw), "--out", str(raw / "out")],
    "out holds the raw folder": lambda raw, tmp: ["build", "--raw", str(raw), "--out", str(raw.parent)],
    "figures into the tables' folder": lambda raw, tmp: ["build", "--raw", str(raw), "--out", str(tmp / "o"),
                                                         "--figures", str(tmp / "o")],
    "parse into its input folder": lambda raw, tmp: ["parse", str(raw), "--out", str(raw)],
    "parse into a folder of other files": lambda raw, tmp: ["parse", str(raw / "huanren.txt"), "--out",
                                                            str(paths.PROJ_ROOT / "cityplans")],
}


@pytest.mark.parametrize("case", list(OUT_CASES))
def test_outputs_kept_apart_from_inputs(raws, tmp_path, case):
    raw = _raw_with(raws, tmp_path, lambda r: None)
    before = snapshot(raw), snapshot(paths.PROJ_ROOT / "cityplans")
    result = run(OUT_CASES[case](raw, tmp_path))
    assert result.returncode == 2
    one_clean_line(result.stderr)
    assert (snapshot(raw), snapshot(paths.PROJ_ROOT / "cityplans")) == before


# --- malformed input files: one line naming the file (and the line), exit 2 ------------------

def _overrides(rows: str):
    def edit(raw: Path) -> None:
        (raw.parent / "manual").mkdir(exist_ok=True)
        (raw.parent / "manual" / "category_overrides.csv").write_bytes(
            ("city,task_id,primary,secondary,reason\n" + rows).encode("gbk"))
    return edit


def _utf16_manifest(raw: Path) -> None:
    (raw / "plans.csv").write_bytes((raw / "plans.csv").read_text(encoding="utf-8").encode("utf-16"))


def _short_row(raw: Path) -> None:
    text = (raw / "plans.csv").read_text(encoding="utf-8")
    (raw / "plans.csv").write_text(text + "extra,额外\n", encoding="utf-8")


MANIFEST_FILES = {
    "duplicate city": (_manifest_edit("\nhaining,", "\nhuanren,"), "plans.csv, line 3: city 'huanren' is already"),
    "short row": (_short_row, "plans.csv, line 7: 2 fields"),
    "UTF-16 manifest": (_utf16_manifest, "plans.csv: not UTF-8 or GBK"),
    "override of an unknown task": (_overrides("huanren,huanren:九/(九),L1,,x\n"),
                                    "category_overrides.csv, line 2: task 'huanren:九/(九)'"),
    "override of an unknown category": (_overrides("huanren,huanren:二/(一)/1,Q9,,x\n"),
                                        "line 2: unknown categories Q9"),
    "override with another city's task": (_overrides("haining,huanren:二/(一)/1,L1,,原因\n"),
                                          "it is a task of 'huanren', not 'haining'"),
    "task overridden twice": (_overrides("huanren,huanren:二/(一)/1,L1,,a\nhuanren,huanren:二/(一)/1,L2,,b\n"),
                              "line 3: task 'huanren:二/(一)/1' is already recoded on line 2"),
}


@pytest.mark.parametrize("case", list(MANIFEST_FILES))
def test_malformed_manifest_and_overrides(raws, tmp_path, case):
    edit, message = MANIFEST_FILES[case]
    _, line = _refused_build(raws, tmp_path, edit)
    assert message in line


def test_gbk_manifest_and_overrides_are_read(raws, tmp_path, states):
    def edit(raw: Path) -> None:
        text = (raw / "plans.csv").read_text(encoding="utf-8")
        (raw / "plans.csv").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
        _overrides("huanren,huanren:二/(一)/1,L1,,研究者重新编码\n")(raw)

    raw = _raw_with(raws, tmp_path, edit)
    assert run(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]).returncode == 0
    categories = (tmp_path / "out" / "categories.csv").read_text(encoding="utf-8")
    assert "override: 研究者重新编码" in categories


def _data_with(tmp_path: Path, name: str, edit) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(Path(paths.PROJ_ROOT / "cityplans" / "data"), folder)
    text = (folder / name).read_text(encoding="utf-8")
    (folder / name).write_text(edit(text), encoding="utf-8")
    return folder


RULE_FILES = {
    "line without tabs": ("section_kinds.tsv", lambda t: t + "steps 实施步骤\n", "section_kinds.tsv, line"),
    "regex that does not compile": ("debris_rules.tsv", lambda t: t + "broken\tstrong\t(当前位置\tx\n",
                                    "pattern '(当前位置': does not compile"),
    "regex that backtracks exponentially": ("debris_rules.tsv", lambda t: t + "slow\tstrong\t^(.+)+ZZZ$\tx\n",
                                            "can take exponential time"),
    "alias of an unknown department": ("department_aliases.tsv", lambda t: t + "某某局\tnowhere\tname\t\n",
                                       "department_id 'nowhere': nowhere not in column department_id"),
    "duplicate alias": ("department_aliases.tsv", lambda t: t + "卫健委\thealth\tname\t\n",
                        "alias '卫健委': already on an earlier line"),
    "term weight not a number": ("taxonomy_terms.tsv", lambda t: t + "L1\t健康讲座\tthree\n",
                                 "weight 'three': not a number"),
    "unknown sector": ("departments.tsv", lambda t: t.replace("Health Commission\tgovernment\thealth\n",
                                                              "Health Commission\tgovernment\thelth\n"),
                       "departments.tsv, line 2: sectors 'helth'"),
    "unknown category of a term": ("taxonomy_terms.tsv", lambda t: t + "Z9\t健康讲座\t2\n",
                                   "category 'Z9': Z9 not in column code of taxonomy.tsv"),
}


@pytest.mark.parametrize("case", list(RULE_FILES))
def test_malformed_rule_files(raws, tmp_path, case):
    name, edit, message = RULE_FILES[case]
    data = _data_with(tmp_path, name, edit)
    for args in (["build", "--raw", str(raws["full"]), "--out", str(tmp_path / "out")],
                 ["parse", str(raws["full"] / "huanren.txt"), "--out", str(tmp_path / "out2")]):
        result = run(args, env={"CITYPLANS_DATA_DIR": str(data)}, timeout=60)
        assert result.returncode == 2
        line = one_clean_line(result.stderr)
        assert str(data / name) in line and message in line
    assert not (tmp_path / "out").exists() and not (tmp_path / "out2").exists()


def test_figures_command_errors_are_one_line(raws, tmp_path):
    figures = [sys.executable, "-m", "cityplans.plots.figures"]
    cases = [
        ([*figures, "--only", "no_such_figure", "--out", str(tmp_path / "f")], "unknown figure(s) no_such_figure"),
        ([*figures, "--out", str(paths.RAW_DIR / "figs")], "inside the input folder"),
    ]
    for args, message in cases:
        result = subprocess.run(args, capture_output=True, text=True, timeout=60)
        assert result.returncode == 2
        assert message in one_clean_line(result.stderr)
    data = _data_with(tmp_path, "sectors.tsv", lambda t: t + "broken line\n")
    result = subprocess.run([*figures, "--out", str(tmp_path / "f")], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "CITYPLANS_DATA_DIR": str(data)})
    assert result.returncode == 2 and "sectors.tsv, line" in one_clean_line(result.stderr)


# --- files that are not plain files ------------------------------------------------------------

def test_fifo_and_device_are_refused_without_hanging(tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    result = run(["parse", str(fifo), "/dev/zero", "--out", str(tmp_path / "out")], timeout=30)
    assert result.returncode == 2
    summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8")
    assert summary.count("not a regular file") == 2
    check = run(["check", str(fifo)], timeout=30)
    assert check.returncode == 2 and "not a regular file" in one_clean_line(check.stderr)


def test_unreadable_folder_is_a_failed_row_not_an_aborted_batch():
    if not shutil.which("setpriv"):
        pytest.skip("setpriv is needed to run as an unprivileged user")
    base = Path(tempfile.mkdtemp(prefix="cityplans-perm-"))
    try:
        base.chmod(0o777)
        (base / "in" / "ok").mkdir(parents=True)
        (base / "in" / "closed").mkdir()
        shutil.copy(paths.RAW_DIR / "huanren.txt", base / "in" / "ok" / "huanren.txt")
        shutil.copy(paths.RAW_DIR / "haining.txt", base / "in" / "closed" / "haining.txt")
        for p in [base / "in", base / "in" / "ok", base / "in" / "ok" / "huanren.txt"]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        (base / "in" / "closed").chmod(0o000)
        user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        result = subprocess.run([*user, *CLI, "parse", str(base / "in"), str(base / "in" / "closed" / "haining.txt"),
                                 "--out", str(base / "out")], capture_output=True, text=True, timeout=60,
                                env={**os.environ, "HOME": str(base)})
        if result.returncode not in (0, 2) or not (base / "out").exists():
            pytest.skip(f"cannot run as an unprivileged user here: {result.stderr[-200:]}")
        assert "Traceback" not in result.stderr and result.returncode == 2
        summary = (base / "out" / "summary.csv").read_text(encoding="utf-8")
        assert "ok/huanren,parsed" in summary
        assert "cannot list the folder (Permission denied)" in summary
        assert "closed/haining.txt: cannot read (Permission denied)" in summary
    finally:
        (base / "in" / "closed").chmod(0o755)
        shutil.rmtree(base)
