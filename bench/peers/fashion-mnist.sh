#!/usr/bin/env bash
# Fashion-MNIST, Lanes against PyTorch, back to back on this machine: the same 784-128-10 ReLU network, Adam
# from 1e-3 down a cosine schedule over the epochs (train's default on files), batches of 64, 5 epochs,
# standardised features, tested on the 10 000 test rows. Prints each side's
# epoch times (the first, with its warm-up, and the mean of the others), the whole command's wall time (start,
# reading the files, training, testing: GNU time), test accuracy and peak RSS.
# A study, not a test: run it on a quiet machine. Needs: apt-get install dataset-fashion-mnist python3-torch
# libopenblas0-pthread (so PyTorch's BLAS is OpenBLAS). Usage: bench/peers/fashion-mnist.sh [DIR] [SEED] [ROUNDS]
# Each of the ROUNDS rounds (default 3) runs all four cases back to back, PyTorch then Lanes; a ratio is taken
# within each round and the median over rounds is reported with every round's value. Rounds, because on a
# shared machine a core's speed moves by a quarter or more from minute to minute, and a one-thread run gets
# whichever core the scheduler gives it (docs/training.md, "What the two cores give, round by round").
set -euo pipefail
cd "$(dirname "$0")/../.."
fm=${1:-/usr/share/datasets/fashion-mnist}
seed=${2:-1}
rounds=${3:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# ./lanes builds its jar when the sources are newer; do that now, so that no timed run includes a build.
./lanes --help > /dev/null

# PyTorch, one thread and every core. OpenBLAS picks its own kernels for the CPU: this workplace's
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE would hide the AVX-512 ones, so they are removed for this process only.
# On every core PyTorch's own threads split the work and OpenBLAS runs one thread inside each: with
# OPENBLAS_NUM_THREADS at the core count as well, the two pools oversubscribe the cores (2 cores, Zen 5:
# 1.75-2.38 s per epoch, against 0.56-0.69 s with one OpenBLAS thread and 0.83-0.94 s with one PyTorch thread).
for round in $(seq "$rounds"); do
  for threads in 1 "$(nproc)"; do
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS=1 \
      /usr/bin/time -v /usr/bin/python3 bench/peers/fashion_mnist_torch.py "$fm" "$threads" "$seed" \
      > "$out/torch-$threads-$round.json" 2> "$out/torch-$threads-$round.time"
    # Lanes: the command line, as a user runs it (the trained model is the same bits on any thread count).
    # GNU time reports the peak RSS.
    /usr/bin/time -v ./lanes train --data "$fm/train-images-idx3-ubyte.gz" --test "$fm/t10k-images-idx3-ubyte.gz" \
      --hidden 128 --optimizer adam --lr 0.001 --batch 64 --epochs 5 --l2 0 --schedule cosine --seed "$seed" \
      --threads "$threads" \
      > "$out/lanes-$threads-$round.txt" 2>&1
  done
done
/usr/bin/python3 - "$out" <<'PY'
import json, re, sys, glob, statistics, subprocess
out = sys.argv[1]

def threads_of(path):
    return int(re.search(r"-(\d+)-\d+\.\w+$", path).group(1))

def round_of(path):
    return int(re.search(r"-(\d+)\.\w+$", path).group(1))

def wall_seconds(text):
    """GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:03.91" in seconds."""
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text).group(1)
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds

def torch_run(path):
    run = json.load(open(path))
    run["wall_seconds"] = wall_seconds(open(path[:-len(".json")] + ".time").read())
    return run

def exact_accuracy(m):
    return int(m.group(1)) / int(m.group(2))

def lanes_run(path):
    text = open(path).read()
    rates = [float(r.replace(",", "")) for r in re.findall(r"^epoch \d+/\d+ .* ([\d,]+) rows/s", text, re.M)]
    return {
        "runtime": "Lanes, " + re.search(r"\(((?:simd|scalar) kernels[^)]*)\)", text).group(1),
        "threads": threads_of(path),
        "epoch_seconds": [60000 / r for r in rates],
        # the exact count: the percentage on that line is rounded to one decimal
        "test_accuracy": exact_accuracy(re.search(r"^test: accuracy [\d.]+ % \((\d+)/(\d+)\)", text, re.M)),
        "peak_rss_mib": int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024,
        "wall_seconds": wall_seconds(text),
    }

def runs(pattern, read):
    """{threads: [run of round 1, run of round 2, ...]}"""
    by = {}
    for p in sorted(glob.glob(f"{out}/{pattern}"), key=lambda p: (threads_of(p), round_of(p))):
        by.setdefault(threads_of(p), []).append(read(p))
    return by

lanes_by = runs("lanes-*.txt", lanes_run)
torch_by = runs("torch-*.json", torch_run)
one, many = min(lanes_by), max(lanes_by)
later = lambda r: sum(r["epoch_seconds"][1:])
whole = lambda r: sum(r["epoch_seconds"])
cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
model = re.search(r"Model name:\s*(.*)", cpu).group(1)
print(f"CPU: {model}; {len(lanes_by[one][0]['epoch_seconds'])} epochs of 60 000 rows each; "
      f"{len(lanes_by[one])} rounds (each cell: the median over rounds)")
print("| runtime | threads | first epoch s | later epochs s (mean) | whole command s | test accuracy | peak RSS MiB |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for by in (lanes_by, torch_by):
    for threads, rs in sorted(by.items()):
        first = statistics.median(r["epoch_seconds"][0] for r in rs)
        warm = statistics.median(later(r) / max(1, len(r["epoch_seconds"]) - 1) for r in rs)
        accuracies = {r["test_accuracy"] for r in rs}
        accuracy = "/".join(f"{100 * a:.2f}" for a in sorted(accuracies)) + " %"
        command = statistics.median(r["wall_seconds"] for r in rs)
        print(f"| {rs[0]['runtime']} | {threads} | {first:.2f} | {warm:.2f} | {command:.2f} | {accuracy} | "
              f"{max(r['peak_rss_mib'] for r in rs):.0f} |")

def ratio(label, values):
    print(f"{label}: {statistics.median(values):.2f}x (rounds: {', '.join(f'{v:.2f}' for v in values)})")

pairs = list(zip(torch_by[one], lanes_by[one]))
ratio("PyTorch (1 thread) / Lanes (1 thread) per later epoch", [later(t) / later(l) for t, l in pairs])
ratio("PyTorch (1 thread) / Lanes (1 thread) over the whole run", [whole(t) / whole(l) for t, l in pairs])
ratio("PyTorch (1 thread) / Lanes (1 thread), the whole command", [t["wall_seconds"] / l["wall_seconds"] for t, l in pairs])
if many != one:
    pairs = list(zip(lanes_by[one], lanes_by[many]))
    ratio(f"Lanes on {many} threads / on 1, per later epoch", [later(a) / later(b) for a, b in pairs])
    ratio(f"Lanes on {many} threads / on 1, over the whole run", [whole(a) / whole(b) for a, b in pairs])
    print("same test accuracy on every thread count and round: "
          f"{len({r['test_accuracy'] for rs in lanes_by.values() for r in rs}) == 1}")
PY
