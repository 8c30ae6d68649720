import { View } from "react-native";
import { useAuth } from "../auth/AuthProvider";
import { useSignIn } from "../auth/useSignIn";
import { Button, LinkButton } from "./Button";
import { Panel } from "./Screen";
import { Notice, ProblemView } from "./States";
import { Body, Heading } from "./Text";

/** Sign in (the identity service's page in the system browser) or join. */
export function SignInPrompt({ reason, title = "Sign in" }: { reason: string; title?: string }) {
  const { signIn, ready, busy, problem } = useSignIn();
  const auth = useAuth();
  return (
    <Panel>
      <Heading level={2}>{title}</Heading>
      {auth.expired ? <Notice tone="warning">Your sign-in ran out; sign in again to carry on.</Notice> : null}
      <Body muted>{reason}</Body>
      <View style={{ flexDirection: "row", gap: 10, marginTop: 12, flexWrap: "wrap" }}>
        <Button label="Sign in" onPress={() => void signIn()} disabled={!ready} busy={busy} />
        <LinkButton label="Join" href="/sign-up" kind="secondary" accessibilityLabel="Join BookBrew" />
      </View>
      {problem ? <ProblemView problem={problem} /> : null}
    </Panel>
  );
}
