/** A bounded memory of recently seen ids (Slack event ids), to answer a retried event only once. */
export class RecentIds {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 5000) {}

  /** Records the id; returns false if it was already there. */
  add(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value as string;
      this.seen.delete(oldest);
    }
    return true;
  }
}
