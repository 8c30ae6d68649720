import { useReducer, useState, type FormEvent } from "react";
import type { Schemas } from "../../api/client";
import { problemFrom, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { QUESTIONNAIRES } from "../taste/questionnaires";
import {
  useCreateDraft,
  useDeleteDraft,
  useOpenVersion,
  usePublishVersion,
  useQuestionnaireVersions,
  useSaveDraft,
} from "./queries";
import {
  canAddOption,
  canRemoveOption,
  contentOf,
  draftOf,
  editorReducer,
  initialState,
  isDirty,
  placeErrors,
  type Content,
} from "./questionnaireEditor";

type Key = Schemas["QuestionnaireVersionSummary"]["key"];
type Version = Schemas["AdminQuestionnaire"];

const TYPE_LABELS: Record<string, string> = {
  single_choice: "One choice",
  multiple_choice: "Several choices",
  ranked_choice: "Ranked choices",
  scale: "Scale",
  free_text: "Free text",
};

function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "—";
}

/** Staff: questionnaire versions, a draft from the current one, edit, save, publish. */
export default function QuestionnairesAdmin() {
  const [key, setKey] = useState<Key>("general");
  const [opened, setOpened] = useState<Version | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  // Every change to a version reads the list again (see queries.ts).
  const versions = useQuestionnaireVersions(key);
  const openVersion = useOpenVersion();
  const { mutateAsync: newDraft } = useCreateDraft();

  async function run(action: () => Promise<Version | null>) {
    setBusy(true);
    setProblem(null);
    try {
      const version = await action();
      setOpened(version);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  const open = (version: number) => run(() => openVersion(key, version));
  const createDraft = () => run(() => newDraft({ params: { path: { key } } }));

  const list = versions.data;
  const draft = list ? draftOf(list) : undefined;

  return (
    <section aria-labelledby="admin-questionnaires">
      <PageHeading title="Questionnaires">
        <span id="admin-questionnaires">Questionnaires</span>
      </PageHeading>
      <div className="report-filters">
        <div className="field">
          <label htmlFor="questionnaire-key">Questionnaire</label>
          <select
            id="questionnaire-key"
            value={key}
            onChange={(e) => {
              setKey(e.target.value as Key);
              setOpened(null);
              setProblem(null);
            }}
          >
            {QUESTIONNAIRES.map((q) => (
              <option key={q.key} value={q.key}>
                {q.title} ({q.key})
              </option>
            ))}
          </select>
        </div>
      </div>
      {problem && !opened ? <ProblemMessage problem={problem} compact /> : null}
      {versions.isPending ? <Loading label="Loading versions…" /> : null}
      {versions.isError && !list ? (
        <ProblemMessage problem={problemFrom(versions.error)} onRetry={() => void versions.refetch()} />
      ) : null}
      {list ? (
        <>
          <div className="table-wrap">
            <table className="admin-table">
              <caption className="visually-hidden">Versions of the {key} questionnaire</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">Title</th>
                  <th scope="col" className="num">Questions</th>
                  <th scope="col">Published</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((v) => (
                  <tr key={v.version} aria-current={opened?.version === v.version ? "true" : undefined}>
                    <th scope="row">{v.version}</th>
                    <td>
                      <span className="badge">{v.current ? "current" : v.status}</span>
                    </td>
                    <td>{v.title}</td>
                    <td className="num">{v.questions}</td>
                    <td>{when(v.published_at)}</td>
                    <td>
                      <button type="button" className="link-button" disabled={busy} onClick={() => open(v.version)}>
                        {v.status === "draft" ? "Edit" : "View"}
                        <span className="visually-hidden"> version {v.version}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {draft ? null : (
            <p>
              <button type="button" className="button" disabled={busy} onClick={createDraft}>
                New draft from the current version
              </button>
            </p>
          )}
        </>
      ) : null}
      {opened ? (
        <VersionEditor
          key={`${opened.key}-${opened.version}`}
          version={opened}
          onChanged={setOpened}
          onClose={() => setOpened(null)}
        />
      ) : null}
    </section>
  );
}

interface EditorProps {
  version: Version;
  onChanged: (version: Version | null) => void;
  onClose: () => void;
}

function VersionEditor({ version, onChanged, onClose }: EditorProps) {
  const [state, dispatch] = useReducer(editorReducer, contentOf(version), initialState);
  const { mutateAsync: saveDraft } = useSaveDraft();
  const { mutateAsync: publishVersion } = usePublishVersion();
  const { mutateAsync: deleteDraft } = useDeleteDraft();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const readOnly = version.status !== "draft";
  const dirty = isDirty(state);
  const placed = placeErrors(problem, state.draft);
  const path = { key: version.key, version: version.version };
  const base = `q-${version.key}-${version.version}`;

  async function act(label: string, action: () => Promise<Version | null>) {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      const answer = await action();
      if (answer) dispatch({ type: "load", content: contentOf(answer) });
      setNotice(label);
      onChanged(answer);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  const save = (event?: FormEvent) => {
    event?.preventDefault();
    return act("Draft saved.", () => saveDraft({ params: { path }, body: state.draft as Content }));
  };
  const publish = () =>
    act("Published: new responses use this version.", async () => {
      if (dirty) await saveDraft({ params: { path }, body: state.draft });
      return publishVersion({ params: { path } });
    });
  const remove = () => {
    if (!window.confirm(`Delete draft version ${version.version}?`)) return;
    void act("Draft deleted.", async () => {
      await deleteDraft({ params: { path } });
      return null;
    });
  };

  const errorsAt = (at: string, id: string) =>
    placed.byPath[at]?.length ? (
      <p id={id} className="field-error">
        {placed.byPath[at].join(" ")}
      </p>
    ) : null;
  const described = (at: string, id: string) => (placed.byPath[at]?.length ? id : undefined);
  const rest: Problem | null = problem && (!problem.errors?.length || placed.other.length)
    ? { ...problem, errors: placed.other.map((msg) => ({ msg })) }
    : problem
      ? { title: problem.title, status: problem.status, detail: "See the marked fields below." }
      : null;

  return (
    <form className="panel form questionnaire-editor" onSubmit={save} aria-labelledby={`${base}-heading`} noValidate>
      <h2 id={`${base}-heading`}>
        {version.key} · version {version.version} {readOnly ? `(${version.current ? "current" : version.status}, read-only)` : "(draft)"}
      </h2>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {rest ? <ProblemMessage problem={rest} compact /> : null}
      <fieldset disabled={readOnly || busy}>
        <legend className="visually-hidden">Questionnaire</legend>
        <div className="field">
          <label htmlFor={`${base}-title`}>Title</label>
          <input
            id={`${base}-title`}
            value={state.draft.title}
            maxLength={300}
            aria-invalid={!!described("title", `${base}-title-error`)}
            aria-describedby={described("title", `${base}-title-error`)}
            onChange={(e) => dispatch({ type: "title", value: e.target.value })}
          />
          {errorsAt("title", `${base}-title-error`)}
        </div>
        <div className="field">
          <label htmlFor={`${base}-description`}>Description</label>
          <textarea
            id={`${base}-description`}
            value={state.draft.description ?? ""}
            maxLength={1000}
            rows={2}
            onChange={(e) => dispatch({ type: "description", value: e.target.value })}
          />
          {errorsAt("description", `${base}-description-error`)}
        </div>
        <ol className="questionnaire-editor__questions">
          {state.draft.questions.map((q, i) => {
            const qid = `${base}-q${i}`;
            return (
              <li key={q.id}>
                <fieldset className="panel">
                  <legend>
                    Question {i + 1} <span className="muted">({q.id}, {TYPE_LABELS[q.type] ?? q.type})</span>
                  </legend>
                  {errorsAt(`questions.${i}`, `${qid}-error`)}
                  <div className="field">
                    <label htmlFor={`${qid}-prompt`}>Question text</label>
                    <input
                      id={`${qid}-prompt`}
                      value={q.prompt}
                      maxLength={300}
                      aria-invalid={!!described(`questions.${i}.prompt`, `${qid}-prompt-error`)}
                      aria-describedby={described(`questions.${i}.prompt`, `${qid}-prompt-error`)}
                      onChange={(e) => dispatch({ type: "prompt", question: i, value: e.target.value })}
                    />
                    {errorsAt(`questions.${i}.prompt`, `${qid}-prompt-error`)}
                  </div>
                  <div className="field">
                    <label htmlFor={`${qid}-help`}>Help text (optional)</label>
                    <input
                      id={`${qid}-help`}
                      value={q.help ?? ""}
                      maxLength={500}
                      onChange={(e) => dispatch({ type: "help", question: i, value: e.target.value })}
                    />
                    {errorsAt(`questions.${i}.help`, `${qid}-help-error`)}
                  </div>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={q.required}
                      onChange={(e) => dispatch({ type: "required", question: i, value: e.target.checked })}
                    />
                    <span className="check__label">Required</span>
                  </label>
                  {q.options.length ? (
                    <fieldset>
                      <legend>Options</legend>
                      {errorsAt(`questions.${i}.options`, `${qid}-options-error`)}
                      <ul className="questionnaire-editor__options">
                        {q.options.map((o, j) => {
                          const oid = `${qid}-o${j}`;
                          const at = `questions.${i}.options.${j}`;
                          return (
                            <li key={o.id} className="field">
                              <label htmlFor={`${oid}-label`}>
                                Option {j + 1} <span className="muted">({o.id})</span>
                              </label>
                              <div className="field-row">
                                <input
                                  id={`${oid}-label`}
                                  value={o.label}
                                  maxLength={300}
                                  aria-invalid={!!(described(`${at}.label`, `${oid}-error`) || described(at, `${oid}-error`))}
                                  aria-describedby={described(`${at}.label`, `${oid}-error`) ?? described(at, `${oid}-error`)}
                                  onChange={(e) => dispatch({ type: "optionLabel", question: i, option: j, value: e.target.value })}
                                />
                                {readOnly ? null : (
                                  <button
                                    type="button"
                                    className="link-button"
                                    disabled={!canRemoveOption(q)}
                                    onClick={() => dispatch({ type: "removeOption", question: i, option: j })}
                                  >
                                    Remove<span className="visually-hidden"> option {j + 1} of question {i + 1}</span>
                                  </button>
                                )}
                              </div>
                              {errorsAt(`${at}.label`, `${oid}-error`) ?? errorsAt(at, `${oid}-error`)}
                            </li>
                          );
                        })}
                      </ul>
                      {readOnly || !canAddOption(q) ? null : (
                        <button type="button" className="button button--secondary button--small" onClick={() => dispatch({ type: "addOption", question: i })}>
                          Add an option<span className="visually-hidden"> to question {i + 1}</span>
                        </button>
                      )}
                    </fieldset>
                  ) : null}
                </fieldset>
              </li>
            );
          })}
        </ol>
      </fieldset>
      <div className="actions">
        {readOnly ? null : (
          <>
            <button type="submit" className="button" disabled={busy || !dirty} aria-busy={busy}>
              Save draft
            </button>
            <button type="button" className="button button--secondary" disabled={busy} onClick={publish}>
              {dirty ? "Save and publish" : "Publish"}
            </button>
            <button type="button" className="link-button" disabled={busy} onClick={remove}>
              Delete draft
            </button>
          </>
        )}
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
