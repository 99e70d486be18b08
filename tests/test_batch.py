"""Batch on a real 2-worker Dask cluster with the real pipeline: a dump of the shared Reddit threads, resume
after SIGKILL, failures and malformed lines recorded without stopping the batch."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import psutil
import pytest

from conftest import POLIS_DIRS, REDDIT_FILES, ROOT
from test_dump import make_dump  # the converter, loaded from benchmarks/
from threadline.batch import run_batch

pytestmark = pytest.mark.slow

# Small threads keep the suite quick; the kill test uses them all so there is work left when it kills.
SMALL = ["Python__2xmo63", "Python__91em1h", "redditdev__54hhwl", "pics__hol673", "WouldYouRather__g9zfex"]


def reddit_records(names: list[str]) -> list[dict[str, Any]]:
    paths = [p for p in REDDIT_FILES if p.stem in names]
    assert len(paths) == len(names)
    return make_dump.records_from_files(paths)


def special_threads() -> list[dict[str, Any]]:
    """A thread whose title is markup (the index must escape it) and one with nothing left to analyze."""
    base = {"score": 3, "subreddit": "test", "author": "someone"}
    texts = ["Prices went up again and nobody explains why.", "The council should publish the numbers.",
             "I doubt publishing numbers changes anything here."]  # fmt: skip
    markup = [{"id": "mk", "title": "<script>alert(1)</script> & more", "num_comments": 3, **base}]
    markup += [
        {"id": f"mk{i}", "link_id": "t3_mk", "parent_id": "t3_mk", "body": t, "created_utc": 1e9 + i, **base}
        for i, t in enumerate(texts)
    ]
    gone = [{"id": "gone", "title": "All deleted", "num_comments": 2, **base}]
    gone += [
        {
            "id": f"g{i}",
            "link_id": "t3_gone",
            "parent_id": "t3_gone",
            "body": "[deleted]",
            "created_utc": 1e9,
            **base,
        }
        for i in range(2)
    ]
    return markup + gone


def outputs(out: Path) -> dict[str, dict[str, Any]]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "threads").glob("*.json"))
    }


def index_rows(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "index.jsonl").read_text(encoding="utf-8").splitlines()]


def no_partial_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == ".work"]


def test_dump_and_thread_file_digested_on_two_workers(tmp_path: Path) -> None:
    records = reddit_records(SMALL) + special_threads()
    dump = make_dump.write_dump(tmp_path / "RC_small.ndjson.zst", records)
    # A malformed line in a second, plain dump: reported with its number, the rest of the file still read.
    plain = tmp_path / "RC_more.ndjson"
    lines = [json.dumps(r) for r in reddit_records(["redditdev-placeholder__98vj9e"])]
    plain.write_text("\n".join([*lines[:2], '{"id": "broken", "link_id": ', *lines[2:]]) + "\n")
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "saved_thread.json").write_bytes(next(p for p in REDDIT_FILES if "IAmA" in p.name).read_bytes())
    out = tmp_path / "out"
    messages: list[str] = []

    summary = run_batch([str(dump), str(plain), str(folder)], str(out), workers=2, embedder="fast",
                        log=messages.append)  # fmt: skip

    expected = {f"reddit-{r['id']}" for r in records if "title" in r} | {"reddit-98vj9e", "saved_thread"}
    assert summary["threads"] == len(expected) == 9
    assert (summary["failed"], summary["digested"], summary["skipped"]) == (1, 8, 0)
    assert summary["malformed_lines"] == 1 and summary["problems"][0].startswith(f"{plain}:3: not valid JSON")
    # Models are loaded once per worker process, not once per thread.
    assert len(summary["worker_model_loads"]) == 2 and set(summary["worker_model_loads"].values()) == {1}

    rows = {r["key"]: r for r in index_rows(out)}
    assert set(rows) == expected
    failed = rows.pop("reddit-gone")
    assert failed["status"] == "failed" and "no comments left to analyze" in failed["error"]
    assert failed["output"] is None and not (out / "threads" / "reddit-gone.json").exists()
    done = outputs(out)
    assert set(done) == set(rows)
    for key, row in rows.items():
        data = done[key]
        assert row["status"] == "ok" and row["output"] == f"threads/{key}.json"
        assert data["schema"] == "threadline.digest/1" and data["batch"]["key"] == key
        assert row["comments"] == data["stats"]["comments"] and row["themes"] == len(data["themes"])
        assert row["page"] == f"threads/{key}.html" and "<html" in (out / row["page"]).read_text().lower()
    assert rows["reddit-2xmo63"]["comments"] == 45 and rows["reddit-2xmo63"]["thread"] == "2xmo63"
    assert rows["saved_thread"]["comments"] == 145 and rows["saved_thread"]["input"].endswith(
        "saved_thread.json"
    )
    assert done["reddit-98vj9e"]["stats"]["comments"] == 4  # the line after the broken one was read

    page = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page and "<script>" not in page
    assert '<a href="threads/reddit-2xmo63.html">A python terminal viewer for browsing reddit</a>' in page
    assert any(re.search(r"\[\d+/\d+\] ok reddit-2xmo63: 45 comments", m) for m in messages)
    assert no_partial_files(out) == []

    # A rerun digests nothing that is done (files untouched) and retries only the failure.
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "threads").iterdir()}
    again = run_batch([str(dump), str(plain), str(folder)], str(out), workers=2, embedder="fast",
                      log=messages.append)  # fmt: skip
    assert (again["skipped"], again["digested"], again["failed"]) == (8, 0, 1)
    assert {p.name: p.stat().st_mtime_ns for p in (out / "threads").iterdir()} == stamps
    assert index_rows(out) == sorted([*rows.values(), failed], key=lambda r: r["key"])


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "threadline.cli", "batch", *args]


def test_sigkill_midway_then_rerun_digests_every_thread_exactly_once(tmp_path: Path) -> None:
    dump = make_dump.write_dump(tmp_path / "RC_all.ndjson.zst", make_dump.records_from_files(REDDIT_FILES))
    out = tmp_path / "out"
    args = cli(str(dump), "--out", str(out), "--workers", "2", "--embedder", "fast")
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT)
    assert proc.stderr is not None
    for line in proc.stderr:  # wait (without sleeping) until the first thread is written
        if re.search(r"\] ok reddit-", line):
            break
    else:
        pytest.fail(f"the batch ended before writing any thread (exit {proc.wait()})")
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.kill()
    assert proc.wait() == -9
    # The worker processes go with their parent: nothing keeps writing after the kill.
    _, alive = psutil.wait_procs(workers, timeout=60)
    assert alive == []
    before = {k: (v["batch"]["run"], (out / "threads" / f"{k}.json").stat().st_mtime_ns)
              for k, v in outputs(out).items()}  # fmt: skip
    assert 1 <= len(before) < len(REDDIT_FILES), "the kill must land midway"

    rerun = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    summary = json.loads(rerun.stdout)
    assert (summary["skipped"], summary["digested"]) == (len(before), len(REDDIT_FILES) - len(before))
    after = outputs(out)
    expected = {f"reddit-{p.stem.split('__')[1]}" for p in REDDIT_FILES}
    assert set(after) == expected
    first_run = {run for run, _ in before.values()}
    assert len(first_run) == 1
    for key, data in after.items():
        if key in before:  # finished before the kill: kept as it was, not digested again
            assert (data["batch"]["run"], (out / "threads" / f"{key}.json").stat().st_mtime_ns) == before[key]
        else:
            assert data["batch"]["run"] not in first_run
    rows = index_rows(out)
    assert sorted(r["key"] for r in rows) == sorted(expected)  # each thread exactly once
    assert all(r["status"] == "ok" and (out / r["output"]).exists() for r in rows)
    assert no_partial_files(out) == []


def test_exit_code_says_a_thread_failed(tmp_path: Path) -> None:
    dump = make_dump.write_dump(tmp_path / "RC_gone.ndjson", special_threads())
    args = cli(str(dump), "--out", str(tmp_path / "out"), "--workers", "1", "--embedder", "fast")
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 1, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert (summary["digested"], summary["failed"]) == (1, 1)
    assert "failed reddit-gone: EmptyThreadError" in done.stderr


def test_an_existing_cluster_by_scheduler_address(tmp_path: Path) -> None:
    from distributed import LocalCluster

    dump = make_dump.write_dump(tmp_path / "RC_two.ndjson", reddit_records(SMALL[:2]))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = run_batch([str(dump)], str(tmp_path / "out"), scheduler=cluster.scheduler_address,
                            embedder="fast", log=lambda message: None)  # fmt: skip
        # The workers stay up for the next user of the cluster: run_batch closes only its own client.
        assert len(cluster.scheduler_info["workers"]) == 1
    assert (summary["digested"], summary["failed"]) == (2, 0)
    assert [r["key"] for r in index_rows(tmp_path / "out")] == ["reddit-2xmo63", "reddit-91em1h"]


def test_inputs_sorted_into_dumps_thread_files_and_polis_exports(tmp_path: Path, shared_data: Path) -> None:
    from threadline.batch.plan import discover

    dump = make_dump.write_dump(tmp_path / "RC.ndjson", reddit_records(SMALL[:1]))
    plan = discover([str(dump), str(shared_data / "polis"), str(shared_data / "reddit")], tmp_path / "out")
    assert plan.dumps == [dump]
    polis = [i for i in plan.files if "polis" in i.path]
    # Each export folder is one thread (its votes.csv and summary.csv are not threads of their own).
    assert sorted(Path(i.path).name for i in polis) == sorted(p.name for p in POLIS_DIRS)
    reddit = [i for i in plan.files if "reddit" in i.path]
    assert sorted(i.key for i in reddit) == sorted(p.stem for p in REDDIT_FILES)
    assert {i.key for i in polis} == {p.name for p in POLIS_DIRS}


def test_a_worker_never_redoes_a_thread_another_run_finished(tmp_path: Path) -> None:
    from threadline.batch.plan import WorkItem
    from threadline.batch.worker import digest_item

    done = tmp_path / "threads" / "t.json"
    done.parent.mkdir()
    done.write_text(json.dumps({"source": {"title": "T"}, "stats": {"comments": 3}, "themes": [{}]}))
    before = done.stat().st_mtime_ns
    item = WorkItem("t", "file", str(tmp_path / "missing.json"), "missing.json")
    result = digest_item(item, str(tmp_path), "fast", "run-b")
    assert result["already_done"] and (result["status"], result["comments"], result["themes"]) == ("ok", 3, 1)
    assert done.stat().st_mtime_ns == before


def test_a_dump_is_split_by_thread_into_buckets_and_reassembled_whole(tmp_path: Path, monkeypatch) -> None:
    from threadline.batch import plan
    from threadline.sources.dump import read_records

    records = make_dump.records_from_files(REDDIT_FILES)
    dump = make_dump.write_dump(tmp_path / "RC.ndjson.zst", records)  # time-sorted: threads interleaved
    monkeypatch.setattr(plan, "BUCKET_BYTES", 20_000)  # as if the dump were far larger than memory
    messages: list[str] = []
    split = plan.Partition([dump], tmp_path / "work", messages.append)
    split.run()
    buckets = split.buckets()
    assert len(buckets) > 5 and split.records == len(records)
    # Grouping reads one bucket at a time; no bucket holds more than a fraction of the dump.
    assert max(b.stat().st_size for b in buckets) < sum(b.stat().st_size for b in buckets) / 2
    got = {key: (item, n) for item, key, n in split.threads(lambda key: key == "reddit-3hahrw")}
    posts = [r["id"] for r in records if "title" in r]
    want = {p: sum(c.get("link_id") == f"t3_{p}" for c in records) for p in posts}
    assert {k: n for k, (_, n) in got.items()} == {f"reddit-{k}": n for k, n in want.items()}
    assert got["reddit-3hahrw"][0] is None  # already done: no work item, no file
    item = got["reddit-fo7p5b"][0]
    assert item is not None and item.kind == "dump" and item.origin == str(dump)
    lines = [r.data for r in read_records(item.path)]
    assert lines[0]["id"] == "fo7p5b" and len(lines) == 1 + want["fo7p5b"]
    # A rerun over the same files reuses the finished split instead of reading the dump again.
    again = plan.Partition([dump], tmp_path / "work", messages.append)
    again.run()
    assert again.buckets() == buckets and "reusing the split" in messages[-1]


# --- a manifest: threads grouped by story, one digest per story (issue 15) ----------------------------------

HN = "hackernews/item_49220339.json"


def test_a_manifest_of_two_stories_gives_one_digest_of_several_sources_each(
    tmp_path: Path, shared_data: Path
) -> None:
    from several_sources import check_several
    from threadline.sources import load

    relative = os.path.relpath(shared_data, tmp_path)  # a path in a manifest is read from its folder
    manifest = tmp_path / "stories.csv"
    manifest.write_text(
        "story,source,article\n"
        f"Cyber Command: deaths by suicide,{relative}/{HN},\n"
        f"Reddit from the terminal,{shared_data}/reddit/Python__2xmo63.json,\n"
        f"Cyber Command: deaths by suicide,{relative}/reddit/AskReddit__6wmniq.json,\n"
        f"Reddit from the terminal,{shared_data}/reddit/redditdev__54hhwl.json,\n",
        encoding="utf-8",
    )
    single = str(shared_data / "reddit" / "pics__hlrjn9.json")  # a thread on its own, in the same run
    out = tmp_path / "out"
    summary = run_batch([single], str(out), manifests=[str(manifest)], workers=1, embedder="fast",
                        log=lambda message: None)  # fmt: skip
    assert (summary["digested"], summary["failed"]) == (3, 0)

    stories = {
        "cyber-command-deaths-by-suicide": (
            {"hn": HN, "reddit": "reddit/AskReddit__6wmniq.json"},
            {"hn": "Hacker News", "reddit": "r/AskReddit"},
        ),
        "reddit-from-the-terminal": (
            {"reddit": "reddit/Python__2xmo63.json", "reddit-2": "reddit/redditdev__54hhwl.json"},
            {"reddit": "r/Python", "reddit-2": "r/redditdev"},
        ),
    }  # fmt: skip
    done = outputs(out)
    assert set(done) == {*stories, "pics__hlrjn9"}
    rows = {r["key"]: r for r in index_rows(out)}
    for key, (files, places) in stories.items():
        alone = {label: load(str(shared_data / name)) for label, name in files.items()}
        check_several(done[key], alone, places)
        row = rows[key]
        assert row["story"] == done[key]["batch"]["story"] and row["status"] == "ok"
        assert [(s["label"], s["comments"]) for s in row["sources"]] == [
            (label, t.seen_comments) for label, t in alone.items()
        ]
        assert row["comments"] == sum(t.seen_comments for t in alone.values())
    assert rows["cyber-command-deaths-by-suicide"]["input"] == f"{manifest}:2,4"
    assert rows["reddit-from-the-terminal"]["input"] == f"{manifest}:3,5"
    alone = rows["pics__hlrjn9"]  # a single thread keeps its row as before
    assert (alone["story"], alone["sources"], alone["thread"], alone["comments"]) == (None, [], "hlrjn9", 3)
    assert "sources" not in done["pics__hlrjn9"]

    page = (out / "index.html").read_text(encoding="utf-8")
    assert "3 of 3 digests made (2 of them stories of a manifest), 0 failed" in page
    assert (
        '<a href="threads/cyber-command-deaths-by-suicide.html">'
        "<strong>Cyber Command: deaths by suicide</strong>: US Military&#x27;s cyber command unit" in page
    )
    assert '<td class="sources">hn (335)<br>reddit (200)</td>' in page
    # A rerun finds both stories done by their names and digests nothing again.
    again = run_batch([single], str(out), manifests=[str(manifest)], workers=1, embedder="fast",
                      log=lambda message: None)  # fmt: skip
    assert (again["digested"], again["skipped"]) == (0, 3)
    assert index_rows(out) == sorted(rows.values(), key=lambda r: r["key"])
