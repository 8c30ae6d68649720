import { useEffect, useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { problemFrom, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { SignInPrompt } from "../../components/SignInPrompt";
import { useConfirmTotp, useStartTotp } from "./queries";
import { useSession } from "./session";

type Step =
  | { name: "intro" }
  | { name: "scan"; secret: string; uri: string; qr: string | null }
  | { name: "done"; codes: string[] };

/** The provisioning URI as an SVG QR code (data URL). `qrcode` loads with this page only. */
async function qrCodeFor(uri: string): Promise<string> {
  const QRCode = await import("qrcode");
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#2b1d16", light: "#ffffff" } });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export default function MfaPage() {
  const session = useSession();
  const startTotp = useStartTotp();
  const confirmTotp = useConfirmTotp();
  const id = useId();
  const [step, setStep] = useState<Step>({ name: "intro" });
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (step.name !== "scan" || step.qr) return;
    let live = true;
    qrCodeFor(step.uri).then(
      (qr) => live && setStep((s) => (s.name === "scan" ? { ...s, qr } : s)),
      () => live && setProblem({ title: "The QR code didn’t render", detail: "Type the key below into your app instead." }),
    );
    return () => {
      live = false;
    };
  }, [step]);

  async function begin() {
    setBusy(true);
    setProblem(null);
    try {
      const enrollment = await startTotp.mutateAsync({});
      setStep({ name: "scan", secret: enrollment.secret, uri: enrollment.provisioning_uri, qr: null });
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    const digits = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(digits)) {
      setCodeError("Enter the 6-digit code your app shows.");
      return;
    }
    setCodeError(null);
    setBusy(true);
    setProblem(null);
    try {
      const result = await confirmTotp.mutateAsync({ body: { code: digits } });
      setStep({ name: "done", codes: result.recovery_codes });
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  const enabled = session.customer?.mfa_enabled;
  return (
    <div className="page page--narrow">
      <PageHeading title="Two-step sign-in" eyebrow="Account security">
        Two-step sign-in
      </PageHeading>
      {session.status === "loading" ? <Loading /> : null}
      {session.status === "ready" && !session.signedIn ? <SignInPrompt reason="Sign in to set up two-step sign-in." /> : null}

      {session.signedIn && step.name === "intro" ? (
        <div className="panel">
          {enabled ? (
            <p>
              Two-step sign-in is <strong>on</strong>. When you sign in or pay, we’ll ask for a code from your authenticator app.
            </p>
          ) : (
            <>
              <p>
                Protect your account and speed through secure checkouts: after your password, we’ll ask for a 6-digit code
                from an authenticator app (such as 1Password, Google Authenticator or Aegis).
              </p>
              <button type="button" className="button" onClick={begin} disabled={busy} aria-busy={busy}>
                {busy ? "Starting…" : "Set up an authenticator app"}
              </button>
            </>
          )}
          <p>
            <Link to="/account">Back to your account</Link>
          </p>
        </div>
      ) : null}

      {step.name === "scan" ? (
        <div className="panel mfa">
          <ol className="steps">
            <li>
              <h2>Scan this code with your authenticator app</h2>
              <div className="mfa__qr">
                {step.qr ? (
                  <img src={step.qr} width={220} height={220} alt="QR code to add BookBrew to your authenticator app" />
                ) : (
                  <Loading label="Drawing the QR code…" />
                )}
              </div>
              <p className="muted">
                Can’t scan? Enter this key instead:{" "}
                <code className="mfa__secret" data-testid="totp-secret">
                  {step.secret}
                </code>
              </p>
            </li>
            <li>
              <h2>Enter the code it shows</h2>
              <form onSubmit={confirm} noValidate className="form">
                <div className="field">
                  <label htmlFor={`${id}-code`}>6-digit code</label>
                  <input
                    id={`${id}-code`}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    pattern="[0-9]*"
                    maxLength={7}
                    value={code}
                    onChange={(e) => setCode(e.target.value)}
                    aria-invalid={codeError ? true : undefined}
                    aria-describedby={codeError ? `${id}-code-error` : undefined}
                    className="input--code"
                  />
                  {codeError ? (
                    <p id={`${id}-code-error`} className="field-error">
                      {codeError}
                    </p>
                  ) : null}
                </div>
                <button type="submit" className="button" disabled={busy} aria-busy={busy}>
                  {busy ? "Checking…" : "Turn on two-step sign-in"}
                </button>
              </form>
            </li>
          </ol>
        </div>
      ) : null}

      {step.name === "done" ? (
        <div className="panel panel--success" role="status">
          <h2>Two-step sign-in is on</h2>
          <p>
            Keep these recovery codes somewhere safe. Each one works once if you lose your phone. <strong>We won’t show them again.</strong>
          </p>
          <ul className="recovery-codes" aria-label="Recovery codes">
            {step.codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/account">Back to your account</Link>
          </p>
        </div>
      ) : null}

      {problem ? <ProblemMessage problem={problem} /> : null}
    </div>
  );
}
