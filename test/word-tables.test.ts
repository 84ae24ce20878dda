import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { extractFacts } from "../src/core/facts";
import { readDocument } from "../src/core/readers";

/**
 * A Word table's first row is its header when it looks like one (short labels, set in bold or
 * without figures), as a Markdown or HTML table's is, whether or not Word marks it "repeat as
 * header row"; then every row keeps its headers, and the header row is no fact of its own.
 */

function table(rows: string[][], boldFirst: boolean): Table {
  return new Table({
    rows: rows.map(
      (row, r) =>
        new TableRow({
          children: row.map(
            (text) =>
              new TableCell({
                children: [new Paragraph({ children: [new TextRun({ text, bold: boldFirst && r === 0 })] })],
              }),
          ),
        }),
    ),
  });
}

async function facts(...tables: Table[]): Promise<string[]> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph("Lab safety handout for room 204."),
          ...tables.flatMap((t) => [t, new Paragraph("")]),
        ],
      },
    ],
  });
  const data = await Packer.toBuffer(doc);
  return extractFacts(await readDocument("safety.docx", Buffer.from(data))).map((f) => f.text);
}

describe("Word tables", () => {
  it("read a bold first row of labels as the header, though Word does not mark it as one", async () => {
    const out = await facts(
      table(
        [
          ["Hazard", "What to do in Lab 204", "Who to tell"],
          ["Broken glass", "Sweep it up with the brush and pan, never with bare hands", "Your teacher"],
          ["Acid on skin", "Rinse under the tap for 15 minutes", "The school nurse"],
        ],
        true,
      ),
    );
    expect(out).toContain(
      "Broken glass — what to do in lab 204: Sweep it up with the brush and pan, never with bare hands, who to tell: Your teacher.",
    );
    expect(out.some((f) => f.startsWith("Hazard"))).toBe(false);
  });

  it("read a plain first row of short labels as the header, and a first row of data as data", async () => {
    const out = await facts(
      table(
        [
          ["Item", "Where it is kept"],
          ["Eye wash station", "Beside the back sink"],
        ],
        false,
      ),
      table(
        [
          ["Monday", "Lab 1: safety quiz"],
          ["Tuesday", "Lab 2: titration"],
        ],
        false,
      ),
    );
    expect(out).toContain("Eye wash station — where it is kept: Beside the back sink.");
    expect(out.some((f) => f.startsWith("Item"))).toBe(false);
    expect(out).toContain("Monday — Lab 1: safety quiz.");
    expect(out).toContain("Tuesday — Lab 2: titration.");
  });
});
