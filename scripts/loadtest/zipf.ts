/**
 * Picks ranks 0..n-1 with Zipf-like popularity (weight 1/(rank+1)^s): a few
 * links get most of the traffic, as on a real link shortener. A precomputed
 * cumulative table and a binary search: O(log n) per pick.
 */
export class ZipfPicker {
  private readonly cdf: Float64Array;

  constructor(
    n: number,
    s = 1,
    private readonly random: () => number = Math.random,
  ) {
    if (n < 1) throw new Error('ZipfPicker needs at least one item');
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) this.cdf[k] = total += 1 / (k + 1) ** s;
    for (let k = 0; k < n; k++) this.cdf[k] /= total;
  }

  pick(): number {
    const r = this.random();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
