import { writeFileSync } from "node:fs";
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import mammoth from "mammoth";
import type { PhrasingContent, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTable } from "micromark-extension-gfm-table";
import PDFDocument from "pdfkit";

/**
 * Writes the binary test documents in test/fixtures/ so they can be reviewed and regenerated:
 * the Word syllabus (the Markdown syllabus as a teacher would type it in Word: no code or HTML),
 * and the two-page PDF handout. `npx tsx scripts/make-fixtures.ts`
 */

const SYLLABUS_MD = "test/fixtures/syllabus-md/bio101-syllabus.md";
const SYLLABUS_DOCX = "test/fixtures/syllabus-docx/bio101-syllabus.docx";
const HANDOUT_PDF = "test/fixtures/handout-pdf/microscope-handout.pdf";
const SYLLABUS_HTML = "test/fixtures/syllabus-html/bio101-syllabus.html";

function runs(nodes: PhrasingContent[], style: { bold?: boolean; italics?: boolean } = {}): TextRun[] {
  return nodes.flatMap((n): TextRun[] => {
    if (n.type === "text") return [new TextRun({ text: n.value.replace(/\n/g, " "), ...style })];
    if (n.type === "strong") return runs(n.children, { ...style, bold: true });
    if (n.type === "emphasis") return runs(n.children, { ...style, italics: true });
    if (n.type === "link") return runs(n.children, style);
    if (n.type === "inlineCode") return [new TextRun({ text: n.value, font: "Courier New" })];
    return [];
  });
}

const LEVELS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
];

function wordBlocks(nodes: RootContent[]): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  for (const node of nodes) {
    if (node.type === "heading") {
      out.push(new Paragraph({ heading: LEVELS[node.depth - 1], children: runs(node.children) }));
    } else if (node.type === "paragraph") {
      out.push(new Paragraph({ children: runs(node.children) }));
    } else if (node.type === "list") {
      for (const item of node.children)
        for (const child of item.children)
          if (child.type === "paragraph")
            out.push(new Paragraph({ bullet: { level: 0 }, children: runs(child.children) }));
    } else if (node.type === "table") {
      out.push(
        new Table({
          rows: node.children.map(
            (row, r) =>
              new TableRow({
                tableHeader: r === 0,
                children: row.children.map(
                  (cell) =>
                    new TableCell({
                      children: [new Paragraph({ children: runs(cell.children, { bold: r === 0 }) })],
                    }),
                ),
              }),
          ),
        }),
      );
    }
    // Code blocks and raw HTML have no place in a Word syllabus.
  }
  return out;
}

async function syllabusDocx(): Promise<void> {
  const { readFileSync } = await import("node:fs");
  const tree = fromMarkdown(readFileSync(SYLLABUS_MD, "utf8"), {
    extensions: [gfmTable()],
    mdastExtensions: [gfmTableFromMarkdown()],
  });
  const doc = new Document({
    creator: "Maria Okafor",
    title: "BIO 101: Introduction to Biology",
    sections: [{ children: wordBlocks(tree.children) }],
  });
  const docx = await Packer.toBuffer(doc);
  writeFileSync(SYLLABUS_DOCX, docx);
  // The same syllabus as a web page, as Word's "save as web page" would publish it on a course site.
  const { value } = await mammoth.convertToHtml({ buffer: docx });
  const page = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>BIO 101: Introduction to Biology</title>\n</head>\n<body>\n<nav><a href="/">Course site</a> | <a href="/bio101">BIO 101</a> | <a href="/help">Help</a></nav>\n<main>\n${value.replace(/<\/(h\d|p|ul|table|tr)>/g, "</$1>\n")}\n</main>\n<footer>Northfield Community College · Department of Life Sciences</footer>\n</body>\n</html>\n`;
  writeFileSync(SYLLABUS_HTML, page);
}

/** A two-page handout as a teacher would export it: a title, headings in a larger type, body text. */
export function handoutPdf(
  pages: Array<Array<{ heading?: string; text?: string; bullets?: string[] }>>,
  info: PDFKit.DocumentInfo,
): Promise<Buffer> {
  const doc = new PDFDocument({ info, size: "A4", margin: 60 });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  pages.forEach((blocks, i) => {
    if (i > 0) doc.addPage();
    for (const b of blocks) {
      if (b.heading)
        doc
          .moveDown(0.5)
          .font("Helvetica-Bold")
          .fontSize(i === 0 && b === blocks[0] ? 20 : 14)
          .text(b.heading);
      if (b.text) doc.moveDown(0.3).font("Helvetica").fontSize(11).text(b.text, { align: "left" });
      for (const bullet of b.bullets ?? [])
        doc.font("Helvetica").fontSize(11).text(`•  ${bullet}`, { indent: 10 });
    }
  });
  doc.end();
  return done;
}

export const HANDOUT = [
  [
    { heading: "Using the Compound Light Microscope" },
    {
      text: "This handout accompanies lab 3 of BIO 101. Read it before the lab session; you will use a compound light microscope to look at onion skin cells and at cells from the inside of your cheek. Each pair of students shares one microscope, which must be returned to cabinet C at the end of the session.",
    },
    { heading: "Parts of the microscope" },
    {
      text: "The eyepiece lens magnifies 10 times. The revolving nosepiece holds three objective lenses that magnify 4, 10 and 40 times, so the total magnification ranges from 40 to 400 times. The coarse focus knob moves the stage quickly and is used only with the lowest-power objective; the fine focus knob makes small adjustments at higher power. The diaphragm under the stage controls how much light reaches the specimen.",
    },
    { heading: "Carrying and cleaning" },
    {
      text: "Always carry the microscope upright with two hands, one on the arm and one under the base. Clean the lenses only with lens paper, never with tissues or your shirt, because paper fibres scratch the coating on the glass.",
    },
  ],
  [
    { heading: "Preparing a wet mount" },
    {
      text: "Place a thin piece of onion epidermis flat on a clean slide and add one drop of iodine stain, which makes the nuclei visible. Lower the cover slip at an angle of about 45 degrees so that no air bubbles are trapped under it. Blot away extra liquid with a paper towel before you put the slide on the stage.",
    },
    { heading: "Lab report" },
    {
      text: "Draw three onion cells and two cheek cells at 400 times magnification and label the cell wall, cell membrane, cytoplasm and nucleus where you can see them. The lab report is due one week after the lab session and is worth 2% of the final grade. Reports handed in late follow the late work policy in the syllabus.",
    },
    { heading: "Safety" },
    {
      text: "Iodine stains skin and clothing; wear gloves and goggles when you use it. Broken slides go in the glass disposal box, never in the ordinary bin. Report any cut to the teaching assistant at once.",
    },
  ],
];

async function main(): Promise<void> {
  await syllabusDocx();
  const pdf = await handoutPdf(HANDOUT, {
    Title: "Using the Compound Light Microscope",
    Author: "Dr. Maria Okafor",
    CreationDate: new Date("2026-09-15T09:00:00Z"),
  });
  writeFileSync(HANDOUT_PDF, pdf);
  console.log(`wrote ${SYLLABUS_DOCX}, ${SYLLABUS_HTML} and ${HANDOUT_PDF}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
