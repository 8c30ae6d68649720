import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { problemFrom, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { SignInPrompt } from "../../components/SignInPrompt";
import { CATEGORIES, CHANNELS, changes, isLocked, toggle, validPhone, type Preferences } from "./preferences";
import { usePreferences, useSavePreferences } from "./queries";
import { useSession } from "./session";

export default function PreferencesPage() {
  const session = useSession();
  return (
    <div className="page page--narrow">
      <PageHeading title="Notifications" eyebrow="Account">
        Notifications
      </PageHeading>
      {session.status === "loading" ? <Loading /> : null}
      {session.status === "error" && session.problem ? <ProblemMessage problem={session.problem} onRetry={session.refresh} /> : null}
      {session.status === "ready" && !session.signedIn ? <SignInPrompt reason="Sign in to choose how we reach you." /> : null}
      {session.signedIn ? <PreferencesForm /> : null}
      <p>
        <Link to="/account">Back to your account</Link>
      </p>
    </div>
  );
}

function PreferencesForm() {
  const query = usePreferences();
  const savePreferences = useSavePreferences();
  const [saved, setSaved] = useState<Preferences | null>(null);
  const [edited, setEdited] = useState<Preferences | null>(null);
  const [phone, setPhone] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // What the shop has (on load, and after each save) is what the form starts from.
  useEffect(() => {
    if (query.data) {
      setSaved(query.data);
      setEdited(query.data);
      setPhone(query.data.phone ?? "");
    }
  }, [query.data]);

  if (query.isPending) return <Loading label="Loading your preferences…" />;
  if (query.isError && !query.data) {
    const found = problemFrom(query.error);
    const problem =
      found.status === 404
        ? { ...found, title: "Almost ready", detail: "Your notification settings are being set up; try again in a moment." }
        : found;
    return <ProblemMessage problem={{ ...problem, status: problem.status === 404 ? 503 : problem.status }} onRetry={() => void query.refetch()} />;
  }
  if (!saved || !edited) return null;

  const phoneOk = validPhone(phone);
  const pending = changes(saved, edited, phone);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!pending || !phoneOk) return;
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      const answer = await savePreferences.mutateAsync({ body: pending });
      setSaved(answer);
      setEdited(answer);
      setPhone(answer.phone ?? "");
      setNotice("Saved.");
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form panel" onSubmit={save} noValidate>
      {CHANNELS.map((channel) => (
        <fieldset key={channel.id} className="preferences__channel">
          <legend>{channel.label}</legend>
          {CATEGORIES.map((category) => {
            const locked = isLocked(channel.id, category.id);
            return (
              <label key={category.id} className="check">
                <input
                  type="checkbox"
                  name={`${channel.id}-${category.id}`}
                  checked={locked || edited[channel.id][category.id]}
                  disabled={locked || busy}
                  onChange={(e) => setEdited(toggle(edited, channel.id, category.id, e.target.checked))}
                />
                <span className="check__label">
                  {category.label}
                  <span className="muted"> — {locked ? "always on: receipts and order updates always come by e-mail" : category.hint}</span>
                </span>
              </label>
            );
          })}
          {channel.id === "sms" ? (
            <div className="field">
              <label htmlFor="preferences-phone">Mobile number for text messages</label>
              <input
                id="preferences-phone"
                type="tel"
                autoComplete="tel"
                inputMode="tel"
                value={phone}
                maxLength={24}
                placeholder="+33 6 12 34 56 78"
                aria-invalid={!phoneOk}
                aria-describedby={phoneOk ? "preferences-phone-hint" : "preferences-phone-error"}
                onChange={(e) => setPhone(e.target.value)}
              />
              {phoneOk ? (
                <p id="preferences-phone-hint" className="field__hint">
                  With the country code. Leave empty to remove it.
                </p>
              ) : (
                <p id="preferences-phone-error" className="field-error">
                  Use the international format, starting with + and the country code.
                </p>
              )}
            </div>
          ) : null}
        </fieldset>
      ))}
      {problem ? <ProblemMessage problem={problem} compact /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy || !pending || !phoneOk} aria-busy={busy}>
        {busy ? "Saving…" : "Save preferences"}
      </button>
    </form>
  );
}
