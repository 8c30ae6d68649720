/** The staff questionnaire editor's state (pure, tested): a draft's content edited in
 * place (texts, required flags, option labels; adding and removing options), whether it
 * differs from what was saved, and the questionnaire service's 422 `errors` placed next
 * to the fields they are about. Members the editor does not show (signals, scales,
 * conditions…) travel back unchanged. */
import type { Schemas } from "../../api/client";
import type { Problem } from "../../api/problem";

export type Content = Schemas["QuestionnaireContentBody"];
export type EditableQuestion = Schemas["EditableQuestion"];
export type EditableOption = Schemas["EditableOption"];

export const CHOICE_TYPES = new Set(["single_choice", "multiple_choice", "ranked_choice"]);
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 40;

export interface EditorState {
  /** What the last load or save returned. */
  saved: Content;
  /** What the form shows. */
  draft: Content;
}

export type EditorAction =
  | { type: "load"; content: Content }
  | { type: "title"; value: string }
  | { type: "description"; value: string }
  | { type: "prompt"; question: number; value: string }
  | { type: "help"; question: number; value: string }
  | { type: "required"; question: number; value: boolean }
  | { type: "optionLabel"; question: number; option: number; value: string }
  | { type: "addOption"; question: number; label?: string }
  | { type: "removeOption"; question: number; option: number };

/** Only the content members, whatever else a version carries (key, status, dates…). */
export function contentOf(version: Content & Record<string, unknown>): Content {
  return { title: version.title, description: version.description ?? "", questions: version.questions };
}

export function initialState(content: Content): EditorState {
  return { saved: content, draft: content };
}

function updateQuestion(state: EditorState, index: number, change: (q: EditableQuestion) => EditableQuestion): EditorState {
  const question = state.draft.questions[index];
  if (!question) return state;
  const questions = state.draft.questions.slice();
  questions[index] = change(question);
  return { ...state, draft: { ...state.draft, questions } };
}

/** A new option's id: from its label when free, else `option_N`. */
export function newOptionId(options: EditableOption[], label = ""): string {
  const taken = new Set(options.map((o) => o.id));
  const slug = label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^[^a-z]+/, "")
    .slice(0, 40);
  if (slug && !taken.has(slug)) return slug;
  for (let n = options.length + 1; ; n++) {
    const id = `option_${n}`;
    if (!taken.has(id)) return id;
  }
}

export function canAddOption(question: EditableQuestion): boolean {
  return CHOICE_TYPES.has(question.type) && question.options.length < MAX_OPTIONS;
}

export function canRemoveOption(question: EditableQuestion): boolean {
  return CHOICE_TYPES.has(question.type) && question.options.length > MIN_OPTIONS;
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "load":
      return initialState(action.content);
    case "title":
      return { ...state, draft: { ...state.draft, title: action.value } };
    case "description":
      return { ...state, draft: { ...state.draft, description: action.value } };
    case "prompt":
      return updateQuestion(state, action.question, (q) => ({ ...q, prompt: action.value }));
    case "help":
      return updateQuestion(state, action.question, (q) => ({ ...q, help: action.value ? action.value : null }));
    case "required":
      return updateQuestion(state, action.question, (q) => ({ ...q, required: action.value }));
    case "optionLabel":
      return updateQuestion(state, action.question, (q) => {
        if (!q.options[action.option]) return q;
        const options = q.options.slice();
        options[action.option] = { ...options[action.option], label: action.value };
        return { ...q, options };
      });
    case "addOption":
      return updateQuestion(state, action.question, (q) => {
        if (!canAddOption(q)) return q;
        const label = action.label ?? "";
        return { ...q, options: [...q.options, { id: newOptionId(q.options, label), label }] };
      });
    case "removeOption":
      return updateQuestion(state, action.question, (q) => {
        if (!canRemoveOption(q) || !q.options[action.option]) return q;
        return { ...q, options: q.options.filter((_, i) => i !== action.option) };
      });
  }
}

export function isDirty(state: EditorState): boolean {
  return JSON.stringify(state.saved) !== JSON.stringify(state.draft);
}

/** Where an error belongs: its `loc` without the leading `body`, joined with dots. */
export function errorPath(loc: (string | number)[] | undefined): string {
  const parts = loc ?? [];
  return (parts[0] === "body" ? parts.slice(1) : parts).join(".");
}

function friendly(msg: string): string {
  return msg.replace(/^Value error, /, "");
}

export interface PlacedErrors {
  /** Field path (`title`, `questions.0.prompt`, `questions.1.options.2.label`, `questions.3`) → messages. */
  byPath: Record<string, string[]>;
  /** Errors no field of the form shows. */
  other: string[];
}

/** The fields the editor shows, as paths an error can point at. */
export function fieldPaths(content: Content): Set<string> {
  const paths = new Set(["title", "description"]);
  content.questions.forEach((q, i) => {
    paths.add(`questions.${i}`);
    for (const field of ["prompt", "help", "required", "options"]) paths.add(`questions.${i}.${field}`);
    q.options.forEach((_, j) => {
      paths.add(`questions.${i}.options.${j}`);
      paths.add(`questions.${i}.options.${j}.label`);
    });
  });
  return paths;
}

/** A 422 problem's errors, placed at the nearest field the form shows (else `other`). */
export function placeErrors(problem: Problem | null, content: Content): PlacedErrors {
  const placed: PlacedErrors = { byPath: {}, other: [] };
  if (!problem?.errors?.length) return placed;
  const paths = fieldPaths(content);
  for (const error of problem.errors) {
    const parts = errorPath(error.loc).split(".").filter(Boolean);
    let target: string | null = null;
    for (let n = parts.length; n > 0 && target === null; n--) {
      const candidate = parts.slice(0, n).join(".");
      if (paths.has(candidate)) target = candidate;
    }
    if (target === null) placed.other.push(friendly(error.msg));
    else (placed.byPath[target] ??= []).push(friendly(error.msg));
  }
  return placed;
}

/** The newest draft of a version list, if any. */
export function draftOf<T extends { status: string; version: number }>(versions: T[]): T | undefined {
  return versions.filter((v) => v.status === "draft").sort((a, b) => b.version - a.version)[0];
}
