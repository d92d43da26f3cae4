/**
 * Drawn images by ETag, least recently used first out, bounded by their
 * total bytes. An ETag names everything an image is drawn from, so an entry
 * never goes stale and needs no invalidation: a changed link, option or logo
 * is another key, and the old one ages out. Per process, not shared.
 */
export class RenderCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    /** An image larger than this is not kept: it would push out many small ones. */
    private readonly maxEntryBytes: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(key: string): Buffer | undefined {
    const image = this.entries.get(key);
    if (image) {
      // Map keeps insertion order: re-inserting makes it the most recently used.
      this.entries.delete(key);
      this.entries.set(key, image);
    }
    return image;
  }

  set(key: string, image: Buffer): void {
    if (image.length > this.maxEntryBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.length;
    }
    for (const [oldest, value] of this.entries) {
      if (this.bytes + image.length <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.length;
    }
    this.entries.set(key, image);
    this.bytes += image.length;
  }
}
