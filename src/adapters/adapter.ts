/** What main needs from every platform adapter: a name, and a way to start and stop it. */
export interface Adapter {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new requests, finishes those under way, and releases connections. */
  stop(): Promise<void>;
  /** replies under way, reported when shutdown gives up on them at its deadline */
  pending?(): number;
}
