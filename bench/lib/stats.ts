/** Percentiles and summaries of latency samples (nearest-rank, on a sorted copy). */

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Summary of samples (any unit; the caller knows which). */
export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
  };
}

/** A growable Float64 sample buffer with a hard cap, so a long run cannot exhaust memory. */
export class SampleBuffer {
  private data: Float64Array;
  private size = 0;
  /** Samples offered after the cap was reached (kept out, counted). */
  dropped = 0;

  constructor(
    private readonly cap = 5_000_000,
    initial = 65_536,
  ) {
    this.data = new Float64Array(Math.min(initial, cap));
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      if (this.size >= this.cap) {
        this.dropped++;
        return;
      }
      const next = new Float64Array(Math.min(this.cap, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size++] = value;
  }

  get length(): number {
    return this.size;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}
