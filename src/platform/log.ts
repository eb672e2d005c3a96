import pino, { type Logger } from 'pino';

// Mainland mobile numbers and resident ID numbers never reach a log line.
const ID_NUMBER = /(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;

/**
 * Percent-encoded runs decoded, so that a number written `%31%33%38…`, or glued to an encoded
 * character (`%E5%BC%A013800000021`: the `A0` would hide where the number starts), is seen.
 */
function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%3([0-9])/g, '$1');
    }
  });
}

/** The text with every mobile and ID number masked, in any percent-encoding (decoded where it had any). */
export function redact(text: string): string {
  return decodePercent(text)
    .replace(ID_NUMBER, (m) => `${m.slice(0, 3)}***********${m.slice(-2)}`)
    .replace(MOBILE, (m) => `${m.slice(0, m.length - 8)}****${m.slice(-4)}`);
}

/** Whether the text holds a mobile or ID number, in any percent-encoding (the log scan's test). */
export function hasPersonalNumber(text: string): boolean {
  const plain = decodePercent(text);
  return new RegExp(ID_NUMBER.source).test(plain) || new RegExp(MOBILE.source).test(plain);
}

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: redact(value.message), stack: value.stack && redact(value.stack) };
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  // Requests, replies and other class instances go to their serializers, which redact themselves.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

/** Masks a phone for display to people who do not need the whole number: 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redact(a) : a)) as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (e: Error) => redactDeep(e),
        req: (req: { method?: string; url?: string; id?: string }) => ({
          method: req.method,
          url: typeof req.url === 'string' ? redact(req.url) : undefined,
          id: req.id,
        }),
      },
    },
    destination,
  );
}

/**
 * Resolves once every line logged so far has been written out, or after `timeoutMs`; the logger
 * must not be used afterwards. The default destination writes asynchronously, and a process
 * that exits straight after `flush()` loses the lines still being written (the last requests'
 * completion lines of a graceful stop, for one).
 */
export function endLog(log: Logger, timeoutMs = 2_000): Promise<void> {
  const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as Partial<NodeJS.WritableStream> | undefined;
  if (typeof stream?.end !== 'function' || typeof stream.once !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    stream.once!('finish', done);
    stream.once!('close', done);
    stream.end!();
  });
}
