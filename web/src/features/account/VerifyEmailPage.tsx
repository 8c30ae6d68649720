import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { problemFrom, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { loginHref } from "../../lib/signIn";
import { useVerifyEmail } from "./queries";
import { useSession } from "./session";

type State = { status: "verifying" } | { status: "verified"; email: string } | { status: "error"; problem: Problem };

export default function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const session = useSession();
  const { mutateAsync: verify } = useVerifyEmail();
  const [state, setState] = useState<State>(() =>
    token
      ? { status: "verifying" }
      : { status: "error", problem: { title: "This link is incomplete", detail: "Open the link from your e-mail again, in full." } },
  );
  const sent = useRef<string | null>(null);

  useEffect(() => {
    if (!token || sent.current === token) return;
    sent.current = token;
    verify({ body: { token } }).then(
      (result) => setState({ status: "verified", email: result.email }),
      (error: unknown) => setState({ status: "error", problem: problemFrom(error) }),
    );
  }, [token, verify]);

  return (
    <div className="page page--narrow">
      <PageHeading title="Confirm your e-mail">
        {state.status === "verified" ? "Your e-mail is confirmed" : state.status === "error" ? "We couldn’t confirm your e-mail" : "Confirming your e-mail…"}
      </PageHeading>
      {state.status === "verifying" ? <Loading label="Checking your link…" /> : null}
      {state.status === "verified" ? (
        <div className="panel panel--success" role="status">
          <p>
            Thanks — <strong>{state.email}</strong> is confirmed.
          </p>
          {session.signedIn ? (
            <p className="actions">
              <Link className="button" to="/taste/general">
                Take the taste quiz
              </Link>
            </p>
          ) : (
            <>
              <p>Sign in, then take the two-minute taste quiz so we can curate for you.</p>
              <p className="actions">
                <a className="button" href={loginHref("/taste/general")}>
                  Sign in
                </a>
              </p>
            </>
          )}
        </div>
      ) : null}
      {state.status === "error" ? (
        <>
          <ProblemMessage problem={state.problem} />
          <p>
            Links last two days. You can <Link to="/sign-up">sign up again</Link> to get a new one.
          </p>
        </>
      ) : null}
    </div>
  );
}
