import winston from 'winston';
import { currentRequestId } from '../context';
import { BatchedStdoutTransport } from './batched-stdout';

/**
 * Logging. Every line written while a request is being handled carries that
 * request's id, taken from the request context (src/shared/context) rather than
 * passed around, so code deep in a service logs with `logger.info(...)` and
 * still gets it.
 */

export type Logger = winston.Logger;

// Where a hot path enters the context itself (the redirect), it enters it as the logging context.
export { runWithRequestContext, type RequestContext } from '../context';

const addRequestId = winston.format((info) => {
  const requestId = currentRequestId();
  if (requestId !== undefined && info.requestId === undefined) info.requestId = requestId;
  return info;
});

const MESSAGE = Symbol.for('message');

/**
 * One JSON object per line with a timestamp. Plain JSON.stringify: logform's json
 * format sorts keys through safe-stable-stringify, a measurable share of the
 * access log's cost; the fallback only handles values JSON.stringify rejects.
 */
const jsonLine = winston.format((info) => {
  const record = { timestamp: new Date().toISOString(), ...info };
  let line: string;
  try {
    line = JSON.stringify(record);
  } catch {
    line = JSON.stringify({ timestamp: record.timestamp, level: info.level, message: String(info.message), note: 'fields not serialisable' });
  }
  (info as Record<symbol, unknown>)[MESSAGE] = line;
  return info;
});

export interface LoggerOptions {
  level: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  format: 'json' | 'pretty';
  /** Where lines go; stdout unless a test captures them. */
  output?: NodeJS.WritableStream;
}

/** JSON loggers and their batched sink, for the access log's fast path. */
const jsonSinks = new WeakMap<Logger, BatchedStdoutTransport>();

export function createLogger(options: LoggerOptions): Logger {
  const format =
    options.format === 'json'
      ? winston.format.combine(addRequestId(), winston.format.errors({ stack: true }), jsonLine())
      : winston.format.combine(
          addRequestId(),
          winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
          winston.format.errors({ stack: true }),
          winston.format.colorize(),
          winston.format.printf(prettyLine),
        );
  const sink = new BatchedStdoutTransport(options.output);
  const logger = winston.createLogger({
    level: options.level === 'silent' ? 'error' : options.level,
    silent: options.level === 'silent',
    format,
    transports: [sink],
  });
  if (options.format === 'json' && options.level !== 'silent') jsonSinks.set(logger, sink);
  return logger;
}

export type AccessLogFields = { requestId: string; method: string; route: string; status: number; ms: number };

/**
 * The writer of the one access-log line per request. With JSON logs it formats
 * the line itself and hands it to the logger's batched sink, skipping winston's
 * per-call stream pipeline — on a cached redirect that pipeline cost about as
 * much as the redirect (docs/PERFORMANCE.md). The line is the same JSON a
 * `logger.info('request', fields)` would write. Other formats go through winston.
 */
export function accessLogWriter(logger: Logger): (fields: AccessLogFields) => void {
  const sink = jsonSinks.get(logger);
  if (sink === undefined || !logger.isInfoEnabled()) return (fields) => logger.info('request', fields);
  const clock = isoClock();
  return ({ requestId, method, route, status, ms }) =>
    // Built by hand, as JSON.stringify of a spread object costs more than the rest of the line:
    // requestId is checked to be a plain token (observe.ts) and method is an HTTP token, so only the route needs quoting.
    sink.writeLine(
      `{"timestamp":"${clock()}","level":"info","message":"request","requestId":"${requestId}","method":"${method}","route":${JSON.stringify(route)},"status":${status},"ms":${ms}}`,
    );
}

/** The current time as an ISO string, formatted once per millisecond however many lines ask. */
function isoClock(): () => string {
  let lastMs = 0;
  let lastIso = '';
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      lastIso = new Date(now).toISOString();
    }
    return lastIso;
  };
}

function prettyLine(info: winston.Logform.TransformableInfo): string {
  const { level, message, timestamp, requestId, stack, ...rest } = info;
  const id = requestId ? ` [${String(requestId)}]` : '';
  const fields = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  const trace = stack ? `\n${String(stack)}` : '';
  return `${String(timestamp)} ${level}${id} ${String(message)}${fields}${trace}`;
}

/** Log fields for an error: winston serialises Error objects as `{}` when nested. */
export function errorFields(error: unknown): { error: string; stack?: string } {
  if (error instanceof Error) return { error: error.message, stack: error.stack };
  return { error: String(error) };
}
