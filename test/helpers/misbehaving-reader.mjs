import { parentPort } from "node:worker_threads";

/**
 * A stand-in for the document reader's thread that misbehaves on cue, by file name: "loop" never
 * finishes, "hog" allocates until the heap limit stops it, "crash" throws outside any handler;
 * anything else is read as a one-fact document.
 */

const port = parentPort;
port.on("message", ({ fileName }) => {
  if (fileName.includes("loop")) for (;;);
  if (fileName.includes("hog")) {
    const kept = [];
    for (;;) kept.push(new Array(1e6).fill(kept.length));
  }
  if (fileName.includes("crash"))
    setTimeout(() => {
      throw new Error("reader crashed");
    });
  else
    port.postMessage({
      ok: true,
      doc: {
        id: fileName,
        fileName,
        meta: { title: fileName },
        sections: [
          { index: 0, heading: "Overview", paragraphs: ["The lanterns were lit at dusk by 12 volunteers."] },
        ],
        chrome: [],
      },
    });
});
port.postMessage({ ready: true });
