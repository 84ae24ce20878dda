import { afterAll, describe, expect, it } from "vitest";
import { documentThread } from "../src/core/document-thread";
import { readUpload, UploadRejected } from "../src/web/read-upload";
import { deepHtml, wordZipBomb } from "./helpers/hostile";

/** A teacher's upload is read as DATA_DIR's files are: on the reader thread, within its budgets. */

afterAll(() => documentThread().close());

describe("reading an upload", () => {
  it("refuses a Word zip bomb by name, with a reason, and the process goes on", async () => {
    const bomb = await wordZipBomb(300);
    const refused = await readUpload("handout.docx", bomb, 20).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UploadRejected);
    expect((refused as UploadRejected).message).toMatch(/zip bomb|inflate|too (large|big)/i);
    expect((refused as UploadRejected).message).toMatch(/Nothing was changed/);
  });

  it("refuses HTML nested thousands deep", async () => {
    const refused = await readUpload("trip.html", Buffer.from(deepHtml(2_000)), 20).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UploadRejected);
  });

  it("reads a teacher's FAQ as the folder's FAQs are read: questions become taught links", async () => {
    const faq =
      "Q: When do we leave?\nA: The coach leaves at 8 am on Monday.\n\nQ: What should I bring?\nA: A packed lunch and a raincoat.\n";
    const { document } = await readUpload("trip-faq.txt", Buffer.from(faq), 20);
    const questions = document.sections.flatMap((s) => s.faq ?? []).map((f) => f.question);
    expect(questions).toEqual(["When do we leave?", "What should I bring?"]);
  });
});
