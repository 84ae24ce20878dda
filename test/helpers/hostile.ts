import { createDeflateRaw, deflateRawSync } from "node:zlib";

/**
 * Hostile documents, made at test time: a Word zip bomb, HTML nested thousands deep, a huge
 * Markdown table. Each is small on disk except where its point is size.
 */

/** A zip (method deflate) of the given parts, declaring `inflated` as each one's size. */
function zip(parts: Array<{ name: string; data: Buffer; inflated: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 14); // crc (not checked by readers)
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.inflated, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(part.inflated, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    centrals.push(central, name);
    offset += local.length + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/**
 * A .docx whose word/document.xml inflates to `inflatedMb` megabytes of paragraphs while its
 * header declares 1 KB: a reader must count what it inflates, not trust the zip. Compressed as a
 * stream, so making it never holds the inflated text.
 */
export async function wordZipBomb(inflatedMb: number): Promise<Buffer> {
  const paragraph = "<w:p><w:r><w:t>all work and no play makes a dull day</w:t></w:r></w:p>";
  const head = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`;
  const body = Buffer.from(paragraph.repeat(Math.ceil((1024 * 1024) / paragraph.length)));
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  deflate.write(head);
  for (let i = 0; i < inflatedMb; i++) {
    if (!deflate.write(body)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  const small = (s: string) => ({ data: deflateRawSync(s), inflated: s.length });
  return zip([
    { name: "[Content_Types].xml", ...small(CONTENT_TYPES) },
    { name: "_rels/.rels", ...small(RELS) },
    { name: "word/document.xml", data: Buffer.concat(out), inflated: 1024 },
  ]);
}

/** A page whose article sits `depth` elements deep. */
export function deepHtml(depth: number): string {
  return `<!doctype html><html><head><title>Deep</title></head><body>${"<div>".repeat(depth)}<p>A page nested very deep says that 12 lanterns were lit on the bridge at dusk.</p>${"</div>".repeat(depth)}</body></html>`;
}

/** A Markdown table of `rows` rows under a heading. */
export function bigTable(rows: number): string {
  const lines = ["# Inventory", "", "| Item | Shelf | Count |", "| --- | --- | --- |"];
  for (let i = 0; i < rows; i++) lines.push(`| part ${i} | shelf ${i % 97} | ${i % 13} |`);
  return `${lines.join("\n")}\n`;
}
