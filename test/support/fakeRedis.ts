import { createServer, type Server, type Socket } from "node:net";

/**
 * A small RESP2 server that misbehaves on purpose, for the failure paths a real Redis never takes:
 * - `answer`: replies to INFO (the given text), CONFIG GET, MEMORY DOCTOR and QUIT (+OK), and never closes
 *   its side of a connection, even when the client closes its own (a proxy that keeps sockets open);
 * - `silent`: accepts connections and never answers;
 * - `trickle`: answers INFO one byte every `trickleMs`;
 * - `error`: answers every command with the given error text.
 * It counts connections from its own side: open now, the most open at once, and in all.
 */
export interface FakeRedisOptions {
  behavior: "answer" | "silent" | "trickle" | "error";
  info?: string;
  errorText?: string;
  trickleMs?: number;
  host?: string;
}

export class FakeRedis {
  readonly commands: string[] = [];
  private open = 0;
  private peak = 0;
  private total = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(options: FakeRedisOptions): Promise<FakeRedis> {
    let fake: FakeRedis | undefined;
    // allowHalfOpen: a client's FIN does not close this side; only the client destroying its socket does.
    const server = createServer({ allowHalfOpen: true }, (socket) => fake?.accept(socket, options));
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
    fake = new FakeRedis(server, host, (server.address() as { port: number }).port);
    return fake;
  }

  get url(): string {
    return `redis://${this.host.includes(":") ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Connections open right now, the most that were ever open at once, and how many there were. */
  connections(): { open: number; peak: number; total: number } {
    return { open: this.open, peak: this.peak, total: this.total };
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(socket: Socket, options: FakeRedisOptions): void {
    this.open++;
    this.total++;
    this.peak = Math.max(this.peak, this.open);
    this.sockets.add(socket);
    // The client's FIN ends the connection as far as the client's socket count goes (it has closed it).
    let counted = true;
    const release = () => {
      if (counted) this.open--;
      counted = false;
    };
    socket.on("end", release);
    socket.on("close", () => {
      release();
      this.sockets.delete(socket);
    });
    socket.on("error", () => undefined);
    // Silent: read and drop what arrives (an unread socket never sees the client's FIN), answer nothing.
    if (options.behavior === "silent") return void socket.resume();
    let buffer = "";
    // Replies go out in order, as a real server's do, even while one of them trickles.
    let sending = Promise.resolve();
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        const parsed = parseCommand(buffer);
        if (!parsed) break;
        buffer = buffer.slice(parsed.consumed);
        this.commands.push(parsed.args.join(" ").toUpperCase());
        const payload = reply(parsed.args, options);
        const slow = options.behavior === "trickle" && (parsed.args[0] ?? "").toUpperCase() === "INFO";
        sending = sending.then(() =>
          slow ? trickle(socket, payload, options.trickleMs ?? 50) : void socket.write(payload, "utf8"),
        );
      }
    });
  }
}

function reply(args: string[], options: FakeRedisOptions): string {
  const name = (args[0] ?? "").toUpperCase();
  if (options.behavior === "error") return `-${options.errorText ?? "ERR no"}\r\n`;
  if (name === "QUIT") return "+OK\r\n"; // and the socket stays open
  if (name === "INFO") {
    const text = options.info ?? "# Memory\r\nused_memory:1000000\r\n";
    return `$${Buffer.byteLength(text, "utf8")}\r\n${text}\r\n`;
  }
  if (name === "CONFIG") return "*2\r\n$12\r\nactivedefrag\r\n$2\r\nno\r\n";
  if (name === "MEMORY") return "$19\r\nSam, I have no idea\r\n";
  return `-ERR unknown command '${args[0]}'\r\n`;
}

/** Writes one byte every `everyMs`; resolves when done, or when the client has gone. */
function trickle(socket: Socket, payload: string, everyMs: number): Promise<void> {
  const bytes = Buffer.from(payload, "utf8");
  return new Promise((resolve) => {
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || i >= bytes.length) {
        clearInterval(timer);
        resolve();
        return;
      }
      socket.write(bytes.subarray(i, ++i));
    }, everyMs);
  });
}

/** One RESP array of bulk strings (`*2\r\n$4\r\nINFO\r\n…`), or undefined until it has all arrived. */
function parseCommand(buffer: string): { args: string[]; consumed: number } | undefined {
  if (!buffer.startsWith("*")) {
    const end = buffer.indexOf("\r\n");
    return end < 0 ? undefined : { args: buffer.slice(0, end).split(" "), consumed: end + 2 };
  }
  let at = buffer.indexOf("\r\n");
  if (at < 0) return undefined;
  const count = Number(buffer.slice(1, at));
  at += 2;
  const args: string[] = [];
  for (let i = 0; i < count; i++) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const length = Number(buffer.slice(at + 1, lineEnd));
    const start = lineEnd + 2;
    if (buffer.length < start + length + 2) return undefined;
    args.push(buffer.slice(start, start + length));
    at = start + length + 2;
  }
  return { args, consumed: at };
}
