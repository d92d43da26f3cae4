/** Slots are allocated in growing blocks up to the cap. */
const FIRST_CAPACITY = 1024;

/**
 * A cache's values and when each stops being fresh, by slot: the values in
 * an array, the times in a Float64Array (numbers in a typed array are not
 * boxed, one heap object less per entry), freed slots reused (ADR 0019).
 */
export class Slots<V> {
  private readonly values: (V | undefined)[] = [];
  /** Epoch ms; negated once marked stale: never fresh again, while its magnitude still sets the retention. */
  private freshUntil = new Float64Array(0);
  private readonly freed: number[] = [];
  private used = 0;

  /** `cap`: the most slots in use at once (the cache evicts before adding past it). */
  constructor(private readonly cap: number) {}

  add(value: V, freshUntil: number): number {
    const slot = this.freed.pop() ?? this.next();
    this.values[slot] = value;
    this.freshUntil[slot] = freshUntil;
    return slot;
  }

  release(slot: number): void {
    this.values[slot] = undefined;
    this.freed.push(slot);
  }

  value(slot: number): V | undefined {
    return this.values[slot];
  }

  isFresh(slot: number, now: number): boolean {
    return this.freshUntil[slot] > now;
  }

  /** When the slot's value stopped or stops being fresh, whether or not it was marked stale since. */
  freshEnd(slot: number): number {
    return Math.abs(this.freshUntil[slot]);
  }

  markStale(slot: number): void {
    this.freshUntil[slot] = -Math.abs(this.freshUntil[slot]);
  }

  private next(): number {
    if (this.used === this.freshUntil.length) {
      const grown = new Float64Array(Math.min(Math.max(FIRST_CAPACITY, this.used * 2), Math.max(this.cap, this.used + 1)));
      grown.set(this.freshUntil);
      this.freshUntil = grown;
    }
    this.values.push(undefined);
    return this.used++;
  }
}
