#!/usr/bin/env bash
# Fashion-MNIST, Lanes against PyTorch, back to back on this machine: the same 784-128-10 ReLU network, Adam
# from 1e-3 down a cosine schedule over the epochs (train's default on files), batches of 64, 5 epochs,
# standardised features, tested on the 10 000 test rows. Prints each side's
# epoch times (the first, with its warm-up, and the mean of the others), test accuracy and peak RSS.
# A study, not a test: run it on a quiet machine. Needs: apt-get install dataset-fashion-mnist python3-torch
# libopenblas0-pthread (so PyTorch's BLAS is OpenBLAS). Usage: bench/peers/fashion-mnist.sh [DIR] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
fm=${1:-/usr/share/datasets/fashion-mnist}
seed=${2:-1}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# PyTorch, one thread and every core. OpenBLAS picks its own kernels for the CPU: this workplace's
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE would hide the AVX-512 ones, so they are removed for this process only.
# On every core PyTorch's own threads split the work and OpenBLAS runs one thread inside each: with
# OPENBLAS_NUM_THREADS at the core count as well, the two pools oversubscribe the cores (2 cores, Zen 5:
# 1.75-2.38 s per epoch, against 0.56-0.69 s with one OpenBLAS thread and 0.83-0.94 s with one PyTorch thread).
for threads in 1 "$(nproc)"; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS=1 \
    /usr/bin/python3 bench/peers/fashion_mnist_torch.py "$fm" "$threads" "$seed" > "$out/torch-$threads.json"
done
# Lanes: the command line, as a user runs it, on one thread and on every core (the trained model is the same
# bits either way). GNU time reports the peak RSS.
for threads in 1 "$(nproc)"; do
  /usr/bin/time -v ./lanes train --data "$fm/train-images-idx3-ubyte.gz" --test "$fm/t10k-images-idx3-ubyte.gz" \
    --hidden 128 --optimizer adam --lr 0.001 --batch 64 --epochs 5 --l2 0 --schedule cosine --seed "$seed" \
    --threads "$threads" \
    > "$out/lanes-$threads.txt" 2>&1
done
/usr/bin/python3 - "$out" <<'PY'
import json, re, sys, glob, subprocess
out = sys.argv[1]

def threads_of(path):
    return int(re.search(r"-(\d+)\.\w+$", path).group(1))

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
    }

lanes_all = [lanes_run(p) for p in sorted(glob.glob(f"{out}/lanes-*.txt"), key=threads_of)]
torch_all = [json.load(open(p)) for p in sorted(glob.glob(f"{out}/torch-*.json"), key=threads_of)]
rows = lanes_all + torch_all
cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
model = re.search(r"Model name:\s*(.*)", cpu).group(1)
print(f"CPU: {model}; {len(lanes_all[0]['epoch_seconds'])} epochs of 60 000 rows each")
print("| runtime | threads | first epoch s | later epochs s (mean) | test accuracy | peak RSS MiB |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for r in rows:
    e = r["epoch_seconds"]
    warm = sum(e[1:]) / max(1, len(e) - 1)
    print(f"| {r['runtime']} | {r['threads']} | {e[0]:.2f} | {warm:.2f} | {100 * r['test_accuracy']:.2f} % | {r['peak_rss_mib']:.0f} |")
lanes, torch1 = lanes_all[0]["epoch_seconds"], torch_all[0]["epoch_seconds"]
print(f"PyTorch (1 thread) / Lanes (1 thread) per later epoch: {sum(torch1[1:]) / sum(lanes[1:]):.2f}x; "
      f"over the whole run: {sum(torch1) / sum(lanes):.2f}x")
if len(lanes_all) > 1:
    many = lanes_all[-1]
    print(f"Lanes on {many['threads']} threads / on 1, per later epoch: "
          f"{sum(lanes[1:]) / sum(many['epoch_seconds'][1:]):.2f}x; over the whole run: "
          f"{sum(lanes) / sum(many['epoch_seconds']):.2f}x; same test accuracy: "
          f"{many['test_accuracy'] == lanes_all[0]['test_accuracy']}")
PY
