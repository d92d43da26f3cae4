import { writeSync } from 'node:fs';
import TransportStream from 'winston-transport';

const MESSAGE = Symbol.for('message');
const MAX_BATCH_BYTES = 64 * 1024;

/** Transports with lines not yet written, drained synchronously if the process exits. */
const pending = new Set<BatchedStdoutTransport>();
let exitHookInstalled = false;

/**
 * A winston transport that writes to stdout in batches: lines logged during one
 * event-loop turn go out in a single write. With an access-log line per request,
 * a write per line costs more than formatting it (see docs/PERFORMANCE.md).
 * On a normal exit pending lines are flushed synchronously; a hard crash can lose
 * at most the lines of the current turn.
 */
export class BatchedStdoutTransport extends TransportStream {
  private lines: string[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor(private readonly output: NodeJS.WritableStream = process.stdout) {
    super();
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const transport of pending) transport.flushSync();
      });
    }
  }

  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    this.writeLine(String(info[MESSAGE]));
    callback();
  }

  /** Queues one finished line (no newline), bypassing winston's stream pipeline (see accessLogWriter). */
  writeLine(text: string): void {
    const line = `${text}\n`;
    this.lines.push(line);
    this.bytes += line.length;
    pending.add(this);
    if (this.bytes >= MAX_BATCH_BYTES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private take(): string {
    const text = this.lines.join('');
    this.lines = [];
    this.bytes = 0;
    this.scheduled = false;
    pending.delete(this);
    return text;
  }

  private flush(): void {
    if (this.lines.length > 0) this.output.write(this.take());
  }

  private flushSync(): void {
    if (this.lines.length === 0) return;
    const text = this.take();
    if (this.output === process.stdout) writeSync(1, text);
    else this.output.write(text);
  }
}
