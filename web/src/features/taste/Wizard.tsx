import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { problemFrom, type Problem } from "../../api/problem";
import {
  isAnswered,
  moveRanked,
  nextQuestionId,
  previousQuestionId,
  progress,
  pruneHidden,
  selectionLimit,
  stepChanges,
  toggleSelection,
  validateAnswer,
  type Answers,
  type AnswerValue,
  type Question,
  type QuestionnaireForm,
} from "./wizard";
import { ProblemMessage } from "../../components/ProblemMessage";

export interface SavedResponse {
  answers: Record<string, unknown>;
  missing_required?: string[];
}

interface Props {
  form: QuestionnaireForm;
  initialAnswers: Answers;
  startAt: string;
  /** Partial save of one step; answers the service returns replace ours. */
  save: (changes: Record<string, AnswerValue | null>) => Promise<SavedResponse>;
  complete: () => Promise<SavedResponse>;
  onCompleted: () => void;
}

function ChoiceInputs({
  question,
  value,
  onChange,
  describedBy,
  invalid,
}: {
  question: Question;
  value: AnswerValue | undefined;
  onChange: (value: AnswerValue | undefined) => void;
  describedBy: string;
  invalid: boolean;
}) {
  const name = useId();
  const options = question.options ?? [];
  if (question.type === "single_choice") {
    return (
      <ul className="choices">
        {options.map((o) => (
          <li key={o.id}>
            <label className="choice">
              <input
                type="radio"
                name={name}
                value={o.id}
                checked={value === o.id}
                onChange={() => onChange(o.id)}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
              <span>{o.label}</span>
            </label>
          </li>
        ))}
      </ul>
    );
  }
  const selected = Array.isArray(value) ? value : [];
  const limit = selectionLimit(question);
  const full = selected.length >= limit;
  return (
    <>
      <ul className="choices">
        {options.map((o) => {
          const checked = selected.includes(o.id);
          const rank = question.type === "ranked_choice" && checked ? selected.indexOf(o.id) + 1 : null;
          return (
            <li key={o.id}>
              <label className="choice">
                <input
                  type="checkbox"
                  value={o.id}
                  checked={checked}
                  disabled={!checked && full && limit > 1}
                  onChange={() => {
                    const next = toggleSelection(question, value, o.id);
                    onChange(next.length ? next : undefined);
                  }}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
                <span>{o.label}</span>
                {rank ? <span className="choice__rank">#{rank}</span> : null}
              </label>
            </li>
          );
        })}
      </ul>
      {question.type === "ranked_choice" && selected.length > 1 ? (
        <div className="ranking">
          <p className="ranking__title">Your order (first counts most)</p>
          <ol>
            {selected.map((id, index) => {
              const label = options.find((o) => o.id === id)?.label ?? id;
              return (
                <li key={id}>
                  <span>{label}</span>
                  <span className="ranking__buttons">
                    <button
                      type="button"
                      className="icon-button"
                      disabled={index === 0}
                      onClick={() => onChange(moveRanked(selected, id, -1))}
                      aria-label={`Move ${label} up`}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={index === selected.length - 1}
                      onClick={() => onChange(moveRanked(selected, id, 1))}
                      aria-label={`Move ${label} down`}
                    >
                      ↓
                    </button>
                  </span>
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
    </>
  );
}

function ScaleInputs({ question, value, onChange, describedBy, invalid }: Parameters<typeof ChoiceInputs>[0]) {
  const name = useId();
  const scale = question.scale ?? { min: 1, max: 5, labels: {} };
  const points = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
  return (
    <div className="scale">
      <ul className="scale__points">
        {points.map((p) => {
          const label = scale.labels?.[String(p)];
          return (
            <li key={p}>
              <label className="scale__point">
                <input
                  type="radio"
                  name={name}
                  value={p}
                  checked={value === p}
                  onChange={() => onChange(p)}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
                <span className="scale__number">{p}</span>
                {label ? <span className="scale__label">{label}</span> : null}
              </label>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function Wizard({ form, initialAnswers, startAt, save, complete, onCompleted }: Props) {
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [currentId, setCurrentId] = useState(startAt);
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const errorId = useId();
  const helpId = useId();

  const question = form.questions.find((q) => q.id === currentId) ?? form.questions[0];
  const value = answers[question.id];
  const step = progress(form.questions, answers, question.id);
  const next = nextQuestionId(form.questions, answers, question.id);
  const previous = previousQuestionId(form.questions, answers, question.id);

  // Each new step: focus its question so screen readers read it and keys start there.
  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
    moved.current = true;
  }, [currentId]);

  function setValue(v: AnswerValue | undefined) {
    setError(null);
    setProblem(null);
    setAnswers((current) => {
      const updated = { ...current };
      if (v === undefined) delete updated[question.id];
      else updated[question.id] = v;
      return pruneHidden(form.questions, updated);
    });
  }

  function fromService(saved: SavedResponse): Answers {
    return saved.answers as Answers;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const message = validateAnswer(question, value);
    if (message) {
      setError(message);
      headingRef.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const saved = await save(stepChanges(question, value));
      const merged = fromService(saved);
      setAnswers(merged);
      const after = nextQuestionId(form.questions, merged, question.id);
      if (after) {
        setCurrentId(after);
      } else {
        const done = await complete();
        if (done.missing_required?.length) {
          setCurrentId(done.missing_required[0]);
          setError("Please answer this one before finishing.");
        } else {
          onCompleted();
        }
      }
    } catch (e) {
      const p = problemFrom(e);
      setProblem(p);
      // A missing required answer (422 on complete): go to it.
      const missing = p.errors?.map((x) => x.loc?.[x.loc.length - 1]).find((id) => typeof id === "string" && form.questions.some((q) => q.id === id));
      if (typeof missing === "string" && missing !== question.id) setCurrentId(missing);
    } finally {
      setBusy(false);
    }
  }

  const limit = selectionLimit(question);
  const hint =
    question.help ??
    (question.type === "multiple_choice"
      ? limit < (question.options?.length ?? 0)
        ? `Choose up to ${limit}.`
        : "Choose all that apply."
      : question.type === "ranked_choice"
        ? `Pick up to ${limit}, then put them in order.`
        : question.type === "free_text"
          ? "Separate several with commas."
          : null);
  const describedBy = [hint ? helpId : null, error ? errorId : null].filter(Boolean).join(" ");

  return (
    <div className="wizard">
      <div className="wizard__progress">
        <p className="wizard__step" id={`${helpId}-step`}>
          Question {step.step} of {step.total}
        </p>
        <div
          className="progress"
          role="progressbar"
          aria-labelledby={`${helpId}-step`}
          aria-valuemin={0}
          aria-valuemax={step.total}
          aria-valuenow={step.answered}
          aria-valuetext={`${step.answered} of ${step.total} answered`}
        >
          <div className="progress__bar" style={{ width: `${step.percent}%` }} />
        </div>
      </div>

      <form className="wizard__form" onSubmit={onSubmit} noValidate>
        <fieldset className="wizard__question" aria-describedby={describedBy || undefined}>
          <legend>
            <h2 ref={headingRef} tabIndex={-1} className="wizard__prompt">
              {question.prompt}
              {question.required === false ? <span className="wizard__optional"> (optional)</span> : null}
            </h2>
          </legend>
          {hint ? (
            <p id={helpId} className="wizard__hint">
              {hint}
            </p>
          ) : null}
          {question.type === "scale" ? (
            <ScaleInputs question={question} value={value} onChange={setValue} describedBy={describedBy} invalid={!!error} />
          ) : question.type === "free_text" ? (
            <div className="field">
              <label htmlFor={`${helpId}-text`} className="visually-hidden">
                {question.prompt}
              </label>
              <textarea
                id={`${helpId}-text`}
                rows={3}
                maxLength={question.max_length ?? 500}
                value={typeof value === "string" ? value : ""}
                onChange={(e) => setValue(e.target.value ? e.target.value : undefined)}
                aria-describedby={describedBy || undefined}
                aria-invalid={!!error || undefined}
              />
              {question.suggestions?.length ? (
                <p className="wizard__hint">For example: {question.suggestions.slice(0, 5).join(", ")}.</p>
              ) : null}
            </div>
          ) : (
            <ChoiceInputs question={question} value={value} onChange={setValue} describedBy={describedBy} invalid={!!error} />
          )}
          {error ? (
            <p id={errorId} className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </fieldset>

        {problem ? <ProblemMessage problem={problem} compact /> : null}

        <div className="wizard__actions">
          {previous ? (
            <button type="button" className="button button--secondary" onClick={() => { setError(null); setProblem(null); setCurrentId(previous); }} disabled={busy}>
              Back
            </button>
          ) : (
            <span />
          )}
          <button type="submit" className="button" disabled={busy} aria-busy={busy}>
            {busy ? "Saving…" : next ? (isAnswered(value) || question.required !== false ? "Next" : "Skip") : "Finish"}
          </button>
        </div>
        <p className="wizard__saved muted">Your answers are saved at each step; you can come back any time.</p>
      </form>
    </div>
  );
}
