import { Stack, useLocalSearchParams } from "expo-router";
import { useState } from "react";
import { View } from "react-native";
import { problemFrom } from "../../api/problem";
import { useAuth } from "../../auth/AuthProvider";
import { Button, LinkButton } from "../../components/Button";
import { Screen, Panel } from "../../components/Screen";
import { SignInPrompt } from "../../components/SignInPrompt";
import { EmptyState, Loading, Notice, ProblemView } from "../../components/States";
import { Body, Heading } from "../../components/Text";
import { useAnswering, useCompleteResponse, useSaveAnswers } from "./queries";
import { questionnaireInfo } from "./questionnaires";
import { Wizard } from "./Wizard";
import { resumeAt, type Answers } from "./wizard";

/** The taste questionnaire: sign in, answer step by step (saved as you go, resumed
 * where you left off), then back to picks that follow the answers. */
export function QuestionnaireScreen() {
  const { key = "general" } = useLocalSearchParams<{ key: string }>();
  const info = questionnaireInfo(key);
  const auth = useAuth();
  const [restarts, setRestarts] = useState(0);
  const [completed, setCompleted] = useState(false);
  const signedIn = auth.status === "signed-in";
  const query = useAnswering(key, signedIn, restarts);
  const save = useSaveAnswers();
  const finish = useCompleteResponse();
  const data = query.data;

  if (!info) {
    return (
      <Screen>
        <EmptyState title="No such questionnaire">Try “Start here” from your account.</EmptyState>
      </Screen>
    );
  }
  const title = data?.form.title ?? info.title;
  return (
    <Screen label={title}>
      <Stack.Screen options={{ title: "Your taste" }} />
      <Heading level={1}>{title}</Heading>
      {data?.form.description ? <Body muted>{data.form.description}</Body> : null}

      {auth.status === "restoring" || query.isPending ? <Loading label="Loading questions…" /> : null}
      {query.isError ? <ProblemView problem={problemFrom(query.error)} onRetry={() => void query.refetch()} /> : null}
      {data && !signedIn && auth.status !== "restoring" ? (
        <SignInPrompt reason={`${data.form.questions.length} quick questions. Sign in so we can save your answers and curate for you.`} />
      ) : null}

      {completed ? (
        <Panel>
          <View role="status">
            <Heading level={2}>Thank you — that’s your taste noted.</Heading>
          </View>
          <Body>Your home screen now starts with picks chosen for you, each with the reason why.</Body>
          <View style={{ flexDirection: "row", gap: 10, marginTop: 12, flexWrap: "wrap" }}>
            <LinkButton label="See your picks" href="/" />
          </View>
        </Panel>
      ) : null}

      {data?.response && !completed ? (
        <View style={{ marginTop: 12 }}>
          {data.resumed ? (
            <Notice action={<Button kind="quiet" label="Start over" onPress={() => setRestarts((n) => n + 1)} style={{ alignSelf: "flex-start" }} />}>
              Welcome back — we kept your answers, so you can pick up where you left off.
            </Notice>
          ) : data.retake ? (
            <Notice action={<Button kind="quiet" label="Start blank" onPress={() => setRestarts((n) => n + 1)} style={{ alignSelf: "flex-start" }} />}>
              These are the answers you gave last time: change any you like, then finish.
            </Notice>
          ) : null}
          <Wizard
            key={data.response.id}
            form={data.form}
            initialAnswers={data.response.answers as Answers}
            startAt={(data.retake ? null : resumeAt(data.form.questions, data.response.answers as Answers)) ?? data.form.questions[0].id}
            save={(changes) => save.mutateAsync({ params: { path: { response_id: data.response!.id } }, body: { answers: changes } })}
            complete={() => finish.mutateAsync({ params: { path: { response_id: data.response!.id } } })}
            onCompleted={() => setCompleted(true)}
          />
        </View>
      ) : null}
    </Screen>
  );
}
