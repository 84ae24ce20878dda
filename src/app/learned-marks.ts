import {
  deriveLinks,
  type LearnedLink,
  type Mark,
  questionKey,
  type Rejection,
} from "../core/learning/trust";

/**
 * What the classes taught, as this process holds it: every mark and rejection (a copy of the
 * store's), and the links derived from them per class, derived again only after a change.
 * `generation` moves with every change, so views built over it know when they are stale.
 */
export class LearnedMarks {
  private marks = new Map<string, Mark>();
  private rejections = new Map<string, Rejection>();
  private linksByClass: Map<string, LearnedLink[]> | null = null;
  generation = 0;

  /** Everything, as the store holds it (a load or a reload). */
  replace(marks: readonly Mark[], rejections: readonly Rejection[]): void {
    this.marks = new Map(marks.map((m) => [markKey(m), m]));
    this.rejections = new Map(rejections.map((r) => [rejectionKey(r), r]));
    this.changed();
  }

  /** One mark per user per question in a class: a second replaces the first. */
  put(mark: Mark): void {
    this.marks.set(markKey(mark), mark);
    this.changed();
  }

  reject(rejection: Rejection): void {
    this.rejections.set(rejectionKey(rejection), rejection);
    this.changed();
  }

  /** Forgets the class's marks on these passages (they left the documents). */
  dropPassages(classKey: string, passages: ReadonlySet<string>): void {
    for (const [k, m] of this.marks)
      if (m.classKey === classKey && passages.has(m.passage)) this.marks.delete(k);
    this.changed();
  }

  /** Every link of a class, trusted or not, oldest first. */
  links(classKey: string): LearnedLink[] {
    if (!this.linksByClass) {
      this.linksByClass = new Map();
      for (const link of deriveLinks([...this.marks.values()], [...this.rejections.values()])) {
        const list = this.linksByClass.get(link.classKey);
        if (list) list.push(link);
        else this.linksByClass.set(link.classKey, [link]);
      }
    }
    return this.linksByClass.get(classKey) ?? [];
  }

  /** The link `question` → `passage` in a class, if the marks make one. */
  linkFor(classKey: string, question: string, passage: string): LearnedLink | null {
    const key = questionKey(question);
    return this.links(classKey).find((l) => l.questionKey === key && l.passage === passage) ?? null;
  }

  private changed(): void {
    this.generation++;
    this.linksByClass = null;
  }
}

const markKey = (m: Mark) => `${m.classKey}\u0000${m.userHash}\u0000${questionKey(m.question)}`;
const rejectionKey = (r: Rejection) => `${r.classKey}\u0000${r.questionKey}\u0000${r.passage}`;
