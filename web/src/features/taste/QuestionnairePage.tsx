import { useState } from "react";
import { Link, useParams } from "react-router";
import { problemFrom } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { NotFoundPage } from "../../components/NotFoundPage";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { SignInPrompt } from "../../components/SignInPrompt";
import { useSession } from "../account/session";
import { useCompleteResponse, useQuestionnaireResponse, useSaveAnswers } from "./queries";
import { questionnaireInfo } from "./questionnaires";
import { Wizard } from "./Wizard";
import { resumeAt, type Answers } from "./wizard";

export default function QuestionnairePage() {
  const { key = "" } = useParams();
  const info = questionnaireInfo(key);
  const session = useSession();
  const [restarts, setRestarts] = useState(0);
  const [completed, setCompleted] = useState(false);
  const canStart = session.status === "ready" && session.signedIn;

  // Once the session is known: signed in, the response is started (or resumed) at once.
  const query = useQuestionnaireResponse(key, canStart, restarts, Boolean(info) && session.status !== "loading");
  const saveAnswers = useSaveAnswers();
  const completeResponse = useCompleteResponse();

  if (!info) return <NotFoundPage />;

  const data = query.data;
  const title = data ? data.form.title : info.title;
  return (
    <div className="page page--narrow page--wizard">
      <header className="page-intro">
        <PageHeading title={title} eyebrow="Your taste">
          {title}
        </PageHeading>
        {data?.form.description ? <p className="page-intro__lede">{data.form.description}</p> : null}
      </header>

      {session.status === "loading" || query.isPending ? <Loading label="Loading questions…" /> : null}
      {query.isError ? <ProblemMessage problem={problemFrom(query.error)} onRetry={() => void query.refetch()} /> : null}

      {data && !canStart && session.status !== "loading" ? (
        <SignInPrompt
          reason={`${data.form.questions.length} quick questions. Sign in so we can save your answers and curate for you.`}
        />
      ) : null}

      {completed ? (
        <div className="panel panel--success" role="status">
          <h2>Thank you — that’s your taste noted.</h2>
          <p>Your home page now starts with picks chosen for you, each with the reason why.</p>
          <p className="actions">
            <Link className="button" to="/">
              See your picks
            </Link>
            <Link className="button button--secondary" to="/taste">
              Tell us more
            </Link>
          </p>
        </div>
      ) : null}

      {data?.response && !completed ? (
        <>
          {data.resumed ? (
            <div className="notice">
              <p>Welcome back — we kept your answers, so you can pick up where you left off.</p>
              <button type="button" className="link-button" onClick={() => setRestarts((n) => n + 1)}>
                Start over
              </button>
            </div>
          ) : data.retake ? (
            <div className="notice">
              <p>These are the answers you gave last time: change any you like, then finish.</p>
              <button type="button" className="link-button" onClick={() => setRestarts((n) => n + 1)}>
                Start blank
              </button>
            </div>
          ) : null}
          <Wizard
            key={data.response.id}
            form={data.form}
            initialAnswers={data.response.answers as Answers}
            startAt={(data.retake ? null : resumeAt(data.form.questions, data.response.answers as Answers)) ?? data.form.questions[0].id}
            save={(changes) =>
              saveAnswers.mutateAsync({
                params: { path: { response_id: data.response!.id } },
                body: { answers: changes },
              })
            }
            complete={() => completeResponse.mutateAsync({ params: { path: { response_id: data.response!.id } } })}
            onCompleted={() => setCompleted(true)}
          />
        </>
      ) : null}
    </div>
  );
}
