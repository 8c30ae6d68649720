import { useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemMessage } from "../components/ProblemMessage";
import { SignInPrompt } from "../components/SignInPrompt";
import { Wizard } from "../components/Wizard";
import { questionnaireInfo } from "../lib/questionnaires";
import { useLoad } from "../lib/useLoad";
import { asForm, resumeAt, type Answers } from "../lib/wizard";
import { useSession } from "../session";
import { NotFoundPage } from "./NotFoundPage";

export default function QuestionnairePage() {
  const { key = "" } = useParams();
  const info = questionnaireInfo(key);
  const session = useSession();
  const [restarts, setRestarts] = useState(0);
  const [completed, setCompleted] = useState(false);
  const canStart = session.status === "ready" && session.signedIn;

  const [state, reload] = useLoad(`${key}|${canStart}|${restarts}`, async (signal) => {
    const form = asForm(unwrap(await api.GET("/api/questionnaires/{key}", { params: { path: { key } }, signal })));
    if (!canStart) return { form, response: null, resumed: false };
    const started = await api.POST("/api/questionnaires/{key}/responses", {
      params: { path: { key } },
      body: { restart: restarts > 0 },
      signal,
    });
    const response = unwrap(started);
    return { form, response, resumed: started.response.status === 200 && Object.keys(response.answers).length > 0 };
  });

  if (!info) return <NotFoundPage />;

  const title = state.status === "ready" ? state.data.form.title : info.title;
  return (
    <div className="page page--narrow page--wizard">
      <header className="page-intro">
        <PageHeading title={title} eyebrow="Your taste">
          {title}
        </PageHeading>
        {state.status === "ready" && state.data.form.description ? (
          <p className="page-intro__lede">{state.data.form.description}</p>
        ) : null}
      </header>

      {session.status === "loading" || state.status === "loading" ? <Loading label="Loading questions…" /> : null}
      {state.status === "error" ? <ProblemMessage problem={state.problem} onRetry={reload} /> : null}

      {state.status === "ready" && !canStart && session.status !== "loading" ? (
        <SignInPrompt
          reason={`${state.data.form.questions.length} quick questions. Sign in so we can save your answers and curate for you.`}
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

      {state.status === "ready" && state.data.response && !completed ? (
        <>
          {state.data.resumed ? (
            <div className="notice">
              <p>Welcome back — we kept your answers, so you can pick up where you left off.</p>
              <button type="button" className="link-button" onClick={() => setRestarts((n) => n + 1)}>
                Start over
              </button>
            </div>
          ) : null}
          <Wizard
            key={state.data.response.id}
            form={state.data.form}
            initialAnswers={state.data.response.answers as Answers}
            startAt={resumeAt(state.data.form.questions, state.data.response.answers as Answers) ?? state.data.form.questions[0].id}
            save={async (changes) =>
              unwrap(
                await api.PATCH("/api/responses/{response_id}/answers", {
                  params: { path: { response_id: state.data.response!.id } },
                  body: { answers: changes },
                }),
              )
            }
            complete={async () =>
              unwrap(
                await api.POST("/api/responses/{response_id}/complete", {
                  params: { path: { response_id: state.data.response!.id } },
                }),
              )
            }
            onCompleted={() => setCompleted(true)}
          />
        </>
      ) : null}
    </div>
  );
}
