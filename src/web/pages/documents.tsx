/** @jsxImportSource hono/jsx */
import type { StoredDocument } from "../../store/teacher-store";
import { FORMAT_LABEL, type UploadFormat } from "../read-upload";
import { type ClassFrame, classPath, Page } from "./layout";

/** The class's documents: what the folder gives every class, what this class's teachers uploaded. */

export interface BaseDocument {
  title: string;
  fileName: string;
  facts: number;
}

export type UploadResult =
  | { fileName: string; ok: true; facts: number; replaced: boolean; problems: string[] }
  | { fileName: string; ok: false; message: string };

export interface DocumentsView {
  frame: ClassFrame;
  uploads: StoredDocument[];
  base: BaseDocument[];
  results?: UploadResult[];
  maxMb: number;
  maxFiles: number;
  userHash: string;
  now: number;
}

export const ACCEPT = ".pdf,.docx,.html,.htm,.md,.markdown,.txt";

export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function when(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function Results(props: { results: UploadResult[] }) {
  const failed = props.results.filter((r) => !r.ok);
  return (
    <section
      class={failed.length ? "results has-errors" : "results"}
      role={failed.length ? "alert" : "status"}
    >
      <h2>{failed.length ? "Some files were not added" : "Done"}</h2>
      <ul>
        {props.results.map((r) =>
          r.ok ? (
            <li class="ok">
              <strong>{r.fileName}</strong> {r.replaced ? "replaced" : "added"}: {r.facts} facts found. The
              class's answers use it now.
              {r.problems.length ? (
                <ul>
                  {r.problems.map((p) => (
                    <li>{p}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ) : (
            <li class="error">
              <strong>{r.fileName}</strong> was not added: {r.message}
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

export function DocumentsPage(view: DocumentsView) {
  const { frame } = view;
  const action = classPath(frame.classKey, "documents");
  return (
    <Page title="Documents" frame={frame} tab="documents">
      {view.results?.length ? <Results results={view.results} /> : null}
      <section aria-labelledby="upload-heading">
        <h2 id="upload-heading">Add documents</h2>
        <form method="post" action={action} enctype="multipart/form-data" class="upload" data-upload>
          <input type="hidden" name="_csrf" value={frame.csrf} />
          <label for="files">
            Choose one or more files: PDF, Word (.docx), web page, Markdown or text, up to {view.maxMb} MB
            each and {view.maxFiles} at a time. A file with the name of an uploaded one replaces it.
          </label>
          <input id="files" type="file" name="files" multiple accept={ACCEPT} required />
          <p class="drop-hint" hidden>
            Or drop files anywhere in this box.
          </p>
          <button type="submit" class="primary">
            Upload
          </button>
          <progress max={100} value={0} hidden aria-label="Upload progress" />
        </form>
      </section>

      <section aria-labelledby="uploads-heading">
        <h2 id="uploads-heading">Uploaded for this class</h2>
        {view.uploads.length === 0 ? (
          <p>None yet. The class answers from the folder's documents below.</p>
        ) : (
          <div class="table-wrap">
            <table class="stack">
              <caption class="visually-hidden">Documents uploaded for this class</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Format</th>
                  <th scope="col">Size</th>
                  <th scope="col">Facts found</th>
                  <th scope="col">Added</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {view.uploads.map((d) => (
                  <tr>
                    <th scope="row">
                      {d.fileName}
                      {d.problems.length ? (
                        <ul class="problems">
                          {d.problems.map((p) => (
                            <li>{p}</li>
                          ))}
                        </ul>
                      ) : null}
                    </th>
                    <td data-label="Format">{FORMAT_LABEL[d.format as UploadFormat] ?? d.format}</td>
                    <td data-label="Size">{size(d.size)}</td>
                    <td data-label="Facts found">{d.facts}</td>
                    <td data-label="Added">
                      {when(d.addedAt)}, by{" "}
                      {d.addedBy === view.userHash ? "you" : `teacher ${d.addedBy.slice(0, 8)}`}
                    </td>
                    <td class="actions">
                      <form method="post" action={classPath(frame.classKey, `documents/${d.id}/remove`)}>
                        <input type="hidden" name="_csrf" value={frame.csrf} />
                        <button type="submit" aria-label={`Remove ${d.fileName}`}>
                          Remove
                        </button>
                      </form>
                      <details>
                        <summary>Replace</summary>
                        <form
                          method="post"
                          action={classPath(frame.classKey, `documents/${d.id}/replace`)}
                          enctype="multipart/form-data"
                        >
                          <input type="hidden" name="_csrf" value={frame.csrf} />
                          <label for={`replace-${d.id}`}>New version of {d.fileName}</label>
                          <input id={`replace-${d.id}`} type="file" name="files" accept={ACCEPT} required />
                          <button type="submit">Replace</button>
                        </form>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="base-heading">
        <h2 id="base-heading">From the bot's folder</h2>
        <p>Every class starts from these; whoever runs the bot changes them on the server.</p>
        {view.base.length === 0 ? (
          <p>None: this class answers only from its uploads.</p>
        ) : (
          <div class="table-wrap">
            <table class="stack">
              <caption class="visually-hidden">Documents from the bot's folder</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">File</th>
                  <th scope="col">Facts found</th>
                </tr>
              </thead>
              <tbody>
                {view.base.map((d) => (
                  <tr>
                    <th scope="row">{d.title}</th>
                    <td data-label="File">{d.fileName}</td>
                    <td data-label="Facts found">{d.facts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}
