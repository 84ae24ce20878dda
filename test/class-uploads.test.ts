import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelScopes } from "../src/app/channel-documents";
import { answerQuestion } from "../src/core/answer";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";
import type { OpenedStore } from "../src/store/open";
import { teacherDb } from "../src/store/teacher-schema";
import { teacherStore } from "../src/store/teacher-store";
import { ClassLibrary, withClassUploads } from "../src/web/class-library";
import { readUpload } from "../src/web/read-upload";
import { classKeyOf } from "../src/web/sign-in";
import { classFolders, silentLogger } from "./helpers/corpus";
import { memoryStore } from "./helpers/storage";

/**
 * Uploads on top of CHANNEL_DOCUMENTS: a class answers from its own folders and its uploads, never
 * from another class's folder, and the index is built once per upload version.
 */

let opened: OpenedStore;
beforeAll(async () => {
  opened = await memoryStore();
}, 60_000);
afterAll(() => opened?.close());

describe("a class's uploads on its channel's folders", () => {
  it("adds the uploads to the channel's own documents only", async () => {
    const loaded = await loadCorpus(classFolders());
    const scopes = new ChannelScopes({ "C-HIST": ["history"], "C-BIO": ["biology"] }, true, () => loaded);
    const store = teacherStore(teacherDb(opened.db));
    const library = new ClassLibrary(
      store,
      async (n, b) => (await readUpload(n, b, 20)).document,
      silentLogger,
    );
    const scope = withClassUploads(
      library,
      (c) => scopes.indexFor(c),
      () => loaded.documents,
      classKeyOf,
    );
    const notes = Buffer.from("# Field notes\n\nThe compost bins are emptied every second Tuesday.");
    const read = await readUpload("notes.md", notes, 20);
    await store.putDocument(
      "C-BIO",
      { fileName: "notes.md", format: "markdown", bytes: notes, facts: read.facts, problems: [] },
      "t",
      new Date(),
    );
    await library.refresh();

    const bio = scope("C-BIO") as CorpusIndex;
    expect(bio.documents.map((d) => d.fileName).sort()).toEqual(["biology/riverside-garden.md", "notes.md"]);
    expect(answerQuestion(bio, "when are the compost bins emptied?").answer?.text).toContain(
      "second Tuesday",
    );
    expect(scope("C-BIO")).toBe(bio);
    // The history class keeps its folder alone; a channel with no folder (strict) and no uploads: none.
    expect((scope("C-HIST") as CorpusIndex).documents.map((d) => d.fileName)).toEqual([
      "history/women-making-achievements.txt",
    ]);
    expect(scope("C-NONE")).toBeNull();
  });
});
