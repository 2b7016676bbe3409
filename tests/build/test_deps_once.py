"""`make -jN` on a fresh clone runs tools/deps.sh once: both fetched sources (lwIP, mbedTLS) come from
one grouped rule, because two deps.sh runs at once race for apt's locks and fail the build.

Checked on a copy of the tracked files (a tree without build/deps, as a fresh clone has), without
fetching anything: a dry run lists the recipes make would run, and a real run uses a stand-in deps.sh
that only records that it ran and makes the two stamps.
"""
import pathlib
import shutil
import subprocess

TOP = pathlib.Path(__file__).resolve().parents[2]
STAMPS = ["build/deps/lwip/.fetched-2.1.3", "build/deps/mbedtls/.fetched-2.28"]


def fresh_tree(dest):
    """The tracked files of this tree (as they are now) under dest, and no build/."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=TOP, capture_output=True, check=True,
                           timeout=30).stdout.decode().split("\0")
    for name in filter(None, files):
        src = TOP / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    assert (dest / "Makefile").exists() and not (dest / "build").exists()
    return dest


def make(tree, *args):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=tree, capture_output=True,
                          text=True, timeout=120)


def test_dry_run_fetches_once(tmp_path):
    tree = fresh_tree(tmp_path)
    for targets in (["all"], ["all", "unit", "fuzz"], STAMPS):
        r = make(tree, "-n", "-j2", *targets)
        assert r.returncode == 0, r.stdout + r.stderr
        runs = [line for line in r.stdout.splitlines() if line.strip() == "tools/deps.sh"]
        assert len(runs) == 1, (targets, r.stdout)
    assert not (tree / "build/deps").exists()


def test_parallel_make_runs_deps_once(tmp_path):
    tree = fresh_tree(tmp_path)
    log = tmp_path / "deps-runs"
    (tree / "tools/deps.sh").write_text(
        "#!/bin/sh\n"
        f"echo run >>'{log}'\n"
        "for s in " + " ".join(STAMPS) + "; do mkdir -p \"${s%/*}\" && echo stub >\"$s\"; done\n")
    r = make(tree, "-j4", *STAMPS)
    assert r.returncode == 0, r.stdout + r.stderr
    assert log.read_text() == "run\n"
    assert all((tree / s).read_text() == "stub\n" for s in STAMPS)
    r = make(tree, "-j4", *STAMPS)  # both there: nothing to do
    assert r.returncode == 0 and log.read_text() == "run\n"
