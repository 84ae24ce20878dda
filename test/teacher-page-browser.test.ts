import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axe from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SlackAdapter } from "../src/adapters/slack/slack-adapter";
import { Learning } from "../src/app/learning";
import type { AppServices as CommandContext } from "../src/app/services";
import { loadCorpus } from "../src/core/load";
import type { OpenedStore } from "../src/store/open";
import { type Storage, startStorage } from "../src/store/storage";
import { startTeacherPage, type TeacherPage } from "../src/web/teacher-page";
import { appFor, silentLogger, tempStateDir } from "./helpers/corpus";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import { FORM, signedHeaders, slashCommandBody, testSlackConfig } from "./helpers/slack-requests";
import { memoryStore, TEST_SECRET } from "./helpers/storage";

/**
 * The teacher's page in a real browser (Debian's chromium, driven by playwright-core), end to end:
 * a teacher asks the Slack fake for a link, signs in, uploads a PDF and a Word file, and a student's
 * question in the channel is answered from them; removing one takes it out of the answers. The
 * refusals (another class, a POST without the CSRF token, a used link), escaping, the page without
 * JavaScript, and axe-core's accessibility rules on every page. Screenshots go to SCREENSHOT_DIR
 * (`docs/` for the README) or a temporary folder.
 */

const CHROMIUM = "/usr/bin/chromium";
const runBrowser = existsSync(CHROMIUM) || process.env.CI === "true";
const pdf = readFileSync("test/fixtures/handout-pdf/microscope-handout.pdf");
const docx = readFileSync("test/fixtures/syllabus-docx/bio101-syllabus.docx");
const XSS = "<img src=x onerror=alert(1)>";
const CLASS = "C-BIO";
const shots = process.env.SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), "teacher-page-"));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.runIf(runBrowser)("the teacher's page in a browser", { timeout: 60_000 }, () => {
  let opened: OpenedStore;
  let storage: Storage;
  let teacherPage: TeacherPage;
  let fakeSlack: FakeSlack;
  let slack: SlackAdapter;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let publicUrl: string;
  let link: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    opened = await memoryStore();
    const corpus = await loadCorpus("data");
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    // The bot's storage over this database: students' questions are logged, the page reads them.
    storage = startStorage({
      stateDir: tempStateDir(),
      logDays: 30,
      secret: TEST_SECRET,
      logger: silentLogger,
      open: async () => opened,
    });
    // What the class taught, in the same store: the chat answers with it, the page teaches it.
    const learning = new Learning({
      backend: storage.learning(),
      userHash: (platform, id) => storage.userHash(platform, id),
      logger: silentLogger,
    });
    const ctx: CommandContext = {
      index: corpus.index,
      logger: silentLogger,
      commandName: "campaign",
      questionLog: storage.questionLog,
      storage,
      learning,
    };
    teacherPage = startTeacherPage({
      publicUrl,
      port,
      hostname: "127.0.0.1",
      commandName: "campaign",
      maxDocumentMb: 20,
      logger: silentLogger,
      database: () => storage.database(),
      hashUser: (platform, id) => `hash:${platform}:${id}`,
      documents: () => corpus.documents,
      learning,
    });
    ctx.scope = teacherPage.scope(() => corpus.index);
    ctx.teacherPage = teacherPage;
    expect(await teacherPage.ready).not.toBeNull();
    fakeSlack = await startFakeSlack();
    slack = new SlackAdapter({
      config: testSlackConfig(fakeSlack.apiUrl, { ADMIN_USER_IDS: ["UTEACHER"] }),
      app: appFor(ctx),
      logger: silentLogger,
      host: "127.0.0.1",
    });
    await slack.start();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    mkdirSync(shots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await slack?.stop();
    await fakeSlack?.close();
    await teacherPage?.close();
    await storage?.close();
  }, 60_000);

  const slackCommand = async (text: string, user: string, channel = CLASS) => {
    const body = slashCommandBody(text, `${fakeSlack.url}/respond/1`, user, channel);
    const res = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
      method: "POST",
      headers: signedHeaders(body, FORM),
      body,
    });
    return (await res.json()) as { response_type: string; text: string; blocks: unknown[] };
  };
  let studentQuestions = 0;
  const studentAsks = async (question: string) => {
    studentQuestions++;
    return JSON.stringify((await slackCommand(question, "U5")).blocks);
  };

  /** axe-core's rules in the page; serious and critical violations, by rule and element. */
  async function accessibilityProblems(): Promise<string[]> {
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(axe.source);
    const results = (await page.evaluate(() =>
      (globalThis as unknown as { axe: typeof axe }).axe.run({ resultTypes: ["violations"] }),
    )) as axe.AxeResults;
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  it("gives a teacher in ADMIN_USER_IDS a private link, and a student none", async () => {
    const reply = await slackCommand("page", "UTEACHER");
    expect(reply.response_type).toBe("ephemeral");
    link = /(http:\/\/127\.0\.0\.1:\d+\/sign-in\/[\w-]+)/.exec(JSON.stringify(reply))?.[1] as string;
    expect(link).toBeTruthy();
    expect((await slackCommand("page", "U5")).text).toMatch(/Only teachers .*ADMIN_USER_IDS/);
  });

  it("signs in from the link, lists the folder's documents, and passes axe", async () => {
    await page.goto(link);
    await page.screenshot({ path: join(shots, "teacher-page-sign-in.png") });
    await page.getByRole("button", { name: "Open my class's page" }).click();
    await page.waitForURL(`${publicUrl}/class/${CLASS}/documents`);
    await expect(page.getByRole("heading", { name: "Documents", level: 1 }).isVisible()).resolves.toBe(true);
    expect(
      await page.getByRole("table", { name: "Documents from the bot's folder" }).textContent(),
    ).toContain("Women Making Achievements Campaign");
    expect(await accessibilityProblems()).toEqual([]);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "teacher_session")).toMatchObject({
      httpOnly: true,
      sameSite: "Lax",
    });
  });

  it("uploads a PDF and a Word file at once, and the class's students are answered from them", async () => {
    const question = "who is the teaching assistant?";
    expect(await studentAsks(question)).not.toContain("Lindqvist");
    await page.getByLabel(/Choose one or more files/).setInputFiles([
      { name: "microscope-handout.pdf", mimeType: "application/pdf", buffer: pdf },
      { name: "bio101-syllabus.docx", mimeType: "application/octet-stream", buffer: docx },
    ]);
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    const done = page.getByRole("status");
    await done.waitFor();
    expect(await done.textContent()).toMatch(/microscope-handout\.pdf added: \d+ facts found/);
    expect(await done.textContent()).toMatch(/bio101-syllabus\.docx added/);
    const uploads = page.getByRole("table", { name: "Documents uploaded for this class" });
    expect(await uploads.textContent()).toMatch(/bio101-syllabus\.docx.*Word/);
    expect(await accessibilityProblems()).toEqual([]);
    await page.screenshot({ path: join(shots, "teacher-page-documents.png"), fullPage: true });

    // Within the 5 s: the class's index is reread after each stored file, so a question
    // right after the upload may see the first file alone (CI, once in four runs).
    // Each try is another student of the class, so the per-student rate limit stays out of it.
    let tries = 0;
    await vi.waitFor(
      async () => {
        tries++;
        studentQuestions++;
        const reply = await slackCommand(question, `U-TRY-${tries}`);
        expect(JSON.stringify(reply.blocks)).toContain("Lindqvist");
      },
      { timeout: 5_000, interval: 250 },
    );
    expect(await studentAsks("what does the fine focus knob do?")).toMatch(/fine focus/i);
    // Another class's channel does not see them.
    expect(JSON.stringify((await slackCommand(question, "U5", "C-OTHER")).blocks)).not.toContain("Lindqvist");
  });

  it("shows a file the readers reject as a clear message, and changes nothing", async () => {
    await page
      .getByLabel(/Choose one or more files/)
      .setInputFiles([
        { name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.from("not a pdf at all") },
      ]);
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /scan\.pdf was not added: is called \.pdf but its content is text/,
    );
    expect(
      await page.getByRole("table", { name: "Documents uploaded for this class" }).textContent(),
    ).not.toContain("scan.pdf");
  });

  it("removes a document, and its answers go with it", async () => {
    await page.getByRole("button", { name: "Remove bio101-syllabus.docx" }).click();
    await page.waitForURL(`${publicUrl}/class/${CLASS}/documents`);
    expect(
      await page.getByRole("table", { name: "Documents uploaded for this class" }).textContent(),
    ).not.toContain("bio101-syllabus.docx");
    expect(await studentAsks("who is the teaching assistant?")).not.toContain("Lindqvist");
  });

  it("shows a file name and a tried question that are HTML as text", async () => {
    await page.getByLabel(/Choose one or more files/).setInputFiles([
      {
        name: `${XSS}.md`,
        mimeType: "text/markdown",
        buffer: Buffer.from("# Trip\n\nThe museum trip is on May 3."),
      },
    ]);
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await page.getByRole("status").waitFor();
    expect(await page.getByRole("status").textContent()).toContain(`${XSS}.md added`);
    await page.getByRole("link", { name: "Try a question" }).click();
    await page.getByLabel("Question").fill(XSS);
    await page.getByRole("button", { name: "Ask" }).click();
    await page.getByRole("status").waitFor();
    expect(await page.getByRole("status").textContent()).toContain(XSS);
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it("tries a question: the tier, the passages and the confidence, not logged", async () => {
    await page.getByLabel("Question").fill("what does the fine focus knob do?");
    await page.getByRole("button", { name: "Ask" }).click();
    const result = page.getByRole("status");
    await result.waitFor();
    expect(await result.textContent()).toMatch(/(Answered|Closest passage).*Confidence: \d+%/s);
    expect(await page.locator("blockquote").count()).toBeGreaterThan(0);
    expect(await accessibilityProblems()).toEqual([]);
    await page.screenshot({ path: join(shots, "teacher-page-try.png"), fullPage: true });
  });

  it("shows the class's report with its chart and the changes made", async () => {
    await page.getByRole("link", { name: "Report" }).click();
    await page.getByRole("heading", { name: "Report", level: 1 }).waitFor();
    expect(await page.locator("figure svg").count()).toBe(1);
    // The students' questions in this channel are counted; the tried ones are not.
    await storage.questionLog.flush();
    await page.reload();
    const text = (await page.locator("main").textContent()) ?? "";
    const asked = Number(/(\d+) questions asked in this class/.exec(text)?.[1]);
    // Asked by the student in this channel: before the upload, after it, after the removal.
    expect(asked).toBe(studentQuestions);
    expect(text).toContain("Removed bio101-syllabus.docx, by you");
    expect(await accessibilityProblems()).toEqual([]);
    await page.screenshot({ path: join(shots, "teacher-page-report.png"), fullPage: true });
  });

  it("teaches an unanswered question one of its closest passages, and rejects the link, with forms", async () => {
    await page.goto(`${publicUrl}/class/${CLASS}/report`);
    const question = page.locator("ol.questions > li").filter({ hasText: "who is the teaching assistant?" });
    await question.locator("summary").click();
    const passage = (await question.locator("blockquote").first().textContent()) ?? "";
    await question
      .getByRole("button", { name: "Teach this passage for “who is the teaching assistant?”" })
      .first()
      .click();
    const status = page.getByRole("status");
    await status.waitFor();
    expect(await status.textContent()).toContain(
      `Taught: “who is the teaching assistant?” now leads to “${passage.slice(0, 40)}`,
    );
    // A student in the channel now gets that passage as the answer.
    // (Other students than U5, who used up the rate limit above.)
    const asks = async (user: string) =>
      JSON.stringify((await slackCommand("who is the teaching assistant?", user)).blocks);
    const taught = await asks("U6");
    expect(taught).toContain(passage.slice(0, 40));
    expect(taught).not.toContain("I'm not sure");
    await question.locator("summary").click();
    expect(await accessibilityProblems()).toEqual([]);
    await page.screenshot({ path: join(shots, "teacher-page-teaching.png"), fullPage: true });

    await page.getByRole("button", { name: "Reject “who is the teaching assistant?”" }).click();
    await page.getByRole("status").waitFor();
    expect(await page.getByRole("status").textContent()).toMatch(/Rejected link [0-9a-f]+/);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("Rejected “who is the teaching assistant?”");
    // Back to what the bot says cold: unsure.
    expect(await asks("U7")).toContain("I'm not sure");
  });

  it("refuses another class's page (403) and a POST without the CSRF token", async () => {
    const other = await page.goto(`${publicUrl}/class/C-OTHER/documents`);
    expect(other?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "This page belongs to another class",
    );
    const forged = await page.request.post(`${publicUrl}/class/${CLASS}/documents`, {
      headers: { origin: publicUrl },
      multipart: {
        files: { name: "x.md", mimeType: "text/markdown", buffer: Buffer.from("# X\n\nText here.") },
      },
    });
    expect(forged.status()).toBe(403);
    await page.goto(`${publicUrl}/class/${CLASS}/documents`);
    expect(
      await page.getByRole("table", { name: "Documents uploaded for this class" }).textContent(),
    ).not.toContain("x.md");
  });

  it("refuses a used link with a page that says how to get a new one", async () => {
    const fresh = await browser.newContext();
    const again = await fresh.newPage();
    await again.goto(link);
    await again.getByRole("button", { name: "Open my class's page" }).click();
    expect(await again.getByRole("heading", { level: 1 }).textContent()).toBe(
      "This sign-in link was already used",
    );
    expect(await again.locator("main").textContent()).toContain("/campaign page");
    await again.screenshot({ path: join(shots, "teacher-page-used-link.png") });
    await fresh.close();
  });

  it("works without JavaScript, and reads on a phone", async () => {
    const phone = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const p = await phone.newPage();
    const reply = await slackCommand("page", "UTEACHER");
    const url = /(http:\/\/127\.0\.0\.1:\d+\/sign-in\/[\w-]+)/.exec(JSON.stringify(reply))?.[1] as string;
    await p.goto(url);
    await p.getByRole("button", { name: "Open my class's page" }).click();
    await p
      .getByLabel(/Choose one or more files/)
      .setInputFiles([{ name: "bio101-syllabus.docx", mimeType: "application/octet-stream", buffer: docx }]);
    await p.getByRole("button", { name: "Upload", exact: true }).click();
    await p.getByRole("status").waitFor();
    expect(await p.getByRole("status").textContent()).toMatch(/bio101-syllabus\.docx added/);
    // Nothing wider than the phone's screen but the tables, which scroll in their own box.
    expect(await p.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await p.screenshot({ path: join(shots, "teacher-page-phone.png"), fullPage: true });
    await phone.close();
  });
});
