import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from "node:net";
import { freePort } from "../../scripts/lib/redisServer.js";

/** How a stand-in for an AWS endpoint misbehaves. */
export const FAULTS = ["refuse", "hang", "http500", "throttle"] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultyEndpoint {
  url: string;
  /** Connections (hang) or requests (HTTP faults) it received. */
  hits: () => number;
  stop(): Promise<void>;
}

/**
 * A loopback server in place of an AWS endpoint: `refuse` (nothing listens), `hang` (accepts the connection
 * and never answers), `http500` (an internal error), `throttle` (the service's throttling error). Errors are
 * written in the protocol the request used: JSON (DynamoDB, Secrets Manager) or the query protocol's XML (SNS).
 */
export async function startFault(fault: Fault): Promise<FaultyEndpoint> {
  if (fault === "refuse") {
    const port = await freePort();
    return { url: `http://127.0.0.1:${port}`, hits: () => 0, stop: async () => undefined };
  }
  let hits = 0;
  if (fault === "hang") {
    const sockets = new Set<Socket>();
    const server: TcpServer = createTcpServer((socket) => {
      hits++;
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    const port = await listen(server);
    return {
      url: `http://127.0.0.1:${port}`,
      hits: () => hits,
      stop: async () => {
        for (const s of sockets) s.destroy();
        await new Promise((r) => server.close(r));
      },
    };
  }
  const server: HttpServer = createHttpServer((req, res) => {
    hits++;
    req.resume();
    req.on("end", () => answer(fault, req, res));
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

function answer(fault: "http500" | "throttle", req: IncomingMessage, res: ServerResponse): void {
  const json = String(req.headers["content-type"] ?? "").includes("json");
  const [status, code, message] =
    fault === "http500"
      ? [500, "InternalFailure", "The request processing has failed because of an unknown error."]
      : [400, json ? "ThrottlingException" : "Throttling", "Rate exceeded"];
  res.statusCode = status;
  if (json) {
    res.setHeader("content-type", "application/x-amz-json-1.1");
    res.setHeader("x-amzn-errortype", code);
    res.end(JSON.stringify({ __type: code, message }));
  } else {
    res.setHeader("content-type", "text/xml");
    res.end(
      `<ErrorResponse><Error><Type>${status >= 500 ? "Receiver" : "Sender"}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
    );
  }
}

async function listen(server: TcpServer | HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return (server.address() as { port: number }).port;
}
