import { describe, expect, it } from "vitest";
import { classKeyOf } from "../src/app/class-key";
import { Learning } from "../src/app/learning";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";
import { memoryLearningBackend } from "../src/store/learning-backend";
import { ClassLibrary, withClassUploads } from "../src/web/class-library";
import { readUpload } from "../src/web/read-upload";
import { silentLogger } from "./helpers/corpus";

/**
 * Links to a teacher's uploads (issue 17, item 2's guard): in the seconds after a start the bot
 * answers a class from its folder's documents before the class's uploads are read. A link whose
 * passage is in an upload not read yet must wait, never be dropped; once the upload is read and the
 * passage has really left it, the link goes.
 */

const CLASS = "CBIO";
const NOTES = "# Field notes\n\nThe compost bins are emptied every second Tuesday by the volunteers.";
const ASKED = "when do the compost bins get emptied";

/** The teacher's store as the class library reads it: one upload for the class, at a version. */
function uploads(text: () => string, version: () => number) {
  return {
    versions: async () => new Map([[CLASS, version()]]),
    documentBytes: async () => [{ id: "0f0e0d0c-0000", fileName: "notes.md", bytes: Buffer.from(text()) }],
  };
}

async function scopeOver(store: ReturnType<typeof uploads>) {
  const loaded = await loadCorpus("test/eval/corpora/community-garden");
  const library = new ClassLibrary(
    store,
    async (name, bytes) => (await readUpload(name, bytes, 20)).document,
    silentLogger,
  );
  const scope = withClassUploads(
    library,
    () => loaded.index,
    () => loaded.documents,
    classKeyOf,
  );
  return { library, scope: () => scope(CLASS) as CorpusIndex };
}

describe("links to a class's uploads", () => {
  it("wait while the uploads are not read yet (after a start), and are used once they are", async () => {
    const backend = memoryLearningBackend();
    const store = uploads(
      () => NOTES,
      () => 1,
    );
    // The first process reads the upload and two students mark its passage.
    const before = await scopeOver(store);
    await before.library.refresh();
    const first = new Learning({ backend, userHash: (p, u) => `${p}:${u}`, logger: silentLogger });
    await first.ready;
    const passage = before.scope().facts.find((f) => f.text.includes("compost bins"));
    if (!passage) throw new Error("the upload was not read");
    for (const user of ["s1", "s2"])
      await first.helpful({
        platform: "t",
        userId: user,
        classKey: CLASS,
        index: before.scope(),
        question: ASKED,
        factId: passage.id,
      });
    first.close();

    // A restart: the class is answered from its folder before its uploads are read.
    const after = await scopeOver(store);
    const second = new Learning({ backend, userHash: (p, u) => `${p}:${u}`, logger: silentLogger });
    await second.ready;
    expect(after.scope().facts.some((f) => f.text.includes("compost bins"))).toBe(false);
    expect(second.answer(after.scope(), CLASS, `${ASKED}?`).answer?.text ?? "").not.toContain("compost");
    expect(second.links(CLASS)).toHaveLength(1);
    expect(await backend.dropped(new Date(0))).toEqual([]);
    expect((await backend.load()).marks).toHaveLength(2);

    await after.library.refresh();
    expect(second.answer(after.scope(), CLASS, `${ASKED}?`).answer?.text).toContain("compost bins");
  });

  it("go once the upload is read and the passage has left it", async () => {
    const backend = memoryLearningBackend();
    let text = NOTES;
    let version = 1;
    const { library, scope } = await scopeOver(
      uploads(
        () => text,
        () => version,
      ),
    );
    await library.refresh();
    const learning = new Learning({ backend, userHash: (p, u) => `${p}:${u}`, logger: silentLogger });
    await learning.ready;
    const passage = scope().facts.find((f) => f.text.includes("compost bins"));
    await learning.helpful({
      platform: "t",
      userId: "s1",
      classKey: CLASS,
      index: scope(),
      question: ASKED,
      factId: passage?.id ?? "",
    });
    expect(learning.answer(scope(), CLASS, `${ASKED}?`).closest?.text).toContain("compost bins");
    text = "# Field notes\n\nThe tool shed is locked at dusk.";
    version = 2;
    await library.refresh();
    learning.answer(scope(), CLASS, `${ASKED}?`);
    expect(learning.links(CLASS)).toEqual([]);
    expect(await backend.dropped(new Date(0))).toMatchObject([{ classKey: CLASS, question: ASKED }]);
  });
});
