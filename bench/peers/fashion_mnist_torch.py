#!/usr/bin/python3
"""The PyTorch side of the Fashion-MNIST peer study (bench/peers/fashion-mnist.sh runs both sides).

Trains the network `lanes train` trains with the same settings: 784-128-10, ReLU, softmax cross-entropy,
Adam (lr 1e-3, PyTorch's defaults otherwise, as Lanes' Adam) with the rate of epoch e (from 0) set to
1e-3 · ½(1 + cos(π·e/5)) (Lanes' cosine schedule, the CLI's default on files), batches of 64 rows shuffled each epoch,
5 epochs, features standardised per column with the training rows' mean and population standard deviation
(a constant column only centred), evaluated on the 10 000 test rows. Prints one JSON object: per-epoch
wall times, test accuracy, peak RSS. The thread count comes from the command line (torch.set_num_threads).

Usage: fashion_mnist_torch.py DIR THREADS [SEED]   (DIR holds the four *-ubyte.gz files)
"""
import gzip
import json
import math
import resource
import sys
import time

import numpy as np
import torch


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, split):
    x = idx(f"{directory}/{split}-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32)
    y = idx(f"{directory}/{split}-labels-idx1-ubyte.gz").astype(np.int64)
    return x, y


def main():
    directory, threads = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    x, y = load(directory, "train")
    xt, yt = load(directory, "t10k")
    mean = x.astype(np.float64).mean(axis=0)
    std = x.astype(np.float64).std(axis=0)
    std[std == 0] = 1.0
    x = ((x - mean) / std).astype(np.float32)
    xt = ((xt - mean) / std).astype(np.float32)
    x, y, xt, yt = map(torch.from_numpy, (x, y, xt, yt))

    net = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    epochs, batch = 5, 64
    times = []
    for epoch in range(epochs):
        for group in opt.param_groups:
            group["lr"] = 1e-3 * 0.5 * (1 + math.cos(math.pi * epoch / epochs))
        start = time.perf_counter()
        order = torch.randperm(x.shape[0])
        for i in range(0, x.shape[0], batch):
            rows = order[i:i + batch]
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(net(x[rows]), y[rows])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    with torch.no_grad():
        accuracy = (net(xt).argmax(dim=1) == yt).float().mean().item()
    print(json.dumps({
        "runtime": "PyTorch " + torch.__version__,
        "blas": torch.__config__.show().split("BLAS_INFO=")[1].split(",")[0] if "BLAS_INFO=" in torch.__config__.show() else "?",
        "threads": threads,
        "epoch_seconds": times,
        "test_accuracy": accuracy,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
