import { describe, expect, it } from "vitest";
import { loadCorpus } from "../src/core/load";
import { tempCorpus } from "./helpers/corpus";

/** A web page's title loses its site's name ("| Lakeview High School"), which is its source. */

const page = (title: string, extraHead = "") =>
  `<!doctype html><html><head><title>${title}</title>${extraHead}</head><body><main><article><h1>${title.split("|")[0]}</h1><p>The spring trip leaves from the front gate at 7:30 am on Monday 16 March, and 48 students are going along with four teachers from the school this year.</p></article></main></body></html>`;

const titles = async (files: Record<string, string>) => {
  const { documents } = await loadCorpus(tempCorpus(files));
  return Object.fromEntries(documents.map((d) => [d.fileName, [d.meta.title, d.meta.source ?? null]]));
};

describe("site names in page titles", () => {
  it("come off the title when the page names its site", async () => {
    const named = '<meta property="og:site_name" content="Lakeview High School">';
    expect(
      await titles({ "trip.html": page("Spring Trip to Washington | Lakeview High School", named) }),
    ).toEqual({
      "trip.html": ["Spring Trip to Washington", "Lakeview High School"],
    });
  });

  it("come off when several pages end their titles with the same name, and only then", async () => {
    expect(
      await titles({
        "trip.html": page("Spring Trip | Lakeview High School"),
        "fair.html": page("Science Fair | Lakeview High School"),
        "club.html": page("Chess Club - Wednesdays"),
        "week1.md": "# Week 1 | Notes\n\nThe first week covers cells and 12 kinds of tissue in some detail.",
        "week2.md":
          "# Week 2 | Notes\n\nThe second week covers genetics and 3 laws of inheritance in detail.",
      }),
    ).toEqual({
      "club.html": ["Chess Club - Wednesdays", null],
      "fair.html": ["Science Fair", "Lakeview High School"],
      "trip.html": ["Spring Trip", "Lakeview High School"],
      "week1.md": ["Week 1 | Notes", null],
      "week2.md": ["Week 2 | Notes", null],
    });
  });
});
