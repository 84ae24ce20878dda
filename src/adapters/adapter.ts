/** What main needs from every platform adapter: a name, and a way to start and stop it. */
export interface Adapter {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new requests, finishes those under way, and releases connections. */
  stop(): Promise<void>;
}
