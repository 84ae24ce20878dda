/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";

/**
 * The frame of every page: one stylesheet and one script from /static (the CSP allows nothing
 * inline), a skip link, the class's navigation, and a main region that screen readers land on.
 */

export type Tab = "documents" | "report" | "try";

export interface ClassFrame {
  classKey: string;
  /** how the class is named to the teacher: "Slack channel C0123 (workspace T01)" */
  label: string;
  csrf: string;
}

const TABS: Array<{ tab: Tab; path: string; name: string }> = [
  { tab: "documents", path: "documents", name: "Documents" },
  { tab: "report", path: "report", name: "Report" },
  { tab: "try", path: "try", name: "Try a question" },
];

export const classPath = (classKey: string, path: string) => `/class/${encodeURIComponent(classKey)}/${path}`;

export function Page(props: { title: string; frame?: ClassFrame; tab?: Tab; children: Child }) {
  const { frame, tab } = props;
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · Teacher's page`}</title>
          <link rel="stylesheet" href="/static/app.css" />
          <script src="/static/app.js" defer />
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <p class="brand">Teacher's page</p>
            {frame ? <p class="class-name">{frame.label}</p> : null}
            {frame ? (
              <nav aria-label="Class pages">
                <ul>
                  {TABS.map((t) => (
                    <li>
                      <a
                        href={classPath(frame.classKey, t.path)}
                        aria-current={t.tab === tab ? "page" : undefined}
                      >
                        {t.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
          </header>
          <main id="main" tabindex={-1}>
            <h1>{props.title}</h1>
            {props.children}
          </main>
          {frame ? (
            <footer>
              <form method="post" action="/sign-out">
                <input type="hidden" name="_csrf" value={frame.csrf} />
                <button type="submit" class="link">
                  Sign out
                </button>
              </form>
            </footer>
          ) : null}
        </body>
      </html>
    </>
  );
}

/** A page that only says something: a refused link, a missing session, a forbidden class. */
export function MessagePage(props: { title: string; children: Child }) {
  return (
    <Page title={props.title}>
      <div class="message">{props.children}</div>
    </Page>
  );
}
