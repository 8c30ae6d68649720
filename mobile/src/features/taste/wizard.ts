// The taste questionnaire as a wizard: one visible question per step (as the web shop
// has it). These rules mirror
// the questionnaire service's (`answers.py`), so the wizard shows the same follow-ups the
// service accepts; the service stays the judge on save.

export type QuestionType = "single_choice" | "multiple_choice" | "scale" | "ranked_choice" | "free_text";
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;

export interface Option {
  id: string;
  label: string;
}

export interface Question {
  id: string;
  type: QuestionType;
  prompt: string;
  help?: string | null;
  required?: boolean;
  options?: Option[];
  min_selections?: number;
  max_selections?: number | null;
  scale?: { min: number; max: number; labels?: Record<string, string> } | null;
  max_length?: number;
  suggestions?: string[];
  show_if?: { question_id: string; equals?: string | number | null; includes?: string | null } | null;
}

export interface QuestionnaireForm {
  key: string;
  version: number;
  title: string;
  description?: string;
  questions: Question[];
}

function conditionMet(showIf: NonNullable<Question["show_if"]>, value: AnswerValue | undefined): boolean {
  if (showIf.includes !== undefined && showIf.includes !== null) {
    return Array.isArray(value) && value.includes(showIf.includes);
  }
  return value !== undefined && value === showIf.equals;
}

/** Ids of the questions shown for these answers, in order; a follow-up of a hidden
 * question is hidden too. */
export function visibleQuestions(questions: Question[], answers: Answers): string[] {
  const shown: string[] = [];
  for (const q of questions) {
    const cond = q.show_if;
    if (!cond || (shown.includes(cond.question_id) && conditionMet(cond, answers[cond.question_id]))) {
      shown.push(q.id);
    }
  }
  return shown;
}

/** The answers without those to questions these answers hide. */
export function pruneHidden(questions: Question[], answers: Answers): Answers {
  const shown = new Set(visibleQuestions(questions, answers));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => shown.has(id)));
}

export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "string") return value.trim().length > 0;
  return true;
}

export function selectionLimit(q: Question): number {
  return q.max_selections ?? q.options?.length ?? 0;
}

/** What is wrong with an answer, in words a shopper understands; null when it is fine. */
export function validateAnswer(q: Question, value: AnswerValue | undefined): string | null {
  const required = q.required !== false;
  if (!isAnswered(value)) {
    if (!required) return null;
    switch (q.type) {
      case "single_choice":
        return "Please choose one option.";
      case "multiple_choice":
      case "ranked_choice": {
        const min = q.min_selections ?? 1;
        return min > 1 ? `Please choose at least ${min} options.` : "Please choose at least one option.";
      }
      case "scale":
        return "Please pick a point on the scale.";
      default:
        return "Please write an answer.";
    }
  }
  if (q.type === "multiple_choice" || q.type === "ranked_choice") {
    const count = Array.isArray(value) ? value.length : 0;
    const min = q.min_selections ?? 1;
    const max = selectionLimit(q);
    if (count < min) return `Please choose at least ${min} options.`;
    if (max && count > max) return `Please choose at most ${max}.`;
  }
  if (q.type === "scale" && q.scale && typeof value === "number") {
    if (value < q.scale.min || value > q.scale.max) return `Please pick between ${q.scale.min} and ${q.scale.max}.`;
  }
  if (q.type === "free_text" && typeof value === "string" && value.trim().length > (q.max_length ?? 500)) {
    return `Please keep it under ${q.max_length ?? 500} characters.`;
  }
  return null;
}

export interface Progress {
  /** 1-based position of the current question among the visible ones. */
  step: number;
  total: number;
  answered: number;
  percent: number;
}

export function progress(questions: Question[], answers: Answers, currentId: string): Progress {
  const shown = visibleQuestions(questions, answers);
  const index = Math.max(0, shown.indexOf(currentId));
  const answered = shown.filter((id) => isAnswered(answers[id])).length;
  const total = shown.length;
  return { step: index + 1, total, answered, percent: total ? Math.round((answered / total) * 100) : 0 };
}

export function nextQuestionId(questions: Question[], answers: Answers, currentId: string): string | null {
  const shown = visibleQuestions(questions, answers);
  const index = shown.indexOf(currentId);
  return index >= 0 && index + 1 < shown.length ? shown[index + 1] : null;
}

export function previousQuestionId(questions: Question[], answers: Answers, currentId: string): string | null {
  const shown = visibleQuestions(questions, answers);
  const index = shown.indexOf(currentId);
  return index > 0 ? shown[index - 1] : null;
}

/** Where to resume: the first visible question without an answer (else the last one). */
export function resumeAt(questions: Question[], answers: Answers): string | null {
  const shown = visibleQuestions(questions, answers);
  return shown.find((id) => !isAnswered(answers[id])) ?? shown[shown.length - 1] ?? null;
}

/** What a step sends in its partial save: this answer (null when cleared). The service
 * drops answers the change hides. */
export function stepChanges(q: Question, value: AnswerValue | undefined): Record<string, AnswerValue | null> {
  if (!isAnswered(value)) return { [q.id]: null };
  return { [q.id]: typeof value === "string" ? value.trim() : (value as AnswerValue) };
}

export function toggleSelection(q: Question, current: AnswerValue | undefined, optionId: string): string[] {
  const list = Array.isArray(current) ? current : [];
  if (list.includes(optionId)) return list.filter((id) => id !== optionId);
  const limit = selectionLimit(q);
  if (q.type === "multiple_choice" && limit === 1) return [optionId];
  return [...list, optionId];
}

export function moveRanked(current: string[], optionId: string, delta: -1 | 1): string[] {
  const index = current.indexOf(optionId);
  const target = index + delta;
  if (index < 0 || target < 0 || target >= current.length) return current;
  const next = [...current];
  [next[index], next[target]] = [next[target], next[index]];
  return next;
}

/** The form as the BFF relays it, with only what the wizard needs. */
export function asForm(doc: { key: string; version: number; title: string; questions: Record<string, unknown>[] } & Record<string, unknown>): QuestionnaireForm {
  return {
    key: doc.key,
    version: doc.version,
    title: doc.title,
    description: typeof doc.description === "string" ? doc.description : undefined,
    questions: doc.questions as unknown as Question[],
  };
}
