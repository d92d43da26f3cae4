/**
 * How much of each second drawing public QR codes may take in one process.
 * The public route needs no key and its options multiply (sizes, margins,
 * colours), so a client cycling through them would miss the render cache
 * every time and keep a core busy drawing PNGs; past the budget such a
 * request is refused for the rest of the second instead (codes already
 * drawn, and 304s, are still answered). A fixed window: simple, and a burst
 * costs at most twice the budget across a window's edge.
 */
export class RenderBudget {
  private windowStart = 0;
  private spent = 0;

  constructor(
    private readonly msPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether a drawing may start now. */
  allows(): boolean {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.spent = 0;
    }
    return this.spent < this.msPerSecond;
  }

  /** Records the time a drawing took. */
  spend(ms: number): void {
    this.spent += ms;
  }
}
