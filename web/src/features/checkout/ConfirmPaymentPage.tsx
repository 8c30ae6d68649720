import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { problemFrom, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { SignInPrompt } from "../../components/SignInPrompt";
import { useSession } from "../account/session";
import { checkoutOutcome, type Outcome } from "./checkout";
import { useConfirmPayment } from "./queries";

/** Back from the step-up sign-in: confirm the waiting payment, then show the order. */
export default function ConfirmPaymentPage() {
  const { orderId = "" } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { mutateAsync: confirm } = useConfirmPayment();

  useEffect(() => {
    if (!session.signedIn || !orderId) return;
    let cancelled = false;
    setProblem(null);
    (async () => {
      try {
        const order = await confirm({ params: { path: { order_id: orderId } } });
        if (cancelled) return;
        const result = checkoutOutcome(order);
        if (result.kind === "confirmed" || result.kind === "pending") navigate(`/orders/${order.id}?placed=1`, { replace: true });
        else setOutcome(result);
      } catch (error) {
        if (!cancelled) setProblem(problemFrom(error));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [session.signedIn, orderId, attempt, navigate, confirm]);

  if (session.status === "loading") return <Loading label="Loading…" />;
  return (
    <div className="page page--narrow">
      <PageHeading title="Confirming your payment">Confirming your payment</PageHeading>
      {!session.signedIn ? <SignInPrompt reason="Sign in again to confirm your payment." /> : null}
      {session.signedIn && !problem && !outcome ? <Loading label="Confirming with your bank…" /> : null}
      {outcome?.kind === "failed" ? (
        <div className="problem" role="alert">
          <p className="problem__title">Your order didn’t go through</p>
          <p className="problem__detail">{outcome.reason}</p>
          <Link to="/cart">Back to your cart</Link>
        </div>
      ) : null}
      {outcome?.kind === "step-up" || problem?.login_url ? (
        <div className="panel" role="status">
          <p>We still need your two-step sign-in to confirm this payment.</p>
          <a className="button" href={problem?.login_url ?? (outcome?.kind === "step-up" ? outcome.loginUrl : "/")}>
            Confirm with two-step sign-in
          </a>
        </div>
      ) : problem ? (
        <ProblemMessage problem={problem} onRetry={() => setAttempt((n) => n + 1)} />
      ) : null}
      <p>
        <Link to={`/orders/${orderId}`}>See the order</Link>
      </p>
    </div>
  );
}
