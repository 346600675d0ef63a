#!/usr/bin/env bash
# What the JIT compiler leaves two threads in a short training run: runs dev.lanes.bench.JitTimeline (the
# Fashion-MNIST peer run's training, 5 epochs, timed in blocks of 100 steps beside the compiler threads' CPU
# time) in fresh JVMs, one thread and two alternated, ROUNDS times, and prints per round:
#   - two threads / one over the later epochs (2-5), as the peer script measures it;
#   - the bound a perfect split could reach in them: the compilers' CPU time J in the two-thread run's later
#     epochs comes from the same two cores as the training's own CPU time, at least w1, the one-thread run's
#     (a split does no less work), so its wall time T2 >= (w1 + J) / 2, and T1 / T2 <= 2 T1 / (w1 + J), T1 one
#     thread's later-epoch wall time (its compilations run on the idle second core, so w1 is close to T1);
#   - two threads / one in the quiet blocks (the compilers took under 0.5 ms of CPU in the block and the 60 ms
#     before it, so the team is not running alone after a stall either): the split's own speed.
# Usage: bash bench/jit-timeline.sh [ROUNDS] [DIR] [EPOCHS]   (defaults 3, /usr/share/datasets/fashion-mnist, 5;
# with more epochs "later" is still epochs 2 to the last, and the quiet blocks come once the JIT is done)
# Needs bench/target/benchmarks.jar (mvn -B -q -pl bench -am package -DskipTests -Dlanes.jmh.smoke.skip=true),
# a JDK >= 21 (JAVA_HOME, or the java on the PATH) and Linux (/proc, for the compiler threads' CPU time).
set -euo pipefail
rounds="${1:-3}"
dir="${2:-/usr/share/datasets/fashion-mnist}"
epochs="${3:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -f "$jar" ]] || { echo "jit-timeline: build $jar first (see the comment at the top)" >&2; exit 1; }

summary() { # threads -> the JitTimeline summary line's key=value pairs
  "$java" --add-modules jdk.incubator.vector -XX:+UseSerialGC -Xmn16m -cp "$jar" dev.lanes.bench.JitTimeline \
    "$1" "$epochs" "$dir" 2>/dev/null | sed -n 's/^summary: //p'
}
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1); $("$java" -version 2>&1 | head -n 1)"
for round in $(seq "$rounds"); do
  one="$(summary 1)"
  two="$(summary 2)"
  python3 - "$round" "$(field "$one" later_ms)" "$(field "$two" later_ms)" "$(field "$one" compiler_ms)" \
    "$(field "$two" compiler_ms)" "$(field "$one" quiet_us_per_step)" "$(field "$two" quiet_us_per_step)" \
    "$(field "$two" quiet_blocks)" "$(field "$two" later_blocks)" "$(field "$one" training_cpu_ms)" <<'PY'
import sys
r, w1, w2, j1, j2, q1, q2, qb, lb, c1 = sys.argv[1:]
w1, w2, j1, j2, q1, q2, c1 = map(float, (w1, w2, j1, j2, q1, q2, c1))
quiet = (f"quiet blocks {q1:.1f} / {q2:.1f} us per step = {q1 / q2:.2f}x" if q1 == q1 and q2 == q2
         else "no quiet block in both runs") + f" ({qb} of the two-thread run's {lb} later blocks quiet)"
print(f"round {r}: later epochs one thread {w1:.0f} ms wall, {c1:.0f} ms of training CPU (compilers {j1:.0f} ms),"
      f" two threads {w2:.0f} ms (compilers {j2:.0f} ms); two / one {w1 / w2:.2f}x, a perfect split's bound"
      f" 2T1/(w1+J) {2 * w1 / (c1 + j2):.2f}x; {quiet}")
PY
done
