import { useState } from "react";
import { Pressable, Text, TextInput, View } from "react-native";
import { problemFrom, type Problem } from "../../api/problem";
import { Button } from "../../components/Button";
import { Choice } from "../../components/Field";
import { ProblemView } from "../../components/States";
import { Body, Heading } from "../../components/Text";
import { useTheme } from "../../theme/theme";
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

export interface SavedResponse {
  answers: Record<string, unknown>;
  missing_required?: string[];
}

interface Props {
  form: QuestionnaireForm;
  initialAnswers: Answers;
  startAt: string;
  /** Partial save of one step; the answers the service returns replace ours. */
  save: (changes: Record<string, AnswerValue | null>) => Promise<SavedResponse>;
  complete: () => Promise<SavedResponse>;
  onCompleted: () => void;
}

function hintFor(q: Question): string | null {
  if (q.help) return q.help;
  const limit = selectionLimit(q);
  if (q.type === "multiple_choice") return limit < (q.options?.length ?? 0) ? `Choose up to ${limit}.` : "Choose all that apply.";
  if (q.type === "ranked_choice") return `Pick up to ${limit}, then put them in order.`;
  if (q.type === "free_text") return "Separate several with commas.";
  return null;
}

function Inputs({ question, value, onChange }: { question: Question; value: AnswerValue | undefined; onChange: (v: AnswerValue | undefined) => void }) {
  const t = useTheme();
  const options = question.options ?? [];
  if (question.type === "single_choice") {
    return (
      <View role="radiogroup" accessibilityLabel={question.prompt}>
        {options.map((o) => (
          <Choice key={o.id} kind="radio" label={o.label} checked={value === o.id} onToggle={() => onChange(o.id)} />
        ))}
      </View>
    );
  }
  if (question.type === "scale" && question.scale) {
    const { min, max, labels } = question.scale;
    const points = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    return (
      <View>
        <View role="radiogroup" accessibilityLabel={question.prompt} style={{ flexDirection: "row", gap: 6 }}>
          {points.map((p) => (
            <Pressable
              key={p}
              role="radio"
              aria-checked={value === p}
              accessibilityState={{ checked: value === p }}
              accessibilityLabel={labels?.[String(p)] ? `${p}: ${labels[String(p)]}` : String(p)}
              onPress={() => onChange(p)}
              style={{ flex: 1, minHeight: 48, borderRadius: 10, borderWidth: 1.5, alignItems: "center", justifyContent: "center", borderColor: value === p ? t.accent : t.line, backgroundColor: value === p ? t.accent : t.card }}
            >
              <Text style={{ color: value === p ? t.accentInk : t.ink, fontWeight: "700", fontSize: 16 }}>{p}</Text>
            </Pressable>
          ))}
        </View>
        {labels ? (
          <View style={{ flexDirection: "row", justifyContent: "space-between", marginTop: 6 }}>
            <Text style={{ color: t.inkSoft, fontSize: 13 }}>{labels[String(min)] ?? ""}</Text>
            <Text style={{ color: t.inkSoft, fontSize: 13 }}>{labels[String(max)] ?? ""}</Text>
          </View>
        ) : null}
      </View>
    );
  }
  if (question.type === "free_text") {
    return (
      <View>
        <TextInput
          accessibilityLabel={question.prompt}
          multiline
          maxLength={question.max_length ?? 500}
          value={typeof value === "string" ? value : ""}
          onChangeText={(text) => onChange(text ? text : undefined)}
          style={{ minHeight: 96, borderWidth: 1.5, borderColor: t.lineStrong, borderRadius: 10, padding: 12, fontSize: 16, color: t.ink, backgroundColor: t.card, textAlignVertical: "top" }}
        />
        {question.suggestions?.length ? <Body muted style={{ marginTop: 6 }}>{`For example: ${question.suggestions.slice(0, 5).join(", ")}.`}</Body> : null}
      </View>
    );
  }
  const selected = Array.isArray(value) ? value : [];
  const limit = selectionLimit(question);
  return (
    <View>
      {options.map((o) => {
        const checked = selected.includes(o.id);
        const rank = question.type === "ranked_choice" && checked ? selected.indexOf(o.id) + 1 : null;
        return (
          <Choice
            key={o.id}
            kind="checkbox"
            label={rank ? `${o.label} (#${rank})` : o.label}
            checked={checked}
            onToggle={() => {
              if (!checked && selected.length >= limit && limit > 1) return;
              const next = toggleSelection(question, value, o.id);
              onChange(next.length ? next : undefined);
            }}
          />
        );
      })}
      {question.type === "ranked_choice" && selected.length > 1 ? (
        <View style={{ marginTop: 8, gap: 6 }}>
          <Body muted>Your order (first counts most)</Body>
          {selected.map((id, index) => {
            const label = options.find((o) => o.id === id)?.label ?? id;
            return (
              <View key={id} style={{ flexDirection: "row", alignItems: "center", gap: 8 }}>
                <Text style={{ flex: 1, color: t.ink, fontSize: 15 }}>{`${index + 1}. ${label}`}</Text>
                <Button kind="secondary" label="↑" accessibilityLabel={`Move ${label} up`} disabled={index === 0} onPress={() => onChange(moveRanked(selected, id, -1))} style={{ width: 48, paddingHorizontal: 0 }} />
                <Button kind="secondary" label="↓" accessibilityLabel={`Move ${label} down`} disabled={index === selected.length - 1} onPress={() => onChange(moveRanked(selected, id, 1))} style={{ width: 48, paddingHorizontal: 0 }} />
              </View>
            );
          })}
        </View>
      ) : null}
    </View>
  );
}

/** One visible question per step, with progress; each step is saved as the shopper goes
 * (so leaving and coming back resumes), follow-ups appear for what was chosen. */
export function Wizard({ form, initialAnswers, startAt, save, complete, onCompleted }: Props) {
  const t = useTheme();
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [currentId, setCurrentId] = useState(startAt);
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const question = form.questions.find((q) => q.id === currentId) ?? form.questions[0];
  const value = answers[question.id];
  const step = progress(form.questions, answers, question.id);
  const next = nextQuestionId(form.questions, answers, question.id);
  const previous = previousQuestionId(form.questions, answers, question.id);
  const hint = hintFor(question);

  const setValue = (v: AnswerValue | undefined) => {
    setError(null);
    setProblem(null);
    setAnswers((current) => {
      const updated = { ...current };
      if (v === undefined) delete updated[question.id];
      else updated[question.id] = v;
      return pruneHidden(form.questions, updated);
    });
  };

  const submit = async () => {
    const message = validateAnswer(question, value);
    if (message) {
      setError(message);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const saved = await save(stepChanges(question, value));
      const merged = saved.answers as Answers;
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
      setProblem(problemFrom(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View style={{ gap: 12 }}>
      <View style={{ gap: 6 }}>
        <Text style={{ color: t.inkSoft, fontWeight: "700", fontSize: 14 }}>{`Question ${step.step} of ${step.total}`}</Text>
        <View
          role="progressbar"
          accessibilityLabel={`${step.answered} of ${step.total} answered`}
          aria-valuemin={0}
          aria-valuemax={step.total}
          aria-valuenow={step.answered}
          style={{ height: 8, borderRadius: 4, backgroundColor: t.paperDeep, overflow: "hidden" }}
        >
          <View style={{ width: `${step.percent}%`, height: 8, backgroundColor: t.accent }} />
        </View>
      </View>
      <Heading level={2}>{question.required === false ? `${question.prompt} (optional)` : question.prompt}</Heading>
      {hint ? <Body muted>{hint}</Body> : null}
      <Inputs question={question} value={value} onChange={setValue} />
      {error ? (
        <Text role="alert" style={{ color: t.danger, fontWeight: "700", fontSize: 15 }}>
          {error}
        </Text>
      ) : null}
      {problem ? <ProblemView problem={problem} /> : null}
      <View style={{ flexDirection: "row", justifyContent: "space-between", gap: 10, marginTop: 4 }}>
        {previous ? (
          <Button kind="secondary" label="Back" onPress={() => { setError(null); setCurrentId(previous); }} disabled={busy} />
        ) : (
          <View />
        )}
        <Button
          label={busy ? "Saving…" : next ? (isAnswered(value) || question.required !== false ? "Next" : "Skip") : "Finish"}
          accessibilityLabel={next ? (isAnswered(value) || question.required !== false ? "Next" : "Skip") : "Finish"}
          onPress={() => void submit()}
          busy={busy}
          style={{ minWidth: 120 }}
        />
      </View>
      <Body muted style={{ fontSize: 14 }}>Your answers are saved at each step; you can come back any time.</Body>
    </View>
  );
}
