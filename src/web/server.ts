import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { Hono } from "hono";

/** Serves the page on its own port (WEB_PORT), beside Slack's, Discord's or the terminal's. */

export interface WebServer {
  port: number;
  close(): Promise<void>;
}

// Every wait has a bound: a slow client cannot hold a connection (or an upload) open for ever.
const REQUEST_TIMEOUT_MS = 120_000;
const HEADERS_TIMEOUT_MS = 20_000;

export async function listen(
  app: Pick<Hono, "fetch">,
  port: number,
  hostname = "0.0.0.0",
): Promise<WebServer> {
  const server = createAdaptorServer({ fetch: app.fetch, serverOptions: {} });
  if ("requestTimeout" in server) {
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    server.headersTimeout = HEADERS_TIMEOUT_MS;
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
